package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/payconform/payconform/harness/history"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/trend"
)

const reportHelp = `usage: payconform report [flags]

Writes junit.xml and the summaries from a Ginkgo JSON report; with -html, writes index.html from
the run history instead: the latest test run (or -run N) with its drift, flaky requirements and
plots, and the evidence of its failures when -out holds that run's report.json.

Exit status: 0 every MUST held (with -html: the page was written); 1 the target broke the
contract; 3 only infrastructure errors; 2 a mistake or a harness error.

examples:
  payconform report -in reports/report.json -out reports
  payconform report -html
  PAYCONFORM_HISTORY=nightly/history.sqlite payconform report -html -run 41 -out /tmp/report
`

// reportHTML regenerates index.html from the history.
func reportHTML(store, out string, id int64) int {
	const cmd = "payconform report"
	if store == "" {
		var on bool
		if store, on = history.Path(os.Getenv, out); !on {
			return fail(cmd, "%s=off: there is no history to write index.html from", history.Env)
		}
	}
	n, err := trend.FlakyRuns(os.Getenv)
	if err != nil {
		return fail(cmd, "%v", err)
	}
	run, err := trend.Regenerate(context.Background(), store, out, id, n, os.Getenv)
	if err != nil {
		return fail(cmd, "%v", err)
	}
	fmt.Printf("Wrote %s: run %s against %s\n", filepath.Join(out, trend.Index), run.Label(), run.TargetLabel())
	return 0
}

func runReport(args []string) int {
	fs := flag.NewFlagSet("payconform report", flag.ContinueOnError)
	in := fs.String("in", "reports/report.json", "Ginkgo JSON report of the run (ginkgo --json-report)")
	out := fs.String("out", "reports", "directory for junit.xml and summary.txt")
	baselinePath := fs.String("baseline", "known-deviations.yaml", "known deviations: listed failures do not fail the run")
	html := fs.Bool("html", false, "write index.html into -out from the run history instead (the latest test run, or -run)")
	store := fs.String("history", "", "with -html: the history store (default: $PAYCONFORM_HISTORY, or history.sqlite in -out)")
	runID := fs.Int64("run", 0, "with -html: the run to show (payconform drift --list shows them)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), reportHelp)
		fs.PrintDefaults()
	}
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *html {
		return reportHTML(*store, *out, *runID)
	}
	reports, err := report.Load(*in)
	if err != nil {
		fmt.Fprintf(os.Stderr, "payconform report: %v\n(did the suites compile and run? the Ginkgo output above says why not)\n", err)
		return 2
	}
	baseline, err := report.LoadBaseline(*baselinePath, *baselinePath == "known-deviations.yaml")
	if err != nil {
		fmt.Fprintln(os.Stderr, "payconform report:", err)
		return 2
	}
	p, err := report.Publish(reports, *out, report.Options{Baseline: baseline})
	if err != nil {
		fmt.Fprintln(os.Stderr, "payconform report:", err)
		return 2
	}
	fmt.Print(p.Text)
	return p.Exit
}
