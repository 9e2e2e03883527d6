// Package drift compares two runs from the history: the requirements whose outcome changed,
// with both messages, and the answer shapes that changed (a field added or removed or of
// another type, a new status, media type or error code), each with the first run it appeared
// in. It also names the flaky requirements: those whose outcome flipped back and forth in the
// last N runs against a target. A change of shape is drift, not a failure: one the contract
// forbids has already failed its requirement, and shows among the outcome changes too.
package drift

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/payconform/payconform/harness/history"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/shape"
)

// Source is where earlier runs are read from (a *history.Store).
type Source interface {
	Runs(ctx context.Context, q history.Query) ([]history.Run, error)
	Load(ctx context.Context, id int64) (history.Run, error)
	Outcomes(ctx context.Context, ids ...int64) (map[int64][]history.Outcome, error)
}

// MaxWalk bounds how many earlier runs are read to find when a change first appeared.
const MaxWalk = 100

// Report is what changed from one run to another.
type Report struct {
	From, To history.Run
	Outcomes []OutcomeChange
	Shapes   []ShapeChange
	// OnlyFrom and OnlyTo count the requirements that ran (were not skipped) in one run only:
	// another selection of suites or labels, not a change of the target.
	OnlyFrom, OnlyTo int
}

// Changes counts the changes.
func (r Report) Changes() int { return len(r.Outcomes) + len(r.Shapes) }

// OutcomeChange is a requirement whose outcome changed.
type OutcomeChange struct {
	Requirement string
	Level       string
	From, To    report.Outcome
	// FromMessage and ToMessage are the messages of the requirement's worst spec in each run.
	FromMessage, ToMessage string
	// Since is the first run of the run of runs that ends in To with this outcome.
	Since history.Run
}

// ShapeChange is a change in the shape of the target's answers.
type ShapeChange struct {
	What ChangeKind
	// Element is the fact that changed: in To for an addition or a changed type, in From for a
	// removal.
	Element shape.Element
	// FromTypes and ToTypes are the field's types (or the answer's media types) in each run,
	// for a changed type.
	FromTypes, ToTypes []string
	Since              history.Run
}

// ChangeKind says what happened to a shape element.
type ChangeKind string

const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
	Retyped ChangeKind = "retyped"
)

// String reads as a line: "+ POST /payment/bin/check 200: $.cardProgram string".
func (c ShapeChange) String() string {
	e := c.Element
	switch c.What {
	case Retyped:
		if e.Kind == shape.Media {
			return fmt.Sprintf("~ %s media type %s → %s", e.Answer(), strings.Join(c.FromTypes, "|"), strings.Join(c.ToTypes, "|"))
		}
		s := e.Answer()
		if e.Codes != "" {
			s += " " + e.Codes
		}
		return fmt.Sprintf("~ %s: %s %s → %s", s, e.Path, strings.Join(c.FromTypes, "|"), strings.Join(c.ToTypes, "|"))
	case Removed:
		if len(c.FromTypes) > 1 {
			e.Type = strings.Join(c.FromTypes, "|")
		}
		return "- " + describe(e)
	}
	if len(c.ToTypes) > 1 {
		e.Type = strings.Join(c.ToTypes, "|")
	}
	return "+ " + describe(e)
}

func describe(e shape.Element) string {
	switch e.Kind {
	case shape.Field:
		s := e.Answer()
		if e.Codes != "" {
			s += " " + e.Codes
		}
		return s + ": " + e.Path + " " + e.Type
	case shape.Status:
		return "status " + e.Answer()
	case shape.Code:
		return "error code " + e.Answer() + " " + e.Codes
	}
	return e.String()
}

// Compare compares two runs, whole (history.Store.Load, or built by the caller). src gives the
// runs before To against To's target, to find when each change first appeared; nil means To.
func Compare(ctx context.Context, src Source, from, to history.Run) (Report, error) {
	r := Report{From: from, To: to}
	a, b := requirements(from.Outcomes), requirements(to.Outcomes)
	for id, now := range b {
		was, ok := a[id]
		switch {
		case !ok || was.outcome == report.Skipped:
			if now.outcome != report.Skipped {
				r.OnlyTo++
			}
		case now.outcome == report.Skipped:
			r.OnlyFrom++
		case was.outcome != now.outcome:
			r.Outcomes = append(r.Outcomes, OutcomeChange{Requirement: id, Level: now.level, From: was.outcome, To: now.outcome,
				FromMessage: was.message, ToMessage: now.message, Since: to})
		}
	}
	for id, was := range a {
		if _, ok := b[id]; !ok && was.outcome != report.Skipped {
			r.OnlyFrom++
		}
	}
	slices.SortFunc(r.Outcomes, func(x, y OutcomeChange) int { return strings.Compare(x.Requirement, y.Requirement) })
	r.Shapes = shapeChanges(from.Shapes, to.Shapes)
	for i := range r.Shapes {
		r.Shapes[i].Since = to
	}
	if src != nil {
		if err := r.since(ctx, src); err != nil {
			return r, err
		}
	}
	return r, nil
}

// since walks back from To through its target's earlier runs while each change's new state
// holds, and records the earliest run that had it.
func (r *Report) since(ctx context.Context, src Source) error {
	if r.Changes() == 0 {
		return nil
	}
	q := history.Query{Target: r.To.Target, Endpoints: r.To.Endpoints, Limit: MaxWalk}
	switch {
	case r.To.ID == 1:
		return nil // the first run has none before it
	case r.To.ID > 1:
		q.UpTo = r.To.ID - 1
	}
	earlier, err := src.Runs(ctx, q)
	if err != nil {
		return err
	}
	slices.Reverse(earlier) // newest first
	openOutcomes := make([]bool, len(r.Outcomes))
	openShapes := make([]bool, len(r.Shapes))
	for i := range openOutcomes {
		openOutcomes[i] = true
	}
	for i := range openShapes {
		openShapes[i] = true
	}
	for _, run := range earlier {
		if run.ID == r.From.ID && r.From.Same(r.To) {
			break // the run compared with differs, by definition
		}
		outcomes, err := src.Outcomes(ctx, run.ID)
		if err != nil {
			return err
		}
		reqs := requirements(outcomes[run.ID])
		still := false
		for i, c := range r.Outcomes {
			if !openOutcomes[i] {
				continue
			}
			if o, ok := reqs[c.Requirement]; ok && o.outcome == c.To {
				r.Outcomes[i].Since = run
				still = true
			} else {
				openOutcomes[i] = false
			}
		}
		if slices.Contains(openShapes, true) {
			full, err := src.Load(ctx, run.ID)
			if err != nil {
				return err
			}
			present := keys(full.Shapes)
			types := typeSets(full.Shapes)
			for i, c := range r.Shapes {
				if !openShapes[i] {
					continue
				}
				holds := false
				switch c.What {
				case Added:
					holds = present[c.Element.Key()]
				case Removed:
					holds = !present[c.Element.Key()] && answered(full.Shapes, c.Element)
				case Retyped:
					holds = slices.Equal(types[typeKey(c.Element)], c.ToTypes)
				}
				if holds {
					r.Shapes[i].Since = run
					still = true
				} else {
					openShapes[i] = false
				}
			}
		}
		if !still {
			break
		}
	}
	return nil
}

type reqOutcome struct {
	outcome report.Outcome
	level   string
	message string
}

// severity orders outcomes: a requirement's outcome in a run is its worst spec's.
var severity = map[report.Outcome]int{report.Skipped: 0, report.Passed: 1, report.Warned: 2, report.Known: 3, report.Errored: 4, report.Failed: 5, report.Broken: 6}

// requirements folds specs into requirements: each requirement's worst outcome, with the
// message of the spec that had it.
func requirements(outcomes []history.Outcome) map[string]reqOutcome {
	out := map[string]reqOutcome{}
	for _, o := range outcomes {
		id := o.Requirement
		if id == "" {
			id = o.Suite + ": " + o.Name // a setup node, no requirement's
		}
		cur, ok := out[id]
		if !ok || severity[o.Outcome] > severity[cur.outcome] {
			out[id] = reqOutcome{outcome: o.Outcome, level: o.Level, message: o.Message}
		}
	}
	return out
}

// Requirements folds a run's specs into its requirements' outcomes: each requirement's worst
// spec's outcome, by requirement ID (a setup node's by "suite: name").
func Requirements(outcomes []history.Outcome) map[string]report.Outcome {
	out := map[string]report.Outcome{}
	for id, o := range requirements(outcomes) {
		out[id] = o.outcome
	}
	return out
}

func keys(es []shape.Element) map[string]bool {
	out := make(map[string]bool, len(es))
	for _, e := range es {
		out[e.Key()] = true
	}
	return out
}

// typeKey groups the elements whose types are compared: a field's answer, codes and path, or
// an answer's media types.
func typeKey(e shape.Element) string {
	if e.Kind == shape.Media {
		return "media\x1f" + e.Answer()
	}
	return "field\x1f" + e.Answer() + "\x1f" + e.Codes + "\x1f" + e.Path
}

func typeSets(es []shape.Element) map[string][]string {
	out := map[string][]string{}
	for _, e := range es {
		if e.Kind == shape.Media || e.Kind == shape.Field {
			k := typeKey(e)
			if !slices.Contains(out[k], e.Type) {
				out[k] = append(out[k], e.Type)
			}
		}
	}
	for k := range out {
		slices.Sort(out[k])
	}
	return out
}

// classKey is an answer class: the endpoint, status and codes whose fields are compared.
func classKey(e shape.Element) string { return e.Answer() + "\x1f" + e.Codes }

// answered reports whether a run got the answer e belongs to (its status, and for a field its
// class), so that a removal is told from an answer the run did not get at all.
func answered(es []shape.Element, e shape.Element) bool {
	return slices.ContainsFunc(es, func(x shape.Element) bool {
		switch e.Kind {
		case shape.Status:
			return x.Kind == shape.Status && x.Endpoint == e.Endpoint
		case shape.Field:
			return x.Kind == shape.Field && classKey(x) == classKey(e)
		}
		return x.Kind == shape.Status && x.Answer() == e.Answer()
	})
}

// shapeChanges lists what differs between two runs' shapes. A status is compared per
// endpoint both runs reached; media types and codes per answer (endpoint and status) both got;
// fields per answer class (answer and codes) both got. A whole new answer or class is one
// change, not one per field.
func shapeChanges(from, to []shape.Element) []ShapeChange {
	var out []ShapeChange
	endpoints := func(es []shape.Element) map[string]bool {
		m := map[string]bool{}
		for _, e := range es {
			m[e.Endpoint] = true
		}
		return m
	}
	answers := func(es []shape.Element) map[string]bool {
		m := map[string]bool{}
		for _, e := range es {
			if e.Kind == shape.Status {
				m[e.Answer()] = true
			}
		}
		return m
	}
	classes := func(es []shape.Element) map[string]bool {
		m := map[string]bool{}
		for _, e := range es {
			if e.Kind == shape.Field {
				m[classKey(e)] = true
			}
		}
		return m
	}
	epA, epB := endpoints(from), endpoints(to)
	ansA, ansB := answers(from), answers(to)
	clA, clB := classes(from), classes(to)
	inA, inB := keys(from), keys(to)
	tyA, tyB := typeSets(from), typeSets(to)
	done := map[string]bool{}

	for _, e := range to {
		switch e.Kind {
		case shape.Status:
			if epA[e.Endpoint] && !inA[e.Key()] {
				out = append(out, ShapeChange{What: Added, Element: e})
			}
		case shape.Code:
			if ansA[e.Answer()] && !inA[e.Key()] {
				out = append(out, ShapeChange{What: Added, Element: e})
			}
		case shape.Media, shape.Field:
			k := typeKey(e)
			if done[k] {
				continue
			}
			done[k] = true
			shared := ansA[e.Answer()]
			if e.Kind == shape.Field {
				shared = clA[classKey(e)]
			}
			switch {
			case !shared:
			case len(tyA[k]) == 0:
				out = append(out, ShapeChange{What: Added, Element: e, ToTypes: tyB[k]})
			case !slices.Equal(tyA[k], tyB[k]):
				out = append(out, ShapeChange{What: Retyped, Element: e, FromTypes: tyA[k], ToTypes: tyB[k]})
			}
		}
	}
	removed := map[string]bool{}
	for _, e := range from {
		if inB[e.Key()] {
			continue
		}
		switch e.Kind {
		case shape.Status:
			if epB[e.Endpoint] {
				out = append(out, ShapeChange{What: Removed, Element: e})
			}
		case shape.Code:
			if ansB[e.Answer()] {
				out = append(out, ShapeChange{What: Removed, Element: e})
			}
		case shape.Field:
			if k := typeKey(e); clB[classKey(e)] && len(tyB[k]) == 0 && !removed[k] {
				removed[k] = true
				out = append(out, ShapeChange{What: Removed, Element: e, FromTypes: tyA[k]})
			}
		}
	}
	slices.SortStableFunc(out, func(x, y ShapeChange) int {
		return cmp.Or(shape.Compare(x.Element, y.Element), strings.Compare(string(x.What), string(y.What)))
	})
	return out
}

// Flaky is a requirement whose outcome flipped back and forth.
type Flaky struct {
	Requirement string
	Level       string
	// Runs and Outcomes are its history, oldest first: the runs it ran in, and its outcome
	// in each.
	Runs     []history.Run
	Outcomes []report.Outcome
	Flips    int
}

// DefaultFlakyRuns is how many of the latest runs are searched for flips; PAYCONFORM_FLAKY_RUNS
// or --flaky-runs change it.
const DefaultFlakyRuns = 10

// FindFlaky names the requirements whose outcome changed at least twice over runs (oldest
// first, whole: their Outcomes filled): it went one way and back, so one change of the target
// is not mistaken for flakiness. Skipped runs and infrastructure errors are not outcomes, and a
// known deviation counts as the failure it is.
func FindFlaky(runs []history.Run) []Flaky {
	type point struct {
		run     history.Run
		outcome report.Outcome
	}
	series := map[string][]point{}
	levels := map[string]string{}
	for _, run := range runs {
		for id, o := range requirements(run.Outcomes) {
			out := o.outcome
			switch out {
			case report.Skipped, report.Errored, report.Broken:
				continue
			case report.Known:
				out = report.Failed
			}
			series[id] = append(series[id], point{run, out})
			levels[id] = o.level
		}
	}
	var out []Flaky
	for id, ps := range series {
		f := Flaky{Requirement: id, Level: levels[id]}
		for i, p := range ps {
			f.Runs = append(f.Runs, p.run)
			f.Outcomes = append(f.Outcomes, p.outcome)
			if i > 0 && p.outcome != ps[i-1].outcome {
				f.Flips++
			}
		}
		if f.Flips >= 2 {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b Flaky) int { return strings.Compare(a.Requirement, b.Requirement) })
	return out
}

// Headline is the summary's line about drift: "2 changes since the last run #41 (1 outcome,
// 1 answer shape): payconform drift", or that nothing changed, or that there is nothing to
// compare with.
func (r Report) Headline() string {
	if r.From.ID == 0 {
		return "Drift: the first run against " + r.To.TargetLabel() + " in the history; nothing to compare with yet"
	}
	if r.Changes() == 0 {
		line := fmt.Sprintf("Drift: no change since the last run against %s, %s", r.To.TargetLabel(), r.From.Label())
		if n := r.OnlyFrom + r.OnlyTo; n > 0 {
			line += fmt.Sprintf(" (%s ran in only one of the two)", plural(n, "requirement"))
		}
		return line
	}
	return fmt.Sprintf("Drift: %s since the last run against %s, %s (%s, %s): payconform drift shows them",
		plural(r.Changes(), "change"), r.To.TargetLabel(), r.From.Label(),
		plural(len(r.Outcomes), "requirement outcome"), plural(len(r.Shapes), "answer shape"))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Write prints the report for a person.
func (r Report) Write(w io.Writer) {
	runLabel := func(run history.Run) string {
		if run.ID == 0 {
			return "this run"
		}
		return run.Label()
	}
	fmt.Fprintf(w, "payconform drift: %s, %s → %s, %s\n", runLabel(r.From), r.From.TargetLabel(), runLabel(r.To), r.To.TargetLabel())
	if r.From.Mutants != r.To.Mutants {
		fmt.Fprintf(w, "  mutants: %q → %q\n", r.From.Mutants, r.To.Mutants)
	}
	fmt.Fprintf(w, "  %s, %s\n", plural(len(r.Outcomes), "requirement outcome"), plural(len(r.Shapes), "answer shape")+" changed")
	if len(r.Outcomes) > 0 {
		fmt.Fprintln(w, "\nRequirements whose outcome changed:")
		for _, c := range r.Outcomes {
			fmt.Fprintf(w, "  %s %s: %s → %s, since %s\n", c.Requirement, c.Level, c.From, c.To, runLabel(c.Since))
			fmt.Fprintf(w, "      was: %s\n      now: %s\n", oneLine(c.FromMessage), oneLine(c.ToMessage))
		}
	}
	if len(r.Shapes) > 0 {
		fmt.Fprintln(w, "\nAnswer shapes that changed (drift; one the contract forbids has failed its requirement above):")
		for _, c := range r.Shapes {
			fmt.Fprintf(w, "  %s   (since %s)\n", c.String(), runLabel(c.Since))
		}
	}
	if r.OnlyFrom+r.OnlyTo > 0 {
		fmt.Fprintf(w, "\nNot compared: %d requirement(s) ran only in %s, %d only in %s (another selection of suites or labels).\n",
			r.OnlyFrom, runLabel(r.From), r.OnlyTo, runLabel(r.To))
	}
}

// oneLine is a message's first line, cut to a readable length; "-" for none.
func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if s == "" {
		return "-"
	}
	if r := []rune(s); len(r) > 240 {
		return string(r[:239]) + "…"
	}
	return s
}
