package iyzicomock_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mock/mocktest"
)

type answer struct {
	Status int
	Body   iyzico.BinCheckResponse
}

func creds(s *mock.Server) iyzico.Credentials {
	return iyzico.Credentials{APIKey: s.Config().Var(iyzico.EnvAPIKey), SecretKey: s.Config().Var(iyzico.EnvSecretKey)}
}

// signedRequest is a bin/check with body, signed correctly over exactly those bytes.
func signedRequest(s *mock.Server, body []byte, opts ...func(*http.Request)) *http.Request {
	r := httptest.NewRequest(http.MethodPost, iyzico.BinCheckPath, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", iyzico.Signer{Credentials: creds(s)}.Sign(iyzico.NewRandomKey(), iyzico.BinCheckPath, body).Authorization)
	for _, o := range opts {
		o(r)
	}
	return r
}

func serve(t testing.TB, s *mock.Server, r *http.Request) answer {
	t.Helper()
	w := mocktest.Do(s, r)
	a := answer{Status: w.Code}
	if err := json.Unmarshal(w.Body.Bytes(), &a.Body); err != nil {
		t.Fatalf("answer is not JSON (%d): %q", w.Code, w.Body.String())
	}
	return a
}

func TestBinCheckAnswers(t *testing.T) {
	s := mocktest.NewServer(t)
	c := creds(s)
	signedBy := func(k iyzico.Credentials) func(*http.Request) {
		return func(r *http.Request) {
			r.Header.Set("Authorization", iyzico.Signer{Credentials: k}.Sign("r", iyzico.BinCheckPath, []byte(`{"binNumber":"554960"}`)).Authorization)
		}
	}
	for _, tc := range []struct {
		name     string
		req      *http.Request
		wantCode string // "" for success
	}{
		{"documented BIN", signedRequest(s, []byte(`{"locale":"tr","conversationId":"c1","binNumber":"554960"}`)), ""},
		{"BIN without locale", signedRequest(s, []byte(`{"binNumber":"542119"}`)), ""},
		{"unknown BIN", signedRequest(s, []byte(`{"binNumber":"999999"}`)), iyzico.ErrInvalidRequest},
		{"wrong secret", signedRequest(s, []byte(`{"binNumber":"554960"}`), signedBy(iyzico.Credentials{APIKey: c.APIKey, SecretKey: "x"})), iyzico.ErrInvalidSignature},
		{"unknown apiKey", signedRequest(s, []byte(`{"binNumber":"554960"}`), signedBy(iyzico.Credentials{APIKey: "other", SecretKey: c.SecretKey})), iyzico.ErrAPIKeyNotFound},
		{"no Authorization", signedRequest(s, []byte(`{"binNumber":"554960"}`), func(r *http.Request) { r.Header.Del("Authorization") }), iyzico.ErrMissingAuthorization},
		{"legacy scheme", signedRequest(s, []byte(`{"binNumber":"554960"}`), func(r *http.Request) { r.Header.Set("Authorization", "IYZWS k:abc=") }), iyzico.ErrInvalidSignature},
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
	s := mocktest.NewServer(t)
	for _, m := range conform.MalformedRequests {
		t.Run(m.Name, func(t *testing.T) {
			r := signedRequest(s, m.Body)
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
	s := mocktest.NewServer(t)
	body := []byte(`{"binNumber":"554960"}`)
	for _, tc := range []struct {
		name, rnd, warning string
	}{{"absent", "", ""}, {"equal", "same", ""}, {"different", "other", "RND_MISMATCH"}} {
		r := httptest.NewRequest(http.MethodPost, iyzico.BinCheckPath, bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", iyzico.Signer{Credentials: creds(s)}.Sign("same", iyzico.BinCheckPath, body).Authorization)
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

// The journal masks signatures and keeps the apiKey.
func TestJournalRedactsTheSignature(t *testing.T) {
	s := mocktest.NewServer(t)
	var sent []string
	for i := range 3 {
		r := signedRequest(s, []byte(fmt.Sprintf(`{"binNumber":"554960","conversationId":"c%d"}`, i)))
		sent = append(sent, r.Header.Get("Authorization"))
		serve(t, s, r)
	}
	for _, e := range s.Journal().Entries() {
		h := e.Header.Get("Authorization")
		if !strings.Contains(h, "apiKey:"+creds(s).APIKey) || !strings.Contains(h, "…<64 chars>]") {
			t.Errorf("journal Authorization %q: want apiKey kept and signature masked", h)
		}
		for _, s := range sent {
			if strings.Contains(h, strings.TrimPrefix(s, "IYZWSv2 ")) {
				t.Errorf("journal holds a replayable header")
			}
		}
	}
}

// FuzzBinCheckBody sends arbitrary bodies, correctly signed, to bin/check: the answer is always
// iyzico's success or failure envelope on HTTP 200. Seeded with every verify vector's body and
// the malformed requests.
func FuzzBinCheckBody(f *testing.F) {
	var seeds [][]byte
	for _, m := range conform.MalformedRequests {
		if len(m.Body) < 4096 {
			seeds = append(seeds, m.Body)
		}
	}
	for _, v := range conform.VerifyVectors().Tests() {
		seeds = append(seeds, []byte(v.Input.Body))
	}
	mocktest.Fuzz(f, sample(f, iyzico.BinCheckPath), seeds...)
}

func sample(tb testing.TB, path string) mock.Sample {
	for _, s := range mock.Samples() {
		if s.Path == path {
			return s
		}
	}
	tb.Fatalf("no sample for %s", path)
	return mock.Sample{}
}
