// Package report turns Ginkgo's JSON report of a run into what users read: one merged, sorted
// JUnit file (written by Ginkgo's own reporter, then adjusted so that infrastructure errors are
// <error> and SHOULD warnings are visible), and a short summary that separates "the target broke
// the contract" from "we could not ask it".
package report

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

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
	// NotSelected are the suites the run left out, each with why ("<provider>: <VARIABLE> not
	// set"): a merchant who uses one provider is not told the others were skipped.
	NotSelected []string
	// Drift is the run history's headline ("Drift: 2 changes since the last run ..."), when
	// there is a history.
	Drift string
}

// Tested reports whether any check that talks to the target ran: not skipped, not broken.
func (s Summary) Tested() bool {
	for _, sp := range s.Specs {
		if !sp.Offline && sp.Outcome != Skipped && sp.Outcome != Broken {
			return true
		}
	}
	return false
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
				if hasEntry(sr, entry.Description) {
					// A certification stopped because the candidate's describe failed: the
					// candidate's failure, not the harness's.
					spec.Name, spec.Outcome = "describe", Failed
				}
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
