package conform

import (
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/target"
)

// ClientFor builds a client for a target's iyzico endpoint. A missing variable is a
// *target.NotApplicableError that names it.
func ClientFor(t *target.Target) (*Client, error) {
	if err := t.Require(iyzico.Provider.Required()...); err != nil {
		return nil, err
	}
	return &Client{
		BaseURL: t.Var(iyzico.EnvBaseURL),
		Signer:  iyzico.Signer{Credentials: iyzico.Credentials{APIKey: t.Var(iyzico.EnvAPIKey), SecretKey: t.Var(iyzico.EnvSecretKey)}},
		HTTP:    t.HTTP,
	}, nil
}
