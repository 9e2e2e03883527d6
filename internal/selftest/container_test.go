package selftest_test

import (
	"context"
	"testing"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mockcontainer"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/internal/selftest"
	_ "github.com/payconform/payconform/providers/all"
)

// The same suites, with the same requirement IDs, give the same verdict on every spec against
// the in-process mock and the mock in a container: clean, and with every mutant on in turn.
// Without Docker the test skips, saying why; in CI (CI=true) that fails it.
func TestContainerParity(t *testing.T) {
	ctx := context.Background()
	if err := mockcontainer.Available(ctx); err != nil {
		if mockcontainer.Required() {
			t.Fatalf("CI=true requires the container target: %v", err)
		}
		t.Skipf("container parity skipped: %v", err)
	}
	image, _, err := mockcontainer.BuildImage(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	type run struct{ suite, mutant string }
	var runs []run
	for _, suite := range selftest.Suites() {
		runs = append(runs, run{suite, ""})
	}
	for _, m := range mock.Mutants() {
		runs = append(runs, run{m.Provider(), m.Name})
	}
	for _, r := range runs {
		name := r.suite + "/" + r.mutant
		if r.mutant == "" {
			name = r.suite + "/clean"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			embedded := runSuiteOn(t, r.suite, r.mutant, map[string]string{"PAYCONFORM_TARGET": "mock"})
			container := runSuiteOn(t, r.suite, r.mutant, map[string]string{"PAYCONFORM_TARGET": "container", "PAYCONFORM_MOCK_IMAGE": image})
			compare(t, embedded, container)
		})
	}
}

func compare(t *testing.T, embedded, container report.Summary) {
	t.Helper()
	outcomes := func(s report.Summary) map[string]report.Outcome {
		m := map[string]report.Outcome{}
		for _, sp := range s.Specs {
			m[sp.Name] = sp.Outcome
		}
		return m
	}
	e, c := outcomes(embedded), outcomes(container)
	if len(e) == 0 || len(e) != len(c) {
		t.Fatalf("embedded ran %d specs, container %d", len(e), len(c))
	}
	for name, want := range e {
		if got, ok := c[name]; !ok || got != want {
			t.Errorf("%s: embedded %s, container %s", name, want, got)
		}
	}
	if container.Target != "container" {
		t.Errorf("the container run reports target %q", container.Target)
	}
}
