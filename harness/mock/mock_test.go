package mock_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/paywall"
)

var (
	testCreds   = iyzico.Credentials{APIKey: "sandbox-mock-test", SecretKey: "mock-test-secret"}
	testPaynet  = mock.PaynetConfig{SecretKey: "sck_mock_test", AgentID: "11111", UserID: "mock-user"}
	testPaywall = mock.PaywallConfig{APIKeyPublic: "pk_mock_test", APIClientPublic: "pc_mock_test"}
)

func newMock(t testing.TB, mutants ...string) *mock.Server {
	t.Helper()
	set, err := mock.ParseMutants(strings.Join(mutants, ","))
	if err != nil {
		t.Fatal(err)
	}
	s, err := mock.New(mock.Config{
		Iyzico:  mock.IyzicoConfig{APIKey: testCreds.APIKey, SecretKey: testCreds.SecretKey},
		Paynet:  testPaynet,
		Paywall: testPaywall,
		Mutants: set,
		Now:     func() time.Time { return time.UnixMilli(1_700_000_000_000) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// signedRequest is a bin/check with body, signed correctly over exactly those bytes.
func signedRequest(body []byte, opts ...func(*http.Request)) *http.Request {
	r := httptest.NewRequest(http.MethodPost, iyzico.BinCheckPath, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	signed := iyzico.Signer{Credentials: testCreds}.Sign(iyzico.NewRandomKey(), iyzico.BinCheckPath, body)
	r.Header.Set("Authorization", signed.Authorization)
	for _, o := range opts {
		o(r)
	}
	return r
}

type answer struct {
	Status    int
	Body      iyzico.BinCheckResponse
	RawStatus string
}

func serve(t testing.TB, s *mock.Server, r *http.Request) answer {
	t.Helper()
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	a := answer{Status: w.Code}
	if err := json.Unmarshal(w.Body.Bytes(), &a.Body); err != nil {
		t.Fatalf("answer is not JSON (%d): %q", w.Code, w.Body.String())
	}
	return a
}

func TestBinCheckAnswers(t *testing.T) {
	s := newMock(t)
	for _, tc := range []struct {
		name     string
		req      *http.Request
		wantCode string // "" for success
	}{
		{"documented BIN", signedRequest([]byte(`{"locale":"tr","conversationId":"c1","binNumber":"554960"}`)), ""},
		{"BIN without locale", signedRequest([]byte(`{"binNumber":"542119"}`)), ""},
		{"unknown BIN", signedRequest([]byte(`{"binNumber":"999999"}`)), iyzico.ErrInvalidRequest},
		{"wrong secret", func() *http.Request {
			r := signedRequest([]byte(`{"binNumber":"554960"}`))
			r.Header.Set("Authorization", iyzico.Signer{Credentials: iyzico.Credentials{APIKey: testCreds.APIKey, SecretKey: "x"}}.Sign("r", iyzico.BinCheckPath, []byte(`{"binNumber":"554960"}`)).Authorization)
			return r
		}(), iyzico.ErrInvalidSignature},
		{"unknown apiKey", func() *http.Request {
			r := signedRequest([]byte(`{"binNumber":"554960"}`))
			r.Header.Set("Authorization", iyzico.Signer{Credentials: iyzico.Credentials{APIKey: "other", SecretKey: testCreds.SecretKey}}.Sign("r", iyzico.BinCheckPath, []byte(`{"binNumber":"554960"}`)).Authorization)
			return r
		}(), iyzico.ErrAPIKeyNotFound},
		{"no Authorization", signedRequest([]byte(`{"binNumber":"554960"}`), func(r *http.Request) { r.Header.Del("Authorization") }), "1009"},
		{"legacy scheme", signedRequest([]byte(`{"binNumber":"554960"}`), func(r *http.Request) { r.Header.Set("Authorization", "IYZWS k:abc=") }), iyzico.ErrInvalidSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := serve(t, s, tc.req)
			if a.Status != http.StatusOK {
				t.Fatalf("HTTP %d, want 200 (iyzico answers failures with 200 too)", a.Status)
			}
			if tc.wantCode == "" && a.Body.Status != iyzico.StatusSuccess {
				t.Fatalf("got %+v, want success", a.Body)
			}
			if tc.wantCode != "" && (a.Body.Status != iyzico.StatusFailure || a.Body.ErrorCode != tc.wantCode) {
				t.Fatalf("got status %q code %q, want failure %q", a.Body.Status, a.Body.ErrorCode, tc.wantCode)
			}
		})
	}
}

// Bad input gets the failure envelope, never a 5xx or a panic.
func TestBadInputGetsTheEnvelope(t *testing.T) {
	s := newMock(t)
	for _, m := range iyzico.MalformedRequests {
		t.Run(m.Name, func(t *testing.T) {
			r := signedRequest(m.Body)
			if m.Name == "no Content-Type" {
				r.Header.Del("Content-Type")
			}
			a := serve(t, s, r)
			if a.Status != http.StatusOK || a.Body.Status != iyzico.StatusFailure || a.Body.ErrorCode != iyzico.ErrInvalidRequest {
				t.Fatalf("HTTP %d %+v, want 200 failure %s", a.Status, a.Body, iyzico.ErrInvalidRequest)
			}
		})
	}
}

// The mock accepts both SDK styles: with and without x-iyzi-rnd, and records a mismatch as a
// warning, not a refusal.
func TestXIyziRndIsOptionalAndChecked(t *testing.T) {
	s := newMock(t)
	body := []byte(`{"binNumber":"554960"}`)
	for _, tc := range []struct {
		name, rnd, warning string
	}{{"absent", "", ""}, {"equal", "same", ""}, {"different", "other", "RND_MISMATCH"}} {
		r := httptest.NewRequest(http.MethodPost, iyzico.BinCheckPath, bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", iyzico.Signer{Credentials: testCreds}.Sign("same", iyzico.BinCheckPath, body).Authorization)
		if tc.rnd != "" {
			r.Header.Set(iyzico.RndHeader, tc.rnd)
		}
		if a := serve(t, s, r); a.Body.Status != iyzico.StatusSuccess {
			t.Errorf("%s: %+v", tc.name, a.Body)
		}
		entries := s.Journal().Entries()
		last := entries[len(entries)-1]
		if got := strings.Join(last.Auth.Warnings, ","); got != tc.warning {
			t.Errorf("%s: journal warnings %q, want %q", tc.name, got, tc.warning)
		}
	}
}

// The journal masks signatures and keeps the apiKey; it keeps at most its size.
func TestJournalRedactsAndIsBounded(t *testing.T) {
	s, _ := mock.New(mock.Config{Iyzico: mock.IyzicoConfig{APIKey: testCreds.APIKey, SecretKey: testCreds.SecretKey}, Paynet: testPaynet, Paywall: testPaywall, JournalSize: 4})
	var sent []string
	for i := range 10 {
		r := signedRequest([]byte(fmt.Sprintf(`{"binNumber":"554960","conversationId":"c%d"}`, i)))
		sent = append(sent, r.Header.Get("Authorization"))
		serve(t, s, r)
	}
	entries := s.Journal().Entries()
	if len(entries) != 4 || entries[0].Seq != 7 || entries[3].Seq != 10 {
		t.Fatalf("journal kept %d entries from seq %d; want the last 4 (7..10)", len(entries), entries[0].Seq)
	}
	for _, e := range entries {
		h := e.Header.Get("Authorization")
		if !strings.Contains(h, "apiKey:"+testCreds.APIKey) || !strings.Contains(h, "…<64 chars>]") {
			t.Errorf("journal Authorization %q: want apiKey kept and signature masked", h)
		}
		for _, s := range sent {
			if strings.Contains(h, strings.TrimPrefix(s, "IYZWSv2 ")) {
				t.Errorf("journal holds a replayable header")
			}
		}
	}
	s.Journal().Clear()
	if n := len(s.Journal().Entries()); n != 0 {
		t.Errorf("after Clear, %d entries", n)
	}
}

func TestAdminAPI(t *testing.T) {
	s, _ := mock.New(mock.Config{Iyzico: mock.IyzicoConfig{APIKey: "k", SecretKey: "s"}, Paynet: testPaynet, Paywall: testPaywall, AdminToken: "admin-token"})
	do := func(method, path, body, token string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, mock.AdminPrefix+path, strings.NewReader(body))
		if token != "" {
			r.Header.Set("X-Payconform-Admin-Token", token)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w
	}
	if w := do("GET", "health", "", ""); w.Code != 200 {
		t.Errorf("health: %d", w.Code)
	}
	if w := do("GET", "journal", "", ""); w.Code != 401 {
		t.Errorf("journal without token: %d, want 401", w.Code)
	}
	if w := do("PUT", "mutants", `{"active":["iyzico-no-echo"]}`, "admin-token"); w.Code != 200 || !s.Mutants().Has(mock.IyzicoNoEcho) {
		t.Errorf("set mutants: %d %s", w.Code, w.Body)
	}
	if w := do("PUT", "mutants", `{"active":["no-such-mutant"]}`, "admin-token"); w.Code != 400 {
		t.Errorf("unknown mutant: %d, want 400", w.Code)
	}
	if w := do("GET", "nothing-here", "", "admin-token"); w.Code != 404 {
		t.Errorf("unknown admin path: %d, want 404", w.Code)
	}
}

// route is one provider operation, as the fuzz target and the benchmarks call it.
type route struct {
	name    string
	path    string
	prepare func(r *http.Request, body []byte)
	// ok reports whether an answer has the provider's shape: a success or its refusal envelope.
	ok func(status int, body []byte) bool
}

var routes = []route{
	{name: "iyzico bin/check", path: iyzico.BinCheckPath,
		prepare: func(r *http.Request, body []byte) {
			r.Header.Set("Authorization", iyzico.Signer{Credentials: testCreds}.Sign(iyzico.NewRandomKey(), iyzico.BinCheckPath, body).Authorization)
		},
		ok: func(status int, body []byte) bool {
			var resp iyzico.BinCheckResponse
			return status == http.StatusOK && json.Unmarshal(body, &resp) == nil &&
				(resp.Status == iyzico.StatusSuccess || (resp.Status == iyzico.StatusFailure && resp.ErrorCode != ""))
		}},
	{name: "paynet get_auth_key", path: paynet.GetAuthKeyPath,
		prepare: func(r *http.Request, body []byte) {
			r.RemoteAddr = "127.0.0.1:40000" // httptest's default, 192.0.2.1, is not on the allow-list
			r.Header.Set("Authorization", paynet.Authorization(testPaynet.SecretKey))
			r.Header.Set(paynet.MobileHeader, "2")
		},
		ok: func(status int, body []byte) bool {
			if status == http.StatusOK {
				var resp paynet.AuthResponse
				return json.Unmarshal(body, &resp) == nil && resp.SessionKey != ""
			}
			var e paynet.ErrorResponse
			return status >= 400 && status < 500 && json.Unmarshal(body, &e) == nil && e.Type != "" && e.Code == status
		}},
	{name: "paywall temptoken/sdk", path: paywall.SdkPath,
		prepare: func(r *http.Request, _ []byte) {
			r.Header.Set(paywall.KeyHeader, testPaywall.APIKeyPublic)
			r.Header.Set(paywall.ClientHeader, testPaywall.APIClientPublic)
		},
		ok: func(status int, body []byte) bool {
			var e paywall.Envelope
			if json.Unmarshal(body, &e) != nil || status >= 500 {
				return false
			}
			return (e.Result && e.Body != nil && e.Body.Token != "") || (!e.Result && e.ErrorCode != 0)
		}},
}

// FuzzMockBodies sends arbitrary bodies to every provider route, with valid credentials and with
// or without a Content-Type. Whatever arrives, the mock answers with the provider's success or
// its refusal envelope: never a 5xx, never a panic, never another shape.
func FuzzMockBodies(f *testing.F) {
	for _, m := range iyzico.MalformedRequests {
		if len(m.Body) < 4096 {
			f.Add(uint8(0), m.Body, true)
		}
	}
	for _, v := range iyzico.VerifyVectors.Tests() {
		f.Add(uint8(0), []byte(v.Input.Body), true)
	}
	for _, v := range paynet.Vectors.Tests() {
		f.Add(uint8(1), []byte(strings.NewReplacer("{agent_id}", testPaynet.AgentID, "{user_id}", testPaynet.UserID).Replace(v.Input.Body)), true)
	}
	for _, v := range paywall.Vectors.Tests() {
		f.Add(uint8(2), []byte(v.Input.Body), true)
	}
	f.Add(uint8(0), []byte(`null`), true)
	f.Add(uint8(2), []byte(`{"clientCardSave":true,"ClientCardSave":false}`), true)
	s := newMock(f)
	f.Fuzz(func(t *testing.T, which uint8, body []byte, contentType bool) {
		rt := routes[int(which)%len(routes)]
		r := httptest.NewRequest(http.MethodPost, rt.path, bytes.NewReader(body))
		if contentType {
			r.Header.Set("Content-Type", "application/json")
		}
		rt.prepare(r, body)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if !rt.ok(w.Code, w.Body.Bytes()) {
			t.Fatalf("%s: HTTP %d %q for body %q", rt.name, w.Code, w.Body, body)
		}
	})
}
