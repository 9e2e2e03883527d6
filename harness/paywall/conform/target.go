package conform

import (
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/target"
)

// ClientFor builds a client for a target's Paywall endpoint. A missing variable is a
// *target.NotApplicableError that names it.
func ClientFor(t *target.Target) (*Client, error) {
	if err := t.Require(paywall.Provider.Required()...); err != nil {
		return nil, err
	}
	return &Client{
		BaseURL:     t.Var(paywall.EnvBaseURL),
		Credentials: Credentials{APIKeyPublic: t.Var(paywall.EnvAPIKeyPublic), APIClientPublic: t.Var(paywall.EnvAPIClientPublic)},
		HTTP:        t.HTTP,
	}, nil
}
