package conform

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/iyzico"
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
	// Signature edits the right HMAC: last-digit (one hex digit off), half (its first half).
	Signature string `json:"signature,omitempty"`
	// Query is added to the request target (and signed when QUERY_STRING_SIGNED is a fault).
	Query string `json:"query,omitempty"`
	// SpacedBody sends the body with spaces after ':' and ',', as Python's json.dumps writes it.
	SpacedBody bool `json:"spacedBody,omitempty"`
	// SignedBodyReplace signs the body with one string replaced by another: a body changed in
	// transit.
	SignedBodyReplace []string `json:"signedBodyReplace,omitempty"`
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
	b := Built{Target: path, Body: body, Omit: p.OmitAuthorization}
	if p.Query != "" {
		b.Target += "?" + p.Query
	}
	if p.SpacedBody {
		b.Body = []byte(strings.NewReplacer(`":`, `": `, `",`, `", `).Replace(string(body)))
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
	signed := b.Body
	if len(p.SignedBodyReplace) == 2 {
		signed = []byte(strings.Replace(string(b.Body), p.SignedBodyReplace[0], p.SignedBodyReplace[1], 1))
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
	case "last-digit":
		last := "0"
		if strings.HasSuffix(tok.Signature, "0") {
			last = "1"
		}
		tok.Signature = tok.Signature[:len(tok.Signature)-1] + last
	case "half":
		tok.Signature = tok.Signature[:len(tok.Signature)/2]
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
	sep := " "
	if faults.Has(iyzico.NoSpaceAfterScheme) {
		sep = ""
	}
	b.Authorization = iyzico.Scheme + sep + enc.EncodeToString([]byte(text))
	return b, nil
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
// target's keys, on a valid bin/check.
func (t VerifyTest) Send(ctx context.Context, c *Client) (*exchange.Exchange, error) {
	if t.Probe == nil {
		return nil, fmt.Errorf("send probe: vector #%d has none", t.ID)
	}
	k := ProbeKeys{Credentials: c.Signer.Credentials, WrongSecret: "payconform-wrong-secret", UnknownAPIKey: "sandbox-payconform-unknown-key",
		RandomKey: iyzico.NewRandomKey()}
	k.RandomKey = t.Probe.ChooseRandomKey(k, iyzico.BinCheckPath, ProbeBody, k.RandomKey)
	built, err := t.Probe.Build(k, iyzico.BinCheckPath, ProbeBody)
	if err != nil {
		return nil, err
	}
	opts := []RequestOption{WithAuthorization(built.Authorization)}
	if built.Omit {
		opts = []RequestOption{WithoutAuthorization()}
	}
	if t.Probe.Query != "" {
		opts = append(opts, WithQuery(t.Probe.Query))
	}
	return c.Post(ctx, iyzico.BinCheckPath, built.Body, opts...)
}
