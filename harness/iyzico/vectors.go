package iyzico

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/payconform/payconform/harness/vectorset"
	"github.com/payconform/payconform/harness/verdict"
	"github.com/payconform/payconform/vectors"
)

// Vector file names under vectors/.
const (
	HeaderVectorsFile = "iyzico/iyzwsv2_header.json"
	SignVectorsFile   = "iyzico/iyzwsv2_sign.json"
	VerifyVectorsFile = "iyzico/iyzwsv2_verify.json"
)

// BodyRepeat is a large body written compactly: Unit repeated Count times.
type BodyRepeat struct {
	Unit  string `json:"unit"`
	Count int    `json:"count"`
}

// HeaderTest checks header assembly alone, for examples whose secret is unpublished.
type HeaderTest struct {
	vectorset.Meta
	Input struct {
		APIKey    string `json:"apiKey"`
		RandomKey string `json:"randomKey"`
		Signature string `json:"signature"`
	} `json:"input"`
	Expected struct {
		Authorization string `json:"authorization"`
	} `json:"expected"`
}

// SignInput is a request to sign with a known secret.
type SignInput struct {
	APIKey     string      `json:"apiKey"`
	SecretKey  string      `json:"secretKey"`
	RandomKey  string      `json:"randomKey"`
	Path       string      `json:"path"`
	Body       *string     `json:"body,omitempty"`
	BodyRepeat *BodyRepeat `json:"bodyRepeat,omitempty"`
}

// BodyBytes is the exact body the vector signs.
func (in SignInput) BodyBytes() []byte {
	if in.BodyRepeat != nil {
		return bytes.Repeat([]byte(in.BodyRepeat.Unit), in.BodyRepeat.Count)
	}
	if in.Body == nil {
		return nil
	}
	return []byte(*in.Body)
}

// SignTest is a signing known-answer test.
type SignTest struct {
	vectorset.Meta
	Input    SignInput `json:"input"`
	Expected struct {
		Signature     string `json:"signature"`
		Authorization string `json:"authorization"`
	} `json:"expected"`
}

// Construction says what an invalid header's signature was computed over, for openssl.
type Construction struct {
	SecretKey string `json:"secretKey"`
	RandomKey string `json:"randomKey"`
	Path      string `json:"path"`
	Body      string `json:"body"`
}

// VerifyTest is a request and the verifier's expected verdict on it.
type VerifyTest struct {
	vectorset.Meta
	Input struct {
		APIKey        string  `json:"apiKey"`
		SecretKey     string  `json:"secretKey"`
		Path          string  `json:"path"`
		Body          string  `json:"body"`
		Authorization *string `json:"authorization,omitempty"`
		XIyziRnd      *string `json:"xIyziRnd,omitempty"`
	} `json:"input"`
	Expected struct {
		Reason string `json:"reason"`
	} `json:"expected"`
	Construction *Construction `json:"construction,omitempty"`
}

// Verifier is a verifier that knows the vector's key pair, and only that one.
func (t VerifyTest) Verifier() Verifier {
	return Verifier{Secret: func(apiKey string) (string, bool) {
		return t.Input.SecretKey, apiKey == t.Input.APIKey
	}}
}

// Request is the verifier input the test describes.
func (t VerifyTest) Request() Request {
	r := Request{Target: t.Input.Path, Body: []byte(t.Input.Body)}
	if t.Input.Authorization != nil {
		r.Authorization = *t.Input.Authorization
	}
	if t.Input.XIyziRnd != nil {
		r.XIyziRnd = *t.Input.XIyziRnd
	}
	return r
}

// The embedded vector files, loaded at package initialisation so that Ginkgo tables can be built
// from them during tree construction.
var (
	HeaderVectors = load[HeaderTest](HeaderVectorsFile)
	SignVectors   = load[SignTest](SignVectorsFile)
	VerifyVectors = load[VerifyTest](VerifyVectorsFile)
)

// load reads an embedded vector file. It names the defect tables so that Go initialises them
// first: the loader checks every defect flag against the registered classes.
func load[T vectorset.Test](name string) *vectorset.File[T] {
	_, _, _, _ = faultDefects, ForeignScheme, IncompleteToken, UnknownKey
	return vectorset.MustLoad[T](vectors.FS, name)
}

// AcceptablePolicy settles "acceptable" verify vectors. RND_MISMATCH passes: x-iyzi-rnd is
// optional and not signed (DESIGN section 1), so a server accepts it and a checker warns.
var AcceptablePolicy = map[string]bool{"RND_MISMATCH": true}

// SignFunc is a signer under test: the harness's own, or a candidate's.
type SignFunc func(apiKey, secretKey, randomKey, path string, body []byte) (authorization string, err error)

// HarnessSign is payconform's signer as a SignFunc.
func HarnessSign(apiKey, secretKey, randomKey, path string, body []byte) (string, error) {
	return Signer{Credentials: Credentials{APIKey: apiKey, SecretKey: secretKey}}.Sign(randomKey, path, body).Authorization, nil
}

// CheckSign runs a signing vector through sign and compares the header byte for byte. On a
// mismatch it names the fault that reproduces the header it got, if one does.
func CheckSign(t SignTest, sign SignFunc) []verdict.Problem {
	in := t.Input
	body := in.BodyBytes()
	got, err := sign(in.APIKey, in.SecretKey, in.RandomKey, in.Path, body)
	if err != nil {
		return []verdict.Problem{{Expected: "an Authorization header", Got: "an error: " + err.Error(), Err: err}}
	}
	if got == t.Expected.Authorization {
		return nil
	}
	p := verdict.Problem{
		Expected: "Authorization " + RedactAuthorization(t.Expected.Authorization),
		Got:      "Authorization " + RedactAuthorization(got),
	}
	p.Defect = DiagnoseHeader(got, Credentials{in.APIKey, in.SecretKey}, in.RandomKey, in.Path, body).Defect()
	return []verdict.Problem{p}
}

// DiagnoseHeader finds the single client fault whose header equals got, or 0.
func DiagnoseHeader(got string, creds Credentials, randomKey, target string, body []byte) Fault {
	for _, f := range AllFaults() {
		if (Signer{Credentials: creds, Faults: f}).Sign(randomKey, target, body).Authorization == got {
			return f
		}
	}
	_, _, fault, _ := ParseAuthorization(got)
	return fault
}

// AssembleFunc builds a header from its parts: Authorization, or a mutant of it.
type AssembleFunc func(apiKey, randomKey, signature string) string

// CheckHeader checks header assembly against a documented header, and that parsing the
// documented header gives back its parts.
func CheckHeader(t HeaderTest, assemble AssembleFunc) []verdict.Problem {
	in := t.Input
	var out []verdict.Problem
	if got := assemble(in.APIKey, in.RandomKey, in.Signature); got != t.Expected.Authorization {
		// Documented headers carry no secret, and the difference is what the reader needs.
		p := verdict.Problem{Expected: t.Expected.Authorization, Got: got}
		_, _, fault, _ := ParseAuthorization(got)
		if fault == 0 && strings.EqualFold(got, t.Expected.Authorization) {
			fault = UppercaseHex
		}
		p.Defect = fault.Defect()
		out = append(out, p)
	}
	tok, reason, _, _ := ParseAuthorization(t.Expected.Authorization)
	if reason != Accepted || tok != (Token{in.APIKey, in.RandomKey, in.Signature}) {
		out = append(out, verdict.Problem{
			Expected: fmt.Sprintf("the documented header to parse to %s", Token{in.APIKey, in.RandomKey, "…"}.Text()),
			Got:      fmt.Sprintf("reason %q, token %s", reason, Token{tok.APIKey, tok.RandomKey, "…"}.Text()),
		})
	}
	return out
}

// VerifyFunc is a verifier under test: Verifier.Verify, or a mutant of it.
type VerifyFunc func(Request) Result

// CheckVerify runs a verification vector through verify: valid vectors must be accepted without
// warnings, acceptable ones settled by AcceptablePolicy (accepted, with the flag as a warning),
// and invalid ones refused with the expected reason and, where the verifier can tell, the flag's
// defect as the likely cause.
func CheckVerify(t VerifyTest, verify VerifyFunc) []verdict.Problem {
	res := verify(t.Request())
	want, err := ParseReason(t.Expected.Reason)
	if err != nil {
		return []verdict.Problem{{Expected: "a known reason in the vector", Got: err.Error(), Err: err}}
	}
	pass, err := vectorset.ShouldPass(t.Meta, AcceptablePolicy)
	if err != nil {
		return []verdict.Problem{{Expected: "a policy for the vector", Got: err.Error(), Err: err}}
	}
	var out []verdict.Problem
	switch {
	case pass && !res.OK():
		out = append(out, verdict.Problem{Expected: "accepted", Got: "refused: " + res.Err().Error(), Err: res.Err()})
	case !pass && res.OK():
		out = append(out, verdict.Problem{Expected: "refused (" + string(want) + ")", Got: "accepted"})
	case !pass && res.Reason != want:
		out = append(out, verdict.Problem{Expected: "refused (" + string(want) + ")", Got: "refused (" + string(res.Reason) + ")", Err: res.Err()})
	}
	if len(out) > 0 {
		return out
	}
	flagged := faultsOf(t.Flags)
	switch t.Result {
	case vectorset.Invalid:
		if diagnosable := flagged & diagnosableFaults; diagnosable != 0 && !diagnosable.Has(res.Defect) {
			out = append(out, verdict.Problem{Expected: "likely defect " + diagnosable.String(), Got: "likely defect " + res.Defect.String()})
		}
	case vectorset.Acceptable:
		if !res.Warnings.Has(flagged & RndMismatch) {
			out = append(out, verdict.Problem{Expected: "a warning " + (flagged & RndMismatch).String(), Got: "warnings " + res.Warnings.String()})
		}
	case vectorset.Valid:
		if res.Warnings != 0 {
			out = append(out, verdict.Problem{Expected: "no warning", Got: "warnings " + res.Warnings.String()})
		}
	}
	return out
}

// diagnosableFaults are the faults the verifier can name from a single request.
const diagnosableFaults = PathNotSigned | QueryStringSigned | UppercaseHex | URLSafeBase64 | UnpaddedBase64 | NoSpaceAfterScheme | BodyReserialised | LegacySHA1

func faultsOf(flags []string) Fault {
	var f Fault
	for _, flag := range flags {
		if one, err := ParseFault(flag); err == nil {
			f |= one
		}
	}
	return f
}

// RedactAuthorization shows an Authorization value with its scheme, apiKey and randomKey and
// the signature masked, so that a report can show which request it was without enabling a replay.
// Values it cannot parse keep their scheme and lose the rest.
func RedactAuthorization(h string) string {
	if h == "" {
		return "(none)"
	}
	tok, reason, _, _ := ParseAuthorization(h)
	if reason == Accepted || reason == MissingField {
		return Scheme + " [apiKey:" + tok.APIKey + "&randomKey:" + tok.RandomKey + "&signature:" + fingerprint(tok.Signature) + "]"
	}
	scheme, rest, _ := strings.Cut(h, " ")
	if len(scheme) > 16 {
		scheme = scheme[:len(Scheme)] + "…"
	}
	return scheme + " " + mask(rest)
}

// fingerprint shows the first six characters of a signature and its length: enough to tell two
// signatures apart, or to see upper-case hex, far too little to replay a request.
func fingerprint(sig string) string {
	if len(sig) <= 12 {
		return mask(sig)
	}
	return fmt.Sprintf("%s…<%d chars>", sig[:6], len(sig))
}

func mask(s string) string {
	if s == "" {
		return "(empty)"
	}
	return fmt.Sprintf("<masked, %d chars>", len(s))
}
