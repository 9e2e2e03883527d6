package selftest_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/internal/selftest"
)

// flakyReplayGuard answers every other request with 503, and refuses any iyzico randomKey it has
// seen before, as a server behind a busy gateway with a replay guard does: a correct server a
// naive harness would blame, since resending the same signed request after the 503 replays it.
func flakyReplayGuard(srv http.Handler) http.Handler {
	var n atomic.Int64
	var mu sync.Mutex
	seen := map[string]bool{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok, reason, _, _ := iyzico.ParseAuthorization(iyzico.Canonical(r.Header.Get("Authorization"))); reason == iyzico.Accepted {
			mu.Lock()
			replay := seen[tok.RandomKey]
			seen[tok.RandomKey] = true
			mu.Unlock()
			if replay {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"status":"failure","errorCode":"1000","errorMessage":"randomKey used before","locale":"tr"}`))
				return
			}
		}
		if n.Add(1)%2 == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		srv.ServeHTTP(w, r)
	})
}

// A retried request is a new request: against a server that answers every other request with 503
// and has a replay guard, every suite passes with retries on, because each retry is re-signed
// with a fresh randomKey. A check that fails on a retried exchange says so, and why.
func TestRetriesAreNewRequests(t *testing.T) {
	for _, mutants := range []string{"", "iyzico-drop-card-family"} {
		set, err := mock.ParseMutants(mutants)
		if err != nil {
			t.Fatal(err)
		}
		cfg := mock.Config{Mutants: set}
		cfg.Generate()
		srv, err := mock.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(flakyReplayGuard(srv))
		for _, suite := range selftest.Suites() {
			env := map[string]string{"PAYCONFORM_TARGET": "custom", "PAYCONFORM_RETRIES": "1", "PAYCONFORM_RETRY_BACKOFF": "1ms", "PAYCONFORM_REQUEST_TIMEOUT": "5s"}
			for k, v := range cfg.Vars(ts.URL) {
				env[k] = v
			}
			s := runSuiteOn(t, suite, "", env)
			for _, sp := range s.Specs {
				msg := strings.Join(sp.Messages, " ")
				switch {
				case sp.Outcome == report.Skipped && (strings.Contains(msg, "mock's own data") || strings.Contains(msg, "the target is custom")):
				case mutants != "" && sp.Requirement == "IYZ-CONTRACT-01":
					if sp.Outcome != report.Failed || !strings.Contains(msg, "came on attempt 2") || !strings.Contains(msg, "HTTP 503 on attempt 1") || !strings.Contains(msg, "re-signed with a fresh randomKey") {
						t.Errorf("%s on a retried exchange: %s %q; want a failure that says it was retried, and why", sp.Name, sp.Outcome, msg)
					}
				case sp.Outcome != report.Passed && (mutants == "" || sp.Outcome != report.Failed || suite != "iyzico"):
					t.Errorf("%s (mutants %q): %s %v", sp.Name, mutants, sp.Outcome, sp.Messages)
				}
			}
		}
		ts.Close()
	}
}
