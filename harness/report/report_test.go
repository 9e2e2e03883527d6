package report_test

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/report"
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
			spec("IYZ-CONTRACT-05: warns", types.SpecStatePassed, "", conformance.EntryWarning),
			spec("IYZ-AUTH-04: fails", types.SpecStateFailed, "IYZ-AUTH-04 MUST: expected a refusal", conformance.EntryFinding),
			spec("IYZ-AUTH-05: unreachable", types.SpecStateFailed, "INFRASTRUCTURE ERROR", conformance.EntryError),
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
	if err := report.WriteJUnit(run(), dst); err != nil {
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
		cases[tc.Name[strings.Index(tc.Name, "IYZ"):][:15]] = tc
	}
	if tc := cases["IYZ-AUTH-05: un"]; tc.Error == nil || tc.Failure != nil {
		t.Errorf("infrastructure error should be <error>: %+v", tc)
	}
	if tc := cases["IYZ-AUTH-04: fa"]; tc.Failure == nil {
		t.Errorf("MUST failure should be <failure>: %+v", tc)
	}
	if tc := cases["IYZ-CONTRACT-05"]; !strings.Contains(tc.SystemOut, "WARNING") {
		t.Errorf("warning should show in system-out: %+v", tc)
	}
	names := []string{}
	for _, tc := range suites.TestSuites[0].TestCases {
		names = append(names, tc.Name)
	}
	if !sortedStrings(names) {
		t.Errorf("testcases not sorted: %v", names)
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
