package conform

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/refadapter"
)

// The reference adapter's Paynet operation, and the mutant candidates that break it.
func init() {
	refadapter.Register(refadapter.Operation{Name: paynet.OpGetAuthKey, Handle: adaptGetAuthKey,
		Defects: []refadapter.Defect{
			{Name: "paynet-basic-base64", Description: "sends Basic base64(key:) as HTTP Basic authentication does", Warns: []string{"PNT-CERT-11"}},
			{Name: "paynet-bearer", Description: "sends the key as a Bearer token", Kills: []string{"PNT-CERT-02"}},
			{Name: "paynet-no-paynetmobile", Description: "leaves out the PaynetMobile header", Kills: []string{"PNT-CERT-01"}},
			{Name: "paynet-numeric-ids", Description: "sends digit-only ids as JSON numbers", Kills: []string{"PNT-CERT-03"}},
			{Name: "paynet-scheme-lower-case", Benign: true, Description: "correct but unusual, it must fail no MUST: writes the scheme in lower case (basic <key>), which RFC 9110 reads as Basic", Warns: []string{"PNT-CERT-11"}},
			{Name: "paynet-scheme-two-spaces", Benign: true, Description: "correct but unusual, it must fail no MUST: puts two spaces between Basic and the key, which RFC 9110 allows", Warns: []string{"PNT-CERT-11"}},
		},
		Trips: map[string]refadapter.Trips{
			refadapter.WrongPath:          {Kills: []string{"PNT-CERT-01"}},
			refadapter.EnvelopeAsSuccess:  {Kills: []string{"PNT-CERT-05"}},
			refadapter.ErrorCodeLost:      {Kills: []string{"PNT-CERT-05"}},
			refadapter.ServerErrorSuccess: {Kills: []string{"PNT-CERT-06"}},
			refadapter.MalformedSuccess:   {Kills: []string{"PNT-CERT-07"}},
			refadapter.IgnoreContentType:  {Warns: []string{"PNT-CERT-08"}},
			refadapter.DropOutputField:    {Kills: []string{"PNT-CERT-04"}},
			refadapter.StatusTrusted:      {Kills: []string{"PNT-CERT-09"}},
			refadapter.RetryRefused:       {Warns: []string{"PNT-CERT-10"}},
		}})
}

func adaptGetAuthKey(ctx context.Context, a *refadapter.Adapter, req candidate.Request, input json.RawMessage) candidate.Response {
	var in paynet.AuthRequest
	if err := json.Unmarshal(input, &in); err != nil {
		return refadapter.Failed("BAD_INPUT", err.Error())
	}
	faults := map[string]paynet.ClientFault{
		"paynet-basic-base64":    paynet.Base64UserPass,
		"paynet-bearer":          paynet.BearerScheme,
		"paynet-no-paynetmobile": paynet.NoPaynetMobile,
		"paynet-numeric-ids":     paynet.NumericIDs,
	}[a.Defect]
	c := &Client{BaseURL: req.BaseURL, SecretKey: req.Credentials["secret_key"], HTTP: a.HTTP, Faults: faults}
	if a.Has(refadapter.WrongPath) {
		c.BaseURL += paynet.GetAuthKeyPath // posts to .../get_auth_key/v1/agent/get_auth_key
	}
	var opts []RequestOption
	switch {
	case a.Has("paynet-scheme-lower-case"):
		opts = append(opts, WithAuthorization("basic "+c.SecretKey))
	case a.Has("paynet-scheme-two-spaces"):
		opts = append(opts, WithAuthorization("Basic  "+c.SecretKey))
	}
	ex, err := c.GetAuthKey(ctx, in, opts...)
	return a.Interpret(ex, err, func(obj map[string]json.RawMessage) (bool, string) {
		if rc, ok := obj["result_code"]; ok { // Paynet's error object, on any status but 200
			return false, string(rc)
		}
		var code int
		if json.Unmarshal(obj["code"], &code) != nil {
			return false, "BAD_CODE"
		}
		return code == paynet.ResultSuccessful, strconv.Itoa(code)
	}, "", "session_key")
}
