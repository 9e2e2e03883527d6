package paywallmock

import (
	"encoding/json"
	"net/http"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/paywall"
)

// samples are valid requests to the routes, for benchmarks, fuzzing and load tests.
var samples = []mock.Sample{{
	Name: "paywall temptoken/sdk", Method: http.MethodPost, Path: paywall.SdkPath,
	Body: func(func(string) string) []byte {
		return []byte(`{"ClientCardSave":true,"ThreeDSession":false,"ClientSdk":true,"ScopeBased":false,"ExpiryMin":30}`)
	},
	Prepare: func(r *http.Request, _ []byte, vars func(string) string) {
		r.Header.Set(paywall.KeyHeader, vars(paywall.EnvAPIKeyPublic))
		r.Header.Set(paywall.ClientHeader, vars(paywall.EnvAPIClientPublic))
	},
	Shaped: func(status int, body []byte) bool {
		var e paywall.Envelope
		if json.Unmarshal(body, &e) != nil || status >= 500 {
			return false
		}
		return (e.Result && e.Body != nil && e.Body.Token != "") || (!e.Result && e.ErrorCode != 0)
	},
}}
