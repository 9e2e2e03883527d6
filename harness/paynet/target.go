package paynet

import "github.com/payconform/payconform/harness/target"

// The DESIGN section 3 variables Paynet reads.
const (
	EnvBaseURL   = "PAYNET_BASE_URL"
	EnvSecretKey = "PAYNET_SECRET_KEY"
	EnvAgentID   = "PAYNET_AGENT_ID"
	EnvUserID    = "PAYNET_USER_ID"
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
	if err := t.Require(EnvBaseURL, EnvSecretKey, EnvAgentID, EnvUserID); err != nil {
		return Endpoint{}, err
	}
	return Endpoint{
		Client:  &Client{BaseURL: t.Var(EnvBaseURL), SecretKey: t.Var(EnvSecretKey), HTTP: t.HTTP},
		AgentID: t.Var(EnvAgentID),
		UserID:  t.Var(EnvUserID),
	}, nil
}

// Request is the valid request for this endpoint's agent and user.
func (e Endpoint) Request() AuthRequest { return AuthRequest{AgentID: e.AgentID, UserID: e.UserID} }
