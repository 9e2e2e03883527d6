package conform

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/verdict"
)

func init() {
	certify.Register(certify.Operation{Name: iyzico.OpSign, Checks: []certify.Check{
		/* Vectors: vectors/iyzico/iyzwsv2_sign.json, the same the harness's own signer reproduces. */
		{Requirement: "IYZ-CERT-01", Cases: SignCases(), Judge: judgeSignVector},
	}})
	faults := certify.FaultCases(BinCheckCases[0])
	certify.Register(certify.Operation{Name: iyzico.OpBinCheck, Checks: []certify.Check{
		{Requirement: "IYZ-CERT-02", Cases: BinCheckCases, Route: true, Judge: certify.On(func(o *certify.Outcome) []verdict.Problem {
			return certify.Route(o, http.MethodPost, iyzico.BinCheckPath, "", verdict.Defect{})
		})},
		{Requirement: "IYZ-CERT-03", Cases: BinCheckCases, Judge: certify.On(certify.Credentials)},
		{Requirement: "IYZ-CERT-04", Cases: BinCheckCases, Judge: func(ctx context.Context, _ *certify.Session, o *certify.Outcome) []verdict.Problem {
			in := o.Case.Input.(iyzico.BinCheckRequest)
			want := map[string]any{"binNumber": in.BinNumber}
			if in.ConversationID != "" {
				want["conversationId"] = in.ConversationID
			}
			// "varsayılan değeri trdir": tr is the default, so a client may leave it out; any
			// other locale, and a tr that is sent, must be the case's.
			optional := map[string]any{}
			if in.Locale != "tr" {
				want["locale"] = in.Locale
			} else {
				optional["locale"] = "tr"
			}
			return certify.Body(ctx, o, certify.BodySpec{Doc: Contract, Path: iyzico.BinCheckPath, Want: want, Optional: optional})
		}},
		/* Every request of the run, success and fault cases alike, needs its own randomKey. */
		{Requirement: "IYZ-CERT-05", Cases: append(slices.Clone(BinCheckCases), certify.FaultList(faults)...), Whole: judgeFreshRandomKeys},
		{Requirement: "IYZ-CERT-06", Cases: BinCheckCases, Judge: judgeRnd},
		{Requirement: "IYZ-CERT-07", Cases: BinCheckCases, Judge: certify.On(func(o *certify.Outcome) []verdict.Problem { return certify.Output(o, "") })},
		{Requirement: "IYZ-CERT-08", Cases: []certify.Case{faults[mock.InjectEnvelope]}, Judge: certify.Refusal(iyzico.ErrInvalidSignature, certify.FaultAsSuccess)},
		{Requirement: "IYZ-CERT-09", Cases: []certify.Case{faults[mock.InjectServerError]}, Judge: certify.Refusal("", certify.FaultAsSuccess)},
		{Requirement: "IYZ-CERT-10", Cases: []certify.Case{faults[mock.InjectMalformed]}, Judge: certify.Refusal("", certify.FaultAsSuccess)},
		{Requirement: "IYZ-CERT-11", Cases: []certify.Case{faults[mock.InjectWrongContentType]}, Judge: certify.Refusal("", certify.ContentTypeIgnored)},
		{Requirement: "IYZ-CERT-12", Cases: []certify.Case{faults[mock.InjectEnvelope]}, Judge: certify.On(certify.AtMost(2))},
		{Requirement: "IYZ-CERT-13", Cases: BinCheckCases, Judge: certify.On(certify.ContentType)},
		{Requirement: "IYZ-CERT-14", Cases: BinCheckCases, Judge: certify.On(certify.MockWarning(iyzico.SchemeSpelled.Class(), "IYZWSv2, one space and the token, as the page writes the header"))},
	}})
}

// SignOpInput is the input of the iyzico.sign operation.
type SignOpInput struct {
	RandomKey string `json:"random_key"`
	Path      string `json:"path"`
	Body      string `json:"body"`
}

// SignCases are the valid signing vectors with a known secret, one case each; each carries the
// vector's own, public, keys.
func SignCases() []certify.Case {
	var out []certify.Case
	for _, v := range SignVectors().Tests() {
		out = append(out, certify.Case{
			ID:          fmt.Sprintf("%s.vector.%d", iyzico.OpSign, v.ID),
			Operation:   iyzico.OpSign,
			Title:       SignVectors().TestName(v.Meta),
			Input:       SignOpInput{RandomKey: v.Input.RandomKey, Path: v.Input.Path, Body: string(v.Input.BodyBytes())},
			Credentials: map[string]string{"api_key": v.Input.APIKey, "secret_key": v.Input.SecretKey},
			Vector:      v,
		})
	}
	return out
}

// BinCheckCases vary conversationId over the characters that JSON escapes differently between
// languages (/, <, >, &, non-ASCII), both locales and every BIN of the mock's table. The last
// gives no conversationId, after four that do: a client that reuses its request object sends the
// previous one, and fails IYZ-CERT-04 for it.
var BinCheckCases = []certify.Case{
	binCheck("ok.plain", "plain conversationId, documented BIN", "tr", "cert-1", "554960"),
	binCheck("ok.turkish", "Turkish letters in conversationId", "tr", "çğıöşü-ÇĞİÖŞÜ", "554960"),
	binCheck("ok.escapes", "/ < > & in conversationId (escaped differently by Go, PHP, Python and Java)", "en", "a/b<c>&d", "542119"),
	binCheck("ok.nonascii", "non-ASCII beyond Turkish (€ and a character outside the BMP)", "en", "€ 𝄞 ü", "454671"),
	binCheck("ok.no-conversation", "no conversationId at all", "tr", "", "554960"),
}

func binCheck(id, title, locale, conv, bin string) certify.Case {
	return certify.Case{ID: iyzico.OpBinCheck + "." + id, Operation: iyzico.OpBinCheck, Title: title,
		Input: iyzico.BinCheckRequest{Locale: locale, ConversationID: conv, BinNumber: bin}}
}

// judgeSignVector checks an iyzico.sign case byte for byte against its vector, naming the
// likely defect on a mismatch.
func judgeSignVector(_ context.Context, _ *certify.Session, o *certify.Outcome) []verdict.Problem {
	if p := certify.Succeeded(o); p != nil {
		return p
	}
	sign := func(string, string, string, string, []byte) (string, error) {
		var out struct {
			Authorization string `json:"authorization"`
		}
		if err := json.Unmarshal(o.Run.Response.Output, &out); err != nil || out.Authorization == "" {
			return "", errors.New(`output is not {"authorization": "..."}`)
		}
		return out.Authorization, nil
	}
	return CheckSign(o.Case.Vector.(SignTest), sign)
}

// judgeFreshRandomKeys checks that no two requests of the run share a randomKey.
func judgeFreshRandomKeys(_ context.Context, _ *certify.Session, outcomes []*certify.Outcome) []verdict.Problem {
	seen := map[string]string{}
	var out []verdict.Problem
	for _, o := range outcomes {
		for _, e := range o.Entries {
			if e.Operation != iyzico.OpBinCheck || e.Auth.Nonce == "" {
				continue
			}
			if first, dup := seen[e.Auth.Nonce]; dup {
				out = append(out, verdict.Problem{
					Expected: "a randomKey never seen before in the run",
					Got:      fmt.Sprintf("randomKey %q in case %s, already used in case %s", checks.Clip(e.Auth.Nonce, 40), o.Case.ID, first),
					Defect:   DefectOf(iyzico.RandomKeyReused),
				})
				continue
			}
			seen[e.Auth.Nonce] = o.Case.ID
		}
	}
	return out
}

// judgeRnd reads the mock's warning about x-iyzi-rnd.
func judgeRnd(_ context.Context, _ *certify.Session, o *certify.Outcome) []verdict.Problem {
	var out []verdict.Problem
	for _, e := range o.Entries {
		if slices.Contains(e.Auth.Warnings, iyzico.RndMismatch.Class()) {
			out = append(out, verdict.Problem{Expected: "x-iyzi-rnd equal to the randomKey, or absent", Got: "a different x-iyzi-rnd", Defect: DefectOf(iyzico.RndMismatch)})
		}
	}
	return out
}
