package iyzico

import "github.com/payconform/payconform/harness/target"

// The DESIGN section 3 variables iyzico reads.
const (
	EnvBaseURL   = "IYZICO_BASE_URL"
	EnvAPIKey    = "IYZICO_API_KEY"
	EnvSecretKey = "IYZICO_SECRET_KEY"
)

// ClientFor builds a client for a target's iyzico endpoint. A missing variable is a
// *target.NotApplicableError that names it.
func ClientFor(t *target.Target) (*Client, error) {
	if err := t.Require(EnvBaseURL, EnvAPIKey, EnvSecretKey); err != nil {
		return nil, err
	}
	return &Client{
		BaseURL: t.Var(EnvBaseURL),
		Signer:  Signer{Credentials: Credentials{APIKey: t.Var(EnvAPIKey), SecretKey: t.Var(EnvSecretKey)}},
		HTTP:    t.HTTP,
	}, nil
}
