package conform

import (
	"context"
	"encoding/json"
	"strings"
	"sync"

	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/nearmiss"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/target"
	"github.com/payconform/payconform/harness/vectorset"
	"github.com/payconform/payconform/vectors"
)

// VectorsFile is Paynet's vector file under vectors/.
const VectorsFile = "paynet/get_auth_key.json"

// RequestInput describes a request in terms of any target's credentials: the secret key, agent
// and user come from the target, so that one vector file serves the mock and a sandbox alike.
type RequestInput struct {
	// Authorization is how the secret is presented: raw (as documented), base64-userpass,
	// bearer, wrong-key (another key altogether), none, or a near miss of the right key
	// (harness/nearmiss): key-other-case, key-suffix, key-truncated, and, keeping its length,
	// key-first-replaced, key-middle-replaced, key-last-replaced.
	Authorization string `json:"authorization"`
	// PaynetMobile is the header's value; null leaves the header out.
	PaynetMobile *string `json:"paynetMobile"`
	// ContentType is the header's value; null leaves the header out.
	ContentType *string `json:"contentType"`
	// Body is the exact body; {agent_id} and {user_id} stand for the target's (JSON-escaped),
	// {second_agent_id} for its optional second agent (the vector is not applicable without
	// one).
	Body string `json:"body"`
}

// RequestTest is a request and what the server should do with it.
type RequestTest struct {
	vectorset.Meta
	Input    RequestInput `json:"input"`
	Expected struct {
		Accepted   bool   `json:"accepted"`
		Status     int    `json:"status,omitempty"`
		Type       string `json:"type,omitempty"`
		ResultCode *int   `json:"resultCode,omitempty"`
	} `json:"expected"`
}

// Vectors is the embedded vector file, loaded on first use: after every defect has registered,
// and in time for Ginkgo to build tables from it during tree construction.
var Vectors = sync.OnceValue(func() *vectorset.File[RequestTest] {
	return vectorset.MustLoad[RequestTest](vectors.FS, VectorsFile)
})

// WrongSecretKey is the key the wrong-key vectors send: not the merchant's, nor near it.
const WrongSecretKey = "payconform-not-the-secret-key"

// Body is the vector's body with the endpoint's agent and user in place.
func (t RequestTest) Body(e Endpoint) []byte {
	esc := func(s string) string {
		b, _ := json.Marshal(s)
		return strings.Trim(string(b), `"`)
	}
	return []byte(strings.NewReplacer("{agent_id}", esc(e.AgentID), "{user_id}", esc(e.UserID), "{second_agent_id}", esc(e.SecondAgentID)).Replace(t.Input.Body))
}

// Send builds the vector's request for an endpoint and sends it.
func (t RequestTest) Send(ctx context.Context, e Endpoint) (*exchange.Exchange, error) {
	if strings.Contains(t.Input.Body, "{second_agent_id}") && e.SecondAgentID == "" {
		return nil, &target.NotApplicableError{Reason: paynet.EnvSecondAgentID + " is not set: the probe needs a second agent of the dealer"}
	}
	var opts []RequestOption
	switch t.Input.Authorization {
	case "base64-userpass":
		opts = append(opts, WithFaults(paynet.Base64UserPass))
	case "bearer":
		opts = append(opts, WithFaults(paynet.BearerScheme))
	case "none":
		opts = append(opts, WithFaults(paynet.NoAuthorization))
	case "wrong-key":
		opts = append(opts, WithAuthorization(paynet.Authorization(WrongSecretKey)))
	default:
		if nearmiss.Known(t.Input.Authorization) {
			key, err := target.NearMiss(t.Input.Authorization, e.Client.SecretKey)
			if err != nil {
				return nil, err
			}
			opts = append(opts, WithAuthorization(paynet.Authorization(key)))
		}
	}
	if t.Input.PaynetMobile == nil {
		opts = append(opts, WithoutHeader(paynet.MobileHeader))
	} else {
		opts = append(opts, WithHeader(paynet.MobileHeader, *t.Input.PaynetMobile))
	}
	if t.Input.ContentType == nil {
		opts = append(opts, WithoutHeader("Content-Type"))
	} else {
		opts = append(opts, WithHeader("Content-Type", *t.Input.ContentType))
	}
	return e.Client.Post(ctx, t.Body(e), opts...)
}
