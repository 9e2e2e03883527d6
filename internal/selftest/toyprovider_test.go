package selftest_test

import (
	"testing"

	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/internal/selftest"
)

// A provider is one folder: the test-only toy provider (internal/toyprovider), registered by one
// import line in each program that uses it, runs through the generic machinery end to end. Its
// suite passes against the in-process mock and fails where each of its mock mutants says; its
// reference adapter certifies with the generic certification suite, and each of its mutant
// candidates fails the requirement it names.
func TestToyProviderEndToEnd(t *testing.T) {
	suite, err := selftest.TestBinary(sharedDir(t), "internal/toyprovider/suite")
	if err != nil {
		t.Fatal(err)
	}
	run := func(t *testing.T, bin string, env map[string]string) report.Summary {
		t.Helper()
		r, err := selftest.RunSuite(bin, t.TempDir(), env)
		if err != nil {
			t.Fatal(err)
		}
		reports, err := report.Load(r.Report)
		if err != nil {
			t.Fatalf("%v\n%s", err, r.Output)
		}
		return report.Summarize(reports)
	}
	t.Run("suite against the mock", func(t *testing.T) {
		s := run(t, suite, map[string]string{"PAYCONFORM_TARGET": "mock", "SUITES": ""})
		if s.Counts[report.Passed] != 5 || len(s.Specs) != 5 {
			t.Errorf("counts %v; want the 5 specs (3 vectors, contract, auth) passed", s.Counts)
		}
	})
	for mutant, kills := range map[string]string{"toy-accept-any-signature": "TOY-AUTH-01", "toy-no-echo": "TOY-CONTRACT-01"} {
		t.Run("mutant "+mutant, func(t *testing.T) {
			s := run(t, suite, map[string]string{"PAYCONFORM_TARGET": "mock", "SUITES": "", "PAYCONFORM_MOCK_MUTANTS": mutant})
			trips(t, "mock mutant "+mutant, s, []string{kills}, nil)
		})
	}

	certsuite, err := selftest.TestBinary(sharedDir(t), "internal/toyprovider/certsuite")
	if err != nil {
		t.Fatal(err)
	}
	adapter := candidateBinary(t, "internal/toyprovider/adapter")
	for defect, kills := range map[string]string{"": "", "toy-path-not-signed": "TOY-CERT-01", "drop-output-field": "TOY-CERT-02"} {
		t.Run("certify defect "+defect, func(t *testing.T) {
			command := adapter
			if defect != "" {
				command += " -defect " + defect
			}
			s := run(t, certsuite, map[string]string{"PAYCONFORM_CANDIDATE": command, "PAYCONFORM_CANDIDATE_TIMEOUT": "10s"})
			if defect == "" {
				if s.Counts[report.Passed] != 4 || len(s.Specs) != 4 {
					t.Errorf("the reference adapter: counts %v; want its 4 specs passed", s.Counts)
				}
				return
			}
			trips(t, "mutant candidate "+defect, s, []string{kills}, nil)
		})
	}
}
