// Package report turns Ginkgo's JSON report of a run into what users read: one merged, sorted
// JUnit file (written by Ginkgo's own reporter, then adjusted so that infrastructure errors are
// <error> and SHOULD warnings are visible), and a short summary that separates "the target broke
// the contract" from "we could not ask it".
package report

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/labels"
	"github.com/payconform/payconform/harness/verdict"
)

// Load reads a Ginkgo JSON report (the CLI's --json-report, one element per suite).
func Load(path string) ([]types.Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	var reports []types.Report
	if err := json.Unmarshal(data, &reports); err != nil {
		return nil, fmt.Errorf("decode report %s: %w", path, err)
	}
	if len(reports) == 0 {
		return nil, fmt.Errorf("decode report %s: no suite in it", path)
	}
	return reports, nil
}

// junitConfig follows the Kubernetes e2e framework: no timelines for passed and skipped specs.
var junitConfig = reporters.JunitReportConfig{
	OmitTimelinesForSpecState: types.SpecStatePassed | types.SpecStateSkipped,
}

// WriteJUnit writes one JUnit file for every suite of the run, specs sorted by name. A spec that
// failed on an infrastructure error becomes <error>, not <failure>; a spec that passed with SHOULD
// warnings carries them in its system-out and properties; a spec the summary judged a known
// deviation (s may be nil) becomes <skipped>, with the baseline's reason.
func WriteJUnit(reports []types.Report, dst string, s *Summary) error {
	dir, err := os.MkdirTemp(filepath.Dir(dst), ".junit-")
	if err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	defer os.RemoveAll(dir)
	var parts []string
	for i, r := range reports {
		r.SpecReports = slices.Clone(r.SpecReports)
		slices.SortStableFunc(r.SpecReports, func(a, b types.SpecReport) int { return strings.Compare(a.FullText(), b.FullText()) })
		part := filepath.Join(dir, fmt.Sprintf("%d.xml", i))
		if err := reporters.GenerateJUnitReportWithConfig(r, part, junitConfig); err != nil {
			return fmt.Errorf("write junit for %s: %w", r.SuiteDescription, err)
		}
		parts = append(parts, part)
	}
	merged := filepath.Join(dir, "merged.xml")
	if msgs, err := reporters.MergeAndCleanupJUnitReports(parts, merged); err != nil || len(msgs) > 0 {
		return fmt.Errorf("merge junit: %v %s", err, strings.Join(msgs, "; "))
	}
	data, err := os.ReadFile(merged)
	if err != nil {
		return fmt.Errorf("merge junit: %w", err)
	}
	var suites reporters.JUnitTestSuites
	if err := xml.Unmarshal(data, &suites); err != nil {
		return fmt.Errorf("merge junit: %w", err)
	}
	known := map[string]string{}
	if s != nil {
		for _, sp := range s.Specs {
			if sp.Outcome == Known {
				known[sp.Name] = sp.Messages[0]
			}
		}
	}
	adjust(&suites, known)
	out, err := xml.MarshalIndent(suites, "", "  ")
	if err != nil {
		return fmt.Errorf("encode junit: %w", err)
	}
	return os.WriteFile(dst, append([]byte(xml.Header), append(out, '\n')...), 0o644)
}

// adjust drops suite setup nodes that passed (they are not specs; one that failed stays, since
// it explains the run), moves infrastructure errors from <failure> to <error>, and surfaces
// warnings.
func adjust(suites *reporters.JUnitTestSuites, known map[string]string) {
	suites.Tests, suites.Failures, suites.Errors = 0, 0, 0
	for i := range suites.TestSuites {
		s := &suites.TestSuites[i]
		s.TestCases = slices.DeleteFunc(s.TestCases, func(tc reporters.JUnitTestCase) bool {
			return !strings.HasPrefix(tc.Name, "[It]") && tc.Failure == nil && tc.Error == nil
		})
		s.Tests = len(s.TestCases)
		suites.Tests += s.Tests
		for j := range s.TestCases {
			tc := &s.TestCases[j]
			for name, msg := range known {
				if tc.Failure != nil && strings.Contains(tc.Name, name) {
					tc.Skipped = &reporters.JUnitSkipped{Message: msg + " (" + tc.Failure.Message + ")"}
					tc.Failure = nil
					s.Failures--
					s.Skipped++
				}
			}
			props := tc.Properties
			if props == nil {
				continue
			}
			if tc.Failure != nil && props.WithName(entry.Error) != "" {
				tc.Error = &reporters.JUnitError{Message: tc.Failure.Message, Type: "infrastructure", Description: tc.Failure.Description}
				tc.Failure = nil
				s.Failures--
				s.Errors++
			}
			var warnings []string
			for _, p := range props.Properties {
				if p.Name == entry.Warning {
					var msg string
					if json.Unmarshal([]byte(p.Value), &msg) == nil {
						warnings = append(warnings, "WARNING "+msg)
					}
				}
			}
			if len(warnings) > 0 {
				tc.SystemOut = strings.TrimSpace(strings.Join(warnings, "\n") + "\n" + tc.SystemOut)
			}
		}
		suites.Failures += s.Failures
		suites.Errors += s.Errors
	}
}

// Outcome is a spec's result in payconform's terms.
type Outcome string

const (
	Passed  Outcome = "pass"
	Warned  Outcome = "warn"
	Failed  Outcome = "fail"
	Errored Outcome = "error" // infrastructure: the target could not be asked
	Skipped Outcome = "skip"
	Broken  Outcome = "harness" // the harness itself failed (setup, catalogue check, panic)
	Known   Outcome = "known"   // failed, as known-deviations.yaml says it will
)

// Spec is one spec's outcome.
type Spec struct {
	Suite       string
	Name        string
	Requirement string
	Outcome     Outcome
	// Messages are failure, warning, error or skip texts.
	Messages []string
	// Offline specs (known-answer vectors) send nothing to the target.
	Offline bool
}

// Summary is a run, judged.
type Summary struct {
	Target string
	Specs  []Spec
	Counts map[Outcome]int
}

// Summarize judges every spec of a run.
func Summarize(reports []types.Report) Summary {
	s := Summary{Counts: map[Outcome]int{}}
	for _, r := range reports {
		// A suite whose setup skipped (a target that cannot run here) skips every spec for the
		// same reason; the specs themselves carry no message.
		suiteSkip := ""
		for _, sr := range r.SpecReports {
			if sr.LeafNodeType != types.NodeTypeIt && sr.State == types.SpecStateSkipped && sr.Failure.Message != "" {
				suiteSkip = sr.Failure.Message
			}
		}
		for _, sr := range r.SpecReports {
			if kind := entryValue(sr, entry.Target); kind != "" {
				s.Target = kind
			}
			spec := Spec{Suite: r.SuiteDescription, Name: sr.FullText(), Requirement: firstID(sr), Offline: slices.Contains(sr.Labels(), labels.KAT)}
			if sr.LeafNodeType != types.NodeTypeIt {
				if !sr.State.Is(types.SpecStateFailureStates) {
					continue
				}
				spec.Name = sr.LeafNodeType.String() + " " + sr.LeafNodeText
				spec.Outcome = Broken
				spec.Messages = []string{sr.Failure.Message}
				s.add(spec)
				continue
			}
			switch {
			case sr.State == types.SpecStatePassed && hasEntry(sr, entry.Warning):
				spec.Outcome = Warned
				spec.Messages = entryValues(sr, entry.Warning)
			case sr.State == types.SpecStatePassed:
				spec.Outcome = Passed
			case sr.State == types.SpecStateSkipped || sr.State == types.SpecStatePending:
				spec.Outcome = Skipped
				spec.Messages = []string{sr.Failure.Message}
				if sr.Failure.Message == "" && suiteSkip != "" {
					spec.Messages = []string{suiteSkip}
				}
			case hasEntry(sr, entry.Error):
				spec.Outcome = Errored
				spec.Messages = []string{sr.Failure.Message}
			case hasEntry(sr, entry.Finding):
				spec.Outcome = Failed
				spec.Messages = strings.Split(sr.Failure.Message, "\n")
			default:
				spec.Outcome = Broken
				spec.Messages = []string{sr.Failure.Message}
			}
			s.add(spec)
		}
	}
	return s
}

func (s *Summary) add(spec Spec) {
	s.Specs = append(s.Specs, spec)
	s.Counts[spec.Outcome]++
}

// ExitCode is the run's verdict for scripts: 0 when every MUST held, 1 when the target broke the
// contract, 3 when nothing failed but some checks could not reach the target, 2 when the harness
// itself failed.
func (s Summary) ExitCode() int {
	switch { // known deviations (Known) fail nothing
	case s.Counts[Broken] > 0:
		return 2
	case s.Counts[Failed] > 0:
		return 1
	case s.Counts[Errored] > 0:
		return 3
	}
	return 0
}

func firstID(sr types.SpecReport) string {
	return verdict.IDPattern.FindString(strings.Join(append(sr.ContainerHierarchyTexts, sr.LeafNodeText), " "))
}

func hasEntry(sr types.SpecReport, name string) bool {
	return slices.ContainsFunc(sr.ReportEntries, func(e types.ReportEntry) bool { return e.Name == name })
}

func entryValues(sr types.SpecReport, name string) []string {
	var out []string
	for _, e := range sr.ReportEntries {
		if e.Name == name {
			out = append(out, e.StringRepresentation())
		}
	}
	return out
}

func entryValue(sr types.SpecReport, name string) string {
	if v := entryValues(sr, name); len(v) > 0 {
		return v[0]
	}
	return ""
}
