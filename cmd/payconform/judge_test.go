package main_test

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/payconform/payconform/internal/pgtest"
	"github.com/payconform/payconform/internal/selftest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// The judge's mistakes are one line and exit 2, before anything listens: plain HTTP anywhere but
// loopback, no key, both TLS and plain HTTP, a token without a holder.
func TestJudgeCommandLineMistakes(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"judge", "--addr", "0.0.0.0:8443", "--key", "k", "--insecure-http"}, "only on a loopback address"},
		{[]string{"judge", "--addr", "192.0.2.1:8443", "--key", "k", "--insecure-http"}, "only on a loopback address"},
		{[]string{"judge", "--addr", "127.0.0.1:8443", "--insecure-http"}, "give the judge's signing key"},
		{[]string{"judge", "--addr", "127.0.0.1:8443", "--key", "k", "--insecure-http", "--tls-cert", "c", "--tls-key", "k"}, "exclude each other"},
		{[]string{"judge", "--addr", "127.0.0.1:8443", "--key", "k"}, "give --tls-cert and --tls-key"},
		{[]string{"judge", "token", "--db", "sqlite:" + filepath.Join(dir, "j.db")}, "give the token's holder"},
		{[]string{"judge", "--addr", "127.0.0.1:8443", "--key", "k", "--insecure-http", "--db", "mysql://x"}, "--key"},
		{[]string{"certify", "--oidc", "--", "true"}, "give --judge URL too"},
		{[]string{"verify", "--log", "http://127.0.0.1:1", "x.json"}, "give the judge's public key"},
	} {
		r := payconform(t, nil, c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
			t.Errorf("payconform %s: exit %d, stderr %q; want 2 and one line with %q", strings.Join(c.args, " "), r.code, r.stderr, c.want)
		}
	}
}

// The whole hosted path through the command line, with two judge processes on one PostgreSQL:
// payconform judge token issues the vendor's token, the vendor certifies the reference adapter
// with payconform certify --judge against one judge while the base_url it is handed names the
// other (as a load balancer's would), and payconform verify --judge-key --log checks the
// certificate against the log. Both judges are stopped by their process ids.
func TestHostedCertificationThroughTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	if r := payconform(t, nil, "keygen", filepath.Join(dir, "judge")); r.code != 0 {
		t.Fatalf("keygen: %+v", r)
	}
	db := pgtest.Database(t)
	tok := payconform(t, nil, "judge", "token", "--db", db, "acme-sdk")
	token := strings.TrimSpace(tok.stdout)
	if tok.code != 0 || !strings.HasPrefix(token, "pcj_") {
		t.Fatalf("judge token: %+v", tok)
	}
	portA, portB := freeAddr(t), freeAddr(t)
	public := "http://" + portB
	for _, addr := range []string{portA, portB} {
		cmd := exec.Command(cli(t), "judge", "--addr", addr, "--db", db, "--key", filepath.Join(dir, "judge.key"), "--insecure-http", "--url", public)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
		var log strings.Builder
		cmd.Stdout, cmd.Stderr = &log, &log
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		pid := cmd.Process.Pid
		t.Cleanup(func() {
			_ = syscall.Kill(pid, syscall.SIGTERM)
			_ = cmd.Wait()
			if t.Failed() {
				t.Logf("judge on %s:\n%s", addr, log.String())
			}
		})
		waitUp(t, "http://"+addr+"/judge/v1/info")
	}
	ref, err := selftest.Program(binDir, "candidates/reference")
	if err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(filepath.Dir(ref), 0o755)
	reports := filepath.Join(dir, "reports")
	r := payconform(t, map[string]string{"PAYCONFORM_JUDGE_TOKEN": token}, "certify", "--reports", reports, "--judge", "http://"+portA, "--", ref)
	if r.code != 0 || !strings.Contains(r.stdout, "CERTIFIED") {
		t.Fatalf("certify --judge: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	cert := filepath.Join(reports, "certificate.intoto.json")
	pub := filepath.Join(dir, "judge.pub")
	v := payconform(t, nil, "verify", "--judge-key", pub, "--log", public, cert)
	if v.code != 0 || !strings.Contains(v.stdout, "VERIFIED: CERTIFIED") || !strings.Contains(v.stdout, "ok   the certificate is in the judge's log") {
		t.Fatalf("verify --judge-key --log: exit %d\n%s\n%s", v.code, v.stdout, v.stderr)
	}
	// verify's exit statuses (redteam B5): 0 every check held; 2 a mistake (a file that is not
	// JSON, a missing file, a --log that is not the judge the certificate names, a stale bound
	// that does not parse); 3 the log could not be asked. The other judge serves the same log:
	// read as a mirror, it verifies.
	junk := filepath.Join(dir, "junk.json")
	if err := os.WriteFile(junk, []byte("not json\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--log-mirror", "http://" + portA, cert}, 0, "VERIFIED: CERTIFIED"},
		{[]string{"--log", public, junk}, 2, "is not JSON"},
		{[]string{"--log", public, filepath.Join(dir, "missing.json")}, 2, "no such file"},
		{[]string{"--log", "http://" + portA, cert}, 2, "is not the judge this certificate names"},
		{[]string{"--log", public, "--max-checkpoint-age", "0s", cert}, 2, "give a positive duration"},
		{[]string{"--log-mirror", "http://127.0.0.1:1", cert}, 3, "could not be asked"},
	} {
		r := payconform(t, nil, append([]string{"verify", "--judge-key", pub}, c.args...)...)
		if r.code != c.code || !strings.Contains(r.stdout+r.stderr, c.want) {
			t.Errorf("verify %s: exit %d, want %d with %q\n%s%s", strings.Join(c.args, " "), r.code, c.code, c.want, r.stdout, r.stderr)
		}
	}
	// The hosted certificate is not a self-run one: --key with the same key passes, but says the
	// judge; and another key refuses it.
	if other := payconform(t, nil, "keygen", filepath.Join(dir, "other")); other.code != 0 {
		t.Fatal(other.stderr)
	}
	if bad := payconform(t, nil, "verify", "--judge-key", filepath.Join(dir, "other.pub"), "--log", public, filepath.Join(reports, "certificate.intoto.json")); bad.code != 1 {
		t.Fatalf("verify with another judge's key: exit %d\n%s", bad.code, bad.stdout)
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitUp(t *testing.T, url string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not answer", url)
}
