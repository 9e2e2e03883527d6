package conform

import (
	"context"

	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/target"
)

// Endpoint is a target's Paynet client and the agent and user it may ask for.
type Endpoint struct {
	Client  *Client
	AgentID string
	UserID  string
	// SecondAgentID and SecondUserID are optional: another agent of the dealer, another user.
	SecondAgentID string
	SecondUserID  string
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

		SecondAgentID: t.Var(paynet.EnvSecondAgentID),
		SecondUserID:  t.Var(paynet.EnvSecondUserID),
	}, nil
}

// Request is the valid request for this endpoint's agent and user.
func (e Endpoint) Request() paynet.AuthRequest {
	return paynet.AuthRequest{AgentID: e.AgentID, UserID: e.UserID}
}

// AllowList returns the client addresses a mock target's Paynet route serves.
func AllowList(ctx context.Context, a *target.Admin) ([]string, error) {
	var out struct{ Clients []string }
	err := a.Get(ctx, "paynet/allow", &out)
	return out.Clients, err
}

// SetAllowList replaces the client addresses (or CIDR prefixes) a mock target's Paynet route
// serves.
func SetAllowList(ctx context.Context, a *target.Admin, clients ...string) error {
	return a.Put(ctx, "paynet/allow", map[string][]string{"clients": clients})
}
