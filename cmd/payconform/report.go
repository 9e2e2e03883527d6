package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

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
	if err := fs.Parse(args); err != nil {
		return 2
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
	summary := report.Summarize(reports)
	notes := baseline.Apply(&summary, time.Now())
	junit := filepath.Join(*out, "junit.xml")
	if err := report.WriteJUnit(reports, junit, &summary); err != nil {
		fmt.Fprintln(os.Stderr, "payconform report:", err)
		return 2
	}
	var b strings.Builder
	summary.Write(&b)
	notes.Write(&b)
	fmt.Fprintf(&b, "\nReports: %s, %s (.md, .json), %s\n", junit, filepath.Join(*out, "summary.txt"), *in)
	if err := os.WriteFile(filepath.Join(*out, "summary.txt"), []byte(b.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "payconform report:", err)
		return 2
	}
	if err := os.WriteFile(filepath.Join(*out, "summary.md"), summary.Markdown(notes), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "payconform report:", err)
		return 2
	}
	if err := os.WriteFile(filepath.Join(*out, "summary.json"), summary.JSON(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "payconform report:", err)
		return 2
	}
	if report.IsCertification(reports) {
		cert := report.NewCertificate(reports, time.Now())
		for name, data := range map[string][]byte{"certificate.json": cert.JSON(), "certificate.md": cert.Markdown()} {
			if err := os.WriteFile(filepath.Join(*out, name), data, 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "payconform report:", err)
				return 2
			}
		}
		verdict := "NOT CERTIFIED"
		if cert.Certified {
			verdict = "CERTIFIED"
		}
		fmt.Fprintf(&b, "\n%s: %s %s\n", verdict, cert.Candidate.Description.Name, cert.Candidate.Description.Version)
		for _, o := range cert.Operations {
			fmt.Fprintf(&b, "  %-22s %s\n", o.Operation, o.Status)
		}
		fmt.Fprintf(&b, "Certificate: %s, %s\n", filepath.Join(*out, "certificate.json"), filepath.Join(*out, "certificate.md"))
	}
	fmt.Print(b.String())
	if len(notes.Expired) > 0 && summary.ExitCode() == 0 {
		return 1
	}
	return summary.ExitCode()
}
