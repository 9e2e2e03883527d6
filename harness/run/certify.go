package run

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/payconform/payconform/harness/attest"
	"github.com/payconform/payconform/harness/isolate"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/suitebin"
	"github.com/secure-systems-lab/go-securesystemslib/dsse"
)

// CertifyOptions are the settings of one certification.
type CertifyOptions struct {
	// Command is the adapter's command line, one argument per element.
	Command []string
	// Dir is where the adapter runs: the vendor's checkout (PAYCONFORM_CANDIDATE_DIR), or, when
	// empty, a fresh temporary directory. Never the harness's own tree.
	Dir string
	// Env names the variables of payconform's environment the adapter may see
	// (PAYCONFORM_CANDIDATE_ENV), besides PATH, HOME and LANG.
	Env []string
	// SigningKey is an ed25519 private key (PEM) to sign the certificate with; empty writes it
	// unsigned.
	SigningKey string
	// Ref is the payconform version a workflow pinned (PAYCONFORM_REF), recorded in the
	// certificate.
	Ref string
	// NoIsolation runs without a network namespace even where one can be made.
	NoIsolation bool
	Reports     string
	SuiteArgs   []string
	Verbose     bool
	Stdout      io.Writer
	Stderr      io.Writer
}

// Certify certifies a client. Everything that judges is fixed before the adapter runs even
// once: the harness's identity is read, the certification suite is built (or found), the
// signing key is loaded. The suite then runs, with its verifying mock and the adapter's
// processes, in a network namespace of its own where only loopback exists, when the machine
// allows one. The reports, the certificate and its in-toto envelope (signed when a key is
// given) are written last. The exit status is 0 when the client is certified, 1 when it is not,
// 2 on a mistake in the settings or a harness error.
func Certify(ctx context.Context, src *suitebin.Source, o CertifyOptions) int {
	say := func(code int, format string, args ...any) int {
		fmt.Fprintf(o.Stderr, "payconform certify: "+format+"\n", args...)
		return code
	}
	harness := report.HarnessIdentity(o.Ref)
	bin, err := src.Binary("certify")
	if err != nil {
		return say(2, "%v", err)
	}
	var key dsse.SignerVerifier
	if o.SigningKey != "" {
		if key, err = attest.LoadKey(o.SigningKey); err != nil {
			return say(2, "PAYCONFORM_SIGNING_KEY: %v", err)
		}
	}
	workDir := "the vendor's directory (PAYCONFORM_CANDIDATE_DIR)"
	dir := o.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "payconform-candidate-")
		if err != nil {
			return say(2, "%v", err)
		}
		defer os.RemoveAll(tmp)
		dir, workDir = tmp, "a fresh temporary directory"
	} else {
		abs, err := filepath.Abs(dir)
		if st, serr := os.Stat(abs); err != nil || serr != nil || !st.IsDir() {
			return say(2, "PAYCONFORM_CANDIDATE_DIR=%q is not a directory", o.Dir)
		}
		dir = abs
		if src.Root != "" && within(src.Root, dir) {
			return say(2, "PAYCONFORM_CANDIDATE_DIR=%q holds payconform's own tree; the adapter must run in its own directory (or leave the variable unset for a temporary one)", o.Dir)
		}
	}
	subject := report.Subject{Command: ShellQuote(o.Command), CommandSHA256: attest.CommandDigest(ShellQuote(o.Command)), GitCommit: gitCommit(dir)}
	network := "none: disabled (PAYCONFORM_ISOLATION=none)"
	if !o.NoIsolation {
		if err := isolate.Available(); err != nil {
			network = "none: " + err.Error()
		} else {
			network = "loopback only: the suite, its mock and the adapter ran in a network namespace of their own"
		}
	}
	allowed := "PATH, HOME (fresh and empty), LANG"
	if names := strings.Join(slices.DeleteFunc(slices.Clone(o.Env), func(s string) bool { return strings.TrimSpace(s) == "" }), ", "); names != "" {
		allowed += ", and " + names + " (PAYCONFORM_CANDIDATE_ENV)"
	}
	isolation := report.Isolation{Network: network, Environment: "an allow-list: " + allowed, WorkDir: workDir}

	if err := os.MkdirAll(o.Reports, 0o755); err != nil {
		return say(2, "%v", err)
	}
	for _, name := range []string{"report.json", "junit.xml", "summary.txt", "summary.md", "summary.json", "certificate.json", "certificate.md", "certificate.intoto.json"} {
		_ = os.Remove(filepath.Join(o.Reports, name))
	}
	env := append(os.Environ(), "PAYCONFORM_CANDIDATE="+subject.Command, "PAYCONFORM_CANDIDATE_DIR="+dir,
		"PAYCONFORM_CANDIDATE_ENV="+strings.Join(o.Env, ","))
	fmt.Fprintf(o.Stdout, "payconform: certifying %s (network: %s)\n", subject.Command, strings.SplitN(network, ":", 2)[0])
	prepare := func(cmd *exec.Cmd) {
		if strings.HasPrefix(network, "loopback only") {
			isolate.Network(cmd)
		}
	}
	res := runBinary(ctx, bin, "certify", nil, env, prepare, Options{Reports: o.Reports, SuiteArgs: o.SuiteArgs, Verbose: o.Verbose, Stdout: o.Stdout, Stderr: o.Stderr})
	if res.err != nil {
		return say(2, "%v", res.err)
	}
	merged, _ := json.Marshal(res.reports)
	if err := os.WriteFile(filepath.Join(o.Reports, "report.json"), merged, 0o644); err != nil {
		return say(2, "%v", err)
	}
	pub, err := report.Publish(res.reports, o.Reports, report.Options{Harness: &harness, Subject: &subject, Isolation: &isolation})
	if err != nil {
		return say(2, "%v", err)
	}
	fmt.Fprint(o.Stdout, pub.Text)
	if pub.Certificate != nil {
		envelope, err := attest.Envelope(ctx, *pub.Certificate, key)
		if err != nil {
			return say(2, "%v", err)
		}
		path := filepath.Join(o.Reports, "certificate.intoto.json")
		if err := os.WriteFile(path, envelope, 0o644); err != nil {
			return say(2, "%v", err)
		}
		if key != nil {
			id, _ := key.KeyID()
			fmt.Fprintf(o.Stdout, "Signed: %s (ed25519 key %s); check it with payconform verify --key PUBLIC.pem %s\n", path, short(id), path)
		} else {
			fmt.Fprintf(o.Stdout, "Unsigned: %s (set PAYCONFORM_SIGNING_KEY to a key from payconform keygen to sign it)\n", path)
		}
	}
	return pub.Exit
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// gitCommit is the commit dir is checked out at, when it is a git checkout.
func gitCommit(dir string) string {
	out, err := exec.Command("git", "-C", dir, "rev-parse", "HEAD").Output()
	if err != nil {
		return ""
	}
	rev := strings.TrimSpace(string(out))
	if len(rev) != 40 && len(rev) != 64 {
		return ""
	}
	return rev
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
