package run

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/onsi/ginkgo/v2/types"
	"github.com/secure-systems-lab/go-securesystemslib/dsse"

	"github.com/payconform/payconform/harness/attest"
	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/redact"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/sandbox"
	"github.com/payconform/payconform/harness/subject"
	"github.com/payconform/payconform/harness/suitebin"
)

// CertifyOptions are the settings of one certification.
type CertifyOptions struct {
	// Command is the adapter's command line, one argument per element.
	Command []string
	// Dir is where the adapter runs: the vendor's checkout (PAYCONFORM_CANDIDATE_DIR), or, when
	// empty, a fresh empty directory. Never the harness's own tree.
	Dir string
	// SigningKey is an ed25519 private key (PEM) to sign the certificate with; empty writes it
	// unsigned. It is read only after every adapter process has ended.
	SigningKey string
	// Ref is the payconform version a workflow pinned (PAYCONFORM_REF), recorded in the
	// certificate.
	Ref       string
	Reports   string
	SuiteArgs []string
	Verbose   bool
	// Getenv reads the PAYCONFORM_* settings (certify.FromEnv), the variables named in
	// PAYCONFORM_CANDIDATE_ENV, and GitHub Actions' variables.
	Getenv func(string) string
	Stdout io.Writer
	Stderr io.Writer
}

// certificateFiles are what a certification writes that says whether a client is certified;
// they are removed first, written last, and removed again when the run fails.
var certificateFiles = []string{"certificate.json", "certificate.md", "certificate.html", "certificate.intoto.json"}

// certifyReports are the other files a certification writes.
var certifyReports = []string{"report.json", "junit.xml", "summary.txt", "summary.md", "summary.json", "certify.log"}

// grace is how long the certification suite may run past PAYCONFORM_CERTIFY_TIMEOUT to finish
// its report; past it, the command line kills it.
const grace = time.Minute

// Certify certifies a client. The adapter is other people's code, so the run is built as a
// trust boundary (docs/design.md, Threat model): every adapter process runs in a sandbox of its
// own that sees nothing of payconform; the certification suite that judges runs with an
// environment that holds no secret, from a copy of its binary whose digest was checked, and
// writes its report into a directory only payconform's user can reach; the command line alone
// enforces the deadline, reads the report once the suite has exited, and only then reads the
// signing key and signs. The reports are written into a fresh directory and moved into place,
// the certificate last; a run that fails leaves no certificate. The exit status is 0 when the
// client is certified, 1 when it is not, 2 on a mistake or a harness error.
func Certify(ctx context.Context, src *suitebin.Source, o CertifyOptions) int {
	say := func(code int, format string, args ...any) int {
		fmt.Fprintf(o.Stderr, "payconform certify: "+format+"\n", args...)
		return code
	}
	// The previous run's certificate goes first, whatever happens next: a run that ends on a
	// mistake, a refusal or an interrupt must not leave an earlier CERTIFIED certificate where
	// this run's would be (redteam 20).
	for _, name := range certificateFiles {
		if err := os.RemoveAll(filepath.Join(o.Reports, name)); err != nil {
			return say(2, "cannot remove the previous run's %s: %v", name, err)
		}
	}
	settings, err := certify.FromEnv(o.Getenv)
	if err != nil {
		return say(2, "%v", err)
	}
	if len(o.Command) == 0 || o.Command[0] == "" {
		return say(2, "give the adapter's command after --: payconform certify -- python3 adapter.py")
	}
	dir := ""
	if o.Dir != "" {
		abs, err := filepath.Abs(o.Dir)
		if st, serr := os.Stat(abs); err != nil || serr != nil || !st.IsDir() {
			return say(2, "PAYCONFORM_CANDIDATE_DIR=%q is not a directory", o.Dir)
		}
		if src.Root != "" && (within(src.Root, abs) || within(abs, src.Root)) {
			return say(2, "PAYCONFORM_CANDIDATE_DIR=%q holds or is inside payconform's own tree; the adapter must run in its own directory (or leave the variable unset for an empty one)", o.Dir)
		}
		dir = abs
		if settings.Sandbox != nil {
			// Resolved through symbolic links: the sandbox shows what a link points at.
			if dir, err = certify.Exposable("PAYCONFORM_CANDIDATE_DIR", abs, src.Root, src.Dir, src.Build, o.SigningKey); err != nil {
				return say(2, "%v (or leave the variable unset for an empty directory)", err)
			}
			if reports, err := filepath.Abs(o.Reports); err == nil && settings.Sandbox.Writable && within(reports, dir) {
				return say(2, "the reports directory %s lies inside PAYCONFORM_CANDIDATE_DIR, which %s=1 makes writable to the adapter: write the reports elsewhere (--reports)", reports, certify.EnvWritable)
			}
		}
	}
	if settings.Sandbox != nil {
		// FromEnv checked each bind against the host's system directories; here, against what
		// is payconform's. The adapter's own program may be a file in payconform's tree (a
		// built candidate), so it is held only to the key.
		program := certify.Program(ShellQuote(o.Command), dir)
		if r, err := filepath.EvalSymlinks(program); err == nil {
			program = r
		}
		for _, p := range settings.Sandbox.ReadOnly {
			reports, _ := filepath.Abs(o.Reports)
			what, guarded := certify.EnvBind, []string{src.Root, src.Dir, src.Build, o.SigningKey, reports}
			if program != "" && p == program {
				what, guarded = "the adapter's program", []string{o.SigningKey}
			}
			if _, err := certify.Exposable(what, p, guarded...); err != nil {
				return say(2, "%v", err)
			}
		}
	}
	if o.SigningKey != "" {
		if st, err := os.Stat(o.SigningKey); err != nil || !st.Mode().IsRegular() {
			return say(2, "PAYCONFORM_SIGNING_KEY=%q is not a key file (payconform keygen writes one)", o.SigningKey)
		}
	}
	if settings.Sandbox != nil {
		if err := sandbox.Available(); err != nil {
			return say(2, "the sandbox cannot be made here: %v\n  install bubblewrap (apt-get install bubblewrap) and allow user namespaces, or run as root;\n  %s=none certifies without a sandbox, and payconform verify then refuses the certificate unless given --allow-unisolated", err, certify.EnvIsolation)
		}
	}
	harness := report.HarnessIdentity(o.Ref)
	suite, digest, err := src.Verified("certify")
	if err != nil {
		return say(2, "%v", err)
	}
	harness.SuiteSHA256 = digest
	command := ShellQuote(o.Command)
	subj, err := subject.Of(ctx, subject.Options{Command: command, Program: certify.Program(command, dir), Dir: dir, Sandboxed: settings.Sandbox != nil, Getenv: o.Getenv})
	if err != nil {
		return say(2, "%v", err)
	}

	// A directory only payconform's user can reach: the suite's binary, checked again as it is
	// copied, its report and its log.
	private, err := os.MkdirTemp("", "payconform-certify-")
	if err != nil {
		return say(2, "%v", err)
	}
	defer os.RemoveAll(private)
	bin := filepath.Join(private, "certify.test")
	if err := copyChecked(suite, bin, digest); err != nil {
		return say(2, "%v", err)
	}
	if err := os.MkdirAll(o.Reports, 0o755); err != nil {
		return say(2, "%v", err)
	}
	for _, name := range append(slices.Clone(certificateFiles), certifyReports...) {
		if err := os.RemoveAll(filepath.Join(o.Reports, name)); err != nil {
			return say(2, "cannot remove the previous run's %s: %v", name, err)
		}
	}
	workDir := dir
	if dir == "" && settings.Sandbox == nil {
		// Unsandboxed, the adapter still never runs in payconform's tree.
		if workDir, err = os.MkdirTemp("", "payconform-candidate-"); err != nil {
			return say(2, "%v", err)
		}
		defer os.RemoveAll(workDir)
	}

	network := "a sandbox"
	if settings.Sandbox == nil {
		network = "NO sandbox (" + certify.EnvIsolation + "=none)"
	}
	fmt.Fprintf(o.Stdout, "payconform: certifying %s in %s\npayconform: subject sha256:%s\n", command, network, subj.Digest)
	res, err := runJudge(ctx, bin, private, judgeEnv(o, command, workDir, settings), settings.Total+grace, o)
	if err != nil {
		return say(2, "%v", err)
	}

	// Every adapter process ended with the suite (each sandbox dies with its parent). The rest
	// happens here, in a process no adapter shared a uid or a namespace with.
	out, err := os.MkdirTemp(o.Reports, ".payconform-")
	if err != nil {
		return say(2, "%v", err)
	}
	defer os.RemoveAll(out)
	merged, _ := json.Marshal(res)
	if err := os.WriteFile(filepath.Join(out, "report.json"), merged, 0o644); err != nil {
		return say(2, "%v", err)
	}
	_ = copyFile(filepath.Join(private, "certify.log"), filepath.Join(out, "certify.log"))
	pub, err := report.Publish(res, out, report.Options{Harness: &harness, Subject: &subj})
	if err != nil {
		return say(2, "%v", err)
	}
	if pub.Certificate == nil || pub.Exit == 2 {
		_ = moveInto(out, o.Reports, certifyReports)
		fmt.Fprint(o.Stdout, strings.ReplaceAll(pub.Text, out, o.Reports))
		return say(2, "the certification stopped on a harness error, so no certificate was written; the suite's output is in %s", filepath.Join(o.Reports, "certify.log"))
	}
	var key dsse.SignerVerifier
	if o.SigningKey != "" {
		if key, err = attest.LoadKey(o.SigningKey); err != nil {
			_ = moveInto(out, o.Reports, certifyReports)
			return say(2, "PAYCONFORM_SIGNING_KEY: %v; no certificate was written", err)
		}
		material, err := attest.KeyMaterial(o.SigningKey)
		if err != nil {
			_ = moveInto(out, o.Reports, certifyReports)
			return say(2, "PAYCONFORM_SIGNING_KEY: %v; no certificate was written", err)
		}
		if name, form, found := maskKey(out, material); found {
			_ = moveInto(out, o.Reports, certifyReports)
			return say(2, "the signing key is in the adapter's output (%s, %s): the adapter read it, so the key is compromised and no certificate was written;\n  the reports are kept with the key masked. Make a new key (payconform keygen) and give payconform a file only its own user can read, not a descriptor or a path the adapter's user can open", name, form)
		}
	}
	envelope, err := attest.Envelope(ctx, *pub.Certificate, key)
	if err == nil {
		err = os.WriteFile(filepath.Join(out, "certificate.intoto.json"), envelope, 0o644)
	}
	if err != nil {
		return say(2, "%v", err)
	}
	if err := moveInto(out, o.Reports, certifyReports); err != nil {
		return say(2, "%v", err)
	}
	if err := moveInto(out, o.Reports, certificateFiles); err != nil {
		for _, name := range certificateFiles {
			_ = os.Remove(filepath.Join(o.Reports, name))
		}
		return say(2, "%v; no certificate was left in %s", err, o.Reports)
	}
	fmt.Fprint(o.Stdout, strings.ReplaceAll(pub.Text, out, o.Reports))
	path := filepath.Join(o.Reports, "certificate.intoto.json")
	if key != nil {
		id, _ := key.KeyID()
		fmt.Fprintf(o.Stdout, "Signed: %s (ed25519 key %s); check it with payconform verify --key PUBLIC.pem %s\n", path, short(id), path)
	} else {
		fmt.Fprintf(o.Stdout, "Unsigned: %s (set PAYCONFORM_SIGNING_KEY to a key from payconform keygen to sign it)\n", path)
	}
	return pub.Exit
}

// maskKey looks for the signing key's material in every report in dir (what the adapter said is
// copied into them) and masks it where found, naming the first report that held it and in which
// form. A key the adapter could read is a key anyone can sign with: the run must not sign.
func maskKey(dir string, material []string) (name, form string, found bool) {
	r := redact.New(material...)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", "", false
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(path)
		if err != nil || !e.Type().IsRegular() {
			continue
		}
		m, ok := r.Find(string(data))
		if !ok {
			continue
		}
		if !found {
			name, form, found = e.Name(), m.Form, true
		}
		_ = os.WriteFile(path, []byte(r.String(string(data))), 0o644)
	}
	return name, form, found
}

// judgeEnv is the certification suite's whole environment: what it needs to run and to hand the
// adapter, and nothing else of payconform's (no signing key, no token, no provider secret).
func judgeEnv(o CertifyOptions, command, dir string, s certify.Settings) []string {
	env := []string{"PAYCONFORM_CANDIDATE=" + command, "PAYCONFORM_CANDIDATE_DIR=" + dir}
	for _, name := range []string{"PATH", "LANG", "TMPDIR", "HOME",
		"PAYCONFORM_CANDIDATE_TIMEOUT", "PAYCONFORM_CERTIFY_TIMEOUT", "PAYCONFORM_CANDIDATE_SESSION", "PAYCONFORM_CANDIDATE_ENV",
		certify.EnvIsolation, certify.EnvWritable, certify.EnvBind, certify.EnvMemory, certify.EnvProcs} {
		if v := o.Getenv(name); v != "" {
			env = append(env, name+"="+v)
		}
	}
	// The variables the vendor named for the adapter pass through the suite to it.
	for _, name := range s.Env {
		if v := o.Getenv(name); v != "" && !strings.HasPrefix(name, "PAYCONFORM_") {
			env = append(env, name+"="+v)
		}
	}
	return env
}

// runJudge runs the certification suite and reads its report. The deadline is enforced here, from
// outside the suite; a suite that was killed, stopped past it, or exited without a complete report
// is a harness error, never a verdict.
func runJudge(ctx context.Context, bin, private string, env []string, deadline time.Duration, o CertifyOptions) ([]types.Report, error) {
	ctx, cancel := context.WithTimeout(ctx, deadline)
	defer cancel()
	jsonPath := filepath.Join(private, "report.json")
	logPath := filepath.Join(private, "certify.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	args := append([]string{"--ginkgo.no-color", "--ginkgo.json-report=" + jsonPath}, o.SuiteArgs...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = private
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if o.Verbose {
		cmd.Stdout, cmd.Stderr = io.MultiWriter(logFile, o.Stdout), io.MultiWriter(logFile, o.Stdout)
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	sandbox.ForJudge(cmd)
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	runErr := cmd.Run()
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return nil, fmt.Errorf("the certification did not finish within %s (PAYCONFORM_CERTIFY_TIMEOUT and %s to report); it was stopped, and nothing was certified; its output is in the run's certify.log", deadline, grace)
	case ctx.Err() != nil:
		return nil, errors.New("interrupted; nothing was certified")
	case errors.As(runErr, &exit) && !exit.Exited():
		return nil, fmt.Errorf("the certification suite was killed (%v); nothing was certified", exit)
	case errors.As(runErr, &exit) && exit.ExitCode() != 1:
		return nil, fmt.Errorf("the certification suite exited with status %d; nothing was certified:\n%s", exit.ExitCode(), tail(logPath, 15))
	case runErr != nil && !errors.As(runErr, &exit):
		return nil, fmt.Errorf("run the certification suite: %w", runErr)
	}
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		return nil, fmt.Errorf("the certification suite stopped without a report; its output:\n%s", tail(logPath, 15))
	}
	var reports []types.Report
	if err := json.Unmarshal(data, &reports); err != nil || len(reports) != 1 {
		return nil, fmt.Errorf("the certification suite's report does not decode (%v)", err)
	}
	r := reports[0]
	if r.SuiteSucceeded != (runErr == nil) {
		return nil, fmt.Errorf("the certification suite's report (succeeded: %t) disagrees with its exit status (%v)", r.SuiteSucceeded, runErr)
	}
	for _, sr := range r.SpecReports {
		if sr.State == types.SpecStateInvalid || sr.State == types.SpecStatePending && sr.LeafNodeType == types.NodeTypeIt {
			return nil, fmt.Errorf("the certification suite's report is incomplete: %q has no outcome", sr.FullText())
		}
	}
	return reports, nil
}

// copyChecked copies the suite binary into the private directory and checks the copy's digest:
// the binary that runs is the one whose digest was checked.
func copyChecked(from, to, digest string) error {
	if err := copyFile(from, to); err != nil {
		return fmt.Errorf("copy the certification suite: %w", err)
	}
	// Executable by the sandbox's uid too: the suite is also the agent of the sandbox its adapter
	// runs in. The directory around it is payconform's alone.
	if err := os.Chmod(to, 0o755); err != nil {
		return err
	}
	d, err := subject.FileSHA256(to)
	if err != nil || d != digest {
		return fmt.Errorf("the certification suite changed while it was copied (SHA-256 %s, want %s); it is not run", short(d), short(digest))
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// moveInto renames each named file from the fresh directory into dir. A rename replaces what is
// at the destination (a planted symbolic link, a read-only file) rather than writing through it.
func moveInto(from, dir string, names []string) error {
	for _, name := range names {
		src := filepath.Join(from, name)
		if _, err := os.Lstat(src); err != nil {
			continue
		}
		if err := os.Rename(src, filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func short(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

// ShellQuote writes args as one sh command line, each argument quoted when it needs to be.
func ShellQuote(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a != "" && strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%") == "" {
			out[i] = a
			continue
		}
		out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(out, " ")
}
