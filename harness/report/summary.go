package report

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/provider"
)

// Write prints the summary a person reads after a run: what went wrong with the run itself (a
// base URL that serves nothing, an interruption), the counts, the target's and the offline
// checks' apart, then every failed MUST with the request it sent and the answer it got, every
// warning, the infrastructure errors grouped by cause, and every skip reason: "the target broke
// the contract" is never mixed with "we could not ask it".
func (s Summary) Write(w io.Writer) {
	target := s.Target
	if target == "" {
		target = "unknown"
	}
	if banner := s.Banner(); banner != "" {
		fmt.Fprintln(w, banner)
	}
	for _, line := range s.Problems() {
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "payconform summary (target: %s)\n", target)
	online, offline := s.split()
	fmt.Fprintf(w, "  against the target: %s\n", online.line(true))
	if offline.total() > 0 {
		fmt.Fprintf(w, "  offline known-answer checks (payconform's own signer and verifier): %s\n", offline.line(false))
	}
	if n := s.Counts[Filtered]; n > 0 {
		fmt.Fprintf(w, "  %d not selected by --label-filter %q\n", n, s.LabelFilter)
	}
	if s.Drift != "" {
		fmt.Fprintln(w, "  "+s.Drift)
	}
	onlineRan := online.total() - online[Skipped] - online[Filtered] - online[Interrupted]
	switch {
	case online.total() > 0 && onlineRan == 0 && offline[Passed]+offline[Failed] > 0 && !s.Interrupted:
		fmt.Fprintln(w, "  NOTHING WAS SENT TO THE TARGET: every check that talks to it was skipped (reasons below);")
		fmt.Fprintln(w, "  only the offline known-answer vectors ran.")
	case online.total() > 0 && onlineRan == 0 && !s.Interrupted:
		fmt.Fprintln(w, "  NOTHING WAS TESTED: every check was skipped (reasons below).")
	}

	section := func(title string, o Outcome, evidence bool) {
		specs := s.of(o)
		if len(specs) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s\n", title)
		for _, sp := range specs {
			fmt.Fprintf(w, "  - %s\n", sp.Name)
			for _, m := range sp.Messages {
				if m = strings.TrimSpace(m); m != "" {
					fmt.Fprintf(w, "      %s\n", m)
				}
			}
			if ev := sp.Evidence(); evidence && ev != "" {
				fmt.Fprintf(w, "%s\n", indent(ev, "      "))
			}
		}
	}
	section("The target broke the contract (MUST failed):", Failed, true)
	section("Warnings (SHOULD not met; the run still passes):", Warned, false)
	if groups := s.InfrastructureCauses(); len(groups) > 0 {
		fmt.Fprintf(w, "\nInfrastructure errors (the target could not be asked; not verdicts), by cause:\n")
		for _, g := range groups {
			fmt.Fprintf(w, "  - %s\n      %s\n", g.String(), strings.Join(g.Requirements(), ", "))
		}
	}
	section("Known deviations (listed in known-deviations.yaml; they do not fail the run):", Known, false)
	section("Harness errors (payconform itself failed; please report):", Broken, false)

	if reasons := s.SkipReasons(); len(reasons) > 0 {
		fmt.Fprintf(w, "\nSkipped, by reason:\n")
		for _, r := range reasons {
			fmt.Fprintf(w, "  - %s\n", r)
		}
	}
	if len(s.NotSelected) > 0 {
		fmt.Fprintf(w, "\nNot selected (no spec of these suites ran):\n")
		for _, n := range s.NotSelected {
			fmt.Fprintf(w, "  - %s\n", n)
		}
	}
}

// Problems are the lines that say what went wrong with the run itself, before any verdict: a
// base URL that serves none of a suite's routes, an interruption.
func (s Summary) Problems() []string {
	var out []string
	for _, m := range s.Misconfigured {
		out = append(out, m.String())
	}
	for _, suite := range s.NothingGranted {
		out = append(out, NothingGrantedLine(suite))
	}
	if s.Interrupted {
		out = append(out, fmt.Sprintf("!! INTERRUPTED: the run was stopped before it finished; %d spec(s) did not run or were cut short; the reports hold what ran", s.Counts[Interrupted]))
	}
	return out
}

// NothingGrantedLine is what a suite whose target granted nothing gets: wrong credentials look
// exactly so, and are named first.
func NothingGrantedLine(suite string) string {
	check := "the credentials"
	if d, ok := provider.Lookup(suite); ok {
		var names []string
		for _, v := range d.Vars {
			if v.Kind == provider.Secret || v.Kind == provider.Identifier {
				names = append(names, v.Name)
			}
		}
		if len(names) > 0 {
			check = strings.Join(names, ", ")
		}
	}
	return fmt.Sprintf("NOTHING GRANTED: %s: the target refused every request, the correctly made ones too (every check that needs a success failed, every refusal check held). Wrong credentials look exactly like this: check %s first; if they are right, the target refuses requests made as its documentation says", suite, check)
}

// String is the one line a misconfigured suite gets: the base URL that was tried, and what to do.
func (m Misconfiguration) String() string {
	variable := "its base URL"
	if d, ok := provider.Lookup(m.Suite); ok {
		variable = d.BaseURLVar()
	}
	return fmt.Sprintf("MISCONFIGURED: %s: every request was answered 404 or 405 (%s → %d %s): the base URL in %s serves none of %s's routes; check %s",
		m.Suite, route(m.Example), m.Example.Status, http.StatusText(m.Example.Status), variable, m.Suite, variable)
}

// counts are outcomes counted over some of a run's specs.
type counts map[Outcome]int

func (c counts) total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// line is "158 passed, 50 passed with warnings, 19 FAILED, 0 infrastructure errors, 33 skipped",
// with the rarer outcomes when they occur.
func (c counts) line(target bool) string {
	parts := []string{fmt.Sprintf("%d passed", c[Passed])}
	if target || c[Warned] > 0 {
		parts = append(parts, fmt.Sprintf("%d passed with warnings", c[Warned]))
	}
	parts = append(parts, fmt.Sprintf("%d FAILED", c[Failed]))
	if target || c[Errored] > 0 {
		parts = append(parts, fmt.Sprintf("%d infrastructure errors", c[Errored]))
	}
	if target || c[Skipped] > 0 {
		parts = append(parts, fmt.Sprintf("%d skipped", c[Skipped]))
	}
	for _, o := range []struct {
		o    Outcome
		name string
	}{{Known, "known deviations"}, {Broken, "HARNESS ERRORS"}, {Interrupted, "interrupted"}} {
		if c[o.o] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[o.o], o.name))
		}
	}
	return strings.Join(parts, ", ")
}

// split counts the specs that talk to the target apart from the offline known-answer checks.
// Filtered specs are counted in neither.
func (s Summary) split() (online, offline counts) {
	online, offline = counts{}, counts{}
	for _, sp := range s.Specs {
		switch {
		case sp.Outcome == Filtered:
		case sp.Offline:
			offline[sp.Outcome]++
		default:
			online[sp.Outcome]++
		}
	}
	return online, offline
}

// Cause is one cause of infrastructure errors and the specs it stopped.
type Cause struct {
	Text  string
	Specs []Spec
}

// String is "52 requests: dial tcp 127.0.0.1:1: connect: connection refused".
func (c Cause) String() string {
	if len(c.Specs) == 1 {
		return "1 request: " + c.Text
	}
	return fmt.Sprintf("%d requests: %s", len(c.Specs), c.Text)
}

// Requirements lists the requirements of the cause's specs, each with its count: "PNT-AUTH-05
// (6), PNT-AUTH-07 (3)".
func (c Cause) Requirements() []string {
	n := map[string]int{}
	var order []string
	for _, sp := range c.Specs {
		if n[sp.Requirement] == 0 {
			order = append(order, sp.Requirement)
		}
		n[sp.Requirement]++
	}
	slices.Sort(order)
	out := make([]string, len(order))
	for i, id := range order {
		out[i] = id
		if n[id] > 1 {
			out[i] = fmt.Sprintf("%s (%d)", id, n[id])
		}
	}
	return out
}

// InfrastructureCauses groups the infrastructure errors by cause, in the order each cause first
// happened: the cause that made the circuit breaker open comes before the requests it kept
// from being sent.
func (s Summary) InfrastructureCauses() []Cause {
	var out []Cause
	index := map[string]int{}
	for _, sp := range s.Specs {
		if sp.Outcome != Errored {
			continue
		}
		text := sp.cause()
		i, ok := index[text]
		if !ok {
			i = len(out)
			index[text] = i
			out = append(out, Cause{Text: text})
		}
		out[i].Specs = append(out[i].Specs, sp)
	}
	return out
}

// cause is why an infrastructure error happened: the cause its exchange recorded, with the
// route, or its message.
func (sp Spec) cause() string {
	for i := len(sp.Exchanges) - 1; i >= 0; i-- {
		if e := sp.Exchanges[i]; e.Error != "" {
			return e.Error + " (" + route(e) + ")"
		}
	}
	msg := strings.Join(sp.Messages, " ")
	if _, after, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(msg, "INFRASTRUCTURE ERROR") {
		return after
	}
	return msg
}

// SkipReasons are the reasons specs were skipped, each with its count ("12 × not applicable:
// ..."), most frequent first.
func (s Summary) SkipReasons() []string {
	reasons := map[string]int{}
	for _, sp := range s.of(Skipped) {
		reasons[strings.Join(sp.Messages, " ")]++
	}
	keys := make([]string, 0, len(reasons))
	for k := range reasons {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if reasons[a] != reasons[b] {
			return reasons[b] - reasons[a]
		}
		return strings.Compare(a, b)
	})
	out := make([]string, len(keys))
	for i, k := range keys {
		reason := k
		if reason == "" {
			reason = "(left out by focus or a skip without a reason)"
		}
		out[i] = fmt.Sprintf("%d × %s", reasons[k], reason)
	}
	return out
}

// Banner is the line a summary begins with when the run did not test everything it could:
// specs skipped, or suites not selected. Empty when everything ran.
func (s Summary) Banner() string {
	var parts []string
	if n := s.Counts[Skipped]; n > 0 {
		parts = append(parts, fmt.Sprintf("%d check(s) skipped", n))
	}
	if n := len(s.NotSelected); n > 0 {
		parts = append(parts, fmt.Sprintf("%d suite(s) not selected", n))
	}
	if len(parts) == 0 {
		return ""
	}
	return "!! NOT EVERYTHING WAS TESTED: " + strings.Join(parts, ", ") + " (reasons below)"
}

func (s Summary) of(o Outcome) []Spec {
	var out []Spec
	for _, sp := range s.Specs {
		if sp.Outcome == o {
			out = append(out, sp)
		}
	}
	slices.SortFunc(out, func(a, b Spec) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// JSON is summary.json: every count (zeros too, the target's and the offline checks' apart),
// the exit code, the payconform version, the target, when the run started and how long it
// took, and every spec that did not simply pass, with its evidence; for workflows that want the
// verdict without parsing JUnit.
func (s Summary) JSON() []byte {
	type spec struct {
		Requirement string               `json:"requirement"`
		Name        string               `json:"name"`
		Case        string               `json:"case,omitempty"`
		Outcome     Outcome              `json:"outcome"`
		Messages    []string             `json:"messages,omitempty"`
		Location    string               `json:"location,omitempty"`
		Exchange    *entry.ExchangeEntry `json:"exchange,omitempty"`
		Replay      string               `json:"replay,omitempty"`
	}
	type cause struct {
		Cause        string   `json:"cause"`
		Requests     int      `json:"requests"`
		Requirements []string `json:"requirements"`
	}
	all := func(c counts) map[Outcome]int {
		out := map[Outcome]int{}
		for _, o := range Outcomes {
			out[o] = c[o]
		}
		return out
	}
	online, offline := s.split()
	out := struct {
		Version        string          `json:"version"`
		Target         string          `json:"target"`
		Start          string          `json:"start,omitempty"`
		DurationSec    float64         `json:"durationSeconds"`
		ExitCode       int             `json:"exitCode"`
		Interrupted    bool            `json:"interrupted"`
		LabelFilter    string          `json:"labelFilter,omitempty"`
		Counts         map[Outcome]int `json:"counts"`
		TargetCounts   map[Outcome]int `json:"targetCounts"`
		OfflineCounts  map[Outcome]int `json:"offlineCounts"`
		Problems       []string        `json:"problems"`
		Infrastructure []cause         `json:"infrastructureCauses"`
		NotSelected    []string        `json:"notSelected"`
		Specs          []spec          `json:"specs"`
		Drift          string          `json:"drift,omitempty"`
	}{Drift: s.Drift, Version: s.Version, Target: s.Target, DurationSec: s.Duration.Seconds(), ExitCode: s.ExitCode(), Interrupted: s.Interrupted, LabelFilter: s.LabelFilter,
		Counts: all(counts(s.Counts)), TargetCounts: all(online), OfflineCounts: all(offline),
		Problems: append([]string{}, s.Problems()...), Infrastructure: []cause{}, NotSelected: append([]string{}, s.NotSelected...), Specs: []spec{}}
	if !s.Start.IsZero() {
		out.Start = s.Start.UTC().Format(time.RFC3339)
	}
	for _, g := range s.InfrastructureCauses() {
		out.Infrastructure = append(out.Infrastructure, cause{g.Text, len(g.Specs), g.Requirements()})
	}
	for _, sp := range s.Specs {
		if sp.Outcome == Passed || sp.Outcome == Filtered {
			continue
		}
		js := spec{Requirement: sp.Requirement, Name: sp.Name, Case: sp.Case, Outcome: sp.Outcome, Messages: sp.Messages, Location: sp.Location}
		if e, ok := sp.evidence(); ok && (sp.Outcome == Failed || sp.Outcome == Errored || sp.Outcome == Known) {
			js.Exchange, js.Replay = &e, Curl(e, sp.Suite)
		}
		out.Specs = append(out.Specs, js)
	}
	b, _ := json.MarshalIndent(out, "", "  ")
	return append(b, '\n')
}

// WriteBaselineNotes adds what applying known-deviations.yaml found to the summary.
func (n BaselineNotes) Write(w io.Writer) {
	if len(n.Expired) > 0 {
		fmt.Fprintf(w, "\nExpired known deviations (failing the run again):\n")
		for _, e := range n.Expired {
			fmt.Fprintf(w, "  - %s\n", e)
		}
	}
	if len(n.Resolved) > 0 {
		fmt.Fprintf(w, "\nKnown deviations that no longer occur:\n")
		for _, r := range n.Resolved {
			fmt.Fprintf(w, "  - %s\n", r)
		}
	}
}

// Markdown is summary.md, for a CI job's summary page: what went wrong with the run, the counts,
// one row per spec that did not simply pass (its requirement and case, so that no two rows read
// alike), then each failure's request and answer.
func (s Summary) Markdown(notes BaselineNotes) []byte {
	var b strings.Builder
	target := s.Target
	if target == "" {
		target = "unknown"
	}
	cell := strings.NewReplacer("|", `\|`, "\n", " ").Replace
	fmt.Fprintf(&b, "## payconform (target: %s)\n\n", target)
	for _, p := range s.Problems() {
		fmt.Fprintf(&b, "> **%s**\n>\n", strings.TrimPrefix(p, "!! "))
	}
	if banner := s.Banner(); banner != "" {
		fmt.Fprintf(&b, "> **%s**\n>\n", strings.TrimPrefix(banner, "!! "))
		for _, r := range s.SkipReasons() {
			fmt.Fprintf(&b, "> - skipped: %s\n", cell(r))
		}
		for _, n := range s.NotSelected {
			fmt.Fprintf(&b, "> - not selected: %s\n", n)
		}
		b.WriteString("\n")
	}
	online, offline := s.split()
	b.WriteString("| Checks | Passed | Warnings | Failed (MUST) | Infrastructure errors | Known deviations | Skipped |\n|---|---|---|---|---|---|---|\n")
	fmt.Fprintf(&b, "| against the target | %d | %d | %d | %d | %d | %d |\n", online[Passed], online[Warned], online[Failed], online[Errored], online[Known], online[Skipped])
	fmt.Fprintf(&b, "| offline known-answer | %d | %d | %d | %d | %d | %d |\n", offline[Passed], offline[Warned], offline[Failed], offline[Errored], offline[Known], offline[Skipped])
	if n := s.Counts[Filtered]; n > 0 {
		fmt.Fprintf(&b, "\n%d not selected by `--label-filter %s`.\n", n, s.LabelFilter)
	}
	if groups := s.InfrastructureCauses(); len(groups) > 0 {
		b.WriteString("\nInfrastructure errors, by cause:\n\n")
		for _, g := range groups {
			fmt.Fprintf(&b, "- %s (%s)\n", cell(g.String()), strings.Join(g.Requirements(), ", "))
		}
	}
	if s.Drift != "" {
		fmt.Fprintf(&b, "\n%s\n", s.Drift)
	}
	var rows []Spec
	for _, o := range []Outcome{Broken, Failed, Known, Warned} {
		rows = append(rows, s.of(o)...)
	}
	if len(rows) > 0 {
		b.WriteString("\n| Requirement | Case | Outcome | What happened |\n|---|---|---|---|\n")
		for _, sp := range rows {
			msg := ""
			if len(sp.Messages) > 0 {
				msg = sp.Messages[0]
			}
			name := sp.Requirement
			if name == "" {
				name = sp.Name
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", cell(name), cell(sp.Case), sp.Outcome, cell(msg))
		}
	}
	for _, sp := range s.of(Failed) {
		ev := sp.Evidence()
		if ev == "" {
			continue
		}
		title := sp.Requirement
		if sp.Case != "" {
			title += " " + sp.Case
		}
		e, _ := sp.evidence()
		fmt.Fprintf(&b, "\n<details><summary>%s: request and answer</summary>\n\n```sh\n%s\n```\n\n```\n%s\n```\n</details>\n", html.EscapeString(title), Curl(e, sp.Suite), Answer(e))
	}
	for _, e := range notes.Expired {
		fmt.Fprintf(&b, "\n- Expired known deviation: %s", e)
	}
	for _, r := range notes.Resolved {
		fmt.Fprintf(&b, "\n- %s", r)
	}
	b.WriteString("\n")
	return []byte(b.String())
}
