package iyzicomock

import (
	"encoding/json"
	"net/http"

	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/mock"
)

// samples are valid requests to the route, for benchmarks, fuzzing and load tests.
var samples = []mock.Sample{{
	Name: "iyzico bin/check", Method: http.MethodPost, Path: iyzico.BinCheckPath,
	Body: func(func(string) string) []byte {
		return []byte(`{"locale":"tr","conversationId":"sample","binNumber":"554960"}`)
	},
	Prepare: func(r *http.Request, body []byte, vars func(string) string) {
		s := iyzico.Signer{Credentials: iyzico.Credentials{APIKey: vars(iyzico.EnvAPIKey), SecretKey: vars(iyzico.EnvSecretKey)}}
		r.Header.Set("Authorization", s.Sign(iyzico.NewRandomKey(), r.URL.RequestURI(), body).Authorization)
	},
	Shaped: func(status int, body []byte) bool {
		var resp iyzico.BinCheckResponse
		return status == http.StatusOK && json.Unmarshal(body, &resp) == nil &&
			(resp.Status == iyzico.StatusSuccess || (resp.Status == iyzico.StatusFailure && resp.ErrorCode != ""))
	},
}}
