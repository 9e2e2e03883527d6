package conform

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/refadapter"
)

// The reference adapter's iyzico operations, and the mutant candidates that break them.
func init() {
	refadapter.Register(refadapter.Operation{Name: iyzico.OpSign, Handle: adaptSign, Defects: []refadapter.Defect{
		{Name: "iyzico-path-not-signed", Description: "signs rnd+body, leaving the path out", Kills: []string{"IYZ-CERT-01", "IYZ-CERT-03"}},
		{Name: "iyzico-uppercase-hex", Description: "writes the HMAC in upper-case hex", Kills: []string{"IYZ-CERT-01", "IYZ-CERT-03"}},
		{Name: "iyzico-urlsafe-base64", Description: "encodes the token with URL-safe base64", Kills: []string{"IYZ-CERT-01"}},
		{Name: "iyzico-escaped-non-ascii", Description: "signs the body with non-ASCII escaped (\\u00e7), as Python's json.dumps writes it, and sends it raw", Kills: []string{"IYZ-CERT-01", "IYZ-CERT-03"}},
		{Name: "iyzico-token-reordered", Description: "writes the token's fields as randomKey, apiKey, signature", Kills: []string{"IYZ-CERT-01", "IYZ-CERT-03"}},
		{Name: "iyzico-scheme-spelled", Benign: true, Description: "correct but unusual, it must fail no MUST: writes the scheme as iyzwsv2 with two spaces before the token, which RFC 9110 reads as IYZWSv2", Warns: []string{"IYZ-CERT-14"}},
	}})
	refadapter.Register(refadapter.Operation{Name: iyzico.OpBinCheck, Handle: adaptBinCheck,
		Defects: []refadapter.Defect{
			{Name: "iyzico-body-reserialised", Description: "signs a re-encoding of the body, sends it spaced", Kills: []string{"IYZ-CERT-03"}},
			{Name: "iyzico-random-key-reused", Description: "uses one randomKey for every call", Kills: []string{"IYZ-CERT-05"}},
			{Name: "iyzico-rnd-mismatch", Description: "sends an x-iyzi-rnd other than the randomKey", Warns: []string{"IYZ-CERT-06"}},
			{Name: "iyzico-drop-locale", Description: "leaves locale out of the bin/check body", Kills: []string{"IYZ-CERT-04"}},
			{Name: "iyzico-state-kept", Description: "reuses one request object across calls, so a case that gives no conversationId sends the last one it was given (simulated: the previous case's)",
				Kills: []string{"IYZ-CERT-04"}},
			{Name: "iyzico-no-content-type", Description: "sends its JSON body without a Content-Type header", Warns: []string{"IYZ-CERT-13"}},
			{Name: "iyzico-null-optional", Benign: true, Description: "correct but unusual, it must fail no MUST: writes a conversationId the case does not give as null, as iyzipay-python's json.dumps does"},
		},
		Trips: map[string]refadapter.Trips{
			refadapter.WrongPath:          {Kills: []string{"IYZ-CERT-02"}},
			refadapter.EnvelopeAsSuccess:  {Kills: []string{"IYZ-CERT-08"}},
			refadapter.ErrorCodeLost:      {Kills: []string{"IYZ-CERT-08"}},
			refadapter.ServerErrorSuccess: {Kills: []string{"IYZ-CERT-09"}},
			refadapter.MalformedSuccess:   {Kills: []string{"IYZ-CERT-10"}},
			refadapter.IgnoreContentType:  {Warns: []string{"IYZ-CERT-11"}},
			refadapter.DropOutputField:    {Kills: []string{"IYZ-CERT-07"}},
			refadapter.StatusTrusted:      {Kills: []string{"IYZ-CERT-08"}},
			refadapter.RetryRefused:       {Warns: []string{"IYZ-CERT-12"}},
		}})
}

func adapterFaults(a *refadapter.Adapter) iyzico.Fault {
	return map[string]iyzico.Fault{
		"iyzico-path-not-signed":   iyzico.PathNotSigned,
		"iyzico-uppercase-hex":     iyzico.UppercaseHex,
		"iyzico-urlsafe-base64":    iyzico.URLSafeBase64,
		"iyzico-body-reserialised": iyzico.BodyReserialised,
		"iyzico-rnd-mismatch":      iyzico.RndMismatch,
		"iyzico-escaped-non-ascii": iyzico.NonASCIIEscaped,
		"iyzico-token-reordered":   iyzico.TokenReordered,
		"iyzico-scheme-spelled":    iyzico.SchemeSpelled,
	}[a.Defect]
}

func adaptSign(_ context.Context, a *refadapter.Adapter, req candidate.Request, input json.RawMessage) candidate.Response {
	var in SignOpInput
	if err := json.Unmarshal(input, &in); err != nil {
		return refadapter.Failed("BAD_INPUT", err.Error())
	}
	s := iyzico.Signer{Credentials: iyzico.Credentials{APIKey: req.Credentials["api_key"], SecretKey: req.Credentials["secret_key"]}, Faults: adapterFaults(a)}
	return refadapter.OK(map[string]string{"authorization": s.Sign(in.RandomKey, in.Path, []byte(in.Body)).Authorization})
}

func adaptBinCheck(ctx context.Context, a *refadapter.Adapter, req candidate.Request, input json.RawMessage) candidate.Response {
	var in iyzico.BinCheckRequest
	if err := json.Unmarshal(input, &in); err != nil {
		return refadapter.Failed("BAD_INPUT", err.Error())
	}
	c := &Client{BaseURL: req.BaseURL, HTTP: a.HTTP,
		Signer: iyzico.Signer{Credentials: iyzico.Credentials{APIKey: req.Credentials["api_key"], SecretKey: req.Credentials["secret_key"]}, Faults: adapterFaults(a), SendRnd: true}}
	if a.Has("iyzico-random-key-reused") {
		c.NewRandomKey = func() string { return "payconform-reused-random-key" }
	}
	if a.Has("iyzico-drop-locale") {
		in.Locale = ""
	}
	if a.Has("iyzico-state-kept") && in.ConversationID == "" {
		// Process per case: the previous case's value is written in, as the reused object would
		// still hold it.
		in.ConversationID = BinCheckCases[len(BinCheckCases)-2].Input.(iyzico.BinCheckRequest).ConversationID
	}
	body, _ := json.Marshal(in)
	if a.Has("iyzico-null-optional") && in.ConversationID == "" {
		body = bytes.Replace(body, []byte(`{`), []byte(`{"conversationId":null,`), 1)
	}
	if a.Has("iyzico-body-reserialised") {
		body = bytes.ReplaceAll(body, []byte(`":`), []byte(`": `)) // sent spaced, signed compact
	}
	path := iyzico.BinCheckPath
	if a.Has(refadapter.WrongPath) {
		path += "/"
	}
	var opts []RequestOption
	if a.Has("iyzico-no-content-type") {
		opts = append(opts, WithoutHeader("Content-Type"))
	}
	ex, err := c.Post(ctx, path, body, opts...)
	return a.Interpret(ex, err, func(obj map[string]json.RawMessage) (bool, string) {
		var status, code string
		_ = json.Unmarshal(obj["status"], &status)
		_ = json.Unmarshal(obj["errorCode"], &code)
		return status == iyzico.StatusSuccess, code
	}, "", "bankName")
}
