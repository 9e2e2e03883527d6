package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/moby/moby/client"
	tclog "github.com/testcontainers/testcontainers-go/log"

	"github.com/payconform/payconform/harness/mockcontainer"
	"github.com/payconform/payconform/harness/progress"
	"github.com/payconform/payconform/harness/run"
	"github.com/payconform/payconform/harness/suitebin"
	"github.com/payconform/payconform/harness/version"
)

const testHelp = `usage: payconform test [flags] [-- suite flags...]

Runs the conformance suites against a target and writes reports/ (junit.xml, summary.txt,
summary.md, summary.json, report.json, one log per suite). The suites are compiled once: from a
checkout they are built into bin/suites/ when their sources change; the runner image carries
them. Credentials and base URLs come from the providers' variables (IYZICO_API_KEY, ...).

Exit status: 0 every MUST held; 1 a MUST failed; 3 only infrastructure errors (the target could
not be asked); 2 a mistake in the settings, a base URL that serves none of a provider's routes,
a harness error, or a run that sent nothing to the target; 130 interrupted (Ctrl-C, SIGTERM):
the suites stop, containers are removed, and the reports of what ran are written.

Every run writes reports/summary.txt, .md and .json, even one that tested nothing (they say why),
and first removes the files of the run before. A run that takes more than two seconds shows its
progress on stderr: bars on a terminal, a line every five seconds elsewhere; NO_COLOR is honoured.

examples:
  payconform test                                   # every suite against the embedded mock
  payconform test --target container                # the mock in a container
  payconform test --target sandbox --suites iyzico  # iyzico's sandbox; IYZICO_API_KEY, IYZICO_SECRET_KEY set
  payconform test --label-filter auth               # only the authentication checks
  payconform test -- --ginkgo.v                     # pass flags to each suite binary

flags:
`

func runTest(args []string) int {
	fs := flag.NewFlagSet("payconform test", flag.ContinueOnError)
	kind := fs.String("target", envOr("PAYCONFORM_TARGET", "mock"), "mock, container, sandbox or custom ($PAYCONFORM_TARGET)")
	suites := fs.String("suites", os.Getenv("SUITES"), "comma-separated suites to run, default every one the target has credentials for ($SUITES)")
	filter := fs.String("label-filter", os.Getenv("LABEL_FILTER"), "Ginkgo label filter, such as 'auth && !sandbox-safe' ($LABEL_FILTER)")
	reports := fs.String("reports", "reports", "directory for the reports")
	baseline := fs.String("baseline", "known-deviations.yaml", "known deviations: listed failures do not fail the run")
	mutants := fs.String("mutants", os.Getenv("PAYCONFORM_MOCK_MUTANTS"), "mock mutants to switch on (mock and container targets) ($PAYCONFORM_MOCK_MUTANTS)")
	verbose := fs.Bool("v", false, "print each suite's output as it runs (it is always in reports/<suite>.log)")
	quiet := fs.Bool("no-progress", false, "show no progress on stderr while the suites run")
	fs.Usage = func() { fmt.Fprint(fs.Output(), testHelp); fs.PrintDefaults() }
	if code, ok := parse(fs, args); !ok {
		return code
	}
	baselineSet := false
	fs.Visit(func(f *flag.Flag) { baselineSet = baselineSet || f.Name == "baseline" })
	if fs.NArg() > 0 && !strings.HasPrefix(fs.Arg(0), "-") {
		return fail("payconform test", "unexpected argument %q; suite flags go after --", fs.Arg(0))
	}
	o := run.Options{Target: *kind, LabelFilter: *filter, Reports: *reports, Baseline: *baseline, BaselineSet: baselineSet,
		Mutants: *mutants, SuiteArgs: fs.Args(), Verbose: *verbose, Getenv: os.Getenv, Stdout: run.Masked(os.Stdout, os.Getenv), Stderr: run.Masked(os.Stderr, os.Getenv),
		Docker: dockerAvailable, Progress: progress.ForStderr(os.Getenv), NoProgress: *quiet, Version: version.Read().Short()}
	if *suites != "" {
		o.Suites = strings.Split(*suites, ",")
	}
	src, err := suitebin.Find(os.Getenv)
	if err != nil {
		return run.Nothing(nil, o, err.Error())
	}
	src.Log = func(format string, args ...any) { fmt.Fprintf(os.Stdout, format+"\n", args...) }
	plan, err := run.Check(src, o) // a *run.UsageError or a *run.NothingTested: one line, exit 2
	if err != nil {
		return run.Nothing(src, o, err.Error())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run.Test(ctx, src, plan, o)
}

// dockerAvailable checks that Docker answers, with testcontainers-go's logging off. A DOCKER_HOST
// the user set must answer itself: testcontainers-go would quietly fall back to another daemon.
func dockerAvailable(ctx context.Context) error {
	if host := os.Getenv("DOCKER_HOST"); host != "" {
		cli, err := client.New(client.FromEnv)
		if err == nil {
			defer cli.Close()
			_, err = cli.Ping(ctx, client.PingOptions{})
		}
		if err != nil {
			return fmt.Errorf("DOCKER_HOST=%s: no Docker daemon answers there: %w", host, err)
		}
	}
	tclog.SetDefault(tclog.NewNoopLogger())
	mockcontainer.SetDefaults()
	return mockcontainer.Available(ctx)
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
