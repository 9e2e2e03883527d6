package judge

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/payconform/payconform/harness/report"
)

// GitHubIssuer is GitHub Actions' OIDC issuer.
const GitHubIssuer = "https://token.actions.githubusercontent.com"

// OIDC verifies OIDC tokens with github.com/coreos/go-oidc: the signature against the keys the
// issuer publishes (its discovery document's JWKS, fetched and cached by the library), the
// issuer, the audience and the expiry. The issuer is asked on first use, so a judge starts
// without reaching it.
type OIDC struct {
	Issuer   string
	Audience string

	mu       sync.Mutex
	verifier *oidc.IDTokenVerifier
}

// githubClaims are the claims of a GitHub Actions OIDC token the certificate records.
type githubClaims struct {
	Repository        string `json:"repository"`
	SHA               string `json:"sha"`
	Ref               string `json:"ref"`
	JobWorkflowRef    string `json:"job_workflow_ref"`
	RunID             string `json:"run_id"`
	RunnerEnvironment string `json:"runner_environment"`
}

// Verify checks a token and returns its claims; a token without a repository claim is refused.
func (o *OIDC) Verify(ctx context.Context, raw string) (*report.Claims, error) {
	v, err := o.load(ctx)
	if err != nil {
		return nil, err
	}
	tok, err := v.Verify(ctx, raw)
	if err != nil {
		return nil, fmt.Errorf("the OIDC token does not verify: %w", err)
	}
	var c githubClaims
	if err := tok.Claims(&c); err != nil {
		return nil, fmt.Errorf("the OIDC token's claims: %w", err)
	}
	if c.Repository == "" {
		return nil, errors.New("the OIDC token names no repository (a GitHub Actions token does)")
	}
	return &report.Claims{Issuer: tok.Issuer, Subject: tok.Subject, Repository: c.Repository, SHA: c.SHA, Ref: c.Ref,
		WorkflowRef: c.JobWorkflowRef, RunID: c.RunID, RunnerEnvironment: c.RunnerEnvironment}, nil
}

func (o *OIDC) load(ctx context.Context) (*oidc.IDTokenVerifier, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.verifier != nil {
		return o.verifier, nil
	}
	// The provider outlives this request: its key set is refreshed with a context of its own.
	p, err := oidc.NewProvider(oidc.ClientContext(context.WithoutCancel(ctx), nil), o.Issuer)
	if err != nil {
		return nil, fmt.Errorf("reach the OIDC issuer %s: %w", o.Issuer, err)
	}
	o.verifier = p.Verifier(&oidc.Config{ClientID: o.Audience})
	return o.verifier, nil
}
