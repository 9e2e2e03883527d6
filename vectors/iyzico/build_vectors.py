#!/usr/bin/env python3
"""Builds vectors/iyzico/*.json.

Every HMAC and base64 value that payconform computed (source "computed") is computed here with
the openssl command line, not with payconform's Go code, so that the Go signer has something
independent to agree with. harness/iyzico/vectors_test.go recomputes them all with openssl again.
Values quoted from documentation or SDK tests are written as quoted, with their source.

Run from the repository root: python3 vectors/iyzico/build_vectors.py
Nothing in the build or the tests runs this script; it records how the files were made.
"""

import json
import subprocess

KAT_API_KEY = "payconform-kat-api-key"
KAT_SECRET = "payconform-kat-secret-key"
BIN_PATH = "/payment/bin/check"
BODY = '{"locale":"tr","conversationId":"kat-1","binNumber":"554960"}'


def openssl_hmac(secret: str, msg: bytes) -> str:
    out = subprocess.run(["openssl", "dgst", "-sha256", "-hmac", secret], input=msg,
                         capture_output=True, check=True).stdout.decode()
    return out.strip().split()[-1]


def openssl_b64(data: bytes) -> str:
    return subprocess.run(["openssl", "base64", "-A"], input=data, capture_output=True,
                          check=True).stdout.decode().strip()


def token(api_key: str, rnd: str, sig: str) -> bytes:
    return f"apiKey:{api_key}&randomKey:{rnd}&signature:{sig}".encode()


def header(api_key: str, rnd: str, sig: str) -> str:
    return "IYZWSv2 " + openssl_b64(token(api_key, rnd, sig))


def body_bytes(inp: dict) -> bytes:
    if "bodyRepeat" in inp:
        r = inp["bodyRepeat"]
        return (r["unit"] * r["count"]).encode()
    return inp.get("body", "").encode()


SOURCES = {
    "docs-hmacsha256": {
        "title": "iyzico docs, HMACSHA256 Auth (request header example and Postman pre-request sample)",
        "url": "https://docs.iyzico.com/en/getting-started/preliminaries/authentication/hmacsha256-auth",
    },
    "iyzipay-java": {
        "title": "iyzipay-java src/test/java/com/iyzipay/IyziAuthV2GeneratorTest.java",
        "url": "https://github.com/iyzico/iyzipay-java",
        "revision": "85a63a2",
    },
    "iyzipay-node": {
        "title": "iyzipay-node test/unit/UtilsTest.js",
        "url": "https://github.com/iyzico/iyzipay-node",
        "revision": "cb4d163",
    },
    "iyzipay-php": {
        "title": "iyzipay-php tests/Iyzipay/Tests/IyziAuthV2GeneratorTest.php",
        "url": "https://github.com/iyzico/iyzipay-php",
        "revision": "168839f",
    },
    "iyzipay-java-legacy": {
        "title": "iyzipay-java HashGeneratorTest (IYZWS SHA1), deleted in 27e9e53; read at 27e9e53^",
        "url": "https://github.com/iyzico/iyzipay-java",
        "revision": "27e9e53^",
    },
    "computed": {
        "title": "computed by payconform with the openssl command line (vectors/iyzico/build_vectors.py); "
                 "recomputed with openssl by harness/iyzico/vectors_test.go",
    },
}

NOTES = {
    "Documented": {"bugType": "BASIC", "description": "The value is quoted from iyzico's documentation."},
    "SdkVector": {"bugType": "BASIC", "description": "The value is quoted from an official iyzipay SDK's unit test."},
    "EdgeCase": {"bugType": "EDGE_CASE", "description": "An input at the edge of what clients send: empty, large, non-ASCII, escaped."},
    "QueryStripped": {"bugType": "EDGE_CASE", "description": "The request target has a query string, which IYZWSv2 leaves out of the signed path."},
    "XIyziRndSent": {"bugType": "BASIC", "description": "The request carries x-iyzi-rnd equal to the randomKey, as the Node and Python SDKs send it."},
    "PATH_NOT_SIGNED": {"bugType": "CANONICALIZATION", "description": "The signature covers rnd+body; the path is left out."},
    "QUERY_STRING_SIGNED": {"bugType": "CANONICALIZATION", "description": "The signature covers the path with its query string. iyzipay-java signs whatever path it is given, so a caller that passes one with a query gets this."},
    "BODY_RESERIALISED": {"bugType": "CANONICALIZATION", "description": "The signature covers a re-serialisation of the body, not the bytes sent. The server verifies the raw bytes."},
    "UPPERCASE_HEX": {"bugType": "ENCODING", "description": "The HMAC is written in upper-case hex."},
    "URLSAFE_BASE64": {"bugType": "ENCODING", "description": "The token is base64url-encoded (netinternet/iyzipay-go did this until ba16400). An ASCII token differs between the two alphabets only where '>', '?' or '~' is the third byte of a 3-byte group, so the defect usually hides until a key carries one."},
    "UNPADDED_BASE64": {"bugType": "ENCODING", "description": "The token's base64 padding is dropped."},
    "NO_SPACE_AFTER_SCHEME": {"bugType": "ENCODING", "description": "No space between IYZWSv2 and the token; the docs require exactly one."},
    "WRONG_SECRET": {"bugType": "WRONG_KEY", "description": "Signed with a secret key that is not the apiKey's."},
    "UNKNOWN_API_KEY": {"bugType": "WRONG_KEY", "description": "The apiKey is not known to the server."},
    "LEGACY_SCHEME": {"bugType": "LEGACY", "description": "The retired IYZWS (SHA1) scheme, not supported after 2024-11-30."},
    "MISSING_AUTHORIZATION": {"bugType": "MISSING_CREDENTIAL", "description": "No Authorization header at all."},
    "FOREIGN_SCHEME": {"bugType": "MISSING_CREDENTIAL", "description": "An Authorization header with another scheme."},
    "INCOMPLETE_TOKEN": {"bugType": "MISSING_CREDENTIAL", "description": "The decoded token lacks one of apiKey, randomKey, signature."},
    "RND_MISMATCH": {"bugType": "LEGACY", "description": "x-iyzi-rnd differs from the randomKey (JspBack/iyzipay-go sends a second random value). The header is optional and not signed, so the request is acceptable, with a warning."},
    "SIGNATURE_NEAR_MISS": {"bugType": "AUTH_BYPASS", "description": "The signature is the right HMAC but for its last hex digit: a server that compares only part of it accepts the request."},
    "SIGNATURE_TRUNCATED": {"bugType": "AUTH_BYPASS", "description": "The signature is the first half of the right HMAC: a server that compares a prefix accepts the request."},
    "BODY_TAMPERED": {"bugType": "AUTH_BYPASS", "description": "The signature covers another body than the one sent, as if the body had been changed in transit."},
    "KEY_NEAR_MISS": {"bugType": "AUTH_BYPASS", "description": "The apiKey, or the secret key the request was signed with, is the merchant's with its first, middle or last character replaced: the same length, so a server that compares lengths first, looks a key up by part of it, or skips a character lets it through."},
    "RANDOM_KEY_REPLAYED": {"bugType": "AUTH_BYPASS", "description": "A randomKey that has just verified, sent again with a signature under another secret: a server that trusts a randomKey it verified once lets it through. The probe sends the verified request first."},
    "SIGNATURE_REPLAYED": {"bugType": "AUTH_BYPASS", "description": "The randomKey and signature of a request that has just verified, sent again on another body: a server that caches verified pairs lets it through. The probe sends the verified request first."},
    "BODY_PADDED": {"bugType": "CANONICALIZATION", "description": "The signed body with bytes JSON ignores added (a trailing newline, leading spaces), not signed again: the bytes sent are not the bytes signed, however alike they parse."},
    "SCHEME_SPELLING": {"bugType": "ENCODING", "description": "The scheme in lower case, and two spaces before the token: RFC 9110 reads both as IYZWSv2 (section 11.1: a case-insensitive token; 11.4: one or more spaces), so the request is acceptable, with a warning, since iyzico's page shows IYZWSv2 and a single space."},
}


def replace_at(value, i):
    """harness/nearmiss ReplaceAt: the byte at i replaced by another of its kind."""
    c = value[i]
    if c.isdigit():
        c = str((int(c) + 1) % 10)
    elif "a" <= c <= "z":
        c = chr(ord("a") + (ord(c) - ord("a") + 1) % 26)
    elif "A" <= c <= "Z":
        c = chr(ord("A") + (ord(c) - ord("A") + 1) % 26)
    elif c == "x":
        c = "y"
    else:
        c = "x"
    return value[:i] + c + value[i + 1:]


def edit_digit(sig, i):
    """conform.EditDigit: the hex digit at i made wrong, a 0 into 1 and anything else into 0."""
    return sig[:i] + ("1" if sig[i] == "0" else "0") + sig[i + 1:]


POSITIONS = {"first": lambda s: 0, "middle": lambda s: len(s) // 2, "last": lambda s: len(s) - 1}


def sign_vectors():
    tests = []

    def add(comment, flags, source, inp, sig=None, authz=None):
        if sig is None:
            path = inp["path"].split("?")[0]
            sig = openssl_hmac(inp["secretKey"], inp["randomKey"].encode() + path.encode() + body_bytes(inp))
        if authz is None:
            authz = header(inp["apiKey"], inp["randomKey"], sig)
        tests.append({"id": len(tests) + 1, "comment": comment, "flags": flags, "source": source,
                      "input": inp, "expected": {"signature": sig, "authorization": authz},
                      "result": "valid"})

    add("Java SDK vector: Gson-escaped JSON string body", ["SdkVector"], "iyzipay-java",
        {"apiKey": "apiKey", "secretKey": "secretKey", "randomKey": "random", "path": "/v2/uri",
         "body": '"[data\\u003dvalue]"'},
        sig="a90ec1aecd68e37cc30942f85ce6b0d53435a4ca45e04769b46e3c35d81bf6fe")
    add("Java SDK vector sent to a path with a query string: the query is not signed", ["SdkVector", "QueryStripped"], "iyzipay-java",
        {"apiKey": "apiKey", "secretKey": "secretKey", "randomKey": "random", "path": "/v2/uri?test=true",
         "body": '"[data\\u003dvalue]"'},
        sig="a90ec1aecd68e37cc30942f85ce6b0d53435a4ca45e04769b46e3c35d81bf6fe")
    add("Node SDK vector, with its full header", ["SdkVector"], "iyzipay-node",
        {"apiKey": "api_key", "secretKey": "secret_key", "randomKey": "random_string", "path": "uri",
         "body": '"body"'},
        sig="017508921a29ee5601bcd1fbe83efd2e2be43af02eceff30cf2e91a539aab355",
        authz="IYZWSv2 YXBpS2V5OmFwaV9rZXkmcmFuZG9tS2V5OnJhbmRvbV9zdHJpbmcmc2lnbmF0dXJlOjAxNzUwODkyMWEyOWVlNTYwMWJjZDFmYmU4M2VmZDJlMmJlNDNhZjAyZWNlZmYzMGNmMmU5MWE1MzlhYWIzNTU=")
    add("PHP SDK vector: a request without a body", ["SdkVector"], "iyzipay-php",
        {"apiKey": "test", "secretKey": "test", "randomKey": "123456789", "path": "/v2/subscription/initialize",
         "body": ""},
        sig="bc44b2f4dfb8df74147b1f527ff636444c3b3d3a1ff97dcb3366bc293facf298")
    add("PHP SDK vector: trailing slash kept, query string dropped", ["SdkVector", "QueryStripped"], "iyzipay-php",
        {"apiKey": "test", "secretKey": "test", "randomKey": "123456789",
         "path": "/v2/subscription/customers/?page=1&count=10", "body": ""},
        sig="6f384099aae328f72daf9cdab105eb37fb29620251c47b4c583d748d9d0ab764")
    add("bin/check with the documented body, signed with payconform's KAT key", ["EdgeCase"], "computed",
        {"apiKey": KAT_API_KEY, "secretKey": KAT_SECRET, "randomKey": "123456789", "path": BIN_PATH,
         "body": '{"locale":"tr","binNumber":"535805","conversationId":"docsTest-v1"}'})
    add("empty body: the message is rnd+path", ["EdgeCase"], "computed",
        {"apiKey": KAT_API_KEY, "secretKey": KAT_SECRET, "randomKey": "1722246017090123456789", "path": BIN_PATH,
         "body": ""})
    add("UTF-8 body with Turkish letters, signed as raw UTF-8 bytes", ["EdgeCase"], "computed",
        {"apiKey": KAT_API_KEY, "secretKey": KAT_SECRET, "randomKey": "rnd-utf8",
         "path": BIN_PATH,
         "body": '{"locale":"tr","conversationId":"ığüşöç-İĞÜŞÖÇ","binNumber":"554960"}'})
    add("path with a query string that must be stripped before signing", ["EdgeCase", "QueryStripped"], "computed",
        {"apiKey": KAT_API_KEY, "secretKey": KAT_SECRET, "randomKey": "rnd-query",
         "path": BIN_PATH + "?locale=tr&trace=1", "body": BODY})
    add("64 KiB body", ["EdgeCase"], "computed",
        {"apiKey": KAT_API_KEY, "secretKey": KAT_SECRET, "randomKey": "rnd-64k", "path": BIN_PATH,
         "bodyRepeat": {"unit": "0123456789abcdef", "count": 4096}})
    add("body with JSON escapes that differ between languages (\\/ and \\u003c), signed as sent", ["EdgeCase"], "computed",
        {"apiKey": KAT_API_KEY, "secretKey": KAT_SECRET, "randomKey": "rnd-escapes", "path": BIN_PATH,
         "body": '{"locale":"tr","conversationId":"a\\/b\\u003cc\\u003e\\u0026d","binNumber":"554960"}'})
    add("randomKey with '~' and '?', so that URL-safe base64 would differ from standard base64", ["EdgeCase"], "computed",
        {"apiKey": KAT_API_KEY, "secretKey": KAT_SECRET, "randomKey": "rnd~~~?>~?>~~~", "path": BIN_PATH,
         "body": BODY})
    add("UUID randomKey, as iyzipay-java draws it", ["EdgeCase"], "computed",
        {"apiKey": KAT_API_KEY, "secretKey": KAT_SECRET, "randomKey": "0b1c6f7e-5a3d-4f2b-9c8e-1d2e3f4a5b6c",
         "path": BIN_PATH, "body": BODY})
    return tests


def header_vectors():
    tests = []

    def add(comment, flags, source, api_key, rnd, sig, authz=None):
        tests.append({"id": len(tests) + 1, "comment": comment, "flags": flags, "source": source,
                      "input": {"apiKey": api_key, "randomKey": rnd, "signature": sig},
                      "expected": {"authorization": authz or header(api_key, rnd, sig)},
                      "result": "valid"})

    add("documented bin/check header (secret unpublished: assembly only)", ["Documented"], "docs-hmacsha256",
        "sandbox-l9Md1Gj3IYcmu4NdaWxaSUoCoX7DC5RA", "123456789",
        "079df4b2426fc7f4208d8f22fbc0349794019f8ce2b0711de7808b4874f4e796",
        "IYZWSv2 YXBpS2V5OnNhbmRib3gtbDlNZDFHajNJWWNtdTROZGFXeGFTVW9Db1g3REM1UkEmcmFuZG9tS2V5OjEyMzQ1Njc4OSZzaWduYXR1cmU6MDc5ZGY0YjI0MjZmYzdmNDIwOGQ4ZjIyZmJjMDM0OTc5NDAxOWY4Y2UyYjA3MTFkZTc4MDhiNDg3NGY0ZTc5Ng==")
    add("second documented example, Postman sample randomKey (header computed from its parts)", ["Documented"], "docs-hmacsha256",
        "sandbox-3uHv0LccjcWDyFHTvJpiACKPcJwbczmZ", "1722246017090123456789",
        "91e491486d3aa951b4f387cc93d67fc754c4729af95344b694435f56447819e9")
    add("Node SDK full header", ["SdkVector"], "iyzipay-node", "api_key", "random_string",
        "017508921a29ee5601bcd1fbe83efd2e2be43af02eceff30cf2e91a539aab355",
        "IYZWSv2 YXBpS2V5OmFwaV9rZXkmcmFuZG9tS2V5OnJhbmRvbV9zdHJpbmcmc2lnbmF0dXJlOjAxNzUwODkyMWEyOWVlNTYwMWJjZDFmYmU4M2VmZDJlMmJlNDNhZjAyZWNlZmYzMGNmMmU5MWE1MzlhYWIzNTU=")
    return tests


def verify_vectors():
    """Requests the verifier must accept or refuse. Every invalid one also names, in
    "requirement", the server requirement that sends it to a target, and in "probe" how to
    rebuild its defect with any server's keys: harness/iyzico/conform rebuilds each probe with
    the vector's own keys and checks that it gives back the vector's header."""
    tests = []

    def add(comment, flags, source, inp, result, reason="", construction=None, requirement=None, probe=None):
        exp = {"reason": reason}
        t = {"id": len(tests) + 1, "comment": comment, "flags": flags, "source": source,
             "input": inp, "expected": exp, "result": result}
        if requirement:
            t["requirement"] = requirement
        if probe is not None:
            t["probe"] = probe
        if construction:
            t["construction"] = construction
        tests.append(t)

    def req(authz=None, rnd_hdr=None, path=BIN_PATH, body=BODY, api_key=KAT_API_KEY, secret=KAT_SECRET):
        inp = {"apiKey": api_key, "secretKey": secret, "path": path, "body": body}
        if authz is not None:
            inp["authorization"] = authz
        if rnd_hdr is not None:
            inp["xIyziRnd"] = rnd_hdr
        return inp

    def sig(rnd, path=BIN_PATH, body=BODY, secret=KAT_SECRET):
        return openssl_hmac(secret, rnd.encode() + path.encode() + body.encode())

    def cons(rnd, path=BIN_PATH, body=BODY, secret=KAT_SECRET, edit=None):
        c = {"secretKey": secret, "randomKey": rnd, "path": path, "body": body}
        if edit:
            c["edit"] = edit
        return c

    def near_miss(s):
        return edit_digit(s, len(s) - 1)

    r = "kat-rnd-0001"
    add("correctly signed bin/check", ["EdgeCase"], "computed",
        req(header(KAT_API_KEY, r, sig(r))), "valid", construction=cons(r))
    add("correctly signed, with x-iyzi-rnd equal to the randomKey", ["XIyziRndSent"], "computed",
        req(header(KAT_API_KEY, r, sig(r)), rnd_hdr=r), "valid", construction=cons(r))
    add("x-iyzi-rnd differs from the signed randomKey", ["RND_MISMATCH"], "computed",
        req(header(KAT_API_KEY, r, sig(r)), rnd_hdr="another-random-value"), "acceptable", construction=cons(r))
    add("path left out of the signed message", ["PATH_NOT_SIGNED"], "computed",
        req(header(KAT_API_KEY, r, sig(r, path=""))), "invalid", "signature mismatch", cons(r, path=""),
        "IYZ-AUTH-05", {"faults": ["PATH_NOT_SIGNED"]})
    add("signature in upper-case hex", ["UPPERCASE_HEX"], "computed",
        req(header(KAT_API_KEY, r, sig(r).upper())), "invalid", "signature mismatch", cons(r),
        "IYZ-AUTH-12", {"faults": ["UPPERCASE_HEX"]})

    # A randomKey whose standard base64 token contains '+' or '/', so that base64url differs. An
    # ASCII token only yields them where '>', '?' or '~' is the third byte of a 3-byte group, so
    # tokens of letters and digits hide this defect; the randomKey carries '~' to expose it.
    for n in range(1000):
        ur = "kat~" + "~" * (n % 3) + f"urlsafe{n}"
        std = openssl_b64(token(KAT_API_KEY, ur, sig(ur)))
        if "+" in std or "/" in std:
            break
    add("token in URL-safe base64 (- and _)", ["URLSAFE_BASE64"], "computed",
        req("IYZWSv2 " + std.replace("+", "-").replace("/", "_")), "invalid", "bad base64", cons(ur),
        "IYZ-AUTH-13", {"faults": ["URLSAFE_BASE64"]})
    for n in range(1000):
        pr = f"kat-pad-{n}"
        if len(token(KAT_API_KEY, pr, sig(pr))) % 3 != 0:
            break
    add("token with its base64 padding dropped", ["UNPADDED_BASE64"], "computed",
        req("IYZWSv2 " + openssl_b64(token(KAT_API_KEY, pr, sig(pr))).rstrip("=")), "invalid", "bad base64", cons(pr),
        "IYZ-AUTH-13", {"faults": ["UNPADDED_BASE64"]})
    add("no space after IYZWSv2", ["NO_SPACE_AFTER_SCHEME"], "computed",
        req(header(KAT_API_KEY, r, sig(r)).replace("IYZWSv2 ", "IYZWSv2", 1)), "invalid", "wrong scheme", cons(r),
        "IYZ-AUTH-02", {"faults": ["NO_SPACE_AFTER_SCHEME"]})
    spaced = '{"locale": "tr", "conversationId": "kat-1", "binNumber": "554960"}'
    compact_sorted = '{"binNumber":"554960","conversationId":"kat-1","locale":"tr"}'
    add("signature over a re-serialised body: sent with spaces, signed compact", ["BODY_RESERIALISED"], "computed",
        req(header(KAT_API_KEY, r, sig(r, body=compact_sorted)), body=spaced), "invalid", "signature mismatch",
        cons(r, body=compact_sorted), "IYZ-AUTH-07", {"faults": ["BODY_RESERIALISED"], "spacedBody": True})
    add("signed with the wrong secret key", ["WRONG_SECRET"], "computed",
        req(header(KAT_API_KEY, r, sig(r, secret="not-the-secret"))), "invalid", "signature mismatch",
        cons(r, secret="not-the-secret"), "IYZ-AUTH-04", {"wrongSecret": True})
    add("legacy IYZWS (SHA1) header from the deleted Java test", ["LEGACY_SCHEME"], "iyzipay-java-legacy",
        req("IYZWS apiKey:Cy84UuLZpfGhI7oaPD0Ckx1M0mo=", rnd_hdr="random"), "invalid", "legacy IYZWS scheme",
        requirement="IYZ-AUTH-06", probe={"faults": ["LEGACY_SCHEME"]})
    add("Java SDK signature over the path with its query string", ["QUERY_STRING_SIGNED", "SdkVector"], "iyzipay-java",
        req(header("apiKey", "random", "1c404f72827c254123433ebf13f577975d805b61033139f20f5f13cab7eabb61"),
            path="/v2/uri?test=true", body='"[data\\u003dvalue]"', api_key="apiKey", secret="secretKey"),
        "invalid", "signature mismatch",
        cons("random", path="/v2/uri?test=true", body='"[data\\u003dvalue]"', secret="secretKey"),
        "IYZ-AUTH-11", {"faults": ["QUERY_STRING_SIGNED"], "query": "test=true"})
    add("no Authorization header", ["MISSING_AUTHORIZATION"], "computed", req(), "invalid", "missing Authorization header",
        requirement="IYZ-AUTH-01", probe={"omitAuthorization": True})
    add("Bearer scheme", ["FOREIGN_SCHEME"], "computed", req("Bearer token-123"), "invalid", "wrong scheme",
        requirement="IYZ-AUTH-02", probe={"authorization": "Bearer token-123"})
    add("token without a signature field", ["INCOMPLETE_TOKEN"], "computed",
        req("IYZWSv2 " + openssl_b64(f"apiKey:{KAT_API_KEY}&randomKey:{r}".encode())), "invalid", "missing field",
        requirement="IYZ-AUTH-10", probe={"token": "no-signature"})
    add("apiKey unknown to the server", ["UNKNOWN_API_KEY"], "computed",
        req(header("sandbox-unknown-key", r, sig(r))), "invalid", "unknown apiKey", cons(r),
        "IYZ-AUTH-03", {"unknownApiKey": True})
    # Added for the server probes: what a server that compares loosely, or trusts a partial
    # token, would let through.
    add("signature right but for its last hex digit", ["SIGNATURE_NEAR_MISS"], "computed",
        req(header(KAT_API_KEY, r, near_miss(sig(r)))), "invalid", "signature mismatch", cons(r, edit="last-digit"),
        "IYZ-AUTH-04", {"signature": "last-digit"})
    add("signature cut to its first half", ["SIGNATURE_TRUNCATED"], "computed",
        req(header(KAT_API_KEY, r, sig(r)[:32])), "invalid", "signature mismatch", cons(r, edit="half"),
        "IYZ-AUTH-04", {"signature": "half"})
    add("token without a randomKey, signed as if the randomKey were empty", ["INCOMPLETE_TOKEN"], "computed",
        req("IYZWSv2 " + openssl_b64(f"apiKey:{KAT_API_KEY}&signature:{sig('')}".encode())), "invalid", "missing field", cons(""),
        "IYZ-AUTH-10", {"token": "no-random-key"})
    add("token with an empty randomKey", ["INCOMPLETE_TOKEN"], "computed",
        req(header(KAT_API_KEY, "", sig(""))), "invalid", "missing field", cons(""),
        "IYZ-AUTH-10", {"token": "empty-random-key"})
    add("token without an apiKey", ["INCOMPLETE_TOKEN"], "computed",
        req("IYZWSv2 " + openssl_b64(f"randomKey:{r}&signature:{sig(r)}".encode())), "invalid", "missing field", cons(r),
        "IYZ-AUTH-10", {"token": "no-api-key"})
    add("bin/check signed over its path and query string", ["QUERY_STRING_SIGNED"], "computed",
        req(header(KAT_API_KEY, r, sig(r, path=BIN_PATH + "?trace=1")), path=BIN_PATH + "?trace=1"), "invalid", "signature mismatch",
        cons(r, path=BIN_PATH + "?trace=1"), "IYZ-AUTH-11", {"faults": ["QUERY_STRING_SIGNED"], "query": "trace=1"})
    other = BODY.replace("554960", "542119")
    add("signature over another body than the one sent (tampered in transit)", ["BODY_TAMPERED"], "computed",
        req(header(KAT_API_KEY, r, sig(r, body=other))), "invalid", "signature mismatch", cons(r, body=other),
        "IYZ-AUTH-07", {"signedBodyReplace": ["554960", "542119"]})
    add("Basic scheme", ["FOREIGN_SCHEME"], "computed", req("Basic cGF5Y29uZm9ybTpub3Qtc2VjcmV0"), "invalid", "wrong scheme",
        requirement="IYZ-AUTH-02", probe={"authorization": "Basic cGF5Y29uZm9ybTpub3Qtc2VjcmV0"})
    # Same-length near misses of every credential: the apiKey and the secret key with their
    # first, middle or last character replaced, and the signature one hex digit off at its start
    # and middle (its end is #17).
    for pos, at in POSITIONS.items():
        key = replace_at(KAT_API_KEY, at(KAT_API_KEY))
        add(f"apiKey with its {pos} character replaced, same length", ["KEY_NEAR_MISS"], "computed",
            req(header(key, r, sig(r))), "invalid", "unknown apiKey", cons(r),
            "IYZ-AUTH-03", {"apiKey": f"key-{pos}-replaced"})
    for pos, at in POSITIONS.items():
        secret = replace_at(KAT_SECRET, at(KAT_SECRET))
        add(f"signed with the secret key's {pos} character replaced, same length", ["KEY_NEAR_MISS"], "computed",
            req(header(KAT_API_KEY, r, sig(r, secret=secret))), "invalid", "signature mismatch", cons(r, secret=secret),
            "IYZ-AUTH-04", {"secret": f"key-{pos}-replaced"})
    # Near misses of another length, and the secret in another case (the README promises them
    # for every credential; the apiKey keeps its case: iyzico does not say apiKeys are
    # case-sensitive).
    for kind, comment, edit in (("key-suffix", "with one character added", lambda v: v + "0"),
                                ("key-truncated", "cut short by its last character", lambda v: v[:-1]),
                                ("key-prefixed", "with one character put before it", lambda v: "0" + v)):
        key = edit(KAT_API_KEY)
        add(f"apiKey {comment}", ["KEY_NEAR_MISS"], "computed",
            req(header(key, r, sig(r))), "invalid", "unknown apiKey", cons(r),
            "IYZ-AUTH-03", {"apiKey": kind})
    for kind, comment, edit in (("key-other-case", "in another case", lambda v: v.swapcase()),
                                ("key-suffix", "with one character added", lambda v: v + "0"),
                                ("key-truncated", "cut short by its last character", lambda v: v[:-1])):
        secret = edit(KAT_SECRET)
        add(f"signed with the secret key {comment}", ["KEY_NEAR_MISS"], "computed",
            req(header(KAT_API_KEY, r, sig(r, secret=secret))), "invalid", "signature mismatch", cons(r, secret=secret),
            "IYZ-AUTH-04", {"secret": kind})
    for pos in ("first", "middle"):
        s0 = sig(r)
        add(f"signature right but for its {pos} hex digit", ["SIGNATURE_NEAR_MISS"], "computed",
            req(header(KAT_API_KEY, r, edit_digit(s0, POSITIONS[pos](s0)))), "invalid", "signature mismatch",
            cons(r, edit=f"{pos}-digit"), "IYZ-AUTH-04", {"signature": f"{pos}-digit"})
    # Probes with memory: each sends the request without its defect first, with the same
    # randomKey; offline, the second request is refused like any other.
    add("a randomKey that just verified, sent again signed with another secret", ["RANDOM_KEY_REPLAYED"], "computed",
        req(header(KAT_API_KEY, r, sig(r, secret="not-the-secret"))), "invalid", "signature mismatch",
        cons(r, secret="not-the-secret"), "IYZ-AUTH-04", {"wrongSecret": True, "primed": True})
    add("the randomKey and signature of a request that just verified, sent again on another body", ["SIGNATURE_REPLAYED"], "computed",
        req(header(KAT_API_KEY, r, sig(r, body=other))), "invalid", "signature mismatch", cons(r, body=other),
        "IYZ-AUTH-07", {"signedBodyReplace": ["554960", "542119"], "primed": True})
    add("the signed body sent with a trailing newline, not signed again", ["BODY_PADDED"], "computed",
        req(header(KAT_API_KEY, r, sig(r)), body=BODY + "\n"), "invalid", "signature mismatch", cons(r),
        "IYZ-AUTH-07", {"paddedBody": "trailing-newline"})
    add("the signed body sent after two spaces, not signed again", ["BODY_PADDED"], "computed",
        req(header(KAT_API_KEY, r, sig(r)), body="  " + BODY), "invalid", "signature mismatch", cons(r),
        "IYZ-AUTH-07", {"paddedBody": "leading-spaces"})
    # What a server that compares a prefix or a number, reads the token under any scheme, or
    # drops a byte order mark before verifying would let through (red team, 2026-12-02).
    s0 = sig(r)
    for edit, comment, bad in (("digit-appended", "the right signature with a 0 after it", s0 + "0"),
                               ("zero-prefixed", "the right signature with a 0 before it", "0" + s0),
                               ("0x-prefixed", "the right signature with 0x before it", "0x" + s0)):
        add(comment, ["SIGNATURE_NEAR_MISS"], "computed",
            req(header(KAT_API_KEY, r, bad)), "invalid", "signature mismatch", cons(r, edit=edit),
            "IYZ-AUTH-04", {"signature": edit})
    tbody = BODY.replace("kat-1", "kat-çğıöşü")
    add("signature right but for its last hex digit, on a body with Turkish letters", ["SIGNATURE_NEAR_MISS"], "computed",
        req(header(KAT_API_KEY, r, near_miss(sig(r, body=tbody))), body=tbody), "invalid", "signature mismatch",
        cons(r, body=tbody, edit="last-digit"), "IYZ-AUTH-04", {"signature": "last-digit", "turkishBody": True})
    add("the right token under the Bearer scheme", ["FOREIGN_SCHEME"], "computed",
        req("Bearer " + openssl_b64(token(KAT_API_KEY, r, sig(r)))), "invalid", "wrong scheme", cons(r),
        "IYZ-AUTH-02", {"scheme": "Bearer"})
    add("the signed body sent after a byte order mark, not signed again", ["BODY_PADDED"], "computed",
        req(header(KAT_API_KEY, r, sig(r)), body="\ufeff" + BODY), "invalid", "signature mismatch", cons(r),
        "IYZ-AUTH-07", {"paddedBody": "byte-order-mark"})
    add("scheme in lower case and two spaces before the token", ["SCHEME_SPELLING"], "computed",
        req(header(KAT_API_KEY, r, sig(r)).replace("IYZWSv2 ", "iyzwsv2  ", 1)), "acceptable", construction=cons(r))
    return tests


def write(name, algorithm, header_lines, tests, sources):
    used = {t["source"] for t in tests}
    flags = {f for t in tests for f in t["flags"]}
    doc = {
        "schema": "payconform.vectors/v1",
        "provider": "iyzico",
        "algorithm": algorithm,
        "version": "1",
        "header": header_lines,
        "sources": {k: v for k, v in sources.items() if k in used},
        "notes": {k: v for k, v in NOTES.items() if k in flags},
        "numberOfTests": len(tests),
        "testGroups": [{"type": algorithm, "tests": tests}],
    }
    with open(f"vectors/iyzico/{name}", "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")


write("iyzwsv2_header.json", "IyzicoHeaderAssembly",
      ["IYZWSv2 header assembly: 'IYZWSv2 ' + base64(apiKey:<k>&randomKey:<r>&signature:<s>).",
       "iyzico does not publish the secret behind its documented examples, so these check assembly only."],
      header_vectors(), SOURCES)
write("iyzwsv2_sign.json", "IyzicoSign",
      ["IYZWSv2 signing: signature = lowercase_hex(HMAC-SHA256(secretKey, randomKey + uriPath + body)).",
       "uriPath is the path without its query string; body is the exact bytes sent."],
      sign_vectors(), SOURCES)
write("iyzwsv2_verify.json", "IyzicoVerify",
      ["IYZWSv2 verification: the server's verdict on a request, with the reason for a refusal.",
       "Flags name the client defect each invalid request models; 'construction' says what was signed."],
      verify_vectors(), SOURCES)
