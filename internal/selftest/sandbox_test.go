package selftest_test

import (
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/internal/selftest"
	_ "github.com/payconform/payconform/providers/all"
)

// The sandbox target's code path, end to end, against a local HTTPS server standing in for the
// providers through the base-URL variables (these machines reach no sandbox): with the server's
// CA given in PAYCONFORM_CA_FILE every suite passes, mock-only checks skip, and nothing else
// does; without it TLS verification refuses the server, and every network check is an
// infrastructure error, never a pass.
func TestSandboxTargetOverTLS(t *testing.T) {
	cfg := mock.Config{}
	cfg.Generate()
	srv, err := mock.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tls := httptest.NewTLSServer(srv)
	defer tls.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tls.Certificate().Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, withCA := range []bool{true, false} {
		for _, suite := range selftest.Suites() {
			name := suite + "/without-ca"
			if withCA {
				name = suite + "/with-ca"
			}
			t.Run(name, func(t *testing.T) {
				env := map[string]string{"PAYCONFORM_TARGET": "sandbox", "PAYCONFORM_REQUEST_TIMEOUT": "2s", "PAYCONFORM_RETRY_BACKOFF": "1ms"}
				for k, v := range cfg.Vars(tls.URL) {
					env[k] = v
				}
				if withCA {
					env["PAYCONFORM_CA_FILE"] = ca
				}
				s := runSuiteOn(t, suite, "", env)
				if s.Target != "sandbox" {
					t.Errorf("target %q", s.Target)
				}
				for _, sp := range s.Specs {
					switch {
					case sp.Outcome == report.Skipped && (strings.Contains(strings.Join(sp.Messages, ""), "mock's own data") || strings.Contains(strings.Join(sp.Messages, ""), "not sent to a provider sandbox")):
					case withCA && sp.Outcome != report.Passed:
						t.Errorf("%s: %s %v", sp.Name, sp.Outcome, sp.Messages)
					case !withCA && !sp.Offline && sp.Outcome != report.Errored:
						t.Errorf("without the CA, %s: %s %v; want an infrastructure error", sp.Name, sp.Outcome, sp.Messages)
					}
				}
			})
		}
	}
}
