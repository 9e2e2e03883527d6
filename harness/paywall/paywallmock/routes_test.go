package paywallmock_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mock/mocktest"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/paywall/conform"
	"github.com/payconform/payconform/harness/paywall/paywallmock"
)

func answer(t *testing.T, s *mock.Server, body string) (int, paywall.Envelope) {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, paywall.SdkPath, bytes.NewReader([]byte(body)))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set(paywall.KeyHeader, s.Config().Var(paywall.EnvAPIKeyPublic))
	r.Header.Set(paywall.ClientHeader, s.Config().Var(paywall.EnvAPIClientPublic))
	w := mocktest.Do(s, r)
	var e paywall.Envelope
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("answer is not the envelope: %q", w.Body)
	}
	return w.Code, e
}

// The routes accept property names in any case, as ASP.NET Core does by default: the
// documentation's PascalCase, the .NET SDK's camelCase, and anything between. Two names that
// differ only in case are refused as ambiguous.
func TestAcceptsEveryCasing(t *testing.T) {
	s := mocktest.NewServer(t)
	for name, body := range map[string]string{
		"PascalCase (documentation)": `{"ClientCardSave":true,"ThreeDSession":false,"ClientSdk":true,"ScopeBased":true,"Scope":2,"ExpiryMin":5}`,
		"camelCase (.NET SDK)":       `{"clientCardSave":true,"threeDSession":false,"clientSdk":true,"scopeBased":true,"scope":2,"expiryMin":5}`,
		"lower case":                 `{"clientcardsave":true,"threedsession":false,"clientsdk":true,"scopebased":true,"scope":2,"expirymin":5}`,
	} {
		status, e := answer(t, s, body)
		if status != 200 || !e.Result || e.Body.Scope.Scope == nil || *e.Body.Scope.Scope != 2 {
			t.Errorf("%s: HTTP %d %+v", name, status, e)
		}
	}
	status, e := answer(t, s, `{"ClientCardSave":true,"clientCardSave":false,"ThreeDSession":false,"ClientSdk":true,"ScopeBased":false,"ExpiryMin":5}`)
	if status != 400 || e.Result || e.ErrorCode != paywall.CodeUnexpectedParameters {
		t.Errorf("ambiguous casing: HTTP %d %+v, want 400 ErrorCode 2", status, e)
	}
}

// Tokens carry ExpiryDateTime = now + ExpiryMin in +03:00, and the mock forgets them after.
func TestTokensExpire(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	cfg := mock.Config{Now: func() time.Time { return now }}
	cfg.Generate()
	s, err := mock.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, e := answer(t, s, `{"ClientCardSave":true,"ThreeDSession":false,"ClientSdk":true,"ScopeBased":false,"ExpiryMin":10}`)
	if got, want := e.Body.ExpiryDateTime, "2026-11-23T15:10:00.0000000+03:00"; got != want {
		t.Errorf("ExpiryDateTime %s, want %s", got, want)
	}
	routes := s.State("paywall").(*paywallmock.Routes)
	if !routes.TokenValid(e.Body.Token, now) {
		t.Fatal("a fresh token is not valid")
	}
	if routes.TokenValid(e.Body.Token, now.Add(10*time.Minute+time.Second)) {
		t.Error("a token is still valid after ExpiryMin")
	}
}

// FuzzTempTokenBody sends arbitrary bodies, with valid credentials, to temptoken/sdk: the answer
// is always the Paywall envelope, a token or a refusal. Seeded with every vector's body.
func FuzzTempTokenBody(f *testing.F) {
	var seeds [][]byte
	for _, v := range conform.Vectors().Tests() {
		seeds = append(seeds, []byte(v.Input.Body))
	}
	seeds = append(seeds, []byte(`{"clientCardSave":true,"ClientCardSave":false}`))
	for _, s := range mock.Samples() {
		if s.Path == paywall.SdkPath {
			mocktest.Fuzz(f, s, seeds...)
			return
		}
	}
	f.Fatal("no sample for temptoken/sdk")
}

// FuzzCredentialHeaders sends arbitrary apikeypublic and apiclientpublic values with a valid
// body: the route grants a token only for the merchant's two values, each in its own header,
// byte for byte, and answers everything else with the envelope's refusal; never a 5xx.
func FuzzCredentialHeaders(f *testing.F) {
	s := mocktest.NewServer(f)
	key, client := s.Config().Var(paywall.EnvAPIKeyPublic), s.Config().Var(paywall.EnvAPIClientPublic)
	for _, seed := range [][2]string{{key, client}, {client, key}, {key, ""}, {"", client}, {key + "0", client}, {key[:len(key)-1], client},
		{key, client + " "}, {"PK_" + key[3:], client}, {"\x00", "\xff"}} {
		f.Add(seed[0], seed[1])
	}
	body := []byte(`{"ClientCardSave":true,"ThreeDSession":false,"ClientSdk":true,"ScopeBased":false,"ExpiryMin":30}`)
	f.Fuzz(func(t *testing.T, k, c string) {
		r := httptest.NewRequest(http.MethodPost, paywall.SdkPath, bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header[http.CanonicalHeaderKey(paywall.KeyHeader)] = []string{k}
		r.Header[http.CanonicalHeaderKey(paywall.ClientHeader)] = []string{c}
		w := mocktest.Do(s, r)
		var e paywall.Envelope
		if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code >= 500 {
			t.Fatalf("HTTP %d %q for %q/%q", w.Code, w.Body, k, c)
		}
		if granted := e.Result && e.Body != nil && e.Body.Token != ""; granted != (k == key && c == client) {
			t.Fatalf("headers %q/%q: token granted %t", k, c, granted)
		}
	})
}
