package toyprovider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/contract"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/refadapter"
	"github.com/payconform/payconform/harness/target"
	"github.com/payconform/payconform/harness/vectorset"
	"github.com/payconform/payconform/harness/verdict"
)

const src = "internal/toyprovider/toy.openapi.yaml (payconform's own design)"

// Requirements is the toy's catalogue, registered in init: after every package-level variable of
// the package, the descriptor (toy.go) among them, whose prefix the IDs use.
var Requirements []verdict.Requirement

func init() {
	Requirements = verdict.Register(
		verdict.Requirement{ID: "TOY-KAT-01", Level: verdict.MUST, Source: src,
			Quote: `X-Toy-Signature is lowercase hex HMAC-SHA256(secret, "POST " + path + "\n" + body) over the exact body bytes.`,
			Text:  "The signer MUST reproduce every valid toy signing vector and MUST NOT reproduce an invalid one."},
		verdict.Requirement{ID: "TOY-CONTRACT-01", Level: verdict.MUST, Source: src,
			Quote: "200: the message, echoed with its SHA-256",
			Text:  "A correctly signed echo MUST be answered with HTTP 200, a conforming body, and the message echoed with its digest."},
		verdict.Requirement{ID: "TOY-AUTH-01", Level: verdict.MUST, Source: src,
			Quote: `X-Toy-Signature is lowercase hex HMAC-SHA256(secret, "POST " + path + "\n" + body)`,
			Text:  "An echo signed with the wrong secret MUST be refused with HTTP 401, without a 5xx."},
		verdict.Requirement{ID: "TOY-CERT-01", Level: verdict.MUST, Source: src,
			Quote: `X-Toy-Signature is lowercase hex HMAC-SHA256(secret, "POST " + path + "\n" + body) over the exact body bytes.`,
			Text:  "The client's echo MUST be a POST to /toy/v1/echo carrying a valid signature over the bytes it sends."},
		verdict.Requirement{ID: "TOY-CERT-02", Level: verdict.MUST, Source: src,
			Quote: "200: the message, echoed with its SHA-256",
			Text:  "On a success the client MUST answer ok:true with output equal, field by field, to the response it received."},
	)
}

// PathNotSigned is the client defect the invalid vector models.
var PathNotSigned = verdict.RegisterDefect(verdict.Defect{Class: "TOY_PATH_NOT_SIGNED", Words: "the client signs the body without the method and path"})

// Contract is the toy's loaded contract.
var Contract = contract.For(Provider)

// SignTest is a signing vector.
type SignTest struct {
	vectorset.Meta
	Input struct {
		Secret string `json:"secret"`
		Path   string `json:"path"`
		Body   string `json:"body"`
	} `json:"input"`
	Expected struct {
		Signature string `json:"signature"`
	} `json:"expected"`
}

// Vectors are the toy's signing vectors, loaded on first use.
var Vectors = sync.OnceValue(func() *vectorset.File[SignTest] { return vectorset.MustLoad[SignTest](files, "vectors.json") })

// CheckSign judges a signer against a vector: a valid vector's signature must be reproduced,
// an invalid one's must not.
func CheckSign(v SignTest, sign func(secret, path string, body []byte) string) []verdict.Problem {
	got := sign(v.Input.Secret, v.Input.Path, []byte(v.Input.Body))
	switch {
	case v.Result == vectorset.Valid && got != v.Expected.Signature:
		return []verdict.Problem{{Expected: "signature " + v.Expected.Signature, Got: got}}
	case v.Result == vectorset.Invalid && got == v.Expected.Signature:
		return []verdict.Problem{{Expected: "a signature other than the defective " + v.Expected.Signature, Got: got, Defect: PathNotSigned}}
	}
	return nil
}

// Client sends signed echoes.
type Client struct {
	BaseURL, KeyID, Secret string
	HTTP                   *http.Client
	// BodyOnly signs the body alone (the TOY_PATH_NOT_SIGNED defect).
	BodyOnly bool
}

// ClientFor is a target's toy client; a missing variable is a *target.NotApplicableError.
func ClientFor(t *target.Target) (*Client, error) {
	if err := t.Require(Provider.Required()...); err != nil {
		return nil, err
	}
	return &Client{BaseURL: t.Var(EnvBaseURL), KeyID: t.Var(EnvKeyID), Secret: t.Var(EnvSecret), HTTP: t.HTTP}, nil
}

// Echo sends a signed echo of message.
func (c *Client) Echo(ctx context.Context, message string) (*exchange.Exchange, error) {
	body, _ := json.Marshal(EchoRequest{Message: message})
	req, err := http.NewRequest(http.MethodPost, strings.TrimSuffix(c.BaseURL, "/")+EchoPath, nil)
	if err != nil {
		return nil, fmt.Errorf("build echo: %w", err)
	}
	sig := Sign(c.Secret, EchoPath, body)
	if c.BodyOnly {
		sig = SignBodyOnly(c.Secret, body)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(KeyHeader, c.KeyID)
	req.Header.Set(SignatureHeader, sig)
	return exchange.Do(ctx, c.HTTP, req, body)
}

// Echoed checks a success: conforming, ok true, the message echoed with its digest.
func Echoed(ctx context.Context, ex *exchange.Exchange, message string) []verdict.Problem {
	out := checks.Conforms(ctx, Contract, http.MethodPost, EchoPath, ex)
	var r EchoResponse
	if err := json.Unmarshal(ex.Body, &r); err != nil {
		return append(out, verdict.Problem{Expected: "a JSON object", Got: checks.DescribeBody(ex), Defect: checks.NotConformant})
	}
	if !r.OK || r.Message != message || r.Digest != Digest(message) {
		out = append(out, verdict.Problem{Expected: fmt.Sprintf("ok, message %q and its digest", message), Got: fmt.Sprintf("ok %t, message %q, digest %q", r.OK, r.Message, r.Digest), Defect: checks.NoEcho})
	}
	return out
}

// Refused checks that a request was refused with 401.
func Refused(ex *exchange.Exchange) []verdict.Problem {
	if p := checks.NotServerError(ex); p != nil {
		return p
	}
	if ex.Status != http.StatusUnauthorized {
		return []verdict.Problem{{Expected: "HTTP 401", Got: fmt.Sprintf("HTTP %d (%s)", ex.Status, checks.DescribeBody(ex)), Defect: checks.NoAuthRequired}}
	}
	return nil
}

func init() {
	ok := certify.Case{ID: OpEcho + ".ok.plain", Operation: OpEcho, Title: "a plain message", Input: EchoRequest{Message: "hello, toy"}}
	turkish := certify.Case{ID: OpEcho + ".ok.turkish", Operation: OpEcho, Title: "Turkish letters", Input: EchoRequest{Message: "çğıöşü"}}
	cases := []certify.Case{ok, turkish}
	certify.Register(certify.Operation{Name: OpEcho, Checks: []certify.Check{
		{Requirement: "TOY-CERT-01", Cases: cases, Judge: func(_ context.Context, _ *certify.Session, o *certify.Outcome) []verdict.Problem {
			return append(certify.Route(o, http.MethodPost, EchoPath, SignatureHeader, PathNotSigned), certify.Credentials(o)...)
		}},
		{Requirement: "TOY-CERT-02", Cases: cases, Judge: func(_ context.Context, _ *certify.Session, o *certify.Outcome) []verdict.Problem {
			return certify.Output(o, "")
		}},
	}})
	refadapter.Register(refadapter.Operation{Name: OpEcho,
		Defects: []refadapter.Defect{{Name: "toy-path-not-signed", Description: "signs the body alone", Kills: []string{"TOY-CERT-01"}}},
		Trips:   map[string]refadapter.Trips{refadapter.DropOutputField: {Kills: []string{"TOY-CERT-02"}}},
		Handle: func(ctx context.Context, a *refadapter.Adapter, req candidate.Request, input json.RawMessage) candidate.Response {
			var in EchoRequest
			if err := json.NewDecoder(bytes.NewReader(input)).Decode(&in); err != nil {
				return refadapter.Failed("BAD_INPUT", err.Error())
			}
			c := &Client{BaseURL: req.BaseURL, KeyID: req.Credentials["key_id"], Secret: req.Credentials["secret"], HTTP: a.HTTP, BodyOnly: a.Has("toy-path-not-signed")}
			ex, err := c.Echo(ctx, in.Message)
			return a.Interpret(ex, err, func(obj map[string]json.RawMessage) (bool, string) {
				var okv bool
				var code string
				_ = json.Unmarshal(obj["ok"], &okv)
				_ = json.Unmarshal(obj["error"], &code)
				return okv, code
			}, "", "digest")
		}})
}
