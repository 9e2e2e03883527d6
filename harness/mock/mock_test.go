package mock_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mock/mocktest"
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/internal/toyprovider"
)

// The generic mock is tested with payconform's test-only provider, registered by the import
// above and by nothing else: the mock serves whatever registers, and names no provider.

func echo(s *mock.Server, body string) *http.Request {
	return mocktest.Request(s, mock.Samples()[0], []byte(body), true)
}

func TestAdminAPI(t *testing.T) {
	cfg := mock.Config{AdminToken: "admin-token"}
	cfg.Generate()
	s, err := mock.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	do := func(method, path, body, token string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, mock.AdminPrefix+path, strings.NewReader(body))
		if token != "" {
			r.Header.Set(mock.AdminTokenHeader, token)
		}
		return mocktest.Do(s, r)
	}
	if w := do("GET", "health", "", ""); w.Code != 200 {
		t.Errorf("health: %d", w.Code)
	}
	if w := do("GET", "journal", "", ""); w.Code != 401 {
		t.Errorf("journal without token: %d, want 401", w.Code)
	}
	if w := do("PUT", "mutants", `{"active":["toy-no-echo"]}`, "admin-token"); w.Code != 200 || !s.Mutants().Has(toyprovider.NoEcho) {
		t.Errorf("set mutants: %d %s", w.Code, w.Body)
	}
	if w := do("PUT", "mutants", `{"active":["no-such-mutant"]}`, "admin-token"); w.Code != 400 {
		t.Errorf("unknown mutant: %d, want 400", w.Code)
	}
	if w := do("GET", "nothing-here", "", "admin-token"); w.Code != 404 {
		t.Errorf("unknown admin path: %d, want 404", w.Code)
	}
}

// The journal keeps at most its size, numbering on; Clear empties it.
func TestJournalIsBounded(t *testing.T) {
	cfg := mock.Config{JournalSize: 4}
	cfg.Generate()
	s, _ := mock.New(cfg)
	for range 10 {
		mocktest.Do(s, echo(s, `{"message":"hi"}`))
	}
	entries := s.Journal().Entries()
	if len(entries) != 4 || entries[0].Seq != 7 || entries[3].Seq != 10 {
		t.Fatalf("journal kept %d entries from seq %d; want the last 4 (7..10)", len(entries), entries[0].Seq)
	}
	s.Journal().Clear()
	if n := len(s.Journal().Entries()); n != 0 {
		t.Errorf("after Clear, %d entries", n)
	}
}

// A request no route takes is answered 404 and journaled, with every provider's credential
// headers masked; a known path with another method is 405 with Allow.
func TestUnknownRouteAndWrongMethod(t *testing.T) {
	s := mocktest.NewServer(t)
	r := httptest.NewRequest(http.MethodPost, "/no/such/path", strings.NewReader("{}"))
	r.Header.Set(toyprovider.SignatureHeader, "secret-looking-signature")
	if w := mocktest.Do(s, r); w.Code != http.StatusNotFound || w.Header().Get(mock.ReasonHeader) == "" {
		t.Errorf("unknown path: HTTP %d, reason %q", w.Code, w.Header().Get(mock.ReasonHeader))
	}
	e := s.Journal().Entries()[0]
	if e.Provider != "unknown" || strings.Contains(e.Header.Get(toyprovider.SignatureHeader), "secret-looking") {
		t.Errorf("journal: provider %q, header %q", e.Provider, e.Header.Get(toyprovider.SignatureHeader))
	}
	w := mocktest.Do(s, httptest.NewRequest(http.MethodGet, toyprovider.EchoPath, nil))
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != http.MethodPost {
		t.Errorf("GET on a POST route: HTTP %d, Allow %q; want 405, Allow POST", w.Code, w.Header().Get("Allow"))
	}
}

// Every refusal says why in X-Payconform-Reason; a success carries no reason.
func TestRefusalsSayWhy(t *testing.T) {
	s := mocktest.NewServer(t)
	if w := mocktest.Do(s, echo(s, `{"message":"hi"}`)); w.Code != 200 || w.Header().Get(mock.ReasonHeader) != "" {
		t.Errorf("success: HTTP %d, reason %q", w.Code, w.Header().Get(mock.ReasonHeader))
	}
	r := echo(s, `{"message":"hi"}`)
	r.Header.Set(toyprovider.SignatureHeader, strings.Repeat("0", 64))
	w := mocktest.Do(s, r)
	if w.Code != http.StatusUnauthorized || !strings.Contains(w.Header().Get(mock.ReasonHeader), "signature mismatch") {
		t.Errorf("bad signature: HTTP %d, reason %q", w.Code, w.Header().Get(mock.ReasonHeader))
	}
}

// Each fault replaces the answer, whatever the request deserved; the request is journaled as
// usual.
func TestFaultsReplaceTheAnswer(t *testing.T) {
	s := mocktest.NewServer(t)
	for _, tc := range []struct {
		fault       mock.Injection
		status      int
		contentType string
	}{
		{mock.InjectEnvelope, http.StatusUnauthorized, "application/json"},
		{mock.InjectEnvelope200, http.StatusOK, "application/json"},
		{mock.InjectServerError, http.StatusInternalServerError, "text/html"},
		{mock.InjectMalformed, http.StatusOK, "application/json"},
		{mock.InjectWrongContentType, http.StatusOK, "text/html"},
	} {
		s.SetInjection(tc.fault)
		w := mocktest.Do(s, echo(s, `{"message":"hi"}`))
		if w.Code != tc.status || !strings.HasPrefix(w.Header().Get("Content-Type"), tc.contentType) {
			t.Errorf("%s: HTTP %d %s, want %d %s", tc.fault, w.Code, w.Header().Get("Content-Type"), tc.status, tc.contentType)
		}
		if tc.fault == mock.InjectMalformed && json.Valid(w.Body.Bytes()) {
			t.Errorf("%s: the body is valid JSON", tc.fault)
		}
	}
	s.SetInjection(mock.NoInjection)
	if n := len(s.Journal().Entries()); n != 5 {
		t.Errorf("%d journal entries, want 5", n)
	}
}

// Every registered variable reaches the mock's configuration and comes back out of Vars, so
// that `payconform mock` and the container honour each one.
func TestConfigFromEnvReadsEveryVariable(t *testing.T) {
	env := map[string]string{}
	for _, v := range provider.Vars() {
		env[v.Name] = "value-of-" + v.Name
	}
	cfg, err := mock.ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if generated := cfg.Generate(); len(generated) > 0 {
		t.Errorf("generated %v although the environment set them", generated)
	}
	vars := cfg.Vars("http://127.0.0.1:1")
	for _, v := range provider.Vars() {
		want := env[v.Name]
		if v.Kind == provider.BaseURL {
			want = "http://127.0.0.1:1"
		}
		if vars[v.Name] != want {
			t.Errorf("%s: Vars gives %q, want %q", v.Name, vars[v.Name], want)
		}
	}
	if len(vars) != len(provider.Vars()) {
		t.Errorf("Vars has %d variables, the providers declare %d", len(vars), len(provider.Vars()))
	}
}

// Mutant sets parse from names, refuse unknown ones, and combine.
func TestMutantSets(t *testing.T) {
	a, err := mock.ParseMutants("toy-no-echo")
	if err != nil || !a.Has(toyprovider.NoEcho) || a.Has(toyprovider.AcceptAnySignature) {
		t.Fatalf("parse: %v %v", a.Names(), err)
	}
	b, _ := mock.ParseMutants(" toy-accept-any-signature ,")
	if u := a.Union(b); len(u.Names()) != 2 {
		t.Errorf("union: %v", u.Names())
	}
	if _, err := mock.ParseMutants("toy-no-such"); err == nil {
		t.Error("an unknown mutant parsed")
	}
}
