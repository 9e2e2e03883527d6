package toyprovider

import (
	"crypto/hmac"
	"encoding/json"
	"net/http"

	"github.com/payconform/payconform/harness/contract"
	"github.com/payconform/payconform/harness/mock"
)

// The toy's mutants.
var (
	AcceptAnySignature = &mock.Mutant{Name: "toy-accept-any-signature",
		Description: "never compares the signature", Kills: []string{"TOY-AUTH-01"}}
	NoEcho = &mock.Mutant{Name: "toy-no-echo",
		Description: "answers with a message of its own", Kills: []string{"TOY-CONTRACT-01"}}
)

func init() {
	mock.Register(mock.Provider{Name: Provider.Name, Mutants: []*mock.Mutant{AcceptAnySignature, NoEcho}, Samples: samples,
		Routes: func(h *mock.Host) ([]mock.Route, any, error) {
			key, secret, doc := h.Var(EnvKeyID), h.Var(EnvSecret), contract.For(Provider)
			return []mock.Route{{Method: http.MethodPost, Path: EchoPath, Operation: OpEcho, Handle: func(c *mock.Call) {
				refuse := func(status int, code, why string) {
					c.ReplyJSON(status, EchoResponse{Error: code}, why)
				}
				c.SetEnvelope(func() (int, []byte) { return http.StatusUnauthorized, []byte(`{"ok":false,"error":"bad_signature"}`) }, nil)
				sig := c.Request.Header.Get(SignatureHeader)
				c.Auth.Scheme, c.Auth.KeyID = "X-Toy-Signature", c.Request.Header.Get(KeyHeader)
				switch {
				case c.ReadErr != nil || c.TooLarge:
					refuse(http.StatusBadRequest, "bad_request", "body unreadable or too large")
					return
				case c.Auth.KeyID != key:
					c.Auth.Reason = "unknown key"
					refuse(http.StatusUnauthorized, "unknown_key", "unknown X-Toy-Key")
					return
				case !hmac.Equal([]byte(sig), []byte(Sign(secret, EchoPath, c.Body))) && !c.Has(AcceptAnySignature):
					c.Auth.Reason = "signature mismatch"
					if hmac.Equal([]byte(sig), []byte(SignBodyOnly(secret, c.Body))) {
						c.Auth.Defect = "TOY_PATH_NOT_SIGNED"
					}
					refuse(http.StatusUnauthorized, "bad_signature", "signature mismatch")
					return
				}
				c.Auth.OK = true
				value, err := doc.ValidateRequest(c.Request.Context(), c.Request, c.Body)
				if err != nil {
					refuse(http.StatusBadRequest, "bad_request", err.Error())
					return
				}
				msg, _ := value.(map[string]any)["message"].(string)
				if c.Has(NoEcho) {
					msg = "payconform-mock"
				}
				body, _ := json.Marshal(EchoResponse{OK: true, Message: msg, Digest: Digest(msg)})
				c.Reply(http.StatusOK, "application/json", body, "")
			}}}, nil, nil
		}})
}

// samples are valid requests to the route, for benchmarks, fuzzing and load tests.
var samples = []mock.Sample{{
	Name: "toy echo", Method: http.MethodPost, Path: EchoPath,
	Body: func(func(string) string) []byte { return []byte(`{"message":"sample"}`) },
	Prepare: func(r *http.Request, body []byte, vars func(string) string) {
		r.Header.Set(KeyHeader, vars(EnvKeyID))
		r.Header.Set(SignatureHeader, Sign(vars(EnvSecret), EchoPath, body))
	},
	Shaped: func(status int, body []byte) bool {
		var e EchoResponse
		return status < 500 && json.Unmarshal(body, &e) == nil && (e.OK || e.Error != "")
	},
}}
