package conform

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/iyzico"
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

// Construction says what an invalid header's signature was computed over, for openssl, and
// what was done to the HMAC after (Edit: last-digit, half).
type Construction struct {
	SecretKey string `json:"secretKey"`
	RandomKey string `json:"randomKey"`
	Path      string `json:"path"`
	Body      string `json:"body"`
	Edit      string `json:"edit,omitempty"`
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
	// Probe rebuilds an invalid request's defect with a target's keys; Meta.Requirement names
	// the server requirement that sends it.
	Probe *Probe `json:"probe,omitempty"`
}

// Verifier is a verifier that knows the vector's key pair, and only that one.
func (t VerifyTest) Verifier() iyzico.Verifier {
	return iyzico.Verifier{Secret: func(apiKey string) (string, bool) {
		return t.Input.SecretKey, apiKey == t.Input.APIKey
	}}
}

// Request is the verifier input the test describes.
func (t VerifyTest) Request() iyzico.Request {
	r := iyzico.Request{Target: t.Input.Path, Body: []byte(t.Input.Body)}
	if t.Input.Authorization != nil {
		r.Authorization = *t.Input.Authorization
	}
	if t.Input.XIyziRnd != nil {
		r.XIyziRnd = *t.Input.XIyziRnd
	}
	return r
}

// The embedded vector files, loaded on first use: after every package's defects have
// registered (the loader checks each flag against them), and in time for Ginkgo to build tables
// from them during tree construction.
var (
	HeaderVectors = load[HeaderTest](HeaderVectorsFile)
	SignVectors   = load[SignTest](SignVectorsFile)
	VerifyVectors = load[VerifyTest](VerifyVectorsFile)
)

func load[T vectorset.Test](name string) func() *vectorset.File[T] {
	return sync.OnceValue(func() *vectorset.File[T] { return vectorset.MustLoad[T](vectors.FS, name) })
}

// AcceptablePolicy settles "acceptable" verify vectors. RND_MISMATCH passes: x-iyzi-rnd is
// optional and not signed (docs/design.md, Contracts; the Node and Python SDKs send it equal to
// the randomKey), so a server accepts it and a checker warns. SCHEME_SPELLING passes: RFC 9110
// reads a scheme in any case, followed by one or more spaces, as the same scheme, and a checker
// warns, since iyzico's page shows IYZWSv2 and a single space.
var AcceptablePolicy = map[string]bool{"RND_MISMATCH": true, "SCHEME_SPELLING": true}

// warnedFaults are the faults an acceptable vector is accepted with, as warnings.
const warnedFaults = iyzico.RndMismatch | iyzico.SchemeSpelled

// SignFunc is a signer under test: the harness's own, or a candidate's.
type SignFunc func(apiKey, secretKey, randomKey, path string, body []byte) (authorization string, err error)

// HarnessSign is payconform's signer as a SignFunc.
func HarnessSign(apiKey, secretKey, randomKey, path string, body []byte) (string, error) {
	return iyzico.Signer{Credentials: iyzico.Credentials{APIKey: apiKey, SecretKey: secretKey}}.Sign(randomKey, path, body).Authorization, nil
}

// CheckSign runs a signing vector through sign and compares the header byte for byte, but for
// the scheme's spelling: RFC 9110 reads "iyzwsv2" and more than one space as the same
// credentials, so a header that differs only there is the same header (the certification warns
// on it where the client sends it, IYZ-CERT-14). On a mismatch it names the fault that
// reproduces the header it got, if one does.
func CheckSign(t SignTest, sign SignFunc) []verdict.Problem {
	in := t.Input
	body := in.BodyBytes()
	got, err := sign(in.APIKey, in.SecretKey, in.RandomKey, in.Path, body)
	if err != nil {
		return []verdict.Problem{{Expected: "an Authorization header", Got: "an error: " + err.Error(), Err: err}}
	}
	if iyzico.Canonical(got) == t.Expected.Authorization {
		return nil
	}
	// A signing vector's keys are public (documentation or SDK tests), and a signature is no
	// secret: both headers are shown whole, with the token they decode to, so the difference
	// can be read.
	p := verdict.Problem{Expected: showHeader(t.Expected.Authorization), Got: showHeader(got)}
	p.Defect = DefectOf(DiagnoseHeader(got, iyzico.Credentials{APIKey: in.APIKey, SecretKey: in.SecretKey}, in.RandomKey, in.Path, body))
	return []verdict.Problem{p}
}

// showHeader is an Authorization value and, when it decodes, its token text.
func showHeader(h string) string {
	out := fmt.Sprintf("Authorization %q", checks.Clip(h, 200))
	if tok, reason, _, _ := iyzico.ParseAuthorization(h); reason == iyzico.Accepted {
		out += " (token " + checks.Clip(tok.Text(), 200) + ")"
	}
	return out
}

// DiagnoseHeader finds the single client fault whose header equals got, or 0.
func DiagnoseHeader(got string, creds iyzico.Credentials, randomKey, target string, body []byte) iyzico.Fault {
	for _, f := range iyzico.AllFaults() {
		if (iyzico.Signer{Credentials: creds, Faults: f}).Sign(randomKey, target, body).Authorization == got {
			return f
		}
	}
	_, _, fault, _ := iyzico.ParseAuthorization(got)
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
		_, _, fault, _ := iyzico.ParseAuthorization(got)
		if fault == 0 && strings.EqualFold(got, t.Expected.Authorization) {
			fault = iyzico.UppercaseHex
		}
		p.Defect = DefectOf(fault)
		out = append(out, p)
	}
	tok, reason, _, _ := iyzico.ParseAuthorization(t.Expected.Authorization)
	if reason != iyzico.Accepted || tok != (iyzico.Token{APIKey: in.APIKey, RandomKey: in.RandomKey, Signature: in.Signature}) {
		out = append(out, verdict.Problem{
			Expected: fmt.Sprintf("the documented header to parse to %s", iyzico.Token{APIKey: in.APIKey, RandomKey: in.RandomKey, Signature: "…"}.Text()),
			Got:      fmt.Sprintf("reason %q, token %s", reason, iyzico.Token{APIKey: tok.APIKey, RandomKey: tok.RandomKey, Signature: "…"}.Text()),
		})
	}
	return out
}

// VerifyFunc is a verifier under test: Verifier.Verify, or a mutant of it.
type VerifyFunc func(iyzico.Request) iyzico.Result

// CheckVerify runs a verification vector through verify: valid vectors must be accepted without
// warnings, acceptable ones settled by AcceptablePolicy (accepted, with the flag as a warning),
// and invalid ones refused with the expected reason and, where the verifier can tell, the flag's
// defect as the likely cause.
func CheckVerify(t VerifyTest, verify VerifyFunc) []verdict.Problem {
	res := verify(t.Request())
	want, err := iyzico.ParseReason(t.Expected.Reason)
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
		if !res.Warnings.Has(flagged & warnedFaults) {
			out = append(out, verdict.Problem{Expected: "a warning " + (flagged & warnedFaults).String(), Got: "warnings " + res.Warnings.String()})
		}
	case vectorset.Valid:
		if res.Warnings != 0 {
			out = append(out, verdict.Problem{Expected: "no warning", Got: "warnings " + res.Warnings.String()})
		}
	}
	return out
}

// diagnosableFaults are the faults the verifier can name from a single request.
const diagnosableFaults = iyzico.PathNotSigned | iyzico.QueryStringSigned | iyzico.UppercaseHex | iyzico.URLSafeBase64 |
	iyzico.UnpaddedBase64 | iyzico.NoSpaceAfterScheme | iyzico.BodyReserialised | iyzico.LegacySHA1

func faultsOf(flags []string) iyzico.Fault {
	var f iyzico.Fault
	for _, flag := range flags {
		if one, err := iyzico.ParseFault(flag); err == nil {
			f |= one
		}
	}
	return f
}
