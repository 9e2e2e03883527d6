package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

type driftJSON struct {
	From, To struct {
		ID int64 `json:"id"`
	}
	Outcomes []struct {
		Requirement, From, To string
		Since                 int64
	}
	Shapes []struct {
		Line  string
		Since int64
	}
}

func drift(t *testing.T, reports string, args ...string) driftJSON {
	t.Helper()
	r := payconform(t, nil, append([]string{"drift", "--reports", reports, "--json"}, args...)...)
	if r.code != 0 {
		t.Fatalf("payconform drift %v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
	}
	var d driftJSON
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatalf("payconform drift --json: %v\n%s", err, r.stdout)
	}
	return d
}

// Three runs of the iyzico suite against the mock: clean; with the mutant that adds a field
// (the contract allows it: nothing fails); with that one and the one that changes a type (its
// contract requirements fail). payconform drift reports the requirements the type fails, since
// run #3, and exactly the added field, since run #2, and the changed type, since run #3 (or no
// shape change at all from suites that record no exchange); the summary's headline counts the
// changes since the last run; report -html writes index.html again.
func TestDriftAcrossRunsAgainstTheMock(t *testing.T) {
	reports := t.TempDir()
	steps := []struct {
		mutants string
		exit    int
	}{{"", 0}, {"iyzico-drift-added-field", 0}, {"iyzico-drift-added-field,iyzico-drift-commercial-boolean", 1}}
	var last result
	for i, s := range steps {
		args := []string{"test", "--suites", "iyzico", "--reports", reports}
		if s.mutants != "" {
			args = append(args, "--mutants", s.mutants)
		}
		last = payconform(t, nil, args...)
		if last.code != s.exit {
			t.Fatalf("run #%d (%s): exit %d, want %d\n%s%s", i+1, s.mutants, last.code, s.exit, last.stdout, last.stderr)
		}
	}
	if !strings.Contains(last.stdout, "Drift: ") || !strings.Contains(last.stdout, "since the last run against mock, #2") {
		t.Errorf("the summary has no drift headline:\n%s", last.stdout)
	}

	d := drift(t, reports, "--from", "1", "--to", "3")
	var outcomes []string
	for _, o := range d.Outcomes {
		outcomes = append(outcomes, o.Requirement)
		if o.From != "pass" || o.To != "fail" || o.Since != 3 {
			t.Errorf("%s: %s → %s since #%d, want pass → fail since #3", o.Requirement, o.From, o.To, o.Since)
		}
	}
	if want := []string{"IYZ-CONTRACT-01", "IYZ-CONTRACT-03", "IYZ-CONTRACT-04"}; !slices.Equal(outcomes, want) {
		t.Errorf("outcome changes %q, want %q", outcomes, want)
	}

	var shapes []string
	for _, s := range d.Shapes {
		shapes = append(shapes, s.Line+" since #"+strconv.FormatInt(s.Since, 10))
	}
	want := []string{
		"+ POST /payment/bin/check 200: $.cardProgram string since #2",
		"~ POST /payment/bin/check 200: $.commercial number → boolean since #3",
	}
	data, _ := os.ReadFile(filepath.Join(reports, "report.json"))
	if !strings.Contains(string(data), `"Name":"payconform.exchange"`) {
		// Suites that record no exchange give no shapes, and no shape may be said to change;
		// harness/trend TestDriftOfTwoRunsAgainstTheMock compares the mock's real answers.
		want = nil
		t.Log("the suites record no payconform.exchange entries: the runs have no answer shapes")
	}
	if !slices.Equal(shapes, want) {
		t.Errorf("shape changes from #1 to #3:\n%s\nwant\n%s", strings.Join(shapes, "\n"), strings.Join(want, "\n"))
	}
	if d := drift(t, reports); d.From.ID != 2 || d.To.ID != 3 || len(d.Shapes) != min(len(want), 1) {
		t.Errorf("by default the last two runs, #2 and #3, with the changed type alone: %+v", d)
	}

	index := filepath.Join(reports, "index.html")
	if err := os.Remove(index); err != nil {
		t.Fatal(err)
	}
	if r := payconform(t, nil, "report", "-html", "-out", reports); r.code != 0 || !strings.Contains(r.stdout, "run #3") {
		t.Fatalf("report -html: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if page, err := os.ReadFile(index); err != nil || !strings.Contains(string(page), ">FAILED<") || !strings.Contains(string(page), "IYZ-CONTRACT-01") {
		t.Errorf("index.html regenerated: %v", err)
	}
}

// Mistakes are one line and exit 2: no history, one run only, half a pair of runs.
func TestDriftMistakes(t *testing.T) {
	empty := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"drift", "--reports", empty}, "no history at"},
		{[]string{"drift", "--reports", empty, "--from", "1"}, "give both --from and --to"},
		{[]string{"drift", "--reports", empty, "--against", "mock"}, "give --target too"},
		{[]string{"drift", "--reports", empty, "--flaky-runs", "1"}, "--flaky-runs 1"},
		{[]string{"report", "-html", "-out", empty}, "no history at"},
	} {
		r := payconform(t, nil, tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line with %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	one := t.TempDir()
	if r := payconform(t, nil, "test", "--suites", "paynet", "--reports", one); r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if r := payconform(t, map[string]string{"PAYCONFORM_FLAKY_RUNS": "x"}, "test", "--suites", "paynet", "--reports", one); r.code != 2 || !strings.Contains(r.stderr, "PAYCONFORM_FLAKY_RUNS") {
		t.Errorf("a bad PAYCONFORM_FLAKY_RUNS: exit %d %q", r.code, r.stderr)
	}
	if r := payconform(t, nil, "drift", "--reports", one); r.code != 2 || !strings.Contains(r.stderr, "no run against mock before #1") {
		t.Errorf("one run: exit %d %q", r.code, r.stderr)
	}
}
