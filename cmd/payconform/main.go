// Command payconform is the harness's command line: run the conformance suites against a
// target, certify a client, serve the mock, sign a request by hand, verify a certificate, and
// print the catalogue. Every command answers -h with its flags and examples (exit 0); a mistake
// in its settings is one line on stderr and exit status 2.
//
//	payconform test [--target mock|container|sandbox|custom] [--suites iyzico,paynet] [--label-filter EXPR] [--reports DIR]
//	payconform certify [--reports DIR] [--judge URL [--oidc]] -- CMD ARGS...
//	payconform judge --addr HOST:PORT --db URL --key JUDGE.key [--tls-cert F --tls-key F | --insecure-http]
//	payconform judge token --db URL NAME
//	payconform mock [-addr 127.0.0.1:8080] [-mutants a,b] [-list-mutants]
//	payconform sign iyzico -path /payment/bin/check -body '{...}'
//	payconform verify [--key PUBLIC.pem | --judge-key JUDGE.pub [--log URL]] reports/certificate.intoto.json
//	payconform keygen PREFIX
//	payconform report [-in reports/report.json] [-out reports] [-html]
//	payconform drift [--target T] [--against T2] [--from N --to M]
//	payconform image [-q]
//	payconform requirements [-mutants]
//	payconform version (or --version)
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/payconform/payconform/harness/suggest"

	"github.com/payconform/payconform/harness/sandbox"
	_ "github.com/payconform/payconform/providers/all"
)

const usage = `payconform: contract tests and certification for iyzico, Paynet and Paywall authorization APIs.

usage: payconform <command> [flags]

commands:
  test          run the conformance suites against a target (the embedded mock by default)
  certify       certify a client: payconform certify -- python3 adapter.py (--judge URL: against a hosted judge)
  judge         run a hosted judge: payconform judge --addr HOST:PORT --db URL --key JUDGE.key
  mock          serve the mock (every provider) for manual use
  sign          print the headers of a signed request (iyzico)
  verify        check a signed certificate (reports/certificate.intoto.json)
  keygen        write an ed25519 key pair to sign certificates with
  report        write junit.xml and the summaries from a Ginkgo JSON report (-html: index.html from the history)
  drift         compare two runs from the history: outcomes and answer shapes that changed, flaky checks
  image         build the mock's container image (if its inputs changed)
  requirements  print the requirement catalogue (or -mutants, the mutants) as Markdown
  version       print the version, commit, build information and digests (also --version)

examples:
  payconform test
  payconform test --target sandbox --suites iyzico
  payconform certify -- python3 candidates/examples/python/candidate.py
  payconform mock -addr 127.0.0.1:8080

Run 'payconform <command> -h' for a command's flags.
`

var commands = map[string]func([]string) int{
	"test":         runTest,
	"certify":      runCertify,
	"judge":        runJudge,
	"mock":         runMock,
	"sign":         runSign,
	"verify":       runVerify,
	"keygen":       runKeygen,
	"report":       runReport,
	"drift":        runDrift,
	"image":        runImage,
	"requirements": runRequirements,
	"version":      runVersion,
}

func main() {
	// payconform certify --judge runs the adapter's processes in one sandbox whose agent is
	// payconform itself.
	sandbox.Agent()
	// No program payconform starts inherits a descriptor payconform was handed (a key on
	// /dev/fd/63, a CI runner's pipe).
	sandbox.SealInherited()
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	switch os.Args[1] {
	case "-h", "--help", "help":
		fmt.Print(usage)
		os.Exit(0)
	case "--version", "-version", "-v":
		os.Exit(runVersion(nil))
	}
	run, ok := commands[os.Args[1]]
	if !ok {
		names := make([]string, 0, len(commands))
		for name := range commands {
			names = append(names, name)
		}
		slices.Sort(names)
		fmt.Fprintf(os.Stderr, "payconform: unknown command %q%s; run payconform -h for the list\n", os.Args[1], suggest.DidYouMean(os.Args[1], names))
		os.Exit(2)
	}
	os.Exit(run(os.Args[2:]))
}

// parse parses a command's flags. -h prints the command's help to stdout (exit 0); a bad flag is
// one line on stderr (exit 2). ok is false when the command should return code at once.
func parse(fs *flag.FlagSet, args []string) (code int, ok bool) {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	switch {
	case err == nil:
		return 0, true
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(os.Stdout)
		fs.Usage()
		return 0, false
	}
	hint := ""
	if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
		var flags []string
		fs.VisitAll(func(f *flag.Flag) { flags = append(flags, f.Name) })
		if c, ok := suggest.Closest(name, flags); ok {
			hint = "; did you mean --" + c + "?"
		}
	}
	fmt.Fprintf(os.Stderr, "%s: %v%s; run %s -h for help\n", fs.Name(), err, hint, fs.Name())
	return 2, false
}

// fail prints one line for a usage mistake and returns 2.
func fail(cmd string, format string, args ...any) int {
	fmt.Fprintf(os.Stderr, "%s: %s\n", cmd, fmt.Sprintf(format, args...))
	return 2
}
