package mock_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/target"
)

// clock is a settable clock for expiry tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newMockAt(t *testing.T, c *clock) *mock.Server {
	t.Helper()
	s, err := mock.New(mock.Config{
		Iyzico: mock.IyzicoConfig{APIKey: testCreds.APIKey, SecretKey: testCreds.SecretKey},
		Paynet: testPaynet, Paywall: testPaywall, Now: c.now,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func paywallRequest(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, paywall.SdkPath, bytes.NewReader([]byte(body)))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set(paywall.KeyHeader, testPaywall.APIKeyPublic)
	r.Header.Set(paywall.ClientHeader, testPaywall.APIClientPublic)
	return r
}

func paywallAnswer(t *testing.T, s *mock.Server, body string) (int, paywall.Envelope) {
	t.Helper()
	w := httptest.NewRecorder()
	s.ServeHTTP(w, paywallRequest(body))
	var e paywall.Envelope
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("answer is not the envelope: %q", w.Body)
	}
	return w.Code, e
}

// The mock's Paywall routes accept property names in any case, as ASP.NET Core does by default:
// the documentation's PascalCase, the .NET SDK's camelCase, and anything between. Two names
// that differ only in case are refused as ambiguous.
func TestPaywallAcceptsEveryCasing(t *testing.T) {
	s := newMock(t)
	for name, body := range map[string]string{
		"PascalCase (documentation)": `{"ClientCardSave":true,"ThreeDSession":false,"ClientSdk":true,"ScopeBased":true,"Scope":2,"ExpiryMin":5}`,
		"camelCase (.NET SDK)":       `{"clientCardSave":true,"threeDSession":false,"clientSdk":true,"scopeBased":true,"scope":2,"expiryMin":5}`,
		"lower case":                 `{"clientcardsave":true,"threedsession":false,"clientsdk":true,"scopebased":true,"scope":2,"expirymin":5}`,
	} {
		status, e := paywallAnswer(t, s, body)
		if status != 200 || !e.Result || e.Body.Scope.Scope == nil || *e.Body.Scope.Scope != 2 {
			t.Errorf("%s: HTTP %d %+v", name, status, e)
		}
	}
	status, e := paywallAnswer(t, s, `{"ClientCardSave":true,"clientCardSave":false,"ThreeDSession":false,"ClientSdk":true,"ScopeBased":false,"ExpiryMin":5}`)
	if status != 400 || e.Result || e.ErrorCode != paywall.CodeUnexpectedParameters {
		t.Errorf("ambiguous casing: HTTP %d %+v, want 400 ErrorCode 2", status, e)
	}
}

// Tokens carry ExpiryDateTime = now + ExpiryMin in +03:00, and the mock forgets them after.
func TestPaywallTokensExpire(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	s := newMockAt(t, c)
	_, e := paywallAnswer(t, s, `{"ClientCardSave":true,"ThreeDSession":false,"ClientSdk":true,"ScopeBased":false,"ExpiryMin":10}`)
	if got, want := e.Body.ExpiryDateTime, "2026-11-23T15:10:00.0000000+03:00"; got != want {
		t.Errorf("ExpiryDateTime %s, want %s", got, want)
	}
	if !s.PaywallTokenValid(e.Body.Token) {
		t.Fatal("a fresh token is not valid")
	}
	c.t = c.t.Add(10*time.Minute + time.Second)
	if s.PaywallTokenValid(e.Body.Token) {
		t.Error("a token is still valid after ExpiryMin")
	}
}

func paynetAnswer(t *testing.T, s *mock.Server, remote string) (int, []byte) {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, paynet.GetAuthKeyPath, bytes.NewReader([]byte(`{"agent_id":"11111","user_id":"mock-user"}`)))
	r.RemoteAddr = remote
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", paynet.Authorization(testPaynet.SecretKey))
	r.Header.Set(paynet.MobileHeader, "2")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w.Code, w.Body.Bytes()
}

// Session keys expire after mock.SessionLifetime; expired_date says when, in +03:00.
func TestPaynetSessionsExpire(t *testing.T) {
	c := &clock{t: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	s := newMockAt(t, c)
	status, body := paynetAnswer(t, s, "127.0.0.1:5555")
	var resp paynet.AuthResponse
	if status != 200 || json.Unmarshal(body, &resp) != nil {
		t.Fatalf("HTTP %d %s", status, body)
	}
	if resp.ExpiredDate != "2026-11-23T16:00:00+03:00" {
		t.Errorf("expired_date %s", resp.ExpiredDate)
	}
	if !s.PaynetSessionValid(resp.SessionKey) {
		t.Fatal("a fresh session key is not valid")
	}
	c.t = c.t.Add(mock.SessionLifetime + time.Second)
	if s.PaynetSessionValid(resp.SessionKey) {
		t.Error("a session key is still valid after its lifetime")
	}
}

// The allow-list models Paynet's registered server IPs: loopback by default, configurable.
func TestPaynetAllowList(t *testing.T) {
	s := newMock(t)
	if status, _ := paynetAnswer(t, s, "[::1]:5555"); status != 200 {
		t.Errorf("loopback IPv6: HTTP %d, want 200", status)
	}
	status, body := paynetAnswer(t, s, "198.51.100.7:5555")
	var e paynet.ErrorResponse
	if status != 403 || json.Unmarshal(body, &e) != nil || e.Type != paynet.TypeAuthorization || e.ResultCode != paynet.ResultUnauthorized {
		t.Errorf("unregistered address: HTTP %d %s, want 403 authorization_error 7", status, body)
	}
	prefixes, err := mock.ParsePrefixes("198.51.100.0/24, 10.0.0.1")
	if err != nil || len(prefixes) != 2 {
		t.Fatalf("ParsePrefixes: %v %v", prefixes, err)
	}
	if _, err := mock.ParsePrefixes("not-an-address"); err == nil {
		t.Error("ParsePrefixes accepted garbage")
	}
}

// Every DESIGN section 3 variable reaches the mock's configuration and comes back out of Vars,
// so that `payconform mock` and the container honour each one.
func TestConfigFromEnvReadsEveryVariable(t *testing.T) {
	env := map[string]string{}
	for _, name := range target.Variables {
		env[name] = "value-of-" + name
	}
	cfg, err := mock.ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if generated := cfg.Generate(); len(generated) > 0 {
		t.Errorf("generated %v although the environment set them", generated)
	}
	vars := cfg.Vars("http://127.0.0.1:1")
	for _, name := range target.Variables {
		want := env[name]
		if strings.HasSuffix(name, "_BASE_URL") {
			want = "http://127.0.0.1:1"
		}
		if vars[name] != want {
			t.Errorf("%s: Vars gives %q, want %q", name, vars[name], want)
		}
	}
	if len(vars) != len(target.Variables) {
		t.Errorf("Vars has %d variables, target.Variables %d", len(vars), len(target.Variables))
	}
}
