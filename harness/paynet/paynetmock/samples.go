package paynetmock

import (
	"encoding/json"
	"net/http"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/paynet"
)

// samples are valid requests to the route, for benchmarks, fuzzing and load tests.
var samples = []mock.Sample{{
	Name: "paynet get_auth_key", Method: http.MethodPost, Path: paynet.GetAuthKeyPath,
	Body: func(vars func(string) string) []byte {
		b, _ := json.Marshal(paynet.AuthRequest{AgentID: vars(paynet.EnvAgentID), UserID: vars(paynet.EnvUserID)})
		return b
	},
	Prepare: func(r *http.Request, _ []byte, vars func(string) string) {
		r.Header.Set("Authorization", paynet.Authorization(vars(paynet.EnvSecretKey)))
		r.Header.Set(paynet.MobileHeader, "2")
	},
	Shaped: func(status int, body []byte) bool {
		if status == http.StatusOK {
			var resp paynet.AuthResponse
			return json.Unmarshal(body, &resp) == nil && resp.SessionKey != ""
		}
		var e paynet.ErrorResponse
		return status >= 400 && status < 500 && json.Unmarshal(body, &e) == nil && e.Type != "" && e.Code == status
	},
}}
