package conform

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/refadapter"
)

// The reference adapter's Paywall operation, and the mutant candidates that break it.
func init() {
	refadapter.Register(refadapter.Operation{Name: paywall.OpTempTokenSdk, Handle: adaptTempToken,
		Defects: []refadapter.Defect{
			{Name: "paywall-omitempty", Description: "drops false booleans, as Go's omitempty does", Kills: []string{"PWL-CERT-03"}},
			{Name: "paywall-swapped-headers", Description: "swaps apikeypublic and apiclientpublic", Kills: []string{"PWL-CERT-02"}},
			{Name: "paywall-no-content-type", Description: "sends its JSON body without a Content-Type header", Warns: []string{"PWL-CERT-11"}},
			{Name: "paywall-state-kept", Description: "reuses one request object across calls, so a case that gives no Scope or Masterpass session sends the last ones it was given (simulated: Scope 3 and the Masterpass case's session)",
				Kills: []string{"PWL-CERT-03"}},
			{Name: "paywall-null-optional", Benign: true, Description: "correct but unusual, it must fail no MUST: writes the optional fields a case does not give as null (Scope, MasterpassSession) or false (IncludeMasterpassSession), as System.Text.Json does for a class with nullable members"},
		},
		Trips: map[string]refadapter.Trips{
			refadapter.WrongPath:          {Kills: []string{"PWL-CERT-01"}},
			refadapter.EnvelopeAsSuccess:  {Kills: []string{"PWL-CERT-05"}},
			refadapter.ErrorCodeLost:      {Kills: []string{"PWL-CERT-05"}},
			refadapter.ServerErrorSuccess: {Kills: []string{"PWL-CERT-06"}},
			refadapter.MalformedSuccess:   {Kills: []string{"PWL-CERT-07"}},
			refadapter.IgnoreContentType:  {Warns: []string{"PWL-CERT-08"}},
			refadapter.DropOutputField:    {Kills: []string{"PWL-CERT-04"}},
			refadapter.StatusTrusted:      {Kills: []string{"PWL-CERT-09"}},
			refadapter.RetryRefused:       {Warns: []string{"PWL-CERT-10"}},
		}})
}

func adaptTempToken(ctx context.Context, a *refadapter.Adapter, req candidate.Request, input json.RawMessage) candidate.Response {
	in, err := paywall.ParseRequest(input)
	if err != nil {
		return refadapter.Failed("BAD_INPUT", err.Error())
	}
	faults := map[string]ClientFault{
		"paywall-omitempty":       OmitFalseBooleans,
		"paywall-swapped-headers": SwappedHeaders,
	}[a.Defect]
	c := &Client{BaseURL: req.BaseURL, HTTP: a.HTTP, Faults: faults,
		Credentials: Credentials{APIKeyPublic: req.Credentials["api_key_public"], APIClientPublic: req.Credentials["api_client_public"]}}
	var opts []RequestOption
	if a.Has("paywall-no-content-type") {
		opts = append(opts, WithoutHeader("Content-Type"))
	}
	if a.Has("paywall-state-kept") {
		// Process per case: the previous cases' values are written in, as the reused object
		// would still hold them.
		if in.Scope == nil {
			in.Scope = paywall.Ptr(3)
		}
		if in.MasterpassSession == nil {
			in.MasterpassSession = &paywall.MasterpassSession{ReferenceCode: "cert-ref-1", UserID: "72812393211", UserPhone: "905123456710", PhoneVerifiedByMerchant: true}
		}
	}
	var ex *exchange.Exchange
	switch {
	case a.Has(refadapter.WrongPath):
		ex, err = c.Post(ctx, paywall.TempTokenPath, in.Encode(paywall.Encoding{}), opts...)
	case a.Has("paywall-null-optional"):
		ex, err = c.Post(ctx, paywall.SdkPath, withNullOptionals(in), opts...)
	default:
		ex, err = c.TempTokenSdk(ctx, in, opts...)
	}
	return a.Interpret(ex, err, func(obj map[string]json.RawMessage) (bool, string) {
		var result bool
		var code int
		_ = json.Unmarshal(obj["Result"], &result)
		_ = json.Unmarshal(obj["ErrorCode"], &code)
		return result && code == paywall.CodeSuccess, strconv.Itoa(code)
	}, "Body", "Token")
}

// withNullOptionals is the body with every optional field the request does not set written out
// as null (Scope, MasterpassSession) or false (IncludeMasterpassSession).
func withNullOptionals(in paywall.SdkRequest) []byte {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(in.Encode(paywall.Encoding{}), &m)
	for name, v := range map[string]string{"Scope": "null", "MasterpassSession": "null", "IncludeMasterpassSession": "false"} {
		if _, ok := m[name]; !ok {
			m[name] = json.RawMessage(v)
		}
	}
	out, _ := json.Marshal(m)
	return out
}
