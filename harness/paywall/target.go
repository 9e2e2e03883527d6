package paywall

import "github.com/payconform/payconform/harness/target"

// The DESIGN section 3 variables Paywall reads.
const (
	EnvBaseURL         = "PAYWALL_BASE_URL"
	EnvAPIKeyPublic    = "PAYWALL_API_KEY_PUBLIC"
	EnvAPIClientPublic = "PAYWALL_API_CLIENT_PUBLIC"
)

// ClientFor builds a client for a target's Paywall endpoint. A missing variable is a
// *target.NotApplicableError that names it.
func ClientFor(t *target.Target) (*Client, error) {
	if err := t.Require(EnvBaseURL, EnvAPIKeyPublic, EnvAPIClientPublic); err != nil {
		return nil, err
	}
	return &Client{
		BaseURL:     t.Var(EnvBaseURL),
		Credentials: Credentials{APIKeyPublic: t.Var(EnvAPIKeyPublic), APIClientPublic: t.Var(EnvAPIClientPublic)},
		HTTP:        t.HTTP,
	}, nil
}
