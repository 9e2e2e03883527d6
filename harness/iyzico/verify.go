package iyzico

import (
	"bytes"
	"crypto/hmac"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
)

// Reason is why the verifier refused a request. The zero Reason means it accepted it.
type Reason string

const (
	Accepted          Reason = ""
	MissingHeader     Reason = "missing Authorization header"
	WrongScheme       Reason = "wrong scheme"
	LegacySchemeUsed  Reason = "legacy IYZWS scheme"
	BadBase64         Reason = "bad base64"
	MissingField      Reason = "missing field"
	UnknownAPIKey     Reason = "unknown apiKey"
	SignatureMismatch Reason = "signature mismatch"
	TokenLayout       Reason = "token layout"
)

// Reasons lists every refusal reason, for vectors and docs.
var Reasons = []Reason{MissingHeader, WrongScheme, LegacySchemeUsed, BadBase64, MissingField, UnknownAPIKey, SignatureMismatch, TokenLayout}

// ParseReason reads a Reason from its text, as vectors write it.
func ParseReason(s string) (Reason, error) {
	if s == "" {
		return Accepted, nil
	}
	for _, r := range Reasons {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("parse reason %q: not an iyzico verifier reason", s)
}

// Result is the verifier's answer about one request.
type Result struct {
	Reason Reason
	// Defect is the likely client defect behind the refusal, when the verifier could tell.
	Defect Fault
	// Warnings are defects that do not make the request invalid (RndMismatch, SchemeSpelled).
	Warnings Fault
	// Detail says more in words, never with a secret in it.
	Detail    string
	APIKey    string
	RandomKey string
	// Signature is the signature the client sent, as sent.
	Signature string
}

// OK reports whether the request is authentic.
func (r Result) OK() bool { return r.Reason == Accepted }

// Err returns nil for an accepted request, else an *AuthError.
func (r Result) Err() error {
	if r.OK() {
		return nil
	}
	return &AuthError{Result: r}
}

// AuthError is a refused request as an error; match it with errors.As and read Reason.
type AuthError struct{ Result Result }

func (e *AuthError) Error() string {
	msg := "verify IYZWSv2: " + string(e.Result.Reason)
	if e.Result.Detail != "" {
		msg += ": " + e.Result.Detail
	}
	if c := e.Result.Defect.Class(); c != "" {
		msg += "; likely defect: " + e.Result.Defect.Words() + " [defect:" + c + "]"
	}
	return msg
}

// Request is what the verifier looks at.
type Request struct {
	// Authorization is the header value; empty means the header is missing.
	Authorization string
	// XIyziRnd is the x-iyzi-rnd header value; empty means it was not sent.
	XIyziRnd string
	// Target is the request target as received: the path, with the query string if any.
	Target string
	// Body is the exact body bytes as received.
	Body []byte
}

// Verifier checks IYZWSv2 headers against a key table.
type Verifier struct {
	// Secret returns the secret key of an apiKey.
	Secret func(apiKey string) (secretKey string, ok bool)
	// ServerFaults makes the verifier compute the expected signature the way a defective server
	// would (PathNotSigned: it verifies rnd+body). Only mock mutants set it.
	ServerFaults Fault
	// Leniency makes the verifier accept more than IYZWSv2 allows, the way a defective server
	// would. Only mock mutants set it.
	Leniency Leniency
}

// Leniency is a way a defective server accepts more than IYZWSv2 allows.
type Leniency uint8

const (
	// ComparePrefix compares only the first 32 hex digits of the signature.
	ComparePrefix Leniency = 1 << iota
	// CompareFold compares the signature without regard to case.
	CompareFold
	// DecodeLenient decodes URL-safe and unpadded base64 tokens too.
	DecodeLenient
	// FillMissing reads a missing apiKey or randomKey as empty instead of refusing the token.
	FillMissing
	// CompareStart accepts a signature that starts with the right one, whatever follows it.
	CompareStart
	// CompareNumber compares the signatures as hexadecimal numbers: a "0x" before it, leading
	// zeros and upper case pass.
	CompareNumber
	// AnyScheme reads the token after whatever scheme the header names.
	AnyScheme
)

// Token is a parsed IYZWSv2 token.
type Token struct {
	APIKey, RandomKey, Signature string
}

// ParseAuthorization decodes an IYZWSv2 header value without checking the signature. On failure
// it returns the refusal reason and, when it can tell, the likely defect.
func ParseAuthorization(h string) (Token, Reason, Fault, string) { return parseAuthorization(h, 0) }

func parseAuthorization(h string, lenient Leniency) (Token, Reason, Fault, string) {
	tok, reason, fault, detail, _ := parseHeader(h, lenient)
	return tok, reason, fault, detail
}

// parseHeader reads the header as RFC 9110 section 11.4 writes credentials: the scheme, a
// case-insensitive token (section 11.1), then one or more spaces and the token68. A scheme in
// another case or more than one space is read, and reported in spelled (SchemeSpelled), since
// iyzico's page shows "IYZWSv2" and a single space.
func parseHeader(h string, lenient Leniency) (tok Token, reason Reason, fault Fault, detail string, spelled Fault) {
	if h == "" {
		return Token{}, MissingHeader, 0, "", 0
	}
	scheme, rest, hasSpace := strings.Cut(h, " ")
	encoded := strings.TrimLeft(rest, " ")
	switch {
	case hasSpace && strings.EqualFold(scheme, Scheme) && encoded != "":
		if scheme != Scheme || encoded != rest {
			spelled = SchemeSpelled
		}
	case hasSpace && strings.EqualFold(scheme, LegacyScheme):
		return Token{}, LegacySchemeUsed, LegacySHA1, "the IYZWS (SHA1) scheme is retired", 0
	case !hasSpace && len(h) > len(Scheme) && strings.EqualFold(h[:len(Scheme)], Scheme):
		return Token{}, WrongScheme, NoSpaceAfterScheme, "no space between IYZWSv2 and the token", 0
	case hasSpace && lenient&AnyScheme != 0 && encoded != "":
	default:
		return Token{}, WrongScheme, 0, fmt.Sprintf("scheme %q, want %q", clip(scheme, 16), Scheme), 0
	}

	raw, err := base64.StdEncoding.Strict().DecodeString(encoded)
	if err != nil && lenient&DecodeLenient != 0 {
		raw, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(strings.NewReplacer("-", "+", "_", "/").Replace(encoded), "="))
	}
	if err != nil {
		return Token{}, BadBase64, base64Fault(encoded), "the token is not standard padded base64", spelled
	}
	tok, missing := splitToken(string(raw))
	if missing != "" && (lenient&FillMissing == 0 || tok.Signature == "") {
		return tok, MissingField, 0, "the token has no " + missing, spelled
	}
	if missing == "" && string(raw) != tok.Text() {
		return tok, TokenLayout, TokenReordered, "the token is not apiKey:…&randomKey:…&signature:…, in that order and nothing else", spelled
	}
	return tok, Accepted, 0, "", spelled
}

// Canonical writes an Authorization value whose scheme is IYZWSv2 in any case, followed by one
// or more spaces, as "IYZWSv2", one space and the token: the same credentials to a server that
// parses as RFC 9110 says. Any other value comes back unchanged.
func Canonical(h string) string {
	scheme, rest, ok := strings.Cut(h, " ")
	if token := strings.TrimLeft(rest, " "); ok && token != "" && strings.EqualFold(scheme, Scheme) {
		return Scheme + " " + token
	}
	return h
}

// base64Fault names what is wrong with a token that standard base64 refused.
func base64Fault(s string) Fault {
	var f Fault
	if strings.ContainsAny(s, "-_") {
		f |= URLSafeBase64
	}
	if !strings.HasSuffix(s, "=") && len(s)%4 != 0 {
		f |= UnpaddedBase64
	}
	decodes := func(enc *base64.Encoding) bool { _, err := enc.DecodeString(s); return err == nil }
	switch f {
	case URLSafeBase64 | UnpaddedBase64:
		if decodes(base64.RawURLEncoding) {
			return f
		}
	case URLSafeBase64:
		if decodes(base64.URLEncoding) {
			return f
		}
	case UnpaddedBase64:
		if decodes(base64.RawStdEncoding) {
			return f
		}
	}
	return 0
}

// splitToken reads apiKey:<k>&randomKey:<r>&signature:<s>, and names the first missing field.
func splitToken(s string) (Token, string) {
	var t Token
	var seen [3]bool
	for part := range strings.SplitSeq(s, "&") {
		name, value, _ := strings.Cut(part, ":")
		switch name {
		case "apiKey":
			t.APIKey, seen[0] = value, value != ""
		case "randomKey":
			t.RandomKey, seen[1] = value, value != ""
		case "signature":
			t.Signature, seen[2] = value, value != ""
		}
	}
	for i, name := range []string{"apiKey", "randomKey", "signature"} {
		if !seen[i] {
			return t, name
		}
	}
	return t, ""
}

// Verify checks a request's IYZWSv2 header against the key table and the raw body.
func (v Verifier) Verify(req Request) Result {
	tok, reason, fault, detail, spelled := parseHeader(req.Authorization, v.Leniency)
	res := Result{Reason: reason, Defect: fault, Detail: detail, APIKey: tok.APIKey, RandomKey: tok.RandomKey, Signature: tok.Signature, Warnings: spelled}
	if reason != Accepted {
		return res
	}
	secret, ok := v.Secret(tok.APIKey)
	if !ok {
		res.Reason, res.Detail = UnknownAPIKey, fmt.Sprintf("apiKey %q is not known to this server", clip(tok.APIKey, 64))
		return res
	}
	want := signatureWith(v.ServerFaults, secret, tok.RandomKey, req.Target, req.Body)
	if !v.matches(want, tok.Signature) {
		res.Reason = SignatureMismatch
		res.Defect = diagnose(secret, tok, req)
		res.Detail = "the signature does not match HMAC-SHA256(secretKey, randomKey + path + body)"
		return res
	}
	if req.XIyziRnd != "" && req.XIyziRnd != tok.RandomKey {
		res.Warnings |= RndMismatch
	}
	return res
}

// matches compares the signature sent with the one expected: byte for byte, in constant time,
// unless a mutant's leniency says otherwise.
func (v Verifier) matches(want, got string) bool {
	switch {
	case v.Leniency&ComparePrefix != 0 && len(got) >= 32 && len(want) >= 32:
		want, got = want[:32], got[:32]
	case v.Leniency&CompareFold != 0:
		want, got = strings.ToLower(want), strings.ToLower(got)
	case v.Leniency&CompareStart != 0 && strings.HasPrefix(got, want):
		return true
	case v.Leniency&CompareNumber != 0:
		w, okW := new(big.Int).SetString(want, 16)
		g, okG := new(big.Int).SetString(strings.TrimPrefix(strings.TrimPrefix(got, "0x"), "0X"), 16)
		return okW && okG && w.Cmp(g) == 0
	}
	return hmac.Equal([]byte(want), []byte(got))
}

// diagnose tries each known client defect and returns the first one that reproduces the
// signature the client sent. It runs only on a mismatch, so the extra HMACs cost nothing on the
// happy path.
func diagnose(secret string, tok Token, req Request) Fault {
	if lower := strings.ToLower(tok.Signature); lower != tok.Signature &&
		hmac.Equal([]byte(lower), []byte(Signature(secret, tok.RandomKey, URIPath(req.Target), req.Body))) {
		return UppercaseHex
	}
	sig := strings.ToLower(tok.Signature)
	try := func(path string, body []byte) bool {
		return hmac.Equal([]byte(sig), []byte(Signature(secret, tok.RandomKey, path, body)))
	}
	path := URIPath(req.Target)
	switch {
	case try("", req.Body):
		return PathNotSigned
	case path != req.Target && try(req.Target, req.Body):
		return QueryStringSigned
	case try(path, EscapeNonASCII(req.Body)), try(path, UnescapeNonASCII(req.Body)):
		return NonASCIIEscaped // before BodyReserialised: a re-encoding can also unescape
	case try(path, Reserialise(req.Body)):
		return BodyReserialised
	}
	var compact bytes.Buffer
	if json.Compact(&compact, req.Body) == nil && try(path, compact.Bytes()) {
		return BodyReserialised
	}
	return 0
}

// clip shortens untrusted text before it goes into a message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
