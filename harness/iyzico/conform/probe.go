package conform

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/nearmiss"
	"github.com/payconform/payconform/harness/target"
)

// Probe says how to rebuild an invalid verify vector's defect with any server's keys, so that
// the request the verifier refuses offline is also sent to a target, which must refuse it too.
type Probe struct {
	// Faults are client faults the signer applies (PATH_NOT_SIGNED, URLSAFE_BASE64, ...).
	Faults []string `json:"faults,omitempty"`
	// OmitAuthorization sends no Authorization header.
	OmitAuthorization bool `json:"omitAuthorization,omitempty"`
	// Authorization is a literal header value that carries no credential (Bearer token-123).
	Authorization string `json:"authorization,omitempty"`
	// WrongSecret signs with a secret that is not the apiKey's; UnknownAPIKey names an apiKey
	// the server does not know.
	WrongSecret   bool `json:"wrongSecret,omitempty"`
	UnknownAPIKey bool `json:"unknownApiKey,omitempty"`
	// Token leaves a field out of the token: no-signature, no-random-key, empty-random-key,
	// no-api-key.
	Token string `json:"token,omitempty"`
	// Signature edits the right HMAC: first-digit, middle-digit, last-digit (one hex digit off,
	// same length), half (its first half), digit-appended (a 0 after it), zero-prefixed (a 0
	// before it), 0x-prefixed ("0x" before it): what a server that compares a prefix, or
	// compares numbers, lets through.
	Signature string `json:"signature,omitempty"`
	// Scheme sends the right token under another scheme (Bearer): a server that reads the token
	// whatever the scheme lets it through.
	Scheme string `json:"scheme,omitempty"`
	// APIKey and Secret sign with a near miss of the target's apiKey or secret key
	// (harness/nearmiss: key-first-replaced, key-middle-replaced, key-last-replaced), the same
	// length as the real one, so that a server that compares lengths first, or skips a
	// character, is caught.
	APIKey string `json:"apiKey,omitempty"`
	Secret string `json:"secret,omitempty"`
	// Primed first sends the request without its defect, with the same randomKey, over the body
	// that was signed, and needs it granted: a server that trusts a randomKey, or a (randomKey,
	// signature) pair, it verified once lets the probe through.
	Primed bool `json:"primed,omitempty"`
	// PaddedBody sends the signed body with bytes JSON ignores added, not signed again:
	// trailing-newline, leading-spaces or byte-order-mark (UTF-8's, which RFC 8259 lets a
	// parser ignore).
	PaddedBody string `json:"paddedBody,omitempty"`
	// Query is added to the request target (and signed when QUERY_STRING_SIGNED is a fault).
	Query string `json:"query,omitempty"`
	// SpacedBody sends the body with spaces after ':' and ',', as Python's json.dumps writes it.
	SpacedBody bool `json:"spacedBody,omitempty"`
	// SignedBodyReplace signs the body with one string replaced by another: a body changed in
	// transit.
	SignedBodyReplace []string `json:"signedBodyReplace,omitempty"`
	// TurkishBody sends the probe's conversationId in Turkish letters: a server that skips the
	// check of a body that is not ASCII lets it through.
	TurkishBody bool `json:"turkishBody,omitempty"`
}

// ProbeKeys are what a probe is built with: the target's keys, a wrong secret and an unknown
// apiKey, and the randomKey to sign with.
type ProbeKeys struct {
	iyzico.Credentials
	WrongSecret   string
	UnknownAPIKey string
	RandomKey     string
}

// Built is a probe ready to send: the request target (path and query), the body, and the
// Authorization header ("" with Omit).
type Built struct {
	Target        string
	Body          []byte
	Authorization string
	Omit          bool
}

// Build rebuilds the probe's request for path and body with k.
func (p Probe) Build(k ProbeKeys, path string, body []byte) (Built, error) {
	faults, err := iyzico.ParseFault(strings.Join(p.Faults, ","))
	if err != nil {
		return Built{}, fmt.Errorf("build probe: %w", err)
	}
	if p.TurkishBody {
		body = bytes.ReplaceAll(body, []byte(`"payconform-probe"`), []byte(`"payconform-çğıöşü"`))
	}
	b := Built{Target: path, Body: body, Omit: p.OmitAuthorization}
	if p.Query != "" {
		b.Target += "?" + p.Query
	}
	if p.SpacedBody {
		b.Body = []byte(strings.NewReplacer(`":`, `": `, `",`, `", `).Replace(string(body)))
	}
	signed := b.Body
	switch p.PaddedBody {
	case "":
	case "trailing-newline":
		b.Body = append(slices.Clone(b.Body), '\n')
	case "leading-spaces":
		b.Body = append([]byte("  "), b.Body...)
	case "byte-order-mark":
		b.Body = append([]byte("\xef\xbb\xbf"), b.Body...)
	default:
		return Built{}, fmt.Errorf("build probe: unknown paddedBody %q", p.PaddedBody)
	}
	switch {
	case p.OmitAuthorization:
		return b, nil
	case p.Authorization != "":
		b.Authorization = p.Authorization
		return b, nil
	}
	creds := k.Credentials
	if p.WrongSecret {
		creds.SecretKey = k.WrongSecret
	}
	if p.UnknownAPIKey {
		creds.APIKey = k.UnknownAPIKey
	}
	for _, near := range []struct {
		kind  string
		value *string
	}{{p.APIKey, &creds.APIKey}, {p.Secret, &creds.SecretKey}} {
		if near.kind == "" {
			continue
		}
		v, ok := nearmiss.Of(near.kind, *near.value)
		if !ok {
			// A credential too short for this near miss (a one-character test key cut short):
			// the probe cannot be made, which is no harness error.
			return Built{}, &target.NotApplicableError{Reason: fmt.Sprintf("the target's credential has no %s form", near.kind)}
		}
		*near.value = v
	}
	if len(p.SignedBodyReplace) == 2 {
		signed = []byte(strings.Replace(string(signed), p.SignedBodyReplace[0], p.SignedBodyReplace[1], 1))
	}
	rnd := k.RandomKey
	if p.Token == "no-random-key" || p.Token == "empty-random-key" {
		rnd = ""
	}
	signer := iyzico.Signer{Credentials: creds, Faults: faults &^ (iyzico.URLSafeBase64 | iyzico.UnpaddedBase64 | iyzico.NoSpaceAfterScheme)}
	sigTarget := b.Target
	if !faults.Has(iyzico.QueryStringSigned) {
		sigTarget = path
	}
	if faults.Has(iyzico.LegacySHA1) {
		b.Authorization = signer.Sign(rnd, sigTarget, signed).Authorization
		return b, nil
	}
	tok, _, _, _ := iyzico.ParseAuthorization(signer.Sign(rnd, sigTarget, signed).Authorization)
	switch p.Signature {
	case "":
	case "first-digit":
		tok.Signature = EditDigit(tok.Signature, 0)
	case "middle-digit":
		tok.Signature = EditDigit(tok.Signature, len(tok.Signature)/2)
	case "last-digit":
		tok.Signature = EditDigit(tok.Signature, len(tok.Signature)-1)
	case "half":
		tok.Signature = tok.Signature[:len(tok.Signature)/2]
	case "digit-appended":
		tok.Signature += "0"
	case "zero-prefixed":
		tok.Signature = "0" + tok.Signature
	case "0x-prefixed":
		tok.Signature = "0x" + tok.Signature
	default:
		return Built{}, fmt.Errorf("build probe: unknown signature edit %q", p.Signature)
	}
	var text string
	switch p.Token {
	case "no-signature":
		text = "apiKey:" + tok.APIKey + "&randomKey:" + tok.RandomKey
	case "no-random-key":
		text = "apiKey:" + tok.APIKey + "&signature:" + tok.Signature
	case "no-api-key":
		text = "randomKey:" + tok.RandomKey + "&signature:" + tok.Signature
	default: // empty-random-key keeps the field, empty
		text = tok.Text()
	}
	enc := base64.StdEncoding
	switch {
	case faults.Has(iyzico.URLSafeBase64) && faults.Has(iyzico.UnpaddedBase64):
		enc = base64.RawURLEncoding
	case faults.Has(iyzico.URLSafeBase64):
		enc = base64.URLEncoding
	case faults.Has(iyzico.UnpaddedBase64):
		enc = base64.RawStdEncoding
	}
	if enc != base64.StdEncoding && enc.EncodeToString([]byte(text)) == base64.StdEncoding.EncodeToString([]byte(text)) &&
		k.RandomKey != "" && !strings.HasSuffix(k.RandomKey, strings.Repeat("~", 6)) {
		// With these keys the token has no '+', '/' or padding, so its URL-safe or unpadded
		// form is the standard one, which a correct server grants (red team, 2026-12-02: a
		// false IYZ-AUTH-13 warning with some apiKey lengths). A '~' as the third byte of a
		// group writes '+', and each one shifts the length: three of them always tell apart.
		k.RandomKey += "~"
		return p.Build(k, path, body)
	}
	scheme, sep := iyzico.Scheme, " "
	if faults.Has(iyzico.NoSpaceAfterScheme) {
		sep = ""
	}
	if p.Scheme != "" {
		scheme = p.Scheme
	}
	b.Authorization = scheme + sep + enc.EncodeToString([]byte(text))
	return b, nil
}

// EditDigit makes a signature one hex digit off at i: a 0 there becomes 1, anything else 0.
// vectors/iyzico/build_vectors.py and the openssl recomputation apply the same rule.
func EditDigit(sig string, i int) string {
	if i < 0 || i >= len(sig) {
		return sig
	}
	d := "0"
	if sig[i] == '0' {
		d = "1"
	}
	return sig[:i] + d + sig[i+1:]
}

// Prime is the request a primed probe sends first: the probe without its defect, with the same
// randomKey, correctly signed over the body the probe signed, and sent with that body.
func (p Probe) Prime(k ProbeKeys, path string, body []byte) (Built, error) {
	if len(p.SignedBodyReplace) == 2 {
		body = []byte(strings.Replace(string(body), p.SignedBodyReplace[0], p.SignedBodyReplace[1], 1))
	}
	return Probe{Query: p.Query}.Build(k, path, body)
}

// Telling reports whether the probe, built with k, differs from a correct request: a URL-safe
// token is only different where the standard one holds '+' or '/', an unpadded one only where
// the standard one is padded. ChooseRandomKey looks for a randomKey that makes it differ.
func (p Probe) Telling(k ProbeKeys, path string, body []byte) bool {
	built, err := p.Build(k, path, body)
	if err != nil {
		return false
	}
	correct, _ := Probe{Query: p.Query}.Build(k, path, body)
	return built.Authorization != correct.Authorization || built.Omit
}

// ChooseRandomKey returns a randomKey, starting from base, with which the probe differs from a
// correct request.
func (p Probe) ChooseRandomKey(k ProbeKeys, path string, body []byte, base string) string {
	for i := range 1000 {
		k.RandomKey = base + strings.Repeat("~", i%3) + fmt.Sprintf("%d", i)
		if p.Telling(k, path, body) {
			return k.RandomKey
		}
	}
	return base
}

// ProbeBody is what every server probe sends: a valid bin/check for the documented BIN, so that
// a server that lets the probe through answers with a success, not an input refusal.
var ProbeBody = []byte(`{"locale":"tr","conversationId":"payconform-probe","binNumber":"554960"}`)

// Send sends the vector's probe to a target through c: the vector's defect rebuilt with the
// target's keys, on a valid bin/check. A primed probe first sends its priming request and
// needs it granted; when the target refuses it, the probe is not judged (a
// *target.NotApplicableError that says what came back).
//
// A retry is a new request (IYZ-CERT-05 asks the same of clients): a probe that has to be
// retried is built again with a fresh randomKey, and so is a priming request, whose randomKey
// the probe then reuses. A primed probe alone goes again unchanged, since reusing the randomKey
// is its point.
func (t VerifyTest) Send(ctx context.Context, c *Client) (*exchange.Exchange, error) {
	p := t.Probe
	if p == nil {
		return nil, fmt.Errorf("send probe: vector #%d has none", t.ID)
	}
	k := ProbeKeys{Credentials: c.Signer.Credentials, WrongSecret: "payconform-wrong-secret", UnknownAPIKey: "sandbox-payconform-unknown-key"}
	choose := func() string { return p.ChooseRandomKey(k, iyzico.BinCheckPath, ProbeBody, iyzico.NewRandomKey()) }
	k.RandomKey = choose()
	if p.Primed {
		primeKeys := k
		prime, err := p.Prime(primeKeys, iyzico.BinCheckPath, ProbeBody)
		if err != nil {
			return nil, err
		}
		renew := func(h http.Header) string {
			primeKeys.RandomKey = iyzico.NewRandomKey()
			again, _ := p.Prime(primeKeys, iyzico.BinCheckPath, ProbeBody)
			h.Set("Authorization", again.Authorization)
			return "re-signed with a fresh randomKey"
		}
		ex, err := c.Post(ctx, iyzico.BinCheckPath, prime.Body, p.options(prime, renew)...)
		if err != nil {
			return ex, err
		}
		if _, problems := Answered(ex); problems != nil {
			return nil, &target.NotApplicableError{Reason: fmt.Sprintf("not judged: this probe needs the same request without its defect granted first, and the target answered %s; IYZ-CONTRACT-01 judges that", problems[0].Got)}
		}
		if tok, reason, _, _ := iyzico.ParseAuthorization(ex.RequestHeader.Get("Authorization")); reason == iyzico.Accepted {
			k.RandomKey = tok.RandomKey // the priming request's, retried or not
		}
	}
	built, err := p.Build(k, iyzico.BinCheckPath, ProbeBody)
	if err != nil {
		return nil, err
	}
	var renew exchange.Renew
	if !p.Primed && !built.Omit {
		renew = func(h http.Header) string {
			k.RandomKey = choose()
			again, _ := p.Build(k, iyzico.BinCheckPath, ProbeBody)
			h.Set("Authorization", again.Authorization)
			return "rebuilt with a fresh randomKey"
		}
	}
	return c.Post(ctx, iyzico.BinCheckPath, built.Body, p.options(built, renew)...)
}

// options are the request options that send a built probe.
func (p Probe) options(b Built, renew exchange.Renew) []RequestOption {
	opts := []RequestOption{WithAuthorization(b.Authorization), WithRenew(renew)}
	if b.Omit {
		opts = []RequestOption{WithoutAuthorization()}
	}
	if p.Query != "" {
		opts = append(opts, WithQuery(p.Query))
	}
	return opts
}
