package selftest_test

import (
	"slices"
	"testing"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/refadapter"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/verdict"
	"github.com/payconform/payconform/internal/selftest"
	_ "github.com/payconform/payconform/providers/all" // every provider's catalogue, mutants and defects
)

// provenElsewhere names the test that shows a requirement's check can fail when no mock mutant
// can: the known-answer checks judge payconform's own signer and verifier, so their mutants are
// mutant signers and verifiers.
var provenElsewhere = map[string]string{
	"IYZ-KAT-01": "harness/iyzico TestSignVectorsCatchEachFault",
	"IYZ-KAT-02": "harness/iyzico TestHeaderVectorsCatchMutants",
	"IYZ-KAT-03": "harness/iyzico TestVerifyVectorsCatchMutants",
	"IYZ-KAT-04": "harness/iyzico TestVerifyVectorsCatchMutants (the verifier that never warns)",
}

// Against the unmutated mock every suite passes, with no warning and no skip: the baseline
// that makes each mutant's failures meaningful.
func TestSuitesPassAgainstTheMock(t *testing.T) {
	for _, suite := range selftest.Suites() {
		t.Run(suite, func(t *testing.T) {
			s := runSuite(t, suite, "")
			for _, sp := range s.Specs {
				if sp.Outcome != report.Passed {
					t.Errorf("%s: %s %v", sp.Name, sp.Outcome, sp.Messages)
				}
			}
		})
	}
}

// Each mutant must fail every requirement it lists in Kills and warn on every one in Warns. A
// benign one, a correct but unusual server, must fail no MUST at all: a correct implementation
// never fails, as a defective one never passes.
func TestEveryMutantTripsItsRequirements(t *testing.T) {
	for _, m := range mock.Mutants() {
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel()
			s := runSuite(t, m.Provider(), m.Name)
			trips(t, "mutant "+m.Name+" ("+m.Description+")", s, m.Kills, m.Warns)
			if m.Benign {
				failsNone(t, "the correct but unusual server "+m.Name, s)
			}
		})
	}
}

// failsNone checks that a run failed no spec and skipped none.
func failsNone(t *testing.T, who string, s report.Summary) {
	t.Helper()
	for _, sp := range s.Specs {
		if sp.Outcome == report.Failed || sp.Outcome == report.Skipped {
			t.Errorf("%s: %s %s %v", who, sp.Name, sp.Outcome, sp.Messages)
		}
	}
}

// A check that cannot fail is a defect: every requirement is tripped by some mutant, or names
// the test that proves it can fail.
func TestEveryRequirementCanFail(t *testing.T) {
	tripped := map[string]bool{}
	for _, d := range refadapter.Defects() {
		for _, id := range append(slices.Clone(d.Kills), d.Warns...) {
			if _, ok := verdict.Lookup(id); !ok {
				t.Errorf("mutant candidate %s lists %s, which is in no catalogue", d.Name, id)
			}
			tripped[id] = true
		}
	}
	for _, m := range mock.Mutants() {
		for _, id := range append(slices.Clone(m.Kills), m.Warns...) {
			if _, ok := verdict.Lookup(id); !ok {
				t.Errorf("mutant %s lists %s, which is in no catalogue", m.Name, id)
			}
			tripped[id] = true
		}
	}
	for _, r := range verdict.Catalogue("") {
		if tripped[r.ID] {
			continue
		}
		if _, ok := provenElsewhere[r.ID]; ok {
			continue
		}
		t.Errorf("%s (%s) is tripped by no mutant: a check that cannot fail is a defect", r.ID, r.Level)
	}
	for _, m := range mock.Mutants() {
		if m.Benign && len(m.Kills) > 0 {
			t.Errorf("mutant %s is benign, a correct server, but kills %v", m.Name, m.Kills)
		}
		for _, id := range m.Kills {
			if r, ok := verdict.Lookup(id); ok && r.Level != verdict.MUST {
				t.Errorf("mutant %s kills %s, a SHOULD: list it under Warns", m.Name, id)
			}
		}
		for _, id := range m.Warns {
			if r, ok := verdict.Lookup(id); ok && r.Level != verdict.SHOULD {
				t.Errorf("mutant %s warns on %s, a MUST: list it under Kills", m.Name, id)
			}
		}
	}
}

func runSuite(t *testing.T, suite, mutants string) report.Summary {
	t.Helper()
	return runSuiteOn(t, suite, mutants, map[string]string{"PAYCONFORM_TARGET": "mock"})
}

// runSuiteOn runs a compiled suite with the given mutants and environment, and summarises it.
func runSuiteOn(t *testing.T, suite, mutants string, env map[string]string) report.Summary {
	t.Helper()
	bin, err := selftest.SuiteBinary(sharedDir(t), suite)
	if err != nil {
		t.Fatal(err)
	}
	env["PAYCONFORM_MOCK_MUTANTS"] = mutants
	env["SUITES"] = ""
	run, err := selftest.RunSuite(bin, t.TempDir(), env)
	if err != nil {
		t.Fatal(err)
	}
	reports, err := report.Load(run.Report)
	if err != nil {
		t.Fatalf("%v\n%s", err, run.Output)
	}
	return report.Summarize(reports)
}

// trips checks that a run failed every requirement in kills and warned on every one in
// warns, with no infrastructure or harness error, and logs what it tripped.
func trips(t *testing.T, who string, s report.Summary, kills, warns []string) {
	t.Helper()
	failed, warned := map[string]bool{}, map[string]bool{}
	for _, sp := range s.Specs {
		switch sp.Outcome {
		case report.Failed:
			failed[sp.Requirement] = true
		case report.Warned:
			warned[sp.Requirement] = true
		case report.Errored, report.Broken:
			t.Errorf("%s: %s %v", sp.Name, sp.Outcome, sp.Messages)
		}
	}
	for _, id := range kills {
		if !failed[id] {
			t.Errorf("%s should fail %s, but it did not", who, id)
		}
	}
	for _, id := range warns {
		if !warned[id] {
			t.Errorf("%s should warn on %s, but it did not", who, id)
		}
	}
	t.Logf("fails %v, warns %v", keys(failed), keys(warned))
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
