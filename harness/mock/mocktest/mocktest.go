// Package mocktest is what the mock's tests share, in the manner of net/http/httptest: a server
// with generated credentials, requests built from a provider's samples, and a fuzz target over a
// route's bodies.
package mocktest

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/mock"
)

// Fixed is the clock NewServer gives the mock: time in its answers does not depend on the run.
var Fixed = time.UnixMilli(1_700_000_000_000)

// NewServer is a mock with every registered provider, generated credentials, the named mutants
// on and a fixed clock.
func NewServer(tb testing.TB, mutants ...string) *mock.Server {
	tb.Helper()
	set, err := mock.ParseMutants(strings.Join(mutants, ","))
	if err != nil {
		tb.Fatal(err)
	}
	cfg := mock.Config{Mutants: set, Now: func() time.Time { return Fixed }}
	cfg.Generate()
	s, err := mock.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// Serve serves a mock built from cfg (missing credentials generated) on a loopback port until
// the test ends, for tests that need real connections, and returns it with its base URL.
func Serve(tb testing.TB, cfg mock.Config) (*mock.Server, string) {
	tb.Helper()
	cfg.Generate()
	s, err := mock.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mock.Serve(ctx, ln, s) }()
	tb.Cleanup(func() { cancel(); <-done })
	return s, "http://" + ln.Addr().String()
}

// Request builds a sample's request with body: credentials for s, Content-Type when asked, and a
// loopback client address (httptest's default, 192.0.2.1, is on no allow-list).
func Request(s *mock.Server, sample mock.Sample, body []byte, contentType bool) *http.Request {
	r := httptest.NewRequest(sample.Method, sample.Path, bytes.NewReader(body))
	r.RemoteAddr = "127.0.0.1:40000"
	if contentType {
		r.Header.Set("Content-Type", "application/json")
	}
	sample.Prepare(r, body, s.Config().Var)
	return r
}

// Do serves one request.
func Do(s *mock.Server, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// Fuzz feeds arbitrary bodies to a sample's route, with valid credentials, with and without a
// Content-Type. Whatever arrives, the mock answers with the provider's success or its refusal:
// never a 5xx, never a panic, never another shape.
func Fuzz(f *testing.F, sample mock.Sample, seeds ...[]byte) {
	s := NewServer(f)
	f.Add(sample.Body(s.Config().Var), true)
	for _, s := range append(seeds, []byte(`null`), []byte(`[]`), []byte(`{`), []byte("\xff\xfe"), bytes.Repeat([]byte("["), 10000)) {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType bool) {
		w := Do(s, Request(s, sample, body, contentType))
		if !sample.Shaped(w.Code, w.Body.Bytes()) {
			t.Fatalf("%s: HTTP %d %q for body %q", sample.Name, w.Code, w.Body, body)
		}
	})
}
