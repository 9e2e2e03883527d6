package judge_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/payconform/payconform/harness/judge"
	"github.com/payconform/payconform/harness/judgeapi"
	"github.com/payconform/payconform/harness/judgeclient"
)

// issuer is a local OIDC issuer in the manner of GitHub Actions': a discovery document and a
// JWKS on loopback, and the token endpoint a job asks (ACTIONS_ID_TOKEN_REQUEST_URL).
type issuer struct {
	srv          *httptest.Server
	key          *rsa.PrivateKey
	requestToken string
	claims       map[string]any
}

func newIssuer(t *testing.T) *issuer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	is := &issuer{key: key, requestToken: "job-request-token"}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": is.srv.URL, "jwks_uri": is.srv.URL + "/jwks",
			"response_types_supported": []string{"id_token"}, "subject_types_supported": []string{"public"}, "id_token_signing_alg_values_supported": []string{"RS256"}})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /token", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "bearer "+is.requestToken {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		claims := map[string]any{"aud": r.URL.Query().Get("audience")}
		for k, v := range is.claims {
			claims[k] = v
		}
		_ = json.NewEncoder(w).Encode(map[string]string{"value": is.sign(t, is.key, claims)})
	})
	is.srv = httptest.NewServer(mux)
	t.Cleanup(is.srv.Close)
	is.claims = map[string]any{"repository": "acme/iyzico-sdk", "sha": "0123456789abcdef0123456789abcdef01234567", "ref": "refs/heads/main",
		"job_workflow_ref": "payconform/payconform/.github/workflows/certify.yml@refs/tags/v1.0.0", "runner_environment": "github-hosted", "run_id": "42",
		"sub": "repo:acme/iyzico-sdk:ref:refs/heads/main"}
	return is
}

// sign signs claims (iss, iat and exp filled in unless given) as a JWT with key.
func (is *issuer) sign(t *testing.T, key *rsa.PrivateKey, claims map[string]any) string {
	full := map[string]any{"iss": is.srv.URL, "iat": time.Now().Unix(), "exp": time.Now().Add(5 * time.Minute).Unix()}
	for k, v := range claims {
		full[k] = v
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "k1"))
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(full)
	obj, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	out, err := obj.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A GitHub Actions job certifies with --oidc: the vendor's side asks the job's token service for
// a token with the judge's audience, the judge verifies it against the issuer's published keys,
// and the certificate records the verified repository, commit, workflow ref and runner
// environment. A token for another audience, signed by another key, expired, or naming no
// repository opens nothing.
func TestOIDCOpensASession(t *testing.T) {
	is := newIssuer(t)
	const audience = "payconform-judge-test"
	r := sqliteRig(t, func(c *judge.Config) { c.OIDC = &judge.OIDC{Issuer: is.srv.URL, Audience: audience} })
	res := certifyOIDC(t, r.url, is)
	if res.code != 0 {
		t.Fatalf("exit %d:\n%s", res.code, res.out)
	}
	cl := res.cert.Hosted.Claims
	if cl == nil || cl.Repository != "acme/iyzico-sdk" || cl.SHA != is.claims["sha"] || cl.WorkflowRef != is.claims["job_workflow_ref"] ||
		cl.RunnerEnvironment != "github-hosted" || cl.Issuer != is.srv.URL || res.cert.Hosted.Principal != "github acme/iyzico-sdk" {
		t.Fatalf("the certificate's claims: %+v, principal %q", cl, res.cert.Hosted.Principal)
	}
	if _, checks := verify(t, r, res.envelope); len(failed(checks)) > 0 {
		t.Fatalf("verify: %v", failed(checks))
	}

	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	for name, tok := range map[string]string{
		"another audience": is.sign(t, is.key, map[string]any{"aud": "someone-else", "repository": "acme/x"}),
		"another key":      is.sign(t, other, map[string]any{"aud": audience, "repository": "acme/x"}),
		"expired":          is.sign(t, is.key, map[string]any{"aud": audience, "repository": "acme/x", "exp": time.Now().Add(-time.Hour).Unix()}),
		"no repository":    is.sign(t, is.key, map[string]any{"aud": audience}),
	} {
		c, _ := judgeclient.New(r.url, "")
		c.Bearer = tok
		if _, err := c.Open(context.Background(), judgeapi.Open{Subject: subjectOf("x")}); status(err) != http.StatusUnauthorized {
			t.Errorf("a token with %s: %v, want 401", name, err)
		}
	}
	// A judge that takes no OIDC token says so.
	plain := sqliteRig(t, nil)
	if res := certifyOIDC(t, plain.url, is); res.code != 2 || !strings.Contains(res.out, "takes no OIDC token") {
		t.Fatalf("--oidc against a judge without OIDC: exit %d:\n%s", res.code, res.out)
	}
}

func certifyOIDC(t *testing.T, url string, is *issuer) run {
	t.Helper()
	reports := t.TempDir()
	vars := map[string]string{"PATH": "/usr/bin:/bin", "ACTIONS_ID_TOKEN_REQUEST_URL": is.srv.URL + "/token?api-version=2.0",
		"ACTIONS_ID_TOKEN_REQUEST_TOKEN": is.requestToken, "PAYCONFORM_ISOLATION": "none"}
	var out strings.Builder
	code := judgeclient.Certify(context.Background(), judgeclient.Options{Judge: url, Command: bins.reference, Reports: reports, OIDC: true,
		Getenv: func(k string) string { return vars[k] }, Stdout: &out, Stderr: &out})
	res := run{code: code, out: out.String(), reports: reports}
	if data, err := readFile(reports, "certificate.json"); err == nil {
		_ = json.Unmarshal(data, &res.cert)
	}
	res.envelope, _ = readFile(reports, "certificate.intoto.json")
	return res
}
