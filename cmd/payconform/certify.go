package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/payconform/payconform/harness/judgeclient"
	"github.com/payconform/payconform/harness/run"
	"github.com/payconform/payconform/harness/suitebin"
	"github.com/payconform/payconform/harness/trend"
)

const certifyHelp = `usage: payconform certify [flags] -- CMD ARGS...

Certifies a client library through its adapter (docs/candidate-protocol.md): payconform plays
the providers with a verifying mock, runs the adapter for each case, judges every request it
sent and every answer it gave, and writes reports/certificate.json, certificate.md and
certificate.intoto.json (an in-toto statement in a DSSE envelope) with junit.xml and the
summaries.

Every adapter process runs in a bubblewrap sandbox (README, Certify your client): its own user,
PID, mount, IPC, UTS and network namespaces, no capabilities, a read-only view of the system and
of PAYCONFORM_CANDIDATE_DIR, a fresh /tmp and HOME, one reachable port (the verifying mock), and
only PATH, LANG, HOME and the variables named in PAYCONFORM_CANDIDATE_ENV=NAME,NAME.

Environment: PAYCONFORM_CANDIDATE_DIR (the adapter's directory), PAYCONFORM_CANDIDATE_TIMEOUT
(per case, 20s), PAYCONFORM_CERTIFY_TIMEOUT (the whole run, 5m), PAYCONFORM_CANDIDATE_SESSION=off
(one process per case even if the adapter offers a session), PAYCONFORM_SIGNING_KEY (a key from
payconform keygen, read only after the adapter's last process ended), PAYCONFORM_REF (the
payconform version a workflow pinned), PAYCONFORM_SANDBOX_WRITABLE=1 (the adapter's directory
writable), PAYCONFORM_SANDBOX_BIND=/path:/path (more read-only paths: a toolchain outside /usr
and /opt), PAYCONFORM_SANDBOX_MEMORY (2GiB), PAYCONFORM_SANDBOX_PROCS (512),
PAYCONFORM_ISOLATION=none (no sandbox: verify then refuses the certificate unless given
--allow-unisolated), PAYCONFORM_CANDIDATE (the command, when none follows --; run through sh -c
inside the sandbox).

With --judge URL the certification is hosted (README, Hosted certification): the judge at URL
draws fresh credentials and inputs, hands out the cases, receives the client's requests on its
own mock, grades, signs with its key and logs the session; this side runs the adapter in the
same sandbox, but sharing the host's network so that the client reaches the judge, and writes
the certificate the judge signed. PAYCONFORM_JUDGE_TOKEN is the API token the judge's operator
issued; --oidc uses a GitHub Actions OIDC token instead.

Exit status: 0 certified; 1 not certified (a MUST failed, or no operation certified); 2 a usage
mistake or a harness error (the sandbox could not be made, the suite was killed or ran past its
deadline); 130 interrupted.

examples:
  PAYCONFORM_CANDIDATE_DIR=candidates/examples/python payconform certify -- python3 candidate.py
  PAYCONFORM_CANDIDATE_DIR=~/src/my-sdk payconform certify -- node adapter.js
  PAYCONFORM_SIGNING_KEY=release.key payconform certify -- "$PWD/bin/candidate-reference"
  PAYCONFORM_JUDGE_TOKEN=pcj_... payconform certify --judge https://judge.example -- python3 adapter.py

flags:
`

func runCertify(args []string) int {
	fs := flag.NewFlagSet("payconform certify", flag.ContinueOnError)
	reports := fs.String("reports", "reports", "directory for the reports and the certificate")
	verbose := fs.Bool("v", false, "print the certification suite's output as it runs")
	judgeURL := fs.String("judge", "", "certify against the hosted judge at this URL: it grades and signs; PAYCONFORM_JUDGE_TOKEN authenticates")
	oidc := fs.Bool("oidc", false, "with --judge: authenticate with a GitHub Actions OIDC token (permissions: id-token: write) instead of PAYCONFORM_JUDGE_TOKEN")
	fs.Usage = func() { fmt.Fprint(fs.Output(), certifyHelp); fs.PrintDefaults() }
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if os.Getenv(runnerImageEnv) != "" {
		return fail("payconform certify", "the runner image cannot certify: it holds no sandbox and no language runtime for an adapter; certify from a checkout (make certify) or with the reusable workflow .github/workflows/certify.yml")
	}
	command := fs.Args()
	if len(command) == 0 {
		if c := os.Getenv("PAYCONFORM_CANDIDATE"); c != "" {
			// Given as data (make certify, the reusable workflow): the shell that reads it runs
			// inside the sandbox, never outside.
			command = []string{"sh", "-c", c}
		} else {
			return fail("payconform certify", "give the adapter's command after --: payconform certify -- python3 adapter.py")
		}
	}
	if *oidc && *judgeURL == "" {
		return fail("payconform certify", "--oidc authenticates to a hosted judge: give --judge URL too")
	}
	if *judgeURL != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		agent, _ := os.Executable()
		code := judgeclient.Certify(ctx, judgeclient.Options{Judge: *judgeURL, Command: run.ShellQuote(command), Dir: os.Getenv("PAYCONFORM_CANDIDATE_DIR"), Agent: agent,
			Reports: *reports, OIDC: *oidc, Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr})
		if ctx.Err() != nil {
			return 130
		}
		return code
	}
	src, err := suitebin.Find(os.Getenv)
	if err != nil {
		return fail("payconform certify", "%v", err)
	}
	src.Log = func(format string, args ...any) { fmt.Fprintf(os.Stdout, format+"\n", args...) }
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := run.Certify(ctx, src, run.CertifyOptions{Command: command, Dir: os.Getenv("PAYCONFORM_CANDIDATE_DIR"),
		SigningKey: os.Getenv("PAYCONFORM_SIGNING_KEY"), Ref: os.Getenv("PAYCONFORM_REF"),
		Reports: *reports, Verbose: *verbose, Getenv: os.Getenv, Stdout: os.Stdout, Stderr: os.Stderr})
	if ctx.Err() != nil {
		return 130
	}
	trend.Certified(ctx, *reports, code, os.Getenv, os.Stderr)
	return code
}

// runnerImageEnv is set in the runner image (harness/runnerimage/Dockerfile).
const runnerImageEnv = "PAYCONFORM_RUNNER_IMAGE"
