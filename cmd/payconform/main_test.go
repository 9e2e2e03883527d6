package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mock/mocktest"
	"github.com/payconform/payconform/internal/selftest"
	_ "github.com/payconform/payconform/providers/all"
)

// cli builds cmd/payconform once per test process.
func cli(t *testing.T) string {
	t.Helper()
	bin, err := selftest.Program(binDir, "cmd/payconform")
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

var binDir = func() string {
	dir, err := os.MkdirTemp("", "payconform-cli-")
	if err != nil {
		panic(err)
	}
	return dir
}()

type result struct {
	code           int
	stdout, stderr string
}

// payconform runs the CLI in the repository root with only env set (plus PATH and HOME).
func payconform(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	cmd := exec.Command(cli(t), args...)
	cmd.Dir = selftest.Root()
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "GOCACHE=" + goEnv("GOCACHE"), "GOMODCACHE=" + goEnv("GOMODCACHE"), "GOFLAGS=" + os.Getenv("GOFLAGS")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	if exit, ok := err.(*exec.ExitError); ok {
		r.code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

func goEnv(name string) string {
	out, _ := exec.Command("go", "env", name).Output()
	return strings.TrimSpace(string(out))
}

// Every mistake is one line on stderr and exit status 2, before anything runs; nothing about
// requirements without specs, and no "harness error".
func TestMistakesAreOneLine(t *testing.T) {
	reports := t.TempDir()
	notPEM := filepath.Join(t.TempDir(), "ca.pem")
	_ = os.WriteFile(notPEM, []byte("not a certificate\n"), 0o644)
	hugeCA := filepath.Join(t.TempDir(), "huge.pem")
	_ = os.WriteFile(hugeCA, bytes.Repeat([]byte("x"), 2<<20), 0o644)
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"unknown target", nil, []string{"test", "--reports", reports, "--target", "bogus"}, `target "bogus": want one of mock, container, sandbox, custom`},
		{"unknown mutant", nil, []string{"test", "--reports", reports, "--mutants", "no-such-mutant"}, "no-such-mutant"},
		{"mutants against a sandbox", map[string]string{"IYZICO_API_KEY": "k", "IYZICO_SECRET_KEY": "s"}, []string{"test", "--reports", reports, "--target", "sandbox", "--mutants", "iyzico-no-echo"}, "apply to the mock and container targets"},
		{"base URL without a scheme", map[string]string{"IYZICO_BASE_URL": "localhost:8080", "IYZICO_API_KEY": "k", "IYZICO_SECRET_KEY": "s"}, []string{"test", "--reports", reports, "--target", "custom"}, `IYZICO_BASE_URL="localhost:8080": want an absolute http or https URL`},
		{"the certify suite", nil, []string{"test", "--reports", reports, "--suites", "certify"}, "certify is not a conformance suite"},
		{"an unknown suite", nil, []string{"test", "--reports", reports, "--suites", "iyzco"}, `no suite named "iyzco"`},
		{"a selected suite without credentials", nil, []string{"test", "--reports", reports, "--target", "sandbox", "--suites", "paynet"}, "paynet is selected, but PAYNET_SECRET_KEY"},
		{"a sandbox run without credentials", nil, []string{"test", "--reports", reports, "--target", "sandbox"}, "nothing was tested against sandbox: iyzico: no credentials (IYZICO_API_KEY, IYZICO_SECRET_KEY not set)"},
		{"a bad label filter", nil, []string{"test", "--reports", reports, "--label-filter", "auth &&"}, `label filter "auth &&"`},
		{"a label filter that selects nothing", nil, []string{"test", "--reports", reports, "--label-filter", "no-such-label"}, `label filter "no-such-label" selects no spec`},
		{"a bad flag", nil, []string{"test", "--no-such-flag"}, "flag provided but not defined: -no-such-flag"},
		{"a bad known-deviations file", nil, []string{"test", "--reports", reports, "--baseline", "no-such-file.yaml"}, "read known deviations"},
		{"an unknown command", nil, []string{"tset"}, `unknown command "tset"; did you mean test?`},
		{"a mistyped target", nil, []string{"test", "--reports", reports, "--target", "sandbx"}, "did you mean sandbox?"},
		{"a mistyped flag", nil, []string{"test", "--taget", "mock"}, "did you mean --target?"},
		{"a mistyped suite", nil, []string{"test", "--reports", reports, "--suites", "paywal"}, "did you mean paywall?"},
		{"a secret with a trailing newline", map[string]string{"PAYNET_SECRET_KEY": "sck_0123456789\n", "PAYNET_AGENT_ID": "1", "PAYNET_USER_ID": "u", "PAYNET_BASE_URL": "http://127.0.0.1:1"},
			[]string{"test", "--reports", reports, "--target", "custom", "--suites", "paynet"}, "PAYNET_SECRET_KEY ends with a newline"},
		{"a secret with a newline inside", map[string]string{"PAYNET_SECRET_KEY": "sck_01234\n56789", "PAYNET_AGENT_ID": "1", "PAYNET_USER_ID": "u", "PAYNET_BASE_URL": "http://127.0.0.1:1"},
			[]string{"test", "--reports", reports, "--target", "custom", "--suites", "paynet"}, "PAYNET_SECRET_KEY holds a newline inside"},
		{"a key with a leading space", map[string]string{"IYZICO_API_KEY": " k", "IYZICO_SECRET_KEY": "s"}, []string{"test", "--reports", reports, "--target", "sandbox"}, "IYZICO_API_KEY starts with a space"},
		{"a timeout without a unit", map[string]string{"PAYCONFORM_REQUEST_TIMEOUT": "15"}, []string{"test", "--reports", reports}, `PAYCONFORM_REQUEST_TIMEOUT="15": want a positive duration with its unit`},
		{"retries that are not a number", map[string]string{"PAYCONFORM_RETRIES": "3x"}, []string{"test", "--reports", reports}, `PAYCONFORM_RETRIES="3x": want a whole number`},
		{"a CA file that is not PEM", map[string]string{"PAYCONFORM_CA_FILE": notPEM}, []string{"test", "--reports", reports}, "no PEM certificate in it"},
		{"a CA file too large", map[string]string{"PAYCONFORM_CA_FILE": hugeCA}, []string{"test", "--reports", reports}, "larger than 1048576 bytes"},
		{"the container target without Docker", map[string]string{"DOCKER_HOST": "unix:///nonexistent/docker.sock"}, []string{"test", "--reports", reports, "--target", "container"}, "target container needs Docker"},
		{"certify without a command", nil, []string{"certify"}, "give the adapter's command after --"},
		{"sign without a provider", nil, []string{"sign"}, "want: payconform sign iyzico"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := payconform(t, tc.env, tc.args...)
			lines := strings.Split(strings.TrimRight(r.stderr, "\n"), "\n")
			if r.code != 2 || len(lines) != 1 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("payconform %v: exit %d, stderr %q; want 2 and one line saying %q\nstdout: %s", tc.args, r.code, r.stderr, tc.want, r.stdout)
			}
			if strings.Contains(r.stdout+r.stderr, "please report") || strings.Contains(r.stdout+r.stderr, "has no spec") {
				t.Errorf("a usage mistake reported as a harness error: %s%s", r.stdout, r.stderr)
			}
			if strings.Contains(r.stdout+r.stderr, "\x1b") {
				t.Errorf("an escape code in a pipe: %q", r.stderr)
			}
			if len(tc.args) > 2 && tc.args[1] == "--reports" {
				if txt, err := os.ReadFile(filepath.Join(reports, "summary.txt")); err != nil || !strings.Contains(string(txt), "NOTHING WAS TESTED") || !strings.Contains(string(txt), tc.want) {
					t.Errorf("summary.txt does not say why nothing was tested: %q, %v", txt, err)
				}
			}
		})
	}
}

// -h is help on stdout, exit 0, with examples.
func TestHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"test", "-h"}, {"certify", "--help"}, {"mock", "-h"}, {"sign", "-h"}, {"version", "-h"}, {"requirements", "-h"}, {"judge", "-h"}, {"judge", "token", "-h"}, {"verify", "-h"}} {
		r := payconform(t, nil, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "usage: payconform") || r.stderr != "" {
			t.Errorf("payconform %v: exit %d, stdout %q, stderr %q; want help on stdout, exit 0", args, r.code, r.stdout, r.stderr)
		}
	}
	if r := payconform(t, nil, "test", "-h"); !strings.Contains(r.stdout, "examples:") {
		t.Errorf("payconform test -h has no examples:\n%s", r.stdout)
	}
}

// payconform version (and --version) prints the version and commit, the build information as
// go version -m shows it, and the digests.
func TestVersion(t *testing.T) {
	r := payconform(t, nil, "version")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "payconform ") || !strings.Contains(r.stdout, "vectors   sha256:") || !strings.Contains(r.stdout, "contracts sha256:") {
		t.Errorf("version: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if flag := payconform(t, nil, "--version"); flag.stdout != r.stdout {
		t.Errorf("--version differs from version:\n%s\n%s", flag.stdout, r.stdout)
	}
	out, err := exec.Command("go", "version", "-m", cli(t)).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if word, _, _ := strings.Cut(strings.TrimSpace(line), "\t"); word == "path" || word == "mod" || word == "build" {
			if !strings.Contains(r.stdout, line+"\n") {
				t.Errorf("version lacks go version -m's line %q:\n%s", line, r.stdout)
			}
		}
	}
}

// A custom target with one provider's credentials runs that provider's suite; the others are
// "not selected", said in the summary's banner, not counted as skips.
func TestOneProviderRunsAndTheOthersAreNotSelected(t *testing.T) {
	srv, base := mocktest.Serve(t, mock.Config{})
	vars := srv.Config().Vars(base)
	env := map[string]string{}
	for _, name := range []string{iyzico.EnvBaseURL, iyzico.EnvAPIKey, iyzico.EnvSecretKey} {
		env[name] = vars[name]
	}
	reports := t.TempDir()
	r := payconform(t, env, "test", "--target", "custom", "--reports", reports)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	summary, _ := os.ReadFile(filepath.Join(reports, "summary.md"))
	for _, want := range []string{"NOT EVERYTHING WAS TESTED", "not selected: paynet: no credentials (PAYNET_BASE_URL", "not selected: paywall"} {
		if !strings.Contains(string(summary), want) {
			t.Errorf("summary.md lacks %q:\n%s", want, summary)
		}
	}
	if !strings.Contains(r.stdout, "testing iyzico against target custom") {
		t.Errorf("stdout: %s", r.stdout)
	}
}

// A run against the embedded mock tests every suite, writes the reports, and exits 0.
func TestTestAgainstTheEmbeddedMock(t *testing.T) {
	reports := t.TempDir()
	r := payconform(t, nil, "test", "--reports", reports)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, name := range []string{"junit.xml", "summary.txt", "summary.md", "summary.json", "report.json", "iyzico.log"} {
		if _, err := os.Stat(filepath.Join(reports, name)); err != nil {
			t.Errorf("no %s: %v", name, err)
		}
	}
	if r := payconform(t, nil, "test", "--reports", reports, "--mutants", "iyzico-no-echo", "--suites", "iyzico"); r.code != 1 || !strings.Contains(r.stdout, "IYZ-CONTRACT-02") {
		t.Errorf("with a mutant on: exit %d, want 1 naming IYZ-CONTRACT-02\n%s", r.code, r.stdout)
	}
}
