package report_test

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/verdict"
	_ "github.com/payconform/payconform/providers/all" // registers the catalogues the baseline names
)

func spec(text string, state types.SpecState, failure string, entries ...string) types.SpecReport {
	sr := types.SpecReport{
		ContainerHierarchyTexts: []string{"bin/check"},
		LeafNodeText:            text,
		LeafNodeType:            types.NodeTypeIt,
		State:                   state,
		Failure:                 types.Failure{Message: failure},
	}
	for _, e := range entries {
		sr.ReportEntries = append(sr.ReportEntries, types.ReportEntry{Name: e, Value: types.WrapEntryValue(e + " message")})
	}
	return sr
}

func run() []types.Report {
	return []types.Report{{
		SuiteDescription: "iyzico conformance",
		SpecReports: []types.SpecReport{
			{LeafNodeType: types.NodeTypeSynchronizedBeforeSuite, State: types.SpecStatePassed},
			spec("IYZ-AUTH-01: passes", types.SpecStatePassed, ""),
			spec("IYZ-CONTRACT-05: warns", types.SpecStatePassed, "", entry.Warning),
			spec("IYZ-AUTH-04: fails", types.SpecStateFailed, "IYZ-AUTH-04 MUST: expected a refusal", entry.Finding),
			spec("IYZ-AUTH-05: unreachable", types.SpecStateFailed, "INFRASTRUCTURE ERROR", entry.Error),
			spec("IYZ-CONTRACT-04: skipped", types.SpecStateSkipped, "not applicable: mock only"),
		},
	}}
}

func TestSummarize(t *testing.T) {
	s := report.Summarize(run())
	want := map[report.Outcome]int{report.Passed: 1, report.Warned: 1, report.Failed: 1, report.Errored: 1, report.Skipped: 1}
	for o, n := range want {
		if s.Counts[o] != n {
			t.Errorf("%s: %d, want %d", o, s.Counts[o], n)
		}
	}
	if s.ExitCode() != 1 {
		t.Errorf("exit %d, want 1 (a MUST failed)", s.ExitCode())
	}
	var b strings.Builder
	s.Write(&b)
	for _, want := range []string{"broke the contract", "IYZ-AUTH-04 MUST", "Warnings", "Infrastructure errors", "not applicable: mock only"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}

func TestExitCodeTellsInfrastructureFromFailure(t *testing.T) {
	r := run()
	r[0].SpecReports = append(r[0].SpecReports[:3], r[0].SpecReports[4:]...) // drop the MUST failure
	if got := report.Summarize(r).ExitCode(); got != 3 {
		t.Errorf("exit %d, want 3 (only an infrastructure error)", got)
	}
}

func TestJUnitMarksErrorsAndWarnings(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "junit.xml")
	if err := report.WriteJUnit(run(), dst, nil); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(dst)
	var suites reporters.JUnitTestSuites
	if err := xml.Unmarshal(data, &suites); err != nil {
		t.Fatal(err)
	}
	if suites.Tests != 5 || suites.Failures != 1 || suites.Errors != 1 {
		t.Fatalf("tests %d failures %d errors %d; want 5, 1, 1 (setup node dropped)", suites.Tests, suites.Failures, suites.Errors)
	}
	cases := map[string]reporters.JUnitTestCase{}
	for _, tc := range suites.TestSuites[0].TestCases {
		id, _, _ := strings.Cut(tc.Name, " ")
		cases[id] = tc
		if !verdict.IDPattern.MatchString(id) || strings.Contains(tc.Name, "[It]") || strings.Contains(tc.Name, "[") {
			t.Errorf("testcase %q: want the requirement ID first, no [It], no labels", tc.Name)
		}
		if tc.Classname != "payconform.iyzico" {
			t.Errorf("testcase %q: classname %q, want payconform.iyzico", tc.Name, tc.Classname)
		}
	}
	if tc := cases["IYZ-AUTH-05"]; tc.Error == nil || tc.Failure != nil {
		t.Errorf("infrastructure error should be <error>: %+v", tc)
	}
	if tc := cases["IYZ-AUTH-04"]; tc.Failure == nil {
		t.Errorf("MUST failure should be <failure>: %+v", tc)
	}
	if tc := cases["IYZ-CONTRACT-05"]; !strings.Contains(tc.SystemOut, "WARNING") {
		t.Errorf("warning should show in system-out: %+v", tc)
	}
	if s := suites.TestSuites[0]; s.Skipped != 1 {
		t.Errorf("suite skipped %d, want 1", s.Skipped)
	}
	if regexp.MustCompile(`time="[^"]*e[-+]`).Match(data) || !regexp.MustCompile(`time="\d+\.\d{3}"`).Match(data) {
		t.Errorf("times must be plain decimals:\n%s", data)
	}
	names := []string{}
	for _, tc := range suites.TestSuites[0].TestCases {
		names = append(names, tc.Name)
	}
	if !sortedStrings(names) {
		t.Errorf("testcases not sorted: %v", names)
	}
}

// Every JUnit file payconform writes validates against the published schema it claims
// (docs/junit/junit-10.xsd), checked by xmllint, an implementation that is not ours.
func TestJUnitValidatesAgainstThePublishedSchema(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true requires xmllint (Debian package libxml2-utils)")
		}
		t.Skip("xmllint is not installed (apt-get install libxml2-utils)")
	}
	dst := filepath.Join(t.TempDir(), "junit.xml")
	r := run()
	r[0].SpecReports = append(r[0].SpecReports, types.SpecReport{LeafNodeType: types.NodeTypeBeforeSuite, State: types.SpecStateFailed,
		Failure: types.Failure{Message: "select target: boom", Location: types.CodeLocation{FileName: "/work/main/harness/conformance/conformance.go", LineNumber: 1}}})
	if err := report.WriteJUnit(r, dst, nil); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", filepath.Join("..", "..", "docs", "junit", "junit-10.xsd"), dst).CombinedOutput()
	if err != nil {
		data, _ := os.ReadFile(dst)
		t.Fatalf("junit.xml does not validate: %v\n%s\n%s", err, out, data)
	}
	if data, _ := os.ReadFile(dst); strings.Contains(string(data), "/work/main") {
		t.Errorf("junit.xml carries an absolute path:\n%s", data)
	}
}

func sortedStrings(xs []string) bool {
	for i := 1; i < len(xs); i++ {
		if xs[i-1] > xs[i] {
			return false
		}
	}
	return true
}

func writeBaseline(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "known-deviations.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A listed failure is a known deviation that fails nothing; an expired entry fails the run
// again; an entry whose requirement passes is reported for removal.
func TestKnownDeviations(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	b, err := report.LoadBaseline(writeBaseline(t, `deviations:
  - {requirement: IYZ-AUTH-04, target: custom, reason: "the test server accepts any signature", expires: 2026-11-23}
  - {requirement: IYZ-AUTH-01, target: "*", reason: "fixed since", expires: 2027-01-01}
`), false)
	if err != nil {
		t.Fatal(err)
	}
	runs := run()
	runs[0].SpecReports = append(runs[0].SpecReports[:4], runs[0].SpecReports[5:]...) // drop the infrastructure error
	s := report.Summarize(runs)
	s.Target = "custom"
	notes := b.Apply(&s, now)
	if s.Counts[report.Known] != 1 || s.Counts[report.Failed] != 0 || s.ExitCode() != 0 {
		t.Errorf("counts %v exit %d; want the IYZ-AUTH-04 failure known and the run passing", s.Counts, s.ExitCode())
	}
	if len(notes.Resolved) != 1 || !strings.Contains(notes.Resolved[0], "IYZ-AUTH-01") {
		t.Errorf("resolved %v; want IYZ-AUTH-01, which passes", notes.Resolved)
	}
	dst := filepath.Join(t.TempDir(), "junit.xml")
	if err := report.WriteJUnit(runs, dst, &s); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(dst); !strings.Contains(string(data), "known deviation until 2026-11-23") || strings.Contains(string(data), "<failure") {
		t.Errorf("JUnit should show the known deviation as skipped, with its reason:\n%s", data)
	}

	s = report.Summarize(runs)
	s.Target = "custom"
	notes = b.Apply(&s, now.AddDate(0, 0, 1))
	if s.Counts[report.Failed] != 1 || len(notes.Expired) != 1 {
		t.Errorf("the day after expiry: counts %v, expired %v; want the failure back", s.Counts, notes.Expired)
	}
	s = report.Summarize(runs)
	s.Target = "sandbox"
	b.Apply(&s, now)
	if s.Counts[report.Failed] != 1 {
		t.Errorf("an entry for target custom applied to a sandbox run")
	}
}

func TestBaselineRefusesBadEntries(t *testing.T) {
	for name, text := range map[string]string{
		"unknown requirement": `deviations: [{requirement: IYZ-NOPE-01, target: sandbox, reason: r, expires: 2027-01-01}]`,
		"unknown target":      `deviations: [{requirement: IYZ-AUTH-01, target: prod, reason: r, expires: 2027-01-01}]`,
		"no reason":           `deviations: [{requirement: IYZ-AUTH-01, target: sandbox, reason: "", expires: 2027-01-01}]`,
		"bad date":            `deviations: [{requirement: IYZ-AUTH-01, target: sandbox, reason: r, expires: soon}]`,
		"unknown field":       `deviations: [{requirement: IYZ-AUTH-01, target: sandbox, reason: r, expires: 2027-01-01, owner: x}]`,
	} {
		if _, err := report.LoadBaseline(writeBaseline(t, text), false); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if b, err := report.LoadBaseline(filepath.Join(t.TempDir(), "missing.yaml"), true); err != nil || len(b.Deviations) != 0 {
		t.Errorf("an optional missing baseline: %v %v", b, err)
	}
	if b, err := report.LoadBaseline(filepath.Join("..", "..", "known-deviations.yaml"), false); err != nil || len(b.Deviations) != 0 {
		t.Errorf("the committed known-deviations.yaml does not load empty: %v %v", b, err)
	}
}
