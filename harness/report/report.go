// Package report turns Ginkgo's JSON report of a run into what users read: one merged, sorted
// JUnit file (written by Ginkgo's own reporter, then adjusted so that infrastructure errors are
// <error> and SHOULD warnings are visible), and a short summary that separates "the target broke
// the contract" from "we could not ask it".
package report

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

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
	// Filtered specs were left out by the label filter the user chose: not selected, not skipped.
	Filtered Outcome = "filtered"
	// Interrupted specs were running, or had not run, when the run was interrupted.
	Interrupted Outcome = "interrupted"
)

// Outcomes lists every outcome, in the order reports show them.
var Outcomes = []Outcome{Passed, Warned, Failed, Errored, Skipped, Known, Broken, Filtered, Interrupted}

// Spec is one spec's outcome.
type Spec struct {
	Suite       string
	Name        string
	Requirement string
	// Case names the table entry (a vector, a row) when the requirement's spec is a table.
	Case    string
	Outcome Outcome
	// Messages are failure, warning, error or skip texts.
	Messages []string
	// Offline specs (known-answer vectors) send nothing to the target.
	Offline bool
	// Location is where the spec or its vector is declared (vectors/iyzico/x.json:57).
	Location string
	// Exchanges are the requests the spec sent and the answers it got, redacted.
	Exchanges []entry.ExchangeEntry
	// Reclassified says the outcome is not Ginkgo's: a connection the target dropped judged as
	// its failure, or a refusal check on a route the target does not serve left not judged.
	Reclassified bool
}

// Misconfiguration is a suite whose target served none of its routes: every request was answered
// 404 or 405. Example is one of those exchanges.
type Misconfiguration struct {
	Suite   string
	Example entry.ExchangeEntry
}

// Summary is a run, judged.
type Summary struct {
	Target string
	Specs  []Spec
	Counts map[Outcome]int
	// NotSelected are the suites the run left out, each with why ("<provider>: <VARIABLE> not
	// set"): a merchant who uses one provider is not told the others were skipped.
	NotSelected []string
	// Misconfigured are the suites whose base URL serves none of their routes.
	Misconfigured []Misconfiguration
	// NothingGranted are the suites whose target refused every request, the correct ones too:
	// every check that needs a success failed and every refusal check held. Wrong credentials
	// look exactly so; the verdict stands (the target was asked, and refused), and the summary
	// says to check them first.
	NothingGranted []string
	// Interrupted says the run was stopped (SIGINT, SIGTERM) before it finished.
	Interrupted bool
	// LabelFilter is the filter the user chose; the specs it left out are Filtered.
	LabelFilter string
	// Version, Start and Duration say which payconform ran, when, and for how long.
	Version  string
	Start    time.Time
	Duration time.Duration
	// Drift is the run history's headline ("Drift: 2 changes since the last run ..."), when
	// there is a history.
	Drift string
}

// Tested reports whether any check that talks to the target ran: not skipped, not broken.
func (s Summary) Tested() bool {
	for _, sp := range s.Specs {
		if !sp.Offline && sp.Outcome != Skipped && sp.Outcome != Broken && sp.Outcome != Filtered && sp.Outcome != Interrupted {
			return true
		}
	}
	return false
}

// OfflineRan reports whether an offline known-answer check ran (passed or failed).
func (s Summary) OfflineRan() bool {
	for _, sp := range s.Specs {
		if sp.Offline && (sp.Outcome == Passed || sp.Outcome == Failed) {
			return true
		}
	}
	return false
}

// Summarize judges every spec of a run. Two outcomes are payconform's, not Ginkgo's, and need
// the whole suite to decide: a refusal check whose requests were all answered 404 or 405 on a
// route that no request of the suite got another answer from is not judged (a target that does
// not serve a route has refused nothing); and a refusal check whose request the target dropped
// without an answer, while it answered others, is the target's failure (it crashed on that
// request), not an infrastructure error.
func Summarize(reports []types.Report) Summary {
	s := Summary{Counts: map[Outcome]int{}}
	for _, r := range reports {
		if slices.ContainsFunc(r.SpecialSuiteFailureReasons, func(reason string) bool { return strings.Contains(reason, "Interrupted") }) {
			s.Interrupted = true
		}
		// A suite whose setup skipped (a target that cannot run here) skips every spec for the
		// same reason; the specs themselves carry no message.
		suiteSkip := ""
		for _, sr := range r.SpecReports {
			if sr.LeafNodeType != types.NodeTypeIt && sr.State == types.SpecStateSkipped && sr.Failure.Message != "" {
				suiteSkip = sr.Failure.Message
			}
		}
		routes := servedRoutes(r)
		filteredOut := func([]string) bool { return false }
		if f := r.SuiteConfig.LabelFilter; f != "" {
			if match, err := types.ParseLabelFilter(f); err == nil {
				filteredOut = func(ls []string) bool { return !match(ls) }
			}
		}
		var suiteSpecs []Spec
		first := len(s.Specs)
		for _, sr := range r.SpecReports {
			if kind := entryValue(sr, entry.Target); kind != "" {
				s.Target = kind
			}
			spec := Spec{Suite: r.SuiteDescription, Name: sr.FullText(), Requirement: firstID(sr), Offline: slices.Contains(sr.Labels(), labels.KAT),
				Location: relativePaths(sr.LeafNodeLocation.String()), Exchanges: exchanges(sr)}
			if sr.LeafNodeType != types.NodeTypeIt {
				if sr.State == types.SpecStateInterrupted {
					continue // the interruption is the run's, said once
				}
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
			if len(sr.ContainerHierarchyTexts) > 0 && verdict.IDPattern.MatchString(sr.ContainerHierarchyTexts[len(sr.ContainerHierarchyTexts)-1]) {
				spec.Case = sr.LeafNodeText // a table's entry: the requirement is its table
			}
			switch {
			case sr.State == types.SpecStateInterrupted || sr.State == types.SpecStateAborted && s.Interrupted:
				spec.Outcome = Interrupted
				spec.Messages = []string{"interrupted: the run was stopped while this spec ran"}
			case sr.State == types.SpecStateSkipped && sr.Failure.Message == "" && filteredOut(append(slices.Clone(r.SuiteLabels), sr.Labels()...)):
				spec.Outcome = Filtered
			case (sr.State == types.SpecStateSkipped || sr.State == types.SpecStatePending) && sr.Failure.Message == "" && suiteSkip == "" && s.Interrupted:
				spec.Outcome = Interrupted
				spec.Messages = []string{"not run: the run was interrupted"}
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
			reclassify(&spec, routes)
			suiteSpecs = append(suiteSpecs, spec)
			s.add(spec)
		}
		if m, ok := misconfigured(r.SuiteDescription, suiteSpecs); ok {
			s.Misconfigured = append(s.Misconfigured, m)
			// Its failures are a user's base URL, not the target's contract: not judged, in
			// the summaries and in JUnit alike.
			for i := first; i < len(s.Specs); i++ {
				if sp := &s.Specs[i]; sp.Outcome == Failed || sp.Outcome == Warned {
					s.Counts[sp.Outcome]--
					s.Counts[Skipped]++
					sp.Outcome, sp.Reclassified = Skipped, true
					sp.Messages = []string{"not judged: " + m.String()}
				}
			}
		} else if nothingGranted(suiteSpecs) {
			s.NothingGranted = append(s.NothingGranted, suiteName(r.SuiteDescription))
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
// itself failed or the target's base URL serves none of a suite's routes, 130 when the run was
// interrupted.
func (s Summary) ExitCode() int {
	switch { // known deviations (Known) fail nothing
	case s.Interrupted:
		return 130
	case s.Counts[Broken] > 0, len(s.Misconfigured) > 0:
		return 2
	case s.Counts[Failed] > 0:
		return 1
	case s.Counts[Errored] > 0:
		return 3
	}
	return 0
}

// refusalAreas are the requirement areas whose checks pass on a refusal: authentication, input,
// and the robustness checks of malformed requests.
var refusalAreas = []string{"AUTH", "INPUT", "ROBUST"}

func refusalCheck(id string) bool {
	parts := strings.Split(id, "-")
	return len(parts) == 3 && slices.Contains(refusalAreas, parts[1])
}

// route is an exchange's method and URL without its query.
func route(e entry.ExchangeEntry) string {
	u, _, _ := strings.Cut(e.URL, "?")
	return e.Method + " " + u
}

func notServed(status int) bool {
	return status == http.StatusNotFound || status == http.StatusMethodNotAllowed
}

// servedRoutes are the routes of a suite's requests that got an answer other than 404 or 405,
// and the answered reports whether the target answered any request at all.
type routeSet struct {
	served   map[string]bool
	answered bool
}

func servedRoutes(r types.Report) routeSet {
	rs := routeSet{served: map[string]bool{}}
	for _, sr := range r.SpecReports {
		for _, e := range exchanges(sr) {
			if e.Status != 0 {
				rs.answered = true
				if !notServed(e.Status) {
					rs.served[route(e)] = true
				}
			}
		}
	}
	return rs
}

// reclassify applies the two outcomes Summarize decides from the whole suite.
func reclassify(spec *Spec, routes routeSet) {
	if !refusalCheck(spec.Requirement) || len(spec.Exchanges) == 0 {
		return
	}
	switch spec.Outcome {
	case Passed, Warned:
		for _, e := range spec.Exchanges {
			if !notServed(e.Status) || routes.served[route(e)] {
				return
			}
		}
		e := spec.Exchanges[len(spec.Exchanges)-1]
		spec.Outcome, spec.Reclassified = Skipped, true
		spec.Messages = []string{fmt.Sprintf("not judged: HTTP %d %s for %s: the target does not serve this route (no request to it got another answer), so its answer is no refusal; the provider's contract checks judge that",
			e.Status, http.StatusText(e.Status), route(e))}
	case Errored:
		last := spec.Exchanges[len(spec.Exchanges)-1]
		if !last.Dropped || !routes.answered {
			return
		}
		level := verdict.MUST
		if r, ok := verdict.Lookup(spec.Requirement); ok {
			level = r.Level
		}
		msg := fmt.Sprintf("%s %s: expected an answer (a refusal); got none: the target dropped the connection (%s) after %s, while it answered other requests: it crashed on this request; likely defect: the server fails on this input instead of refusing it",
			spec.Requirement, level, last.Error, route(last))
		spec.Reclassified = true
		if level == verdict.SHOULD {
			spec.Outcome, spec.Messages = Warned, []string{msg + " (a warning, not a failure)"}
		} else {
			spec.Outcome, spec.Messages = Failed, []string{msg}
		}
	}
}

// nothingGranted reports a suite whose target granted nothing: a MUST that needs a success
// failed and none held, and a refusal check held while none failed. (A SHOULD on the framing
// of an answer holds on a refusal too, so only MUSTs say whether something was granted.)
func nothingGranted(specs []Spec) bool {
	failed, refused := 0, 0
	for _, sp := range specs {
		if sp.Offline {
			continue
		}
		held := sp.Outcome == Passed || sp.Outcome == Warned
		if refusalCheck(sp.Requirement) {
			switch {
			case sp.Outcome == Failed:
				return false
			case held:
				refused++
			}
			continue
		}
		if r, ok := verdict.Lookup(sp.Requirement); !ok || r.Level != verdict.MUST {
			continue
		}
		switch {
		case held:
			return false
		case sp.Outcome == Failed:
			failed++
		}
	}
	return failed > 0 && refused > 0
}

// misconfigured reports a suite every one of whose answered requests got 404 or 405.
func misconfigured(suite string, specs []Spec) (Misconfiguration, bool) {
	var example *entry.ExchangeEntry
	for _, sp := range specs {
		for i, e := range sp.Exchanges {
			switch {
			case e.Status == 0:
			case !notServed(e.Status):
				return Misconfiguration{}, false
			case example == nil:
				example = &sp.Exchanges[i]
			}
		}
	}
	if example == nil {
		return Misconfiguration{}, false
	}
	return Misconfiguration{Suite: suiteName(suite), Example: *example}, true
}

// exchanges are the evidence entries of a spec.
func exchanges(sr types.SpecReport) []entry.ExchangeEntry {
	var out []entry.ExchangeEntry
	for _, e := range sr.ReportEntries {
		if e.Name != entry.Exchange {
			continue
		}
		var ex entry.ExchangeEntry
		if err := json.Unmarshal([]byte(e.Value.AsJSON), &ex); err == nil {
			out = append(out, ex)
		}
	}
	return out
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
