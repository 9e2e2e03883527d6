package conform

import (
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/target"
)

// Endpoint is a target's Paynet client and the agent and user it may ask for.
type Endpoint struct {
	Client  *Client
	AgentID string
	UserID  string
}

// EndpointFor reads a target's Paynet variables. A missing one is a *target.NotApplicableError
// that names it.
func EndpointFor(t *target.Target) (Endpoint, error) {
	if err := t.Require(paynet.Provider.Required()...); err != nil {
		return Endpoint{}, err
	}
	return Endpoint{
		Client:  &Client{BaseURL: t.Var(paynet.EnvBaseURL), SecretKey: t.Var(paynet.EnvSecretKey), HTTP: t.HTTP},
		AgentID: t.Var(paynet.EnvAgentID),
		UserID:  t.Var(paynet.EnvUserID),
	}, nil
}

// Request is the valid request for this endpoint's agent and user.
func (e Endpoint) Request() paynet.AuthRequest {
	return paynet.AuthRequest{AgentID: e.AgentID, UserID: e.UserID}
}
