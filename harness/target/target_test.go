package target_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/payconform/payconform/harness/nearmiss"
	"github.com/payconform/payconform/harness/target"
	_ "github.com/payconform/payconform/providers/all"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestSandboxDefaultsAndMissingCredentials(t *testing.T) {
	tg, err := target.Select(context.Background(), env(map[string]string{"PAYCONFORM_TARGET": "sandbox"}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := tg.Var("IYZICO_BASE_URL"); got != "https://sandbox-api.iyzipay.com" {
		t.Errorf("sandbox base URL %q", got)
	}
	err = tg.Require("IYZICO_BASE_URL", "IYZICO_API_KEY", "IYZICO_SECRET_KEY")
	var na *target.NotApplicableError
	if !errors.As(err, &na) || na.Reason != "IYZICO_API_KEY, IYZICO_SECRET_KEY not set for target sandbox" {
		t.Errorf("Require: %v", err)
	}
}

func TestCustomTakesTheEnvironment(t *testing.T) {
	tg, err := target.Select(context.Background(), env(map[string]string{
		"PAYCONFORM_TARGET": "custom", "IYZICO_BASE_URL": "http://127.0.0.1:1", "IYZICO_API_KEY": "k", "IYZICO_SECRET_KEY": "s",
	}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if tg.IsMock() || tg.Require("IYZICO_BASE_URL", "IYZICO_API_KEY", "IYZICO_SECRET_KEY") != nil {
		t.Errorf("custom target: %+v", tg)
	}
	back, err := target.Unmarshal(tg.Marshal(""))
	if err != nil || back.Var("IYZICO_SECRET_KEY") != "s" || back.Kind != target.Custom {
		t.Errorf("snapshot round trip: %v %+v", err, back)
	}
}

func TestUnknownTargetAndBadCAFile(t *testing.T) {
	if _, err := target.Select(context.Background(), env(map[string]string{"PAYCONFORM_TARGET": "prod"}), nil); err == nil {
		t.Error("PAYCONFORM_TARGET=prod was accepted")
	}
	if _, err := target.Select(context.Background(), env(map[string]string{"PAYCONFORM_TARGET": "custom", "PAYCONFORM_CA_FILE": "/nonexistent.pem"}), nil); err == nil {
		t.Error("a missing CA file was accepted")
	}
}

func TestNearMiss(t *testing.T) {
	for _, c := range []struct{ kind, in, want string }{
		{nearmiss.OtherCase, "sck_Ab1", "SCK_aB1"},
		{nearmiss.Suffix, "sck_Ab1", "sck_Ab10"},
		{nearmiss.Truncated, "sck_Ab1", "sck_Ab"},
		// Same length, one character replaced by another of its kind: a server that compares
		// lengths first, or skips the first or last character, is caught.
		{nearmiss.FirstReplaced, "sck_Ab1", "tck_Ab1"},
		{nearmiss.MidReplaced, "sck_Ab1", "sckxAb1"},
		{nearmiss.LastReplaced, "sck_Ab1", "sck_Ab2"},
		{nearmiss.LastReplaced, "key-z9", "key-z0"},
		{nearmiss.FirstReplaced, "Zx", "Ax"},
		{nearmiss.MidReplaced, "axb", "ayb"},
	} {
		if got, err := target.NearMiss(c.kind, c.in); err != nil || got != c.want {
			t.Errorf("NearMiss(%s, %q) = %q, %v; want %q", c.kind, c.in, got, err, c.want)
		}
	}
	for _, c := range []struct{ kind, in string }{{nearmiss.OtherCase, "12345"}, {nearmiss.Truncated, "1"}, {nearmiss.LastReplaced, ""}} {
		var na *target.NotApplicableError
		if _, err := target.NearMiss(c.kind, c.in); !errors.As(err, &na) {
			t.Errorf("NearMiss(%s, %q): %v, want a NotApplicableError", c.kind, c.in, err)
		}
	}
}

// A target that redirects gets its 3xx judged as its answer: the client never follows it, so no
// credential reaches the location the target names (here another loopback port).
func TestTheClientNeverFollowsARedirect(t *testing.T) {
	var reached atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
	}))
	defer elsewhere.Close()
	for _, code := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, elsewhere.URL+r.URL.Path, code)
		}))
		policy, _ := target.PolicyFor(target.Custom, env(nil))
		client, err := target.NewHTTPClient("", policy)
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest(http.MethodPost, redirecting.URL+"/v1/agent/get_auth_key", strings.NewReader(`{}`))
		req.Header.Set("Authorization", "Basic secret-key-that-must-stay-here")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		redirecting.Close()
		if resp.StatusCode != code {
			t.Errorf("HTTP %d redirect: the client reported %d, want the %d itself", code, resp.StatusCode, code)
		}
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("%d request(s) reached the location a redirect named", n)
	}
}

// Every near miss of a secret is masked like the secret: a target that echoes one gives the
// secret away, all but a character.
func TestSecretsIncludeNearMisses(t *testing.T) {
	tg, err := target.Unmarshal([]byte(`{"kind":"custom","vars":{"PAYNET_SECRET_KEY":"sck_0123456789abcdef"}}`))
	if err != nil {
		t.Fatal(err)
	}
	secrets := tg.Secrets()
	for _, kind := range nearmiss.Kinds {
		v, _ := nearmiss.Of(kind, "sck_0123456789abcdef")
		if !slices.Contains(secrets, v) {
			t.Errorf("%s near miss %q is not among the secrets to mask", kind, v)
		}
	}
}
