package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/payconform/payconform/harness/report"
)

func runReport(args []string) int {
	fs := flag.NewFlagSet("payconform report", flag.ContinueOnError)
	in := fs.String("in", "reports/report.json", "Ginkgo JSON report of the run (ginkgo --json-report)")
	out := fs.String("out", "reports", "directory for junit.xml and summary.txt")
	baselinePath := fs.String("baseline", "known-deviations.yaml", "known deviations: listed failures do not fail the run")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: payconform report [flags]\n\nExit status: 0 every MUST held; 1 the target broke the contract; 3 only infrastructure errors; 2 harness error.")
		fs.PrintDefaults()
	}
	if code, ok := parse(fs, args); !ok {
		return code
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
