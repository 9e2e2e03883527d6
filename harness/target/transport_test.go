package target_test

import (
	"bytes"
	"context"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/target"
	"github.com/payconform/payconform/internal/brokentarget"
)

func client(t *testing.T, kind target.Kind, env map[string]string) *http.Client {
	t.Helper()
	p, err := target.PolicyFor(kind, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	c, err := target.NewHTTPClient(env["PAYCONFORM_CA_FILE"], p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func post(c *http.Client, url string) (*exchange.Exchange, error) {
	req, _ := http.NewRequest(http.MethodPost, url, nil)
	return exchange.Do(context.Background(), c, req, []byte(`{"x":1}`))
}

var fast = map[string]string{"PAYCONFORM_RETRY_BACKOFF": "1ms", "PAYCONFORM_REQUEST_TIMEOUT": "2s"}

// 429 and 5xx are retried, with the body sent again, and Retry-After is honoured.
func TestRetriesThenSucceeds(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := make([]byte, 7)
		_, _ = r.Body.Read(body)
		if string(body) != `{"x":1}` {
			t.Errorf("attempt %d lost the body: %q", n.Load()+1, body)
		}
		if n.Add(1) < 3 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	ex, err := post(client(t, target.Sandbox, fast), srv.URL)
	if err != nil || ex.Status != 200 || n.Load() != 3 {
		t.Fatalf("status %v err %v after %d attempts; want 200 on the third", ex.Status, err, n.Load())
	}
}

// An outage that lasts past the last attempt is an infrastructure error, not an answer; a 500
// that lasts is an answer, which the checks judge.
func TestOutageAndServerError(t *testing.T) {
	for _, tc := range []struct {
		status int
		infra  bool
	}{{503, true}, {429, true}, {502, true}, {500, false}} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(tc.status) }))
		ex, err := post(client(t, target.Custom, fast), srv.URL)
		srv.Close()
		if got := exchange.IsTransport(err); got != tc.infra {
			t.Errorf("HTTP %d: infrastructure %t (%v), want %t", tc.status, got, err, tc.infra)
		}
		var unavailable *target.UnavailableError
		if tc.infra && (!errors.As(err, &unavailable) || unavailable.Attempts != 3) {
			t.Errorf("HTTP %d: %v, want an UnavailableError after 3 attempts", tc.status, err)
		}
		if !tc.infra && ex.Status != 500 {
			t.Errorf("HTTP 500 came back as %d", ex.Status)
		}
	}
}

// A target that hangs or resets the connection is an infrastructure error; after five in a row
// the circuit opens and the rest fail at once, unsent.
func TestHangResetAndCircuitBreaker(t *testing.T) {
	hang, reset := brokentarget.Hanging(t), brokentarget.Resetting(t)
	c := client(t, target.Sandbox, map[string]string{"PAYCONFORM_REQUEST_TIMEOUT": "200ms", "PAYCONFORM_RETRY_BACKOFF": "1ms"})
	if _, err := post(c, hang); !exchange.IsTransport(err) {
		t.Errorf("hanging target: %v, want an infrastructure error", err)
	}
	for i := range 4 {
		if _, err := post(c, reset); !exchange.IsTransport(err) {
			t.Errorf("reset %d: %v, want an infrastructure error", i, err)
		}
	}
	_, err := post(c, hang)
	var open *target.CircuitOpenError
	if !errors.As(err, &open) {
		t.Fatalf("sixth request: %v, want the circuit open", err)
	}
}

// A target that sends its headers and then stalls the body has not answered: five such
// requests in a row open the circuit like five hangs (red team, 2026-12-02: every request was
// sent, each waiting out its timeout). A body read to its end closes it again.
func TestAStalledBodyCountsForTheBreaker(t *testing.T) {
	stall := make(chan struct{})
	defer close(stall)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(200)
		_, _ = w.Write([]byte("{"))
		w.(http.Flusher).Flush()
		select {
		case <-stall:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("{}")) }))
	defer ok.Close()
	c := client(t, target.Sandbox, map[string]string{"PAYCONFORM_REQUEST_TIMEOUT": "200ms", "PAYCONFORM_RETRY_BACKOFF": "1ms"})
	for i := range 4 {
		if _, err := post(c, srv.URL); !exchange.IsTransport(err) {
			t.Errorf("stalled body %d: %v, want an infrastructure error", i, err)
		}
	}
	if _, err := post(c, ok.URL); err != nil {
		t.Fatalf("an answering target after four stalls: %v", err)
	}
	for i := range 5 {
		_, _ = post(c, srv.URL)
		_ = i
	}
	var open *target.CircuitOpenError
	if _, err := post(c, ok.URL); !errors.As(err, &open) {
		t.Fatalf("after five stalled bodies in a row: %v, want the circuit open", err)
	}
}

// An answer longer than payconform reads is the target's answer, cut, not an infrastructure
// error (red team, 2026-12-02: 64 MiB answers made the run exit 3).
func TestAnOversizedAnswerIsJudged(t *testing.T) {
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("x"), 1<<20)
		for range 6 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer big.Close()
	ex, err := post(client(t, target.Sandbox, fast), big.URL)
	if err != nil || !ex.Truncated || len(ex.Body) != exchange.MaxResponseBody || ex.Status != 200 {
		t.Fatalf("err %v; truncated %v, %d bytes", err, ex != nil && ex.Truncated, len(ex.Body))
	}
	if d := checks.DescribeBody(ex); !strings.Contains(d, "more than 4194304 bytes") {
		t.Errorf("DescribeBody: %s", d)
	}
}

// TLS verification is always on; PAYCONFORM_CA_FILE adds a CA for a custom target.
func TestTLSVerificationAndCAFile(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) }))
	defer srv.Close()
	if _, err := post(client(t, target.Custom, fast), srv.URL); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("an unknown CA was accepted: %v", err)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(ca, pemBytes, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"PAYCONFORM_CA_FILE": ca}
	if ex, err := post(client(t, target.Custom, env), srv.URL); err != nil || ex.Status != 200 {
		t.Errorf("with PAYCONFORM_CA_FILE: %v", err)
	}
}

func TestPolicyFromEnvironment(t *testing.T) {
	for _, bad := range []map[string]string{{"PAYCONFORM_REQUEST_TIMEOUT": "soon"}, {"PAYCONFORM_RETRIES": "-1"}, {"PAYCONFORM_RETRY_BACKOFF": "x"}} {
		if _, err := target.PolicyFor(target.Sandbox, func(k string) string { return bad[k] }); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	p, _ := target.PolicyFor(target.Mock, func(string) string { return "" })
	if p.Attempts != 1 {
		t.Errorf("the mock target retries (%d attempts); a retry would hide a mutant", p.Attempts)
	}
}

// A retry is a new request: a server with a replay guard, which answers 503 once and then
// refuses any nonce it has seen, serves the retry because the client renewed the nonce; the
// exchange says that it was retried, why and how, and carries the last attempt's headers. A
// transport that resent the same request would get the replay refusal.
func TestRetryIsRenewed(t *testing.T) {
	var n atomic.Int32
	seen := map[string]bool{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonce := r.Header.Get("X-Nonce")
		replay := seen[nonce]
		seen[nonce] = true
		switch {
		case n.Add(1) == 1:
			w.WriteHeader(http.StatusServiceUnavailable)
		case replay:
			w.WriteHeader(http.StatusUnauthorized)
		default:
			w.WriteHeader(http.StatusOK)
		}
	}))
	defer srv.Close()
	var fresh atomic.Int32
	ctx := exchange.WithRenew(context.Background(), func(h http.Header) string {
		h.Set("X-Nonce", fmt.Sprintf("nonce-%d", fresh.Add(1)))
		return "with a fresh nonce"
	})
	req, _ := http.NewRequest(http.MethodPost, srv.URL, nil)
	req.Header.Set("X-Nonce", "nonce-0")
	ex, err := exchange.Do(ctx, client(t, target.Custom, fast), req, []byte(`{}`))
	if err != nil || ex.Status != 200 {
		t.Fatalf("status %d, %v; the retry was refused as a replay", ex.Status, err)
	}
	if ex.Attempts != 2 || !strings.Contains(ex.Retried, "HTTP 503 on attempt 1") || !strings.Contains(ex.Retried, "with a fresh nonce") {
		t.Errorf("attempts %d, retried %q", ex.Attempts, ex.Retried)
	}
	if got := ex.RequestHeader.Get("X-Nonce"); got != "nonce-1" {
		t.Errorf("the exchange shows the first attempt's nonce %q, not the last's", got)
	}

	// Without a renewal the same request goes again, and the exchange says so.
	n.Store(0)
	clear(seen)
	req, _ = http.NewRequest(http.MethodPost, srv.URL, nil)
	req.Header.Set("X-Nonce", "nonce-0")
	ex, _ = exchange.Do(context.Background(), client(t, target.Custom, fast), req, []byte(`{}`))
	if ex.Status != http.StatusUnauthorized || !strings.Contains(ex.Retried, "sent again unchanged") {
		t.Errorf("an unrenewed retry: HTTP %d, retried %q", ex.Status, ex.Retried)
	}
	if ex, _ := post(client(t, target.Custom, fast), srv.URL); ex.Attempts != 1 || ex.Retried != "" {
		t.Errorf("a request answered at once: attempts %d, retried %q", ex.Attempts, ex.Retried)
	}
}

// An https:// base URL in front of a plain HTTP server is the user's scheme, said before any
// request (a settings error, exit 2), not a target that could not be asked.
func TestHandshakeWithAPlainHTTPServerNamesTheScheme(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	base := "https://" + strings.TrimPrefix(srv.URL, "http://")
	err := target.Handshake(context.Background(), "IYZICO_BASE_URL", base, "")
	if err == nil || !strings.Contains(err.Error(), "plain HTTP") || !strings.Contains(err.Error(), "write http:// in IYZICO_BASE_URL") {
		t.Fatalf("Handshake: %v", err)
	}
	var setting *target.SettingError
	if !errors.As(err, &setting) {
		t.Errorf("not a settings error: %T", err)
	}
}
