package selftest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/refadapter"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/internal/selftest"
)

// certifyRun certifies a candidate command and returns the run's summary and certificate.
func certifyRun(t *testing.T, command string) (report.Summary, report.Certificate) {
	t.Helper()
	return certifyRunIn(t, command, selftest.Root())
}

// certifyRunIn certifies a candidate command run in dir.
func certifyRunIn(t *testing.T, command, dir string) (report.Summary, report.Certificate) {
	t.Helper()
	bin, err := selftest.SuiteBinary(sharedDir(t), "certify")
	if err != nil {
		t.Fatal(err)
	}
	run, err := selftest.RunSuite(bin, t.TempDir(), map[string]string{
		"PAYCONFORM_CANDIDATE": command, "PAYCONFORM_CANDIDATE_DIR": dir, "PAYCONFORM_CANDIDATE_TIMEOUT": "10s",
	})
	if err != nil {
		t.Fatal(err)
	}
	reports, err := report.Load(run.Report)
	if err != nil {
		t.Fatalf("%v\n%s", err, run.Output)
	}
	return report.Summarize(reports), report.NewCertificate(reports, time.Now())
}

// candidateBinary builds one of candidates/ once per test process.
func candidateBinary(t *testing.T, pkg string) string {
	t.Helper()
	bin, err := selftest.Program(sharedDir(t), pkg)
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// The reference candidate certifies every operation with no failure and no warning.
func TestReferenceCandidateCertifies(t *testing.T) {
	summary, cert := certifyRun(t, candidateBinary(t, "candidates/reference"))
	for _, sp := range summary.Specs {
		if sp.Outcome != report.Passed {
			t.Errorf("%s: %s %v", sp.Name, sp.Outcome, sp.Messages)
		}
	}
	if !cert.Certified {
		t.Errorf("not certified: %+v", cert.Operations)
	}
	for _, op := range cert.Operations {
		if op.Status != "certified" {
			t.Errorf("%s: %s", op.Operation, op.Status)
		}
	}
	if cert.Candidate.Description.Name != "payconform-reference" || len(cert.Harness.VectorsSHA256) != 64 {
		t.Errorf("certificate lacks the candidate or the harness identity: %+v %+v", cert.Candidate, cert.Harness)
	}
}

// A client written in another language certifies too: the stdlib-only Python example adapter.
func TestPythonCandidateCertifies(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true requires python3 to certify the Python example adapter")
		}
		t.Skip("python3 is not installed; the Python example adapter is not certified here")
	}
	summary, cert := certifyRun(t, "python3 candidates/examples/python/candidate.py")
	for _, sp := range summary.Specs {
		if sp.Outcome != report.Passed {
			t.Errorf("%s: %s %v", sp.Name, sp.Outcome, sp.Messages)
		}
	}
	if !cert.Certified || cert.Candidate.Description.Language != "python" {
		t.Errorf("certificate: %+v %+v", cert.Candidate, cert.Operations)
	}
}

// iyzico's official Node SDK (npm iyzipay, pinned in candidates/examples/iyzipay-node) certifies
// for bin/check through its adapter. Its one warning is a finding about the SDK, recorded in the
// README: it parses a body as JSON whatever its Content-Type (IYZ-CERT-11). It cannot sign given
// bytes, so iyzico.sign is unsupported.
func TestIyzipayNodeCertifies(t *testing.T) {
	dir := filepath.Join(selftest.Root(), "candidates", "examples", "iyzipay-node")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "iyzipay")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true requires the iyzipay-node adapter installed: (cd candidates/examples/iyzipay-node && npm ci)")
		}
		t.Skip("the iyzipay-node adapter is not installed: (cd candidates/examples/iyzipay-node && npm ci)")
	}
	summary, cert := certifyRunIn(t, "node adapter.js", dir)
	status := map[string]string{}
	for _, op := range cert.Operations {
		status[op.Operation] = op.Status
	}
	if status["iyzico.bin_check"] != "certified" || status["iyzico.sign"] != "unsupported" || !cert.Certified {
		t.Errorf("operations %v, certified %t; want bin_check certified and sign unsupported", status, cert.Certified)
	}
	warned := map[string]bool{}
	for _, sp := range summary.Specs {
		switch sp.Outcome {
		case report.Failed, report.Errored, report.Broken:
			t.Errorf("%s: %s %v", sp.Name, sp.Outcome, sp.Messages)
		case report.Warned:
			warned[sp.Requirement] = true
		}
	}
	if len(warned) != 1 || !warned["IYZ-CERT-11"] {
		t.Errorf("warnings on %v; the README records IYZ-CERT-11 only", warned)
	}
	if cert.Candidate.Description.Version != "2.0.69" {
		t.Errorf("SDK version %q; the README records 2.0.69", cert.Candidate.Description.Version)
	}
}

// Each mutant candidate fails every requirement it lists in Kills and warns on every one in
// Warns, naming the defect candidateDefects gives for it, and no mutant certifies an operation
// its defect touches. A benign one, a correct but
// unusual client, fails no MUST and is certified.
func TestEveryCandidateMutantTripsItsRequirements(t *testing.T) {
	bin := candidateBinary(t, "candidates/mutants")
	for _, d := range refadapter.Defects() {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			summary, cert := certifyRun(t, bin+" -defect "+d.Name)
			trips(t, "mutant candidate "+d.Name+" ("+d.Description+")", summary, d.Kills, d.Warns)
			names(t, "mutant candidate "+d.Name, summary, candidateDefects[d.Name])
			if d.Benign {
				failsNone(t, "the correct but unusual client "+d.Name, summary)
				if !cert.Certified {
					t.Errorf("the correct but unusual client %s is not certified: %+v", d.Name, cert.Operations)
				}
			}
		})
	}
}

// A candidate that declines operations is "not certified" for them, neither passing nor failing.
func TestUnsupportedOperations(t *testing.T) {
	_, cert := certifyRun(t, `in=$(cat); case "$in" in *'"describe"'*) echo '{"ok":true,"output":{"name":"none","version":"0","language":"sh","operations":[]}}';; *) echo '{"ok":false,"unsupported":true}';; esac`)
	for _, op := range cert.Operations {
		if op.Status != "unsupported" {
			t.Errorf("%s: %s, want unsupported", op.Operation, op.Status)
		}
	}
	if cert.Certified || len(cert.Failures) != 0 {
		t.Errorf("a candidate that supports nothing: certified %t, %d failures", cert.Certified, len(cert.Failures))
	}
}
