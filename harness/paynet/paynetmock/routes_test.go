package paynetmock_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mock/mocktest"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/paynet/conform"
	"github.com/payconform/payconform/harness/paynet/paynetmock"
)

func newMockAt(t *testing.T, now *time.Time) *mock.Server {
	t.Helper()
	cfg := mock.Config{Now: func() time.Time { return *now }}
	cfg.Generate()
	s, err := mock.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func answer(t *testing.T, s *mock.Server, remote string) (int, []byte) {
	t.Helper()
	v := s.Config().Var
	body, _ := json.Marshal(paynet.AuthRequest{AgentID: v(paynet.EnvAgentID), UserID: v(paynet.EnvUserID)})
	r := httptest.NewRequest(http.MethodPost, paynet.GetAuthKeyPath, bytes.NewReader(body))
	r.RemoteAddr = remote
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", paynet.Authorization(v(paynet.EnvSecretKey)))
	r.Header.Set(paynet.MobileHeader, "2")
	w := mocktest.Do(s, r)
	return w.Code, w.Body.Bytes()
}

// Session keys expire after SessionLifetime; expired_date says when, in +03:00.
func TestSessionsExpire(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	s := newMockAt(t, &now)
	status, body := answer(t, s, "127.0.0.1:5555")
	var resp paynet.AuthResponse
	if status != 200 || json.Unmarshal(body, &resp) != nil {
		t.Fatalf("HTTP %d %s", status, body)
	}
	if resp.ExpiredDate != "2026-11-23T16:00:00+03:00" {
		t.Errorf("expired_date %s", resp.ExpiredDate)
	}
	routes := s.State("paynet").(*paynetmock.Routes)
	if !routes.SessionValid(resp.SessionKey, now) {
		t.Fatal("a fresh session key is not valid")
	}
	if routes.SessionValid(resp.SessionKey, now.Add(paynetmock.SessionLifetime+time.Second)) {
		t.Error("a session key is still valid after its lifetime")
	}
}

// The allow-list models Paynet's registered server IPs: loopback by default, configurable,
// a set of prefixes however long.
func TestAllowList(t *testing.T) {
	s := mocktest.NewServer(t)
	if status, _ := answer(t, s, "[::1]:5555"); status != 200 {
		t.Errorf("loopback IPv6: HTTP %d, want 200", status)
	}
	status, body := answer(t, s, "198.51.100.7:5555")
	var e paynet.ErrorResponse
	if status != 403 || json.Unmarshal(body, &e) != nil || e.Type != paynet.TypeAuthorization || e.ResultCode != paynet.ResultUnauthorized {
		t.Errorf("unregistered address: HTTP %d %s, want 403 authorization_error 7", status, body)
	}
	prefixes, err := paynetmock.ParsePrefixes("198.51.100.0/24, 10.0.0.1")
	if err != nil || len(prefixes) != 2 {
		t.Fatalf("ParsePrefixes: %v %v", prefixes, err)
	}
	for _, bad := range []string{"not-an-address", "10.0.0.0/99", strings.Repeat("10.0.0.1,", paynetmock.MaxAllowEntries+1)} {
		if _, err := paynetmock.ParsePrefixes(bad); err == nil {
			t.Errorf("ParsePrefixes accepted %.40q", bad)
		}
	}
}

// FuzzGetAuthKeyBody sends arbitrary bodies, with valid credentials, to get_auth_key: the answer
// is always a session key or Paynet's error object on a 4xx. Seeded with every vector's body.
func FuzzGetAuthKeyBody(f *testing.F) {
	var seeds [][]byte
	for _, v := range conform.Vectors().Tests() {
		seeds = append(seeds, []byte(strings.NewReplacer("{agent_id}", "11111", "{user_id}", "u").Replace(v.Input.Body)))
	}
	for _, s := range mock.Samples() {
		if s.Path == paynet.GetAuthKeyPath {
			mocktest.Fuzz(f, s, seeds...)
			return
		}
	}
	f.Fatal("no sample for get_auth_key")
}

// FuzzAllowList feeds arbitrary allow-list text to the prefix parser, as the admin API and the
// environment hand it over: it refuses or returns at most MaxAllowEntries prefixes; never a panic.
func FuzzAllowList(f *testing.F) {
	for _, seed := range []string{"127.0.0.0/8,::1/128", paynetmock.PrivateRanges, "10.0.0.1", "::1,fe80::/10", "10.0.0.0/99", ",,", " 127.0.0.1 ,"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prefixes, err := paynetmock.ParsePrefixes(text)
		if err == nil && len(prefixes) > paynetmock.MaxAllowEntries {
			t.Fatalf("%d prefixes accepted, over %d", len(prefixes), paynetmock.MaxAllowEntries)
		}
	})
}

// The admin API refuses an allow-list body over its limit, and one with too many entries,
// leaving the allow-list as it was.
func TestAllowListAdminBodyIsBounded(t *testing.T) {
	s := mocktest.NewServer(t)
	put := func(body string) int {
		r := httptest.NewRequest(http.MethodPut, mock.AdminPrefix+"paynet/allow", strings.NewReader(body))
		r.Header.Set(mock.AdminTokenHeader, s.Config().AdminToken)
		return mocktest.Do(s, r).Code
	}
	huge := `{"clients":["` + strings.Repeat("1", 1<<20) + `"]}`
	many := `{"clients":["` + strings.Repeat(`10.0.0.1","`, paynetmock.MaxAllowEntries+1) + `10.0.0.2"]}`
	for name, body := range map[string]string{"a 1 MiB body": huge, "too many entries": many} {
		if code := put(body); code != http.StatusBadRequest {
			t.Errorf("%s: HTTP %d, want 400", name, code)
		}
	}
	if status, _ := answer(t, s, "127.0.0.1:5555"); status != 200 {
		t.Errorf("after the refused PUTs the allow-list changed: loopback gets HTTP %d", status)
	}
}
