package report

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Write prints the summary a person reads after a run: counts, then every failed MUST, every
// warning, every infrastructure error and every skip reason, grouped so that "the target broke
// the contract" is never mixed with "we could not ask it".
func (s Summary) Write(w io.Writer) {
	target := s.Target
	if target == "" {
		target = "unknown"
	}
	if banner := s.Banner(); banner != "" {
		fmt.Fprintln(w, banner)
	}
	fmt.Fprintf(w, "payconform summary (target: %s)\n", target)
	fmt.Fprintf(w, "  %d passed, %d passed with warnings, %d FAILED, %d infrastructure errors, %d skipped",
		s.Counts[Passed], s.Counts[Warned], s.Counts[Failed], s.Counts[Errored], s.Counts[Skipped])
	if n := s.Counts[Known]; n > 0 {
		fmt.Fprintf(w, ", %d known deviations", n)
	}
	if n := s.Counts[Broken]; n > 0 {
		fmt.Fprintf(w, ", %d HARNESS ERRORS", n)
	}
	fmt.Fprintln(w)
	if s.Drift != "" {
		fmt.Fprintln(w, "  "+s.Drift)
	}
	online, onlineRan, offlineRan := 0, 0, 0
	for _, sp := range s.Specs {
		switch {
		case sp.Outcome == Broken || sp.Outcome == Skipped && sp.Offline:
		case sp.Offline:
			offlineRan++
		default:
			online++
			if sp.Outcome != Skipped {
				onlineRan++
			}
		}
	}
	switch {
	case online > 0 && onlineRan == 0 && offlineRan > 0:
		fmt.Fprintln(w, "  NOTHING WAS SENT TO THE TARGET: every check that talks to it was skipped (reasons below);")
		fmt.Fprintln(w, "  only the offline known-answer vectors ran.")
	case online > 0 && onlineRan == 0:
		fmt.Fprintln(w, "  NOTHING WAS TESTED: every check was skipped (reasons below).")
	}

	section := func(title string, o Outcome, detail bool) {
		specs := s.of(o)
		if len(specs) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s\n", title)
		for _, sp := range specs {
			fmt.Fprintf(w, "  - %s\n", sp.Name)
			if detail {
				for _, m := range sp.Messages {
					if m = strings.TrimSpace(m); m != "" {
						fmt.Fprintf(w, "      %s\n", m)
					}
				}
			}
		}
	}
	section("The target broke the contract (MUST failed):", Failed, true)
	section("Warnings (SHOULD not met; the run still passes):", Warned, true)
	section("Infrastructure errors (the target could not be asked; not verdicts):", Errored, true)
	section("Known deviations (listed in known-deviations.yaml; they do not fail the run):", Known, true)
	section("Harness errors (payconform itself failed; please report):", Broken, true)

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
			reason = "(filtered out by the label filter or focus)"
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

// JSON is summary.json: the counts, the exit code and every spec that did not simply pass, for
// workflows that want the verdict without parsing JUnit.
func (s Summary) JSON() []byte {
	type spec struct {
		Requirement string   `json:"requirement"`
		Name        string   `json:"name"`
		Outcome     Outcome  `json:"outcome"`
		Messages    []string `json:"messages,omitempty"`
	}
	out := struct {
		Target   string          `json:"target"`
		ExitCode int             `json:"exitCode"`
		Counts   map[Outcome]int `json:"counts"`
		Specs    []spec          `json:"specs"`
		Drift    string          `json:"drift,omitempty"`
	}{Target: s.Target, ExitCode: s.ExitCode(), Counts: s.Counts, Specs: []spec{}, Drift: s.Drift}
	for _, sp := range s.Specs {
		if sp.Outcome != Passed {
			out.Specs = append(out.Specs, spec{sp.Requirement, sp.Name, sp.Outcome, sp.Messages})
		}
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

// Markdown is summary.md, for a CI job's summary page: the counts, then one row per spec that
// did not simply pass.
func (s Summary) Markdown(notes BaselineNotes) []byte {
	var b strings.Builder
	target := s.Target
	if target == "" {
		target = "unknown"
	}
	fmt.Fprintf(&b, "## payconform (target: %s)\n\n", target)
	if banner := s.Banner(); banner != "" {
		fmt.Fprintf(&b, "> **%s**\n>\n", strings.TrimPrefix(banner, "!! "))
		for _, r := range s.SkipReasons() {
			fmt.Fprintf(&b, "> - skipped: %s\n", strings.NewReplacer("|", `\|`, "\n", " ").Replace(r))
		}
		for _, n := range s.NotSelected {
			fmt.Fprintf(&b, "> - not selected: %s\n", n)
		}
		b.WriteString("\n")
	}
	b.WriteString("| Passed | Warnings | Failed (MUST) | Infrastructure errors | Known deviations | Skipped |\n|---|---|---|---|---|---|\n")
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %d | %d |\n", s.Counts[Passed], s.Counts[Warned], s.Counts[Failed], s.Counts[Errored], s.Counts[Known], s.Counts[Skipped])
	if s.Drift != "" {
		fmt.Fprintf(&b, "\n%s\n", s.Drift)
	}
	var rows []Spec
	for _, o := range []Outcome{Broken, Failed, Errored, Known, Warned} {
		rows = append(rows, s.of(o)...)
	}
	if len(rows) > 0 {
		b.WriteString("\n| Requirement | Outcome | What happened |\n|---|---|---|\n")
		for _, sp := range rows {
			msg := ""
			if len(sp.Messages) > 0 {
				msg = sp.Messages[0]
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", sp.Requirement, sp.Outcome, strings.NewReplacer("|", `\|`, "\n", " ").Replace(msg))
		}
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
