// Package iyzico is the wire side of iyzico's IYZWSv2 request signing and of
// POST /payment/bin/check: the signer, a verifier that names the likely defect, the wire types,
// redaction of the Authorization header, and the provider's descriptor. It imports nothing of the
// harness but the provider registry; the checks, the client, the vectors and the catalogue are
// in harness/iyzico/conform, the mock's routes in harness/iyzico/iyzicomock.
//
// Sources are cited beside each rule: the hmacsha256-auth page
// (https://docs.iyzico.com/en/getting-started/preliminaries/authentication/hmacsha256-auth) and
// the official SDKs' signers.
package iyzico

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

const (
	// Scheme is the Authorization scheme of HMAC-SHA256 signing.
	// https://docs.iyzico.com/en/getting-started/preliminaries/authentication/hmacsha256-auth:
	// "In between IYZWSv2 and base64EncodedAuthorization there is a single line space."
	Scheme = "IYZWSv2"
	// LegacyScheme is the SHA1 scheme, not supported after 2024-11-30
	// (https://docs.iyzico.com/on-hazirliklar/kimlik-dogrulama/sha1-kimlik-dogrulama).
	LegacyScheme = "IYZWS"
	// RndHeader is the optional header that the Node and Python SDKs still send; when present
	// it should carry the randomKey.
	RndHeader = "x-iyzi-rnd"
)

// URIPath is the part of a request target that IYZWSv2 signs: the path without the query string.
// iyzipay-python: url.split('?')[0]; the docs' sample page: from the path "until '?'".
func URIPath(target string) string {
	path, _, _ := strings.Cut(target, "?")
	return path
}

// Signature is lowercase_hex(HMAC-SHA256(key = secretKey, msg = rnd + uriPath + body)), over the
// exact body bytes. Callers pass the path already stripped of its query (URIPath).
func Signature(secretKey, randomKey, uriPath string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write([]byte(randomKey))
	mac.Write([]byte(uriPath))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// Text is the plain text that the Authorization header carries in base64, in the layout the
// page gives: "apiKey:" + apiKey + "&randomKey:" + randomKey + "&signature:" + signature.
func (t Token) Text() string {
	return "apiKey:" + t.APIKey + "&randomKey:" + t.RandomKey + "&signature:" + t.Signature
}

// reordered is the token with its fields in another order: what a client that builds it from a
// map, or in the order it reads them, sends.
func (t Token) reordered() string {
	return "randomKey:" + t.RandomKey + "&apiKey:" + t.APIKey + "&signature:" + t.Signature
}

// Authorization assembles the header value from its parts: "IYZWSv2 " + base64(token), standard
// alphabet with padding. This is the step the documented examples check, since iyzico does not
// publish their secret key.
func Authorization(apiKey, randomKey, signature string) string {
	return Scheme + " " + base64.StdEncoding.EncodeToString([]byte(Token{apiKey, randomKey, signature}.Text()))
}

// LegacyHash is the retired IYZWS value base64(SHA1(apiKey + rnd + secretKey + pki)), kept only to
// build legacy-scheme negatives and to reproduce the deleted iyzipay-java HashGeneratorTest.
func LegacyHash(apiKey, randomKey, secretKey, pki string) string {
	sum := sha1.Sum([]byte(apiKey + randomKey + secretKey + pki))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// NewRandomKey draws a fresh randomKey: 24 hex digits from crypto/rand. iyzico leaves the format
// open; the SDKs use a UUID (Java), uniqid() (PHP) or a timestamp plus digits (docs sample).
func NewRandomKey() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Credentials are one merchant's iyzico keys.
type Credentials struct {
	APIKey    string
	SecretKey string
}

// Signer builds IYZWSv2 headers. The zero Faults signs correctly; each fault reproduces one
// known client defect.
type Signer struct {
	Credentials
	Faults Fault
	// SendRnd adds the x-iyzi-rnd header, as the Node and Python SDKs do.
	SendRnd bool
}

// Signed is what a Signer adds to a request.
type Signed struct {
	Authorization string
	RandomKey     string
	// XIyziRnd is the x-iyzi-rnd value to send; empty means leave the header out.
	XIyziRnd string
}

// Sign signs a request to target (a path, with or without a query string) with body.
func (s Signer) Sign(randomKey, target string, body []byte) Signed {
	out := Signed{RandomKey: randomKey}
	if s.Faults.Has(LegacySHA1) {
		out.Authorization = LegacyScheme + " " + s.APIKey + ":" + LegacyHash(s.APIKey, randomKey, s.SecretKey, "")
		out.XIyziRnd = randomKey
		return out
	}

	sig := signatureWith(s.Faults, s.SecretKey, randomKey, target, body)
	enc := base64.StdEncoding
	switch {
	case s.Faults.Has(URLSafeBase64) && s.Faults.Has(UnpaddedBase64):
		enc = base64.RawURLEncoding
	case s.Faults.Has(URLSafeBase64):
		enc = base64.URLEncoding
	case s.Faults.Has(UnpaddedBase64):
		enc = base64.RawStdEncoding
	}
	scheme, sep := Scheme, " "
	switch {
	case s.Faults.Has(NoSpaceAfterScheme):
		sep = ""
	case s.Faults.Has(SchemeSpelled):
		scheme, sep = strings.ToLower(Scheme), "  "
	}
	text := Token{s.APIKey, randomKey, sig}.Text()
	if s.Faults.Has(TokenReordered) {
		text = Token{s.APIKey, randomKey, sig}.reordered()
	}
	out.Authorization = scheme + sep + enc.EncodeToString([]byte(text))

	switch {
	case s.Faults.Has(RndMismatch):
		out.XIyziRnd = randomKey + "0"
	case s.SendRnd:
		out.XIyziRnd = randomKey
	}
	return out
}

// signatureWith is the signature a client with the given faults computes. The verifier uses it
// too, to model a server with the same faults (a mock mutant).
func signatureWith(faults Fault, secretKey, randomKey, target string, body []byte) string {
	path := URIPath(target)
	switch {
	case faults.Has(PathNotSigned):
		path = ""
	case faults.Has(QueryStringSigned):
		path = target
	}
	if faults.Has(BodyReserialised) {
		body = Reserialise(body)
	}
	if faults.Has(NonASCIIEscaped) {
		body = EscapeNonASCII(body)
	}
	sig := Signature(secretKey, randomKey, path, body)
	if faults.Has(UppercaseHex) {
		sig = strings.ToUpper(sig)
	}
	return sig
}

// EscapeNonASCII writes every non-ASCII character of a JSON text as a \uXXXX escape (a
// surrogate pair outside the BMP), as Python's json.dumps and PHP's json_encode do by default.
// Only string contents carry non-ASCII in JSON, so the escaped text means the same.
func EscapeNonASCII(body []byte) []byte {
	var b strings.Builder
	for _, r := range string(body) {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r > 0xFFFF:
			hi, lo := utf16.EncodeRune(r)
			fmt.Fprintf(&b, "\\u%04x\\u%04x", hi, lo)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return []byte(b.String())
}

// UnescapeNonASCII is the reverse: \uXXXX escapes of non-ASCII characters written as raw UTF-8,
// by decoding and re-encoding each JSON string. A body that is not JSON comes back unchanged.
func UnescapeNonASCII(body []byte) []byte {
	var out bytes.Buffer
	dec := json.NewDecoder(bytes.NewReader(body))
	last := 0
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			break
		}
		s, ok := tok.(string)
		if !ok {
			continue
		}
		end := int(dec.InputOffset())
		raw := body[int(start):end]
		i := bytes.IndexByte(raw, '"')
		if i < 0 || !bytes.Contains(raw[i:], []byte(`\u`)) {
			continue
		}
		var enc bytes.Buffer
		e := json.NewEncoder(&enc)
		e.SetEscapeHTML(false)
		_ = e.Encode(s)
		out.Write(body[last : int(start)+i])
		out.Write(bytes.TrimSuffix(enc.Bytes(), []byte("\n")))
		last = end
	}
	if last == 0 {
		return body
	}
	out.Write(body[last:])
	return out.Bytes()
}

// Reserialise is what a client that signs a re-encoding of its body would sign: the body decoded
// and encoded again by encoding/json (compact, keys sorted). A body that is not JSON is returned
// compacted if possible, else unchanged.
func Reserialise(body []byte) []byte {
	var v any
	if err := json.Unmarshal(body, &v); err == nil {
		if out, err := json.Marshal(v); err == nil {
			return out
		}
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, body); err == nil {
		return buf.Bytes()
	}
	return body
}
