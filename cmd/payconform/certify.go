package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/payconform/payconform/harness/run"
	"github.com/payconform/payconform/harness/suitebin"
)

const certifyHelp = `usage: payconform certify [flags] -- CMD ARGS...

Certifies a client library through its adapter (docs/candidate-protocol.md): payconform plays
the providers with a verifying mock, runs the adapter for each case, judges every request it
sent and every answer it gave, and writes reports/certificate.json and certificate.md with
junit.xml and the summaries. The adapter runs in PAYCONFORM_CANDIDATE_DIR (default: the working
directory).

Exit status: 0 no MUST failed; 1 a MUST failed; 2 a usage mistake or a harness error.

examples:
  payconform certify -- python3 candidates/examples/python/candidate.py
  payconform certify -- node adapter.js
  PAYCONFORM_CANDIDATE_TIMEOUT=5s payconform certify -- ./bin/candidate-reference

flags:
`

func runCertify(args []string) int {
	fs := flag.NewFlagSet("payconform certify", flag.ContinueOnError)
	reports := fs.String("reports", "reports", "directory for the reports and the certificate")
	verbose := fs.Bool("v", false, "print the certification suite's output as it runs")
	fs.Usage = func() { fmt.Fprint(fs.Output(), certifyHelp); fs.PrintDefaults() }
	if code, ok := parse(fs, args); !ok {
		return code
	}
	command := fs.Args()
	if len(command) == 0 {
		if c := os.Getenv("PAYCONFORM_CANDIDATE"); c != "" {
			command = []string{"sh", "-c", c}
		} else {
			return fail("payconform certify", "give the adapter's command after --: payconform certify -- python3 adapter.py")
		}
	}
	dir := os.Getenv("PAYCONFORM_CANDIDATE_DIR")
	if dir == "" {
		dir, _ = os.Getwd()
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fail("payconform certify", "PAYCONFORM_CANDIDATE_DIR=%q is not a directory", dir)
	}
	src, err := suitebin.Find(os.Getenv)
	if err != nil {
		return fail("payconform certify", "%v", err)
	}
	src.Log = func(format string, args ...any) { fmt.Fprintf(os.Stdout, format+"\n", args...) }
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run.Certify(ctx, src, run.CertifyOptions{Command: command, Dir: dir, Reports: *reports, Verbose: *verbose, Stdout: os.Stdout, Stderr: os.Stderr})
}
