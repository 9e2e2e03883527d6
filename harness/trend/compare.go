package trend

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/payconform/payconform/harness/drift"
	"github.com/payconform/payconform/harness/history"
)

// Pair says which two runs `payconform drift` compares. Empty, it is the latest run and the
// last run before it against the same target.
type Pair struct {
	// Target names the target of the later run (its latest run); Against the target of the
	// earlier (its latest run), for a comparison of two targets.
	Target, Against string
	// From and To name two runs by ID.
	From, To int64
}

// Comparison is a drift report with the flaky requirements of the later run's target.
type Comparison struct {
	Report drift.Report
	Flaky  []drift.Flaky
}

// ErrTooFewRuns is a history with nothing to compare.
var ErrTooFewRuns = errors.New("too few runs to compare")

// Compare opens the history at path and compares the pair of runs it names; flakyRuns is how
// many of the later run's target's latest runs are searched for flips.
func Compare(ctx context.Context, path string, pair Pair, flakyRuns int) (Comparison, error) {
	st, err := openExisting(ctx, path)
	if err != nil {
		return Comparison{}, err
	}
	defer st.Close()
	all, err := st.Runs(ctx, history.Query{})
	if err != nil {
		return Comparison{}, err
	}
	latest := func(target string) (history.Run, bool) {
		for i := len(all) - 1; i >= 0; i-- {
			if target == "" || all[i].Target == target {
				return all[i], true
			}
		}
		return history.Run{}, false
	}
	var from, to history.Run
	switch {
	case pair.From != 0 || pair.To != 0:
		if from, err = st.Load(ctx, pair.From); err != nil {
			return Comparison{}, err
		}
		if to, err = st.Load(ctx, pair.To); err != nil {
			return Comparison{}, err
		}
	default:
		var ok bool
		if to, ok = latest(pair.Target); !ok {
			return Comparison{}, fmt.Errorf("%w: the history %s holds no run against %s", ErrTooFewRuns, path, orAny(pair.Target))
		}
		if pair.Against != "" {
			if from, ok = latest(pair.Against); !ok {
				return Comparison{}, fmt.Errorf("%w: the history %s holds no run against %s", ErrTooFewRuns, path, pair.Against)
			}
		} else if from, ok, err = Previous(ctx, st, to); err != nil {
			return Comparison{}, err
		} else if !ok {
			return Comparison{}, fmt.Errorf("%w: the history %s holds no run against %s before %s that tested anything; run payconform test again, or name two runs with --from and --to (--list shows them)",
				ErrTooFewRuns, path, to.TargetLabel(), to.Label())
		}
		if from, err = st.Load(ctx, from.ID); err != nil {
			return Comparison{}, err
		}
		if to, err = st.Load(ctx, to.ID); err != nil {
			return Comparison{}, err
		}
	}
	d, err := drift.Compare(ctx, st, from, to)
	if err != nil {
		return Comparison{}, err
	}
	c := Comparison{Report: d}
	recent, err := st.Runs(ctx, history.Query{Target: to.Target, Endpoints: to.Endpoints, UpTo: to.ID, Limit: flakyRuns})
	if err != nil {
		return c, err
	}
	ids := make([]int64, len(recent))
	for i, r := range recent {
		ids[i] = r.ID
	}
	outcomes, err := st.Outcomes(ctx, ids...)
	if err != nil {
		return c, err
	}
	for i := range recent {
		recent[i].Outcomes = outcomes[recent[i].ID]
	}
	c.Flaky = drift.FindFlaky(recent)
	return c, nil
}

// List lists the runs in the history, oldest first (the latest history.MaxRuns).
func List(ctx context.Context, path string) ([]history.Run, error) {
	st, err := openExisting(ctx, path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.Runs(ctx, history.Query{})
}

func openExisting(ctx context.Context, path string) (*history.Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no history at %s (payconform test writes one; %s names another): %w", path, history.Env, err)
	}
	return history.Open(ctx, path)
}

func orAny(target string) string {
	if target == "" {
		return "any target"
	}
	return target
}

// JSON is the comparison for scripts: runs by ID, changes with the run each appeared in.
func (c Comparison) JSON() any {
	type run struct {
		ID        int64     `json:"id"`
		Kind      string    `json:"kind"`
		Target    string    `json:"target"`
		Endpoints string    `json:"endpoints,omitempty"`
		Start     time.Time `json:"start"`
		Version   string    `json:"version"`
		Mutants   string    `json:"mutants,omitempty"`
		Exit      int       `json:"exitCode"`
	}
	type outcome struct {
		Requirement string `json:"requirement"`
		Level       string `json:"level"`
		From        string `json:"from"`
		To          string `json:"to"`
		FromMessage string `json:"fromMessage,omitempty"`
		ToMessage   string `json:"toMessage,omitempty"`
		Since       int64  `json:"since"`
	}
	type shapeChange struct {
		Change    string   `json:"change"`
		Kind      string   `json:"kind"`
		Endpoint  string   `json:"endpoint"`
		Status    int      `json:"status"`
		Codes     string   `json:"codes,omitempty"`
		Path      string   `json:"path,omitempty"`
		Type      string   `json:"type,omitempty"`
		FromTypes []string `json:"fromTypes,omitempty"`
		ToTypes   []string `json:"toTypes,omitempty"`
		Since     int64    `json:"since"`
		Line      string   `json:"line"`
	}
	type flaky struct {
		Requirement string   `json:"requirement"`
		Level       string   `json:"level"`
		Flips       int      `json:"flips"`
		Runs        []int64  `json:"runs"`
		Outcomes    []string `json:"outcomes"`
	}
	toRun := func(r history.Run) run {
		return run{r.ID, r.Kind, r.Target, r.Endpoints, r.Start, r.Version, r.Mutants, r.Exit}
	}
	out := struct {
		From     run           `json:"from"`
		To       run           `json:"to"`
		Outcomes []outcome     `json:"outcomes"`
		Shapes   []shapeChange `json:"shapes"`
		OnlyFrom int           `json:"onlyFrom"`
		OnlyTo   int           `json:"onlyTo"`
		Flaky    []flaky       `json:"flaky"`
	}{From: toRun(c.Report.From), To: toRun(c.Report.To), Outcomes: []outcome{}, Shapes: []shapeChange{}, Flaky: []flaky{},
		OnlyFrom: c.Report.OnlyFrom, OnlyTo: c.Report.OnlyTo}
	for _, o := range c.Report.Outcomes {
		out.Outcomes = append(out.Outcomes, outcome{o.Requirement, o.Level, string(o.From), string(o.To), o.FromMessage, o.ToMessage, o.Since.ID})
	}
	for _, s := range c.Report.Shapes {
		e := s.Element
		out.Shapes = append(out.Shapes, shapeChange{string(s.What), string(e.Kind), e.Endpoint, e.Status, e.Codes, e.Path, e.Type, s.FromTypes, s.ToTypes, s.Since.ID, s.String()})
	}
	for _, f := range c.Flaky {
		fl := flaky{Requirement: f.Requirement, Level: f.Level, Flips: f.Flips}
		for i, r := range f.Runs {
			fl.Runs = append(fl.Runs, r.ID)
			fl.Outcomes = append(fl.Outcomes, string(f.Outcomes[i]))
		}
		out.Flaky = append(out.Flaky, fl)
	}
	return out
}
