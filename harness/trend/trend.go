// Package trend is what a run adds to the history and what it reads back. Before a test run's
// summaries are written it builds the run's record from its Ginkgo reports (outcomes, suite
// times, the shapes of the answers) and compares it with the last run against the same target,
// for the summary's drift headline; after, it appends the record to the store (harness/history)
// and writes reports/index.html (harness/htmlreport) from the store, with the drift
// (harness/drift), the flaky requirements and the plots. `payconform drift` and `payconform
// report --html` read the store through it, and a certification's record is appended the same
// way. A history that cannot be opened or written costs a line on stderr, never the run's
// verdict.
package trend

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/drift"
	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/history"
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/redact"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/shape"
	"github.com/payconform/payconform/harness/verdict"
	"github.com/payconform/payconform/harness/version"
)

// FlakyRunsEnv sets how many recent runs are searched for flaky requirements.
const FlakyRunsEnv = "PAYCONFORM_FLAKY_RUNS"

// Index is the HTML report's file name in the reports directory.
const Index = "index.html"

// Settings say what a run was and where its history lives.
type Settings struct {
	// Kind is "test" or "certify".
	Kind string
	// Target is the target kind; Filter and Mutants the run's label filter and mock mutants.
	Target  string
	Filter  string
	Mutants string
	// Reports is the reports directory: index.html goes there, and the store by default.
	Reports  string
	Baseline report.Baseline
	Getenv   func(string) string
}

// Check validates the history's settings, before anything runs: PAYCONFORM_FLAKY_RUNS must
// be a count.
func Check(getenv func(string) string) error {
	_, err := FlakyRuns(getenv)
	return err
}

// FlakyRuns is PAYCONFORM_FLAKY_RUNS, or drift.DefaultFlakyRuns.
func FlakyRuns(getenv func(string) string) (int, error) {
	v := strings.TrimSpace(getenv(FlakyRunsEnv))
	if v == "" {
		return drift.DefaultFlakyRuns, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 2 || n > history.MaxRuns {
		return 0, fmt.Errorf("%s=%q: want a number of runs from 2 to %d", FlakyRunsEnv, v, history.MaxRuns)
	}
	return n, nil
}

// Pending is a run whose record is built but not yet kept.
type Pending struct {
	settings Settings
	reports  []types.Report
	run      history.Run
	path     string
	enabled  bool
	store    *history.Store
	drift    drift.Report
	// err is why the history could not be read; Finish says it once.
	err error
}

// Begin builds a test run's record from its Ginkgo reports, opens the history and compares the
// run with the last run against the same target. Call it before the summaries are written:
// Headline goes into them. Finish closes the history.
func Begin(ctx context.Context, reports []types.Report, s Settings) *Pending {
	p := &Pending{settings: s, reports: reports}
	p.path, p.enabled = history.Path(s.Getenv, s.Reports)
	if !p.enabled {
		return p
	}
	sum := report.Summarize(reports)
	s.Baseline.Apply(&sum, time.Now())
	p.run = record(reports, sum, s)
	if p.store, p.err = history.Open(ctx, p.path); p.err != nil {
		return p
	}
	if p.drift, p.err = previous(ctx, p.store, p.run); p.err != nil {
		p.store.Close()
		p.store = nil
	}
	return p
}

// Headline is the drift headline for the summaries; empty when the history is off or could
// not be read.
func (p *Pending) Headline() string {
	if p.store == nil {
		return ""
	}
	return p.drift.Headline()
}

// Finish keeps the run, with the exit status and banner the published reports decided, writes
// index.html into the reports directory, and closes the history. It returns the stored run's
// ID (0 when the history is off or failed); a failure is one line on stderr.
func (p *Pending) Finish(ctx context.Context, pub report.Published, stderr io.Writer) int64 {
	if !p.enabled {
		return 0
	}
	if p.err != nil {
		fmt.Fprintf(stderr, "payconform: history %s: %v (the run's verdict is unchanged)\n", p.path, p.err)
		return 0
	}
	defer p.store.Close()
	p.run.Exit = pub.Exit
	if !pub.Summary.Tested() && pub.Exit != 2 {
		p.run.Exit = 2 // run.Test says nothing was tested
	}
	p.run.Banner = pub.Summary.Banner()
	p.run.Outcomes = outcomes(pub.Summary, mask(p.settings.Getenv))
	id, err := p.keep(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "payconform: history %s: %v (the run's verdict is unchanged)\n", p.path, err)
	}
	return id
}

func (p *Pending) keep(ctx context.Context) (int64, error) {
	id, err := p.store.Append(ctx, p.run)
	if err != nil {
		return 0, err
	}
	if p.settings.Kind == "certify" {
		return id, nil
	}
	// The drift computed before the summaries is this run's: it now has its number.
	p.run.ID = id
	d := p.drift
	d.To = p.run
	for i := range d.Outcomes {
		d.Outcomes[i].Since = p.run
	}
	for i := range d.Shapes {
		d.Shapes[i].Since = p.run
	}
	n, _ := FlakyRuns(p.settings.Getenv)
	page, err := buildPage(ctx, p.store, p.run, &d, Evidence(p.reports, p.settings.Getenv), n)
	if err != nil {
		return id, err
	}
	return id, writeFile(filepath.Join(p.settings.Reports, Index), page)
}

// Certified appends a certification's record: its reports are read back from reports.json in
// the reports directory, since run.Certify has published them.
func Certified(ctx context.Context, reportsDir string, exit int, getenv func(string) string, stderr io.Writer) {
	path, ok := history.Path(getenv, reportsDir)
	if !ok {
		return
	}
	reports, err := report.Load(filepath.Join(reportsDir, "report.json"))
	if err != nil {
		return // the certification said why it wrote no report
	}
	s := Settings{Kind: "certify", Target: "certify", Reports: reportsDir, Getenv: getenv}
	sum := report.Summarize(reports)
	run := record(reports, sum, s)
	run.Endpoints = candidateName(reports)
	run.Exit = exit
	run.Banner = sum.Banner()
	st, err := history.Open(ctx, path)
	if err == nil {
		_, err = st.Append(ctx, run)
		st.Close()
	}
	if err != nil {
		fmt.Fprintf(stderr, "payconform: history %s: %v (the certification's verdict is unchanged)\n", path, err)
	}
}

// Previous is the last run before run against the same target that tested something, if
// any; ok is false when there is none.
func Previous(ctx context.Context, st *history.Store, run history.Run) (prev history.Run, ok bool, err error) {
	q := history.Query{Target: run.Target, Endpoints: run.Endpoints, Limit: drift.MaxWalk}
	switch {
	case run.ID == 1:
		return history.Run{}, false, nil // the first run has none before it
	case run.ID > 1:
		q.UpTo = run.ID - 1
	}
	runs, err := st.Runs(ctx, q)
	if err != nil {
		return history.Run{}, false, err
	}
	for i := len(runs) - 1; i >= 0; i-- {
		if runs[i].Ran() {
			return runs[i], true, nil
		}
	}
	return history.Run{}, false, nil
}

// previous compares run with the last run against the same target before it that tested
// something.
func previous(ctx context.Context, st *history.Store, run history.Run) (drift.Report, error) {
	prev, ok, err := Previous(ctx, st, run)
	if err != nil || !ok {
		return drift.Report{To: run}, err
	}
	from, err := st.Load(ctx, prev.ID)
	if err != nil {
		return drift.Report{To: run}, err
	}
	return drift.Compare(ctx, st, from, run)
}

// record builds a run's record from its reports and its summary.
func record(reports []types.Report, sum report.Summary, s Settings) history.Run {
	m := mask(s.Getenv)
	r := history.Run{Kind: s.Kind, Target: s.Target, Endpoints: endpoints(s.Target, s.Getenv), Version: thisVersion(),
		Filter: m(s.Filter), Mutants: s.Mutants, Counts: map[report.Outcome]int{}}
	var end time.Time
	for _, rep := range reports {
		if r.Start.IsZero() || (!rep.StartTime.IsZero() && rep.StartTime.Before(r.Start)) {
			r.Start = rep.StartTime
		}
		if rep.EndTime.After(end) {
			end = rep.EndTime
		}
		specs := 0
		for _, sr := range rep.SpecReports {
			if sr.LeafNodeType == types.NodeTypeIt {
				specs++
			}
		}
		r.Suites = append(r.Suites, history.Suite{Name: suiteName(rep.SuiteDescription), Duration: rep.RunTime, Specs: specs})
	}
	if r.Start.IsZero() {
		r.Start = time.Now()
	}
	if end.After(r.Start) {
		r.Duration = end.Sub(r.Start)
	}
	for o, n := range sum.Counts {
		r.Counts[o] = n
	}
	r.Outcomes = outcomes(sum, m)
	r.Shapes = shape.FromReports(reports, shape.Mask(m))
	return r
}

// thisVersion is this payconform's version, read once (it may ask git).
var thisVersion = sync.OnceValue(func() string { return version.Read().Short() })

// suiteName is "iyzico" for "iyzico conformance".
func suiteName(description string) string {
	name, _, _ := strings.Cut(strings.TrimSpace(description), " ")
	return name
}

func outcomes(sum report.Summary, m func(string) string) []history.Outcome {
	out := make([]history.Outcome, 0, len(sum.Specs))
	for _, sp := range sum.Specs {
		o := history.Outcome{Suite: suiteName(sp.Suite), Requirement: sp.Requirement, Name: sp.Name, Outcome: sp.Outcome}
		if req, ok := verdict.Lookup(sp.Requirement); ok {
			o.Level = string(req.Level)
		}
		if sp.Outcome != report.Passed {
			o.Message = m(strings.TrimSpace(strings.Join(sp.Messages, "\n")))
		}
		out = append(out, o)
	}
	return out
}

// endpoints names a sandbox's or custom target's servers, scheme and host only, so that runs
// against another server are not compared with these. Mock targets get a new port every run.
func endpoints(target string, getenv func(string) string) string {
	if target != "sandbox" && target != "custom" {
		return ""
	}
	var parts []string
	for _, d := range provider.All() {
		raw := getenv(d.BaseURLVar())
		if raw == "" && target == "sandbox" {
			raw = d.Var(d.BaseURLVar()).Sandbox
		}
		if u, err := url.Parse(raw); err == nil && u.Host != "" {
			parts = append(parts, d.Name+"="+u.Scheme+"://"+u.Host)
		}
	}
	return strings.Join(parts, " ")
}

// mask masks the run's secrets, as the environment holds them, in every form redact knows.
func mask(getenv func(string) string) func(string) string {
	var secrets []string
	for _, v := range provider.Vars() {
		if v.Kind == provider.Secret {
			if s := getenv(v.Name); s != "" {
				secrets = append(secrets, s)
			}
		}
	}
	r := redact.New(secrets...)
	return r.String
}

func candidateName(reports []types.Report) string {
	for _, rep := range reports {
		for _, sr := range rep.SpecReports {
			for _, e := range sr.ReportEntries {
				if e.Name == entry.Description {
					var d entry.DescriptionEntry
					if err := json.Unmarshal([]byte(e.Value.AsJSON), &d); err == nil && d.Description.Name != "" {
						name := d.Description.Name
						if len(name) > 64 {
							name = name[:64]
						}
						return name
					}
				}
			}
		}
	}
	return ""
}

// writeFile writes data to path through a temporary file, so that a reader never sees half
// a page.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".index-*.html")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// sortedKeys lists a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
