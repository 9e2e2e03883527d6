package conform

import (
	// A provider's conformance includes its part of the mock: in-process targets and
	// certification serve it.
	_ "github.com/payconform/payconform/harness/paywall/paywallmock"

	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/contract"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/verdict"
)

func init() {
	faults := certify.FaultCases(Cases[0], mock.InjectEnvelope, mock.InjectEnvelope200, mock.InjectServerError, mock.InjectMalformed, mock.InjectWrongContentType)
	certify.Register(certify.Operation{Name: paywall.OpTempTokenSdk, Checks: []certify.Check{
		{Requirement: "PWL-CERT-01", Cases: Cases, Route: true, Judge: certify.On(func(o *certify.Outcome) []verdict.Problem {
			return certify.Route(o, http.MethodPost, paywall.SdkPath, "", verdict.Defect{})
		})},
		{Requirement: "PWL-CERT-02", Cases: Cases, Judge: certify.On(certify.Credentials)},
		{Requirement: "PWL-CERT-03", Cases: Cases, Judge: func(ctx context.Context, _ *certify.Session, o *certify.Outcome) []verdict.Problem {
			return certify.Body(ctx, o, certify.BodySpec{Doc: Contract, Path: paywall.SdkPath, Want: want(o.Case), Canon: canon, DefectOf: omittedFalse})
		}},
		{Requirement: "PWL-CERT-04", Cases: Cases, Judge: certify.On(func(o *certify.Outcome) []verdict.Problem { return certify.Output(o, "Body") })},
		{Requirement: "PWL-CERT-05", Cases: []certify.Case{faults[mock.InjectEnvelope]}, Judge: certify.Refusal(strconv.Itoa(paywall.CodeUnexpectedParameters), certify.FaultAsSuccess)},
		{Requirement: "PWL-CERT-06", Cases: []certify.Case{faults[mock.InjectServerError]}, Judge: certify.Refusal("", certify.FaultAsSuccess)},
		{Requirement: "PWL-CERT-07", Cases: []certify.Case{faults[mock.InjectMalformed]}, Judge: certify.Refusal("", certify.FaultAsSuccess)},
		{Requirement: "PWL-CERT-08", Cases: []certify.Case{faults[mock.InjectWrongContentType]}, Judge: certify.Refusal("", certify.ContentTypeIgnored)},
		/* Source: TempToken/Sdk: Result "returns true" only "if the operation is successful", whatever the status. */
		{Requirement: "PWL-CERT-09", Cases: []certify.Case{faults[mock.InjectEnvelope200]}, Judge: certify.Refusal(strconv.Itoa(paywall.CodeFailure), certify.StatusTrusted)},
		{Requirement: "PWL-CERT-10", Cases: []certify.Case{faults[mock.InjectEnvelope]}, Judge: certify.On(certify.AtMost(2))},
		{Requirement: "PWL-CERT-11", Cases: Cases, Judge: certify.On(certify.ContentType)},
	}})
}

// Cases cover the option combinations that matter, false booleans (which an omitempty encoder
// drops) included. Each case's input is the request body under the documented names.
var Cases = []certify.Case{
	certifyCase("ok.documented", "the documentation's sample options", paywall.SdkRequest{ClientCardSave: true, ThreeDSession: false, ClientSdk: true, ScopeBased: false, ExpiryMin: 1440}),
	certifyCase("ok.all-false", "every boolean false", paywall.SdkRequest{ExpiryMin: 30}),
	certifyCase("ok.threed", "3D only, ExpiryMin 0", paywall.SdkRequest{ThreeDSession: true, ExpiryMin: 0}),
	certifyCase("ok.scope-0", "ScopeBased, Scope 0 (a zero an omitempty encoder drops)", paywall.SdkRequest{ClientSdk: true, ScopeBased: true, Scope: paywall.Ptr(0), ExpiryMin: 30}),
	certifyCase("ok.scope-3", "ScopeBased, Scope 3", paywall.SdkRequest{ClientCardSave: true, ScopeBased: true, Scope: paywall.Ptr(3), ExpiryMin: 1}),
	certifyCase("ok.masterpass", "IncludeMasterpassSession with a MasterpassSession", paywall.SdkRequest{ClientCardSave: true, ClientSdk: true, ExpiryMin: 60, IncludeMasterpassSession: true,
		MasterpassSession: &paywall.MasterpassSession{ReferenceCode: "cert-ref-1", UserID: "72812393211", UserPhone: "905123456710", Force3D: false, PhoneVerifiedByMerchant: true}}),
	// After Scope 3 and a Masterpass session, neither: a client that reuses its request object
	// still sends them, and fails PWL-CERT-03 as state kept from an earlier request.
	certifyCase("ok.after-masterpass", "neither Scope nor Masterpass, right after cases with both", paywall.SdkRequest{ThreeDSession: true, ExpiryMin: 5}),
}

func certifyCase(id, title string, req paywall.SdkRequest) certify.Case {
	return certify.Case{ID: paywall.OpTempTokenSdk + "." + id, Operation: paywall.OpTempTokenSdk, Title: title,
		Input: json.RawMessage(req.Encode(paywall.Encoding{}))}
}

// want is the body a case must send: every field of its input, false booleans included.
func want(c certify.Case) map[string]any {
	var out map[string]any
	_ = json.Unmarshal(c.Input.(json.RawMessage), &out)
	return out
}

// canon rewrites a body's names as the server reads them (case-insensitively).
func canon(body []byte) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil || m == nil {
		return nil, errors.New("the body is not a JSON object")
	}
	c, _, err := paywall.CanonicalNames(m)
	if err != nil {
		return nil, err
	}
	return json.Marshal(c)
}

// omittedFalse names a required property that is missing where the case's value is false: an
// encoder that drops false booleans.
func omittedFalse(v contract.Violation, want map[string]any) verdict.Defect {
	if v.Got == "no such property" {
		if b, ok := want[strings.TrimPrefix(v.Where, "/")].(bool); ok && !b {
			return faultDefects[OmitFalseBooleans]
		}
	}
	return verdict.Defect{}
}
