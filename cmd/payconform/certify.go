package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/payconform/payconform/harness/run"
	"github.com/payconform/payconform/harness/suitebin"
)

const certifyHelp = `usage: payconform certify [flags] -- CMD ARGS...

Certifies a client library through its adapter (docs/candidate-protocol.md): payconform plays
the providers with a verifying mock, runs the adapter for each case, judges every request it
sent and every answer it gave, and writes reports/certificate.json, certificate.md and
certificate.intoto.json (an in-toto statement in a DSSE envelope) with junit.xml and the
summaries.

The adapter runs in PAYCONFORM_CANDIDATE_DIR (your checkout; a relative command resolves there)
or a fresh temporary directory, with only PATH, a fresh HOME, LANG and the variables named in
PAYCONFORM_CANDIDATE_ENV=NAME,NAME; on Linux it reaches only loopback (a network namespace),
unless PAYCONFORM_ISOLATION=none.

Environment: PAYCONFORM_CANDIDATE_TIMEOUT (per case, 20s), PAYCONFORM_CERTIFY_TIMEOUT (the whole
run, 5m), PAYCONFORM_CANDIDATE_SESSION=off (one process per case even if the adapter offers a
session), PAYCONFORM_SIGNING_KEY (a key from payconform keygen), PAYCONFORM_REF (the payconform
version a workflow pinned, recorded in the certificate).

Exit status: 0 certified; 1 not certified (a MUST failed, or no operation certified); 2 a usage
mistake or a harness error.

examples:
  PAYCONFORM_CANDIDATE_DIR=candidates/examples/python payconform certify -- python3 candidate.py
  PAYCONFORM_CANDIDATE_DIR=~/src/my-sdk payconform certify -- node adapter.js
  PAYCONFORM_SIGNING_KEY=release.key payconform certify -- ./bin/candidate-reference

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
	src, err := suitebin.Find(os.Getenv)
	if err != nil {
		return fail("payconform certify", "%v", err)
	}
	src.Log = func(format string, args ...any) { fmt.Fprintf(os.Stdout, format+"\n", args...) }
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var allow []string
	if v := os.Getenv("PAYCONFORM_CANDIDATE_ENV"); v != "" {
		allow = strings.Split(v, ",")
	}
	return run.Certify(ctx, src, run.CertifyOptions{Command: command, Dir: os.Getenv("PAYCONFORM_CANDIDATE_DIR"), Env: allow,
		SigningKey: os.Getenv("PAYCONFORM_SIGNING_KEY"), Ref: os.Getenv("PAYCONFORM_REF"), NoIsolation: os.Getenv("PAYCONFORM_ISOLATION") == "none",
		Reports: *reports, Verbose: *verbose, Stdout: os.Stdout, Stderr: os.Stderr})
}
