package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/payconform/payconform/harness/drift"
	"github.com/payconform/payconform/harness/history"
	"github.com/payconform/payconform/harness/trend"
)

const driftHelp = `usage: payconform drift [flags]

Compares two runs from the run history (every payconform test and certify adds one): the
requirements whose outcome changed, with both messages, and the answer shapes that changed (a
field added or removed or of another type, a new status, media type or error code), each with
the first run it appeared in; then the requirements whose outcome flipped back and forth in the
last runs (flaky). The history keeps shapes, never values.

Which runs: by default the latest run and the last run before it against the same target;
--target T the last two against T; --target T --against A the last run against A and the last
against T (what T answers that A does not: the mock against the sandbox); --from N --to M two
runs by number (payconform drift --list shows them).

The store is PAYCONFORM_HISTORY, or history.sqlite in the reports directory; PAYCONFORM_FLAKY_RUNS
(or --flaky-runs) says how many runs are searched for flips.

Exit status: 0 compared (with --exit-code: and nothing changed); 1 with --exit-code, something
changed; 2 a mistake: no history, fewer than two runs, an unknown run or target.

examples:
  payconform drift
  payconform drift --target sandbox --against mock
  payconform drift --from 12 --to 15 --json

flags:
`

func runDrift(args []string) int {
	fs := flag.NewFlagSet("payconform drift", flag.ContinueOnError)
	reports := fs.String("reports", "reports", "the reports directory, where the history is by default")
	store := fs.String("history", "", "the history store (default: $PAYCONFORM_HISTORY, or history.sqlite in --reports)")
	target := fs.String("target", "", "the target whose runs to compare (mock, container, sandbox, custom, certify)")
	against := fs.String("against", "", "compare the last run against --target with the last run against this target")
	fromID := fs.Int64("from", 0, "the earlier run's number")
	toID := fs.Int64("to", 0, "the later run's number")
	flakyRuns := fs.Int("flaky-runs", 0, "how many recent runs to search for flaky requirements (default: $PAYCONFORM_FLAKY_RUNS, or 10)")
	asJSON := fs.Bool("json", false, "print the comparison as JSON")
	exitCode := fs.Bool("exit-code", false, "exit 1 when anything changed")
	list := fs.Bool("list", false, "list the runs in the history and exit")
	fs.Usage = func() { fmt.Fprint(fs.Output(), driftHelp); fs.PrintDefaults() }
	if code, ok := parse(fs, args); !ok {
		return code
	}
	const cmd = "payconform drift"
	if fs.NArg() > 0 {
		return fail(cmd, "unexpected argument %q; name runs with --from and --to", fs.Arg(0))
	}
	n, err := trend.FlakyRuns(os.Getenv)
	if err != nil {
		return fail(cmd, "%v", err)
	}
	if *flakyRuns != 0 {
		if *flakyRuns < 2 || *flakyRuns > history.MaxRuns {
			return fail(cmd, "--flaky-runs %d: want a number of runs from 2 to %d", *flakyRuns, history.MaxRuns)
		}
		n = *flakyRuns
	}
	if (*fromID != 0) != (*toID != 0) {
		return fail(cmd, "give both --from and --to, or neither")
	}
	if *against != "" && *target == "" {
		return fail(cmd, "--against compares with the last run against --target; give --target too")
	}
	path := *store
	if path == "" {
		var on bool
		if path, on = history.Path(os.Getenv, *reports); !on {
			return fail(cmd, "%s=off: there is no history to compare", history.Env)
		}
	}
	ctx := context.Background()
	if *list {
		runs, err := trend.List(ctx, path)
		if err != nil {
			return fail(cmd, "%v", err)
		}
		for _, r := range runs {
			fmt.Printf("#%-5d %s  %-8s %-40s exit %d  %s\n", r.ID, r.Start.UTC().Format("2006-01-02 15:04"), r.Kind, r.TargetLabel(), r.Exit, counts(r))
		}
		return 0
	}
	c, err := trend.Compare(ctx, path, trend.Pair{Target: *target, Against: *against, From: *fromID, To: *toID}, n)
	if err != nil {
		return fail(cmd, "%v", err)
	}
	if *asJSON {
		out, _ := json.MarshalIndent(c.JSON(), "", "  ")
		fmt.Println(string(out))
	} else {
		c.Report.Write(os.Stdout)
		writeFlaky(c, n)
	}
	if *exitCode && c.Report.Changes() > 0 {
		return 1
	}
	return 0
}

func writeFlaky(c trend.Comparison, n int) {
	if len(c.Flaky) == 0 {
		fmt.Printf("\nFlaky: none in the last %d runs against %s.\n", n, c.Report.To.TargetLabel())
		return
	}
	fmt.Printf("\nFlaky (the outcome flipped back and forth in the last %d runs against %s):\n", n, c.Report.To.TargetLabel())
	for _, f := range c.Flaky {
		line := ""
		for i, o := range f.Outcomes {
			line += fmt.Sprintf(" #%d %s", f.Runs[i].ID, o)
		}
		fmt.Printf("  %s %s, %s:%s\n", f.Requirement, f.Level, flips(f), line)
	}
}

func flips(f drift.Flaky) string { return strconv.Itoa(f.Flips) + " flips" }

func counts(r history.Run) string {
	return fmt.Sprintf("%d passed, %d warned, %d failed, %d errors, %d skipped", r.Counts["pass"], r.Counts["warn"], r.Counts["fail"], r.Counts["error"], r.Counts["skip"])
}
