#!/usr/bin/env python3
"""A payconform candidate adapter in Python, standard library only.

It speaks payconform.candidate/v2 (docs/candidate-protocol.md): one JSON request per line on
stdin, one JSON answer per line on stdout, exit status 0 at the end of stdin. That serves both
modes: payconform writes one request and closes stdin (a process per case), or, since describe
says "session": true, keeps stdin open for the whole run. Copy it as the start of an adapter for
your own client library: replace the bodies of the four operations with calls into your
library, and keep the answer rules in answer().

    PAYCONFORM_CANDIDATE_DIR=candidates/examples/python make certify CANDIDATE='python3 candidate.py'
"""

import base64
import hashlib
import hmac
import json
import secrets
import sys
import urllib.error
import urllib.request

NAME, VERSION = "payconform-python-example", "1.0.0"
OPERATIONS = ["iyzico.sign", "iyzico.bin_check", "paynet.get_auth_key", "paywall.temptoken_sdk"]


def ok(output):
    return {"ok": True, "output": output}


def fail(code, message=""):
    return {"ok": False, "error": {"code": str(code), "message": message}}


def iyzico_authorization(api_key, secret_key, random_key, path, body):
    """IYZWSv2: lowercase hex HMAC-SHA256 over rnd + path (without its query) + body bytes."""
    uri_path = path.split("?", 1)[0]
    message = random_key.encode() + uri_path.encode() + body
    signature = hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()
    token = f"apiKey:{api_key}&randomKey:{random_key}&signature:{signature}"
    return "IYZWSv2 " + base64.b64encode(token.encode()).decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: the credentials go only to base_url, and a 3xx is the answer."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def post(url, body, headers):
    """POST body; returns (status, content type, raw body). Raises OSError when not reachable."""
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as err:  # 4xx and 5xx still carry the provider's answer
        return err.code, err.headers.get("Content-Type", ""), err.read()


def answer(status, content_type, raw, classify, part=None):
    """Turn an HTTP answer into the protocol's: ok:true with the provider's object when classify
    says success, ok:false with the provider's code otherwise, and ok:false for a 5xx, a
    Content-Type that is not JSON, or a body that is not a JSON object."""
    if status >= 500:
        return fail(f"HTTP_{status}", "the provider answered with a server error")
    if content_type.split(";")[0].strip().lower() != "application/json":
        return fail("UNEXPECTED_CONTENT_TYPE", f"Content-Type {content_type!r}")
    try:
        obj = json.loads(raw)
    except ValueError:
        return fail("MALFORMED_RESPONSE", "the answer is not JSON")
    if not isinstance(obj, dict):
        return fail("MALFORMED_RESPONSE", "the answer is not a JSON object")
    success, code, message = classify(obj)
    if not success:
        return fail(code, message)
    return ok(obj.get(part) if part else obj)


def iyzico_sign(creds, inp):
    authz = iyzico_authorization(creds["api_key"], creds["secret_key"], inp["random_key"], inp["path"], inp["body"].encode())
    return ok({"authorization": authz})


def iyzico_bin_check(base_url, creds, inp):
    path = "/payment/bin/check"
    body = json.dumps(inp).encode()  # as iyzipay-python writes it: ", " and ": ", \\uXXXX escapes
    random_key = secrets.token_hex(12)
    headers = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "Authorization": iyzico_authorization(creds["api_key"], creds["secret_key"], random_key, path, body),
        "x-iyzi-rnd": random_key,
    }
    status, ctype, raw = post(base_url + path, body, headers)
    return answer(status, ctype, raw, lambda o: (o.get("status") == "success", o.get("errorCode", ""), o.get("errorMessage", "")))


def paynet_get_auth_key(base_url, creds, inp):
    headers = {
        "Content-Type": "application/json",
        "Authorization": "Basic " + creds["secret_key"],  # the raw key, not base64(user:pass)
        "PaynetMobile": "2",
    }
    status, ctype, raw = post(base_url + "/v1/agent/get_auth_key", json.dumps(inp).encode(), headers)

    def classify(o):
        if "result_code" in o:  # Paynet's error object, on every status but 200
            return False, o["result_code"], o.get("message", "")
        return o.get("code") == 0, o.get("code", ""), o.get("message", "")

    return answer(status, ctype, raw, classify)


def paywall_temptoken_sdk(base_url, creds, inp):
    headers = {
        "Content-Type": "application/json",
        "apikeypublic": creds["api_key_public"],
        "apiclientpublic": creds["api_client_public"],
    }
    status, ctype, raw = post(base_url + "/api/paywall/temptoken/sdk", json.dumps(inp).encode(), headers)
    return answer(status, ctype, raw,
                  lambda o: (o.get("Result") is True and o.get("ErrorCode") == 0, o.get("ErrorCode", ""), o.get("Message") or ""),
                  part="Body")


def handle(req):
    op, creds, inp, base = req.get("operation"), req.get("credentials") or {}, req.get("input") or {}, req.get("base_url", "")
    if op == "describe":
        return ok({"name": NAME, "version": VERSION, "language": "python", "operations": OPERATIONS, "session": True})
    try:
        if op == "iyzico.sign":
            return iyzico_sign(creds, inp)
        if op == "iyzico.bin_check":
            return iyzico_bin_check(base, creds, inp)
        if op == "paynet.get_auth_key":
            return paynet_get_auth_key(base, creds, inp)
        if op == "paywall.temptoken_sdk":
            return paywall_temptoken_sdk(base, creds, inp)
    except OSError as err:
        return fail("TRANSPORT", str(err))
    return {"ok": False, "unsupported": True}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        answer = handle(req)
        if "id" in req:
            answer["id"] = req["id"]  # protocol v2: every answer echoes its request's id
        json.dump(answer, sys.stdout)
        sys.stdout.write("\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
