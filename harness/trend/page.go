package trend

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/drift"
	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/history"
	"github.com/payconform/payconform/harness/htmlreport"
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/report"
)

// StripRuns is how many recent runs each requirement's strip shows.
const StripRuns = 20

// Evidence indexes the exchanges of a run's specs by suite and spec name, for the failures
// index.html shows. The history keeps no values, so evidence comes only from a run's reports.
// The suites redacted every exchange; getenv's secrets are masked once more. Only the specs
// that did not pass or skip are read.
func Evidence(reports []types.Report, getenv func(string) string) map[string][]htmlreport.Evidence {
	m := mask(getenv)
	out := map[string][]htmlreport.Evidence{}
	for _, r := range reports {
		suite := suiteName(r.SuiteDescription)
		for _, sr := range r.SpecReports {
			if sr.State == types.SpecStatePassed && !slices.ContainsFunc(sr.ReportEntries, func(e types.ReportEntry) bool { return e.Name == entry.Warning }) ||
				sr.State == types.SpecStateSkipped {
				continue
			}
			for _, ex := range htmlreport.Exchanges(sr) {
				ev := htmlreport.EvidenceOf(ex)
				ev.Curl, ev.Headers, ev.Body, ev.Error = m(ev.Curl), m(ev.Headers), m(ev.Body), m(ev.Error)
				key := suite + "\x1f" + sr.FullText()
				out[key] = append(out[key], ev)
			}
		}
	}
	return out
}

// outcomeOrder lists outcomes from the worst, for the failures' order and the counts.
var outcomeOrder = []report.Outcome{report.Broken, report.Failed, report.Errored, report.Known, report.Warned, report.Skipped, report.Passed}

var countLabels = map[report.Outcome]string{report.Passed: "passed", report.Warned: "passed with warnings", report.Failed: "FAILED (MUST)",
	report.Errored: "infrastructure errors", report.Skipped: "skipped", report.Known: "known deviations", report.Broken: "harness errors"}

// BuildPage renders index.html for one stored run: the run, the drift since the run before it
// against the same target, the flaky requirements over the last flakyRuns runs, the strips and
// the plots. evidence may be nil (the page says so).
func BuildPage(ctx context.Context, st *history.Store, id int64, evidence map[string][]htmlreport.Evidence, flakyRuns int) ([]byte, error) {
	run, err := st.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	return buildPage(ctx, st, run, nil, evidence, flakyRuns)
}

// buildPage is BuildPage for a run at hand, whole, with its drift when it is known.
func buildPage(ctx context.Context, st *history.Store, run history.Run, d *drift.Report, evidence map[string][]htmlreport.Evidence, flakyRuns int) ([]byte, error) {
	recent := max(flakyRuns, StripRuns, htmlreport.MaxPlotRuns)
	runs, err := st.Runs(ctx, history.Query{Target: run.Target, Endpoints: run.Endpoints, UpTo: run.ID, Limit: recent})
	if err != nil {
		return nil, err
	}
	page := htmlreport.Page{Verdict: htmlreport.VerdictOf(run.Exit), Banner: run.Banner, Generated: time.Now(),
		Run: htmlreport.Run{ID: run.ID, Target: run.TargetLabel(), Start: run.Start, Duration: run.Duration, Version: run.Version,
			Filter: run.Filter, Mutants: run.Mutants, History: st.Path()}}
	if run.Kind == "certify" {
		page.Verdict = htmlreport.Verdict{Word: "CERTIFICATION", Line: "a certification run; certificate.html shows it", Class: "pass", Exit: run.Exit}
		if run.Exit != 0 {
			page.Verdict.Class = "fail"
		}
	}
	for _, o := range outcomeOrder {
		if n := run.Counts[o]; n > 0 || o == report.Passed || o == report.Failed {
			page.Counts = append(page.Counts, htmlreport.Count{Label: countLabels[o], Class: string(o), N: n})
		}
	}

	// Strips and flakiness read the outcomes of the latest runs.
	stripFrom := max(0, len(runs)-StripRuns)
	flakyFrom := max(0, len(runs)-flakyRuns)
	var ids []int64
	for _, r := range runs[min(stripFrom, flakyFrom):] {
		ids = append(ids, r.ID)
	}
	byRun, err := st.Outcomes(ctx, ids...)
	if err != nil {
		return nil, err
	}
	for i := range runs {
		runs[i].Outcomes = byRun[runs[i].ID]
	}
	flaky := map[string]drift.Flaky{}
	for _, f := range drift.FindFlaky(runs[flakyFrom:]) {
		flaky[f.Requirement] = f
	}
	strip := runs[stripFrom:]
	stripOutcomes := make([]map[string]report.Outcome, len(strip))
	for i, r := range strip {
		page.StripRuns = append(page.StripRuns, r.Label())
		stripOutcomes[i] = drift.Requirements(r.Outcomes)
	}
	stripOf := func(requirement string) []htmlreport.Cell {
		cells := make([]htmlreport.Cell, len(strip))
		for i, r := range strip {
			cells[i] = htmlreport.Cell{Run: r.Label(), Outcome: string(stripOutcomes[i][requirement])}
		}
		return cells
	}

	// The requirements table: one row per requirement, its worst spec's outcome and message.
	type agg struct {
		row   htmlreport.Row
		worst int
	}
	rows := map[string]*agg{}
	for _, o := range run.Outcomes {
		id, prov := o.Requirement, providerOf(o.Requirement)
		if id == "" {
			id, prov = o.Suite+": "+o.Name, o.Suite // a setup node, no requirement's
		}
		a := rows[id]
		if a == nil {
			a = &agg{row: htmlreport.Row{Requirement: id, Provider: prov, Level: o.Level}, worst: -1}
			rows[id] = a
		}
		a.row.Specs++
		if w := slices.Index(outcomeOrder, o.Outcome); a.worst < 0 || w < a.worst {
			a.worst, a.row.Outcome, a.row.Message = w, string(o.Outcome), firstLine(o.Message)
		}
	}
	levels := map[string]bool{}
	providers := map[string]bool{}
	for _, id := range sortedKeys(rows) {
		row := rows[id].row
		row.Strip = stripOf(id)
		if f, ok := flaky[id]; ok {
			row.Flaky = true
			row.FlakyNote = fmt.Sprintf("flipped %d times in the last %d runs: %s", f.Flips, flakyRuns, outcomeList(f.Outcomes))
		}
		page.Rows = append(page.Rows, row)
		if row.Level != "" {
			levels[row.Level] = true
		}
		providers[row.Provider] = true
	}
	page.Levels, page.Providers = sortedKeys(levels), sortedKeys(providers)

	// Failures, the worst first, each with the exchanges its spec recorded.
	failing := slices.Clone(run.Outcomes)
	failing = slices.DeleteFunc(failing, func(o history.Outcome) bool { return o.Outcome == report.Passed || o.Outcome == report.Skipped })
	slices.SortStableFunc(failing, func(a, b history.Outcome) int {
		if d := slices.Index(outcomeOrder, a.Outcome) - slices.Index(outcomeOrder, b.Outcome); d != 0 {
			return d
		}
		return strings.Compare(a.Requirement, b.Requirement)
	})
	for _, o := range failing {
		f := htmlreport.Failure{Requirement: o.Requirement, Level: o.Level, Name: o.Name, Outcome: string(o.Outcome), Messages: strings.Split(o.Message, "\n")}
		f.Evidence = evidence[o.Suite+"\x1f"+o.Name]
		page.Failures = append(page.Failures, f)
	}
	if evidence == nil && len(failing) > 0 {
		page.Notes = append(page.Notes, "The history keeps no request or answer, only their shapes: the evidence of each failure is shown only when the run's own report.json is at hand.")
	}

	// Drift since the run before.
	if d == nil {
		prev, err := previous(ctx, st, run)
		if err != nil {
			return nil, err
		}
		d = &prev
	}
	page.Drift = driftView(*d, flaky, flakyRuns, stripOf)

	// Plots over the latest runs.
	plotted := runs[max(0, len(runs)-htmlreport.MaxPlotRuns):]
	points := make([]htmlreport.RunPoint, len(plotted))
	for i, r := range plotted {
		points[i] = htmlreport.RunPoint{Label: fmt.Sprintf("#%d", r.ID), Counts: map[string]int{}, Suites: map[string]float64{}}
		for o, n := range r.Counts {
			points[i].Counts[string(o)] = n
		}
		for _, su := range r.Suites {
			points[i].Suites[su.Name] = su.Duration.Seconds()
		}
	}
	page.Plots.Runs = len(points)
	if page.Plots.Outcomes, err = htmlreport.OutcomePlot(points); err != nil {
		return nil, err
	}
	if page.Plots.Suites, err = htmlreport.SuitePlot(points); err != nil {
		return nil, err
	}
	if len(runs) == 1 {
		page.Notes = append(page.Notes, "This is the first run against this target in the history: the strips, the drift and the plots fill in as runs are added.")
	}
	return htmlreport.Render(page)
}

func driftView(d drift.Report, flaky map[string]drift.Flaky, flakyRuns int, stripOf func(string) []htmlreport.Cell) htmlreport.Drift {
	v := htmlreport.Drift{Headline: d.Headline(), FlakyRuns: flakyRuns}
	for _, c := range d.Outcomes {
		v.Outcomes = append(v.Outcomes, htmlreport.OutcomeChange{Requirement: c.Requirement, Level: c.Level, From: string(c.From), To: string(c.To),
			FromMessage: firstLine(c.FromMessage), ToMessage: firstLine(c.ToMessage), Since: c.Since.Label()})
	}
	for _, c := range d.Shapes {
		v.Shapes = append(v.Shapes, htmlreport.ShapeChange{Line: c.String(), Since: c.Since.Label(), Kind: string(c.What)})
	}
	for _, id := range sortedKeys(flaky) {
		f := flaky[id]
		v.Flaky = append(v.Flaky, htmlreport.FlakyRow{Requirement: id, Level: f.Level, Flips: f.Flips, Strip: stripOf(id)})
	}
	return v
}

func providerOf(id string) string {
	prefix, _, _ := strings.Cut(id, "-")
	if d, ok := provider.ByPrefix(prefix); ok {
		return d.Name
	}
	return strings.ToLower(prefix)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

func outcomeList(os []report.Outcome) string {
	parts := make([]string, len(os))
	for i, o := range os {
		parts[i] = string(o)
	}
	return strings.Join(parts, " ")
}

// Regenerate writes index.html into dir for a stored run (0: the latest test run), from the
// history; the evidence of its failures comes from dir's report.json when that is the run's.
func Regenerate(ctx context.Context, storePath, dir string, id int64, flakyRuns int, getenv func(string) string) (history.Run, error) {
	if _, err := os.Stat(storePath); err != nil {
		return history.Run{}, fmt.Errorf("no history at %s (set %s, or run payconform test first): %w", storePath, history.Env, err)
	}
	st, err := history.Open(ctx, storePath)
	if err != nil {
		return history.Run{}, err
	}
	defer st.Close()
	run, err := pick(ctx, st, id)
	if err != nil {
		return history.Run{}, err
	}
	var evidence map[string][]htmlreport.Evidence
	if reports, err := report.Load(filepath.Join(dir, "report.json")); err == nil && sameRun(reports, run) {
		evidence = Evidence(reports, getenv)
	}
	page, err := BuildPage(ctx, st, run.ID, evidence, flakyRuns)
	if err != nil {
		return run, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return run, fmt.Errorf("write %s: %w", Index, err)
	}
	return run, writeFile(filepath.Join(dir, Index), page)
}

// pick finds a run: id, or the latest test run (the latest run when there is none).
func pick(ctx context.Context, st *history.Store, id int64) (history.Run, error) {
	if id > 0 {
		runs, err := st.Runs(ctx, history.Query{UpTo: id, Limit: 1})
		if err != nil {
			return history.Run{}, err
		}
		if len(runs) == 0 || runs[0].ID != id {
			return history.Run{}, fmt.Errorf("run #%d: %w", id, history.ErrNoRun)
		}
		return runs[0], nil
	}
	runs, err := st.Runs(ctx, history.Query{Limit: history.MaxRuns})
	if err != nil {
		return history.Run{}, err
	}
	if len(runs) == 0 {
		return history.Run{}, fmt.Errorf("the history %s holds no run yet", st.Path())
	}
	for i := len(runs) - 1; i >= 0; i-- {
		if runs[i].Kind == "test" {
			return runs[i], nil
		}
	}
	return runs[len(runs)-1], nil
}

// sameRun reports whether reports are the stored run's: they started at the same instant.
func sameRun(reports []types.Report, run history.Run) bool {
	var start time.Time
	for _, r := range reports {
		if start.IsZero() || (!r.StartTime.IsZero() && r.StartTime.Before(start)) {
			start = r.StartTime
		}
	}
	return start.Equal(run.Start)
}
