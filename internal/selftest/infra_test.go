package selftest_test

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/onsi/ginkgo/v2/reporters"

	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/internal/brokentarget"
	"github.com/payconform/payconform/internal/selftest"
)

// A target that hangs, resets the connection or answers 503 cannot be asked: every spec that
// talks to it is an infrastructure error (JUnit <error>, exit status 3), never a failure, and
// the offline known-answer vectors still pass.
func TestUnreachableTargetIsAnInfrastructureError(t *testing.T) {
	unavailable := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "0")
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	}))
	defer unavailable.Close()
	hang, reset := brokentarget.Hanging(t), brokentarget.Resetting(t)

	bin, err := selftest.SuiteBinary(sharedDir(t), "iyzico")
	if err != nil {
		t.Fatal(err)
	}
	for name, url := range map[string]string{"hangs": hang, "resets": reset, "answers 503": unavailable.URL} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			run, err := selftest.RunSuite(bin, dir, map[string]string{
				"PAYCONFORM_TARGET": "custom", "IYZICO_BASE_URL": url, "IYZICO_API_KEY": "k", "IYZICO_SECRET_KEY": "not-a-secret",
				"PAYCONFORM_REQUEST_TIMEOUT": "300ms", "PAYCONFORM_RETRY_BACKOFF": "1ms",
			})
			if err != nil {
				t.Fatal(err)
			}
			reports, err := report.Load(run.Report)
			if err != nil {
				t.Fatalf("%v\n%s", err, run.Output)
			}
			s := report.Summarize(reports)
			if s.Counts[report.Failed] != 0 || s.Counts[report.Errored] == 0 || s.Counts[report.Passed] == 0 || s.ExitCode() != 3 {
				t.Errorf("counts %v, exit %d; want infrastructure errors only (exit 3), the offline vectors passing", s.Counts, s.ExitCode())
			}
			junit := filepath.Join(dir, "merged.xml")
			if err := report.WriteJUnit(reports, junit, nil); err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(junit)
			var suites reporters.JUnitTestSuites
			if err := xml.Unmarshal(data, &suites); err != nil {
				t.Fatal(err)
			}
			if suites.Failures != 0 || suites.Errors != s.Counts[report.Errored] {
				t.Errorf("JUnit: %d failures, %d errors; want 0 and %d", suites.Failures, suites.Errors, s.Counts[report.Errored])
			}
		})
	}
}
