package judgeclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/judgeapi"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/sandbox"
	"github.com/payconform/payconform/harness/subject"
)

// Options are a hosted certification's settings.
type Options struct {
	// Judge is the judge's URL.
	Judge string
	// Command is the adapter's command line, already quoted for sh -c; Program the file it
	// names by absolute path ("" if none).
	Command string
	Dir     string
	Reports string
	// OIDC opens the session with a GitHub Actions OIDC token instead of PAYCONFORM_JUDGE_TOKEN.
	OIDC bool
	// Agent is a binary that calls sandbox.Agent first (payconform itself): with it, every
	// adapter process runs in one sandbox for the run (a pod); without, each in its own.
	Agent string
	// Getenv reads PAYCONFORM_JUDGE_TOKEN, the PAYCONFORM_* settings, the OIDC request
	// variables, PAYCONFORM_CA_FILE and GitHub Actions' variables.
	Getenv func(string) string
	Stdout io.Writer
	Stderr io.Writer
}

// certificateFiles are what a hosted certification writes, under the local run's names.
var certificateFiles = []string{"certificate.json", "certificate.md", "certificate.intoto.json"}

// Certify certifies the adapter against a hosted judge. Exit status: 0 certified, 1 not
// certified, 2 a mistake or a harness error (the judge refused or could not be reached, the
// sandbox could not be made).
func Certify(ctx context.Context, o Options) int {
	say := func(code int, format string, args ...any) int {
		fmt.Fprintf(o.Stderr, "payconform certify: "+format+"\n", args...)
		return code
	}
	// The settings read the command and the directory as payconform certify's suite reads them:
	// the program the command names is bound into the sandbox read-only.
	getenv := func(name string) string {
		switch name {
		case "PAYCONFORM_CANDIDATE":
			return o.Command
		case "PAYCONFORM_CANDIDATE_DIR":
			return o.Dir
		}
		return o.Getenv(name)
	}
	settings, err := certify.FromEnv(getenv)
	if err != nil {
		return say(2, "%v", err)
	}
	if o.Command == "" {
		return say(2, "give the adapter's command after --: payconform certify --judge URL -- python3 adapter.py")
	}
	if !strings.HasPrefix(o.Judge, "https://") && !strings.HasPrefix(o.Judge, "http://") {
		return say(2, "--judge %q: give the judge's URL, https://...", o.Judge)
	}
	dir := ""
	if o.Dir != "" {
		abs, err := filepath.Abs(o.Dir)
		if st, serr := os.Stat(abs); err != nil || serr != nil || !st.IsDir() {
			return say(2, "PAYCONFORM_CANDIDATE_DIR=%q is not a directory", o.Dir)
		}
		dir = abs
	}
	// The sandbox keeps every wall but the network: the client under test must reach the judge,
	// and nothing on this machine is worth reaching, since the evidence is what arrives there.
	var spec *sandbox.Spec
	if settings.Sandbox != nil {
		s := *settings.Sandbox
		s.Network = sandbox.Shared
		spec = &s
		if err := sandbox.Available(); err != nil {
			return say(2, "the sandbox cannot be made here: %v\n  install bubblewrap (apt-get install bubblewrap) and allow user namespaces, or run as root; %s=none runs the adapter without one", err, certify.EnvIsolation)
		}
	}
	client, err := New(o.Judge, o.Getenv("PAYCONFORM_CA_FILE"))
	if err != nil {
		return say(2, "%v", err)
	}
	info, err := client.Info(ctx)
	if err != nil {
		return say(2, "ask the judge at %s who it is: %v", o.Judge, err)
	}
	switch {
	case o.OIDC && info.Audience == "":
		return say(2, "--oidc: the judge at %s takes no OIDC token; use PAYCONFORM_JUDGE_TOKEN", o.Judge)
	case o.OIDC:
		if client.Bearer, err = OIDCToken(ctx, o.Getenv, info.Audience, client.HTTP); err != nil {
			return say(2, "%v", err)
		}
	default:
		if client.Bearer = o.Getenv("PAYCONFORM_JUDGE_TOKEN"); client.Bearer == "" {
			return say(2, "set PAYCONFORM_JUDGE_TOKEN to the API token the judge's operator gave you (payconform judge token), or use --oidc in GitHub Actions")
		}
	}
	subj, err := subject.Of(ctx, subject.Options{Command: o.Command, Program: certify.Program(o.Command, dir), Dir: dir, Sandboxed: spec != nil, Getenv: o.Getenv})
	if err != nil {
		return say(2, "%v", err)
	}
	for _, name := range certificateFiles {
		if err := os.RemoveAll(filepath.Join(o.Reports, name)); err != nil {
			return say(2, "cannot remove the previous run's %s: %v", name, err)
		}
	}
	opened, err := client.Open(ctx, judgeapi.Open{Subject: subj})
	if err != nil {
		return say(2, "open a session: %v", err)
	}
	fmt.Fprintf(o.Stdout, "payconform: certifying %s against the judge at %s\npayconform: session %s, %d cases, until %s; subject sha256:%s\n",
		o.Command, info.URL, opened.Session, opened.Cases, opened.Expires.Format(time.RFC3339), subj.Digest)

	home, err := os.MkdirTemp("", "payconform-candidate-home-")
	if err != nil {
		return say(2, "%v", err)
	}
	defer os.RemoveAll(home)
	workDir := dir
	if dir == "" && spec == nil {
		if workDir, err = os.MkdirTemp("", "payconform-candidate-"); err != nil {
			return say(2, "%v", err)
		}
		defer os.RemoveAll(workDir)
	}
	runner := candidate.Runner{Command: o.Command, Timeout: settings.CaseTimeout, Dir: workDir, Env: candidate.IsolatedEnv(o.Getenv, home, settings.Env), Sandbox: spec}
	if spec != nil && o.Agent != "" {
		pod := *spec
		pod.Dir, pod.Env = runner.Dir, runner.Env
		runner.Pod = sandbox.NewPod(pod, o.Agent, nil)
		defer runner.Pod.Close()
	}
	runCtx, cancel := context.WithDeadline(ctx, minTime(time.Now().Add(settings.Total), opened.Expires))
	defer cancel()
	if err := run(runCtx, client, opened.Session, runner, settings, o); err != nil && ctx.Err() == nil {
		return say(2, "%v; the judge grades the session with what it was given when its deadline passes, and logs it", err)
	}
	if ctx.Err() != nil {
		return say(130, "interrupted; the judge grades the session with what it was given when its deadline passes, and logs it")
	}
	finished, err := client.Finish(ctx, opened.Session)
	if err != nil {
		return say(2, "finish the session: %v", err)
	}
	if err := write(o.Reports, finished); err != nil {
		return say(2, "%v; no certificate was left in %s", err, o.Reports)
	}
	c := finished.Certificate
	verdict := "NOT CERTIFIED"
	if c.Certified {
		verdict = "CERTIFIED"
	}
	fmt.Fprintf(o.Stdout, "payconform: %s: %s %s, graded and signed by the judge at %s (log entry %d)\n", verdict, c.Candidate.Description.Name, c.Candidate.Description.Version, info.URL, finished.LogIndex)
	for _, op := range c.Operations {
		fmt.Fprintf(o.Stdout, "  %-24s %s\n", op.Operation, op.Status)
	}
	for _, f := range c.Failures {
		fmt.Fprintf(o.Stdout, "  FAIL %s %s: %s\n", f.Requirement, f.Case, clip(strings.Join(f.Messages, "; ")))
	}
	path := filepath.Join(o.Reports, "certificate.intoto.json")
	fmt.Fprintf(o.Stdout, "Signed by the judge: %s; its page: %s\ncheck it with payconform verify --judge-key JUDGE.pub --log %s %s\n", path, finished.Page, info.URL, path)
	if c.Certified {
		return 0
	}
	return 1
}

// run drives the adapter through the session: describe, then each case the judge hands out.
func run(ctx context.Context, client *Client, session string, runner candidate.Runner, settings certify.Settings, o Options) error {
	isolation := report.Isolation{Isolated: runner.Sandbox != nil, Environment: settings.EnvironmentWords(), WorkDir: settings.WorkDirWords(o.Dir)}
	if runner.Sandbox != nil {
		isolation.Sandbox = sandbox.Describe(*runner.Sandbox)
	} else {
		isolation.Sandbox = []string{"none: PAYCONFORM_ISOLATION=none"}
	}
	desc, _, echoes, derr := runner.Describe(ctx)
	runner.RequireID = echoes
	var caller candidate.Caller = runner
	isolation.Mode = "one process per case"
	if derr == nil && desc.Session && echoes && !settings.NoSession {
		s := candidate.NewSession(runner)
		defer s.Close()
		caller, isolation.Mode = s, "session mode, one process for the run"
	}
	d := judgeapi.Describe{Description: desc, Isolation: isolation}
	if derr != nil {
		d.Error = derr.Error()
	}
	if err := client.Describe(ctx, session, d); err != nil {
		return fmt.Errorf("post describe: %w", err)
	}
	if derr != nil {
		fmt.Fprintf(o.Stderr, "payconform certify: the adapter's describe failed: %s\n", clip(derr.Error()))
		return nil
	}
	fmt.Fprintf(o.Stderr, "payconform: certifying %s %s (%s, %s); it offers %s\n", desc.Name, desc.Version, desc.Language, isolation.Mode, strings.Join(desc.Operations, ", "))
	for {
		c, err := client.Next(ctx, session)
		if err != nil {
			return fmt.Errorf("ask for the next case: %w", err)
		}
		if c.Done {
			return nil
		}
		req := candidate.Request{CaseID: c.ID, Operation: c.Operation, BaseURL: c.BaseURL, Credentials: c.Credentials}
		if len(c.Input) > 0 {
			req.Input = c.Input
		}
		r, err := caller.Do(ctx, req)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		a := judgeapi.Answer{Case: c.ID, Stdout: string(r.Stdout), Stderr: string(r.Stderr), Exit: r.Exit, DurationMS: r.Duration.Milliseconds()}
		var pe *candidate.ProtocolError
		switch {
		case errors.As(err, &pe):
			a.Error = &judgeapi.AnswerError{Kind: pe.Kind, Detail: pe.Detail}
		case err != nil:
			a.Error = &judgeapi.AnswerError{Kind: candidate.StartError, Detail: err.Error()}
		}
		if err := client.Answer(ctx, session, a); err != nil {
			return fmt.Errorf("post the answer to %s: %w", c.ID, err)
		}
	}
}

// write puts the certificate files into reports through a fresh directory, renamed into place:
// a planted symbolic link is replaced, never written through.
func write(reports string, f judgeapi.Finished) error {
	if err := os.MkdirAll(reports, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(reports, ".payconform-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	files := map[string][]byte{"certificate.json": f.Certificate.JSON(), "certificate.md": f.Certificate.Markdown(), "certificate.intoto.json": append([]byte(f.Envelope), '\n')}
	for _, name := range certificateFiles {
		if err := os.WriteFile(filepath.Join(tmp, name), files[name], 0o644); err != nil {
			return err
		}
	}
	for _, name := range certificateFiles {
		if err := os.Rename(filepath.Join(tmp, name), filepath.Join(reports, name)); err != nil {
			for _, n := range certificateFiles {
				_ = os.Remove(filepath.Join(reports, n))
			}
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
