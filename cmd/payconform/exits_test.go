package main_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mock/mocktest"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/redact"
)

// iyzicoEnv is the environment of a custom run of the iyzico suite against base, with a
// mock's credentials.
func iyzicoEnv(srv *mock.Server, base string) map[string]string {
	vars := srv.Config().Vars(base)
	return map[string]string{iyzico.EnvBaseURL: base, iyzico.EnvAPIKey: vars[iyzico.EnvAPIKey], iyzico.EnvSecretKey: vars[iyzico.EnvSecretKey]}
}

// front serves handler in front of a mock; the test's credentials are the mock's.
func front(t *testing.T, handler func(mockURL *url.URL) http.Handler) (*mock.Server, string) {
	t.Helper()
	srv, base := mocktest.Serve(t, mock.Config{})
	u, _ := url.Parse(base)
	f := httptest.NewServer(handler(u))
	t.Cleanup(f.Close)
	return srv, f.URL
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

type summaryJSON struct {
	Version       string         `json:"version"`
	Target        string         `json:"target"`
	Start         string         `json:"start"`
	Duration      *float64       `json:"durationSeconds"`
	ExitCode      int            `json:"exitCode"`
	Interrupted   bool           `json:"interrupted"`
	Counts        map[string]int `json:"counts"`
	TargetCounts  map[string]int `json:"targetCounts"`
	OfflineCounts map[string]int `json:"offlineCounts"`
	Problems      []string       `json:"problems"`
	Specs         []struct {
		Requirement string   `json:"requirement"`
		Case        string   `json:"case"`
		Outcome     string   `json:"outcome"`
		Messages    []string `json:"messages"`
		Location    string   `json:"location"`
		Replay      string   `json:"replay"`
	} `json:"specs"`
}

func readSummary(t *testing.T, dir string) summaryJSON {
	t.Helper()
	var s summaryJSON
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "summary.json"))), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// A base URL that serves none of a provider's routes is a misconfiguration: one line naming the
// variable and the URL tried, exit 2; its 404s are never counted as refusals.
func TestAWrongBaseURLIsAMisconfiguration(t *testing.T) {
	srv, base := mocktest.Serve(t, mock.Config{})
	env := iyzicoEnv(srv, base)
	env[iyzico.EnvBaseURL] = base + "/wrong"
	reports := t.TempDir()
	r := payconform(t, env, "test", "--target", "custom", "--suites", "iyzico", "--reports", reports)
	want := iyzico.EnvBaseURL + "=" + base + "/wrong serves none of iyzico's routes"
	if r.code != 2 || !strings.Contains(r.stderr, want) {
		t.Fatalf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, want)
	}
	s := readSummary(t, reports)
	if len(s.Problems) == 0 || !strings.Contains(s.Problems[0], "MISCONFIGURED") {
		t.Errorf("summary.json problems %v", s.Problems)
	}
	for _, sp := range s.Specs {
		if strings.Contains(sp.Requirement, "-AUTH-") && sp.Outcome == "pass" {
			t.Errorf("%s passed on a 404", sp.Requirement)
		}
	}
	// Nor are its 404s the target's contract failures, in any report (red team, 2026-12-02:
	// the summaries listed them under "The target broke the contract", JUnit as failures).
	if s.Counts["fail"] != 0 {
		t.Errorf("%d specs counted as failed", s.Counts["fail"])
	}
	if txt := readFile(t, filepath.Join(reports, "summary.txt")); strings.Contains(txt, "The target broke the contract") {
		t.Errorf("summary.txt blames the target:\n%s", txt)
	}
	if junit := readFile(t, filepath.Join(reports, "junit.xml")); strings.Contains(junit, "<failure") {
		t.Error("junit.xml holds failures")
	}
}

// A target that drops the connection on a malformed request, while it answers the others, has
// crashed: that request's requirement fails (exit 1), and it is no infrastructure error.
func TestADroppedConnectionIsTheTargetsFailure(t *testing.T) {
	srv, base := front(t, func(mockURL *url.URL) http.Handler {
		proxy := httputil.NewSingleHostReverseProxy(mockURL)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			if !json.Valid(body) {
				conn, _, err := http.NewResponseController(w).Hijack()
				if err == nil {
					conn.Close() // crash: no answer at all
				}
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			proxy.ServeHTTP(w, r)
		})
	})
	reports := t.TempDir()
	r := payconform(t, iyzicoEnv(srv, base), "test", "--target", "custom", "--suites", "iyzico", "--reports", reports)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (the target's failure)\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	s := readSummary(t, reports)
	dropped := 0
	for _, sp := range s.Specs {
		if sp.Outcome == "fail" && strings.Contains(strings.Join(sp.Messages, " "), "dropped the connection") {
			dropped++
		}
	}
	if dropped == 0 || s.Counts["error"] != 0 {
		t.Errorf("%d dropped-connection failures, %d infrastructure errors; want some and none\n%s", dropped, s.Counts["error"], r.stdout)
	}
	if !strings.Contains(r.stderr, "iyzico: first failure:") && !strings.Contains(r.stderr, "iyzico: first infrastructure error: ") {
		t.Errorf("stderr does not give the first failure as it happens:\n%s", r.stderr)
	}
}

// A failure carries the request as a curl command (secrets as variable references) and the
// answer, in junit.xml, summary.md and summary.txt; JUnit points at the spec or vector, not at a
// harness line; summary.md's rows name their case; summary.json has every count and the run's
// identity.
func TestFailuresCarryReplayableEvidence(t *testing.T) {
	reports := t.TempDir()
	r := payconform(t, nil, "test", "--reports", reports, "--mutants", "paynet-accept-bearer,iyzico-no-echo")
	if r.code != 1 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	junit := readFile(t, filepath.Join(reports, "junit.xml"))
	md := readFile(t, filepath.Join(reports, "summary.md"))
	txt := readFile(t, filepath.Join(reports, "summary.txt"))
	for name, text := range map[string]string{"junit.xml": junit, "summary.md": md, "summary.txt": txt} {
		for _, want := range []string{"curl -sS -i -X POST", "PAYNET_SECRET_KEY}", "payconform sign iyzico -path", "HTTP 200 OK"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
	if strings.Contains(junit, "harness/conformance/") {
		t.Errorf("junit.xml points at a harness line:\n%s", junit)
	}
	for _, want := range []string{"at vectors/paynet/get_auth_key.json:", "at suites/iyzico/contract_test.go:"} {
		if !strings.Contains(junit, want) {
			t.Errorf("junit.xml lacks %q", want)
		}
	}
	rows := map[string]bool{}
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| PNT-") || strings.HasPrefix(line, "| IYZ-") {
			if rows[line] {
				t.Errorf("summary.md repeats a row: %s", line)
			}
			rows[line] = true
		}
	}
	s := readSummary(t, reports)
	for _, o := range []string{"pass", "warn", "fail", "error", "skip", "known", "harness", "filtered", "interrupted"} {
		if _, ok := s.Counts[o]; !ok {
			t.Errorf("summary.json counts lack %q: %v", o, s.Counts)
		}
	}
	if s.Version == "" || s.Target != "mock" || s.Start == "" || s.Duration == nil || s.OfflineCounts["pass"] == 0 || s.TargetCounts["fail"] == 0 {
		t.Errorf("summary.json: version %q target %q start %q duration %v offline %v target %v", s.Version, s.Target, s.Start, s.Duration, s.OfflineCounts, s.TargetCounts)
	}
	if !strings.Contains(txt, "offline known-answer checks") {
		t.Errorf("summary.txt does not count the offline checks apart:\n%s", txt)
	}
}

// Infrastructure errors are grouped by cause, the cause first.
func TestInfrastructureErrorsAreGroupedByCause(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := l.Addr().String()
	l.Close()
	base := "http://" + ln // nothing listens there any more
	reports := t.TempDir()
	r := payconform(t, map[string]string{iyzico.EnvBaseURL: base, iyzico.EnvAPIKey: "k", iyzico.EnvSecretKey: "not-a-secret-at-all"},
		"test", "--target", "custom", "--suites", "iyzico", "--reports", reports)
	if r.code != 3 {
		t.Fatalf("exit %d, want 3\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	txt := readFile(t, filepath.Join(reports, "summary.txt"))
	i := strings.Index(txt, "by cause:\n  - ")
	if i < 0 || !strings.Contains(txt[i:], "requests: dial tcp "+ln) || !strings.Contains(txt[i:], "connection refused") {
		t.Errorf("summary.txt does not lead with the cause:\n%s", txt)
	}
}

// A certificate the client cannot verify is one line that says to set PAYCONFORM_CA_FILE, before
// anything is sent, and the run writes a summary that says so (exit 2).
func TestATLSFailureSaysWhatToDo(t *testing.T) {
	cfg := mock.Config{}
	cfg.Generate()
	srv, err := mock.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tls := httptest.NewTLSServer(srv)
	defer tls.Close()
	reports := t.TempDir()
	env := iyzicoEnv(srv, tls.URL)
	r := payconform(t, env, "test", "--target", "custom", "--suites", "iyzico", "--reports", reports)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if r.code != 2 || len(lines) != 1 || !strings.Contains(lines[0], "set PAYCONFORM_CA_FILE") || !strings.Contains(lines[0], "IYZICO_BASE_URL="+tls.URL) {
		t.Fatalf("exit %d, stderr %q; want 2 and one line saying to set PAYCONFORM_CA_FILE", r.code, r.stderr)
	}
	if txt := readFile(t, filepath.Join(reports, "summary.txt")); !strings.Contains(txt, "NOTHING WAS TESTED") || !strings.Contains(txt, "PAYCONFORM_CA_FILE") {
		t.Errorf("summary.txt: %s", txt)
	}
	if len(srv.Journal().Entries()) != 0 {
		t.Errorf("a request reached the target before the certificate was checked")
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	_ = os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: tls.Certificate().Raw}), 0o644)
	env["PAYCONFORM_CA_FILE"] = ca
	if r := payconform(t, env, "test", "--target", "custom", "--suites", "iyzico", "--reports", reports); r.code != 0 {
		t.Errorf("with the CA: exit %d\n%s", r.code, r.stderr)
	}
}

// A label filter the user chose selects; what it leaves out is "not selected", not an alarm.
func TestALabelFilterSelects(t *testing.T) {
	reports := t.TempDir()
	r := payconform(t, nil, "test", "--reports", reports, "--suites", "iyzico", "--label-filter", "auth")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	txt := readFile(t, filepath.Join(reports, "summary.txt"))
	if !strings.Contains(txt, `not selected by --label-filter "auth"`) || strings.Contains(txt, "NOT EVERYTHING WAS TESTED") {
		t.Errorf("summary.txt:\n%s", txt)
	}
}

// A wrong secret against a correct server refuses everything: the verdict stands (exit 1), and
// the summary and stderr say first that wrong credentials look exactly so, naming them (red
// team, 2026-12-02: the run read "the target broke the contract" and nothing else).
func TestNothingGrantedNamesTheCredentials(t *testing.T) {
	srv, base := mocktest.Serve(t, mock.Config{})
	env := iyzicoEnv(srv, base)
	env[iyzico.EnvSecretKey] = "sandbox-not-the-right-secret-key-0000"
	reports := t.TempDir()
	r := payconform(t, env, "test", "--target", "custom", "--suites", "iyzico", "--reports", reports)
	if r.code != 1 || !strings.Contains(r.stderr, "NOTHING GRANTED: iyzico") || !strings.Contains(r.stderr, iyzico.EnvSecretKey) {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if s := readSummary(t, reports); len(s.Problems) == 0 || !strings.HasPrefix(s.Problems[0], "NOTHING GRANTED: iyzico") {
		t.Errorf("summary.json problems %q", s.Problems)
	}
	// The right credentials: nothing of the kind.
	r = payconform(t, iyzicoEnv(srv, base), "test", "--target", "custom", "--suites", "iyzico", "--reports", reports)
	if r.code != 0 || strings.Contains(r.stderr+r.stdout, "NOTHING GRANTED") {
		t.Errorf("right credentials: exit %d\n%s", r.code, r.stderr)
	}
}

// A target that echoes another provider's configured secret gives none away: every suite masks
// the secrets of every provider payconform knows, not its own alone (red team, 2026-12-02: the
// Paynet key reached every report through the iyzico suite).
func TestAnotherProvidersSecretIsMaskedToo(t *testing.T) {
	const other = "sck_other-provider-secret-5541"
	srv, base := front(t, func(mockURL *url.URL) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Debug", other)
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(500)
			_, _ = io.WriteString(w, "<html>config dump: "+other+" "+base64.StdEncoding.EncodeToString([]byte(other))+"</html>")
		})
	})
	env := iyzicoEnv(srv, base)
	env[paynet.EnvSecretKey] = other
	env["PAYCONFORM_RETRIES"] = "0" // a 500 is retried otherwise, with backoff, 131 times
	reports := t.TempDir()
	r := payconform(t, env, "test", "--target", "custom", "--suites", "iyzico", "--reports", reports)
	if r.code != 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	files := map[string]string{"stdout": r.stdout, "stderr": r.stderr}
	entries, _ := os.ReadDir(reports)
	for _, e := range entries {
		files[e.Name()] = readFile(t, filepath.Join(reports, e.Name()))
	}
	for name, text := range files {
		if m, ok := redact.Find(text, other); ok {
			t.Errorf("%s holds the other provider's secret (%s)", name, m.Form)
		}
	}
}

// A message that quotes a setting gives no secret away: a base URL with the key in its userinfo
// (refused before anything is sent) or its query (a misconfiguration after the run) is masked
// on stderr and in the summaries (red team, 2026-12-02).
func TestASecretInABaseURLIsMaskedInMessages(t *testing.T) {
	srv, base := mocktest.Serve(t, mock.Config{})
	secret := srv.Config().Vars(base)[iyzico.EnvSecretKey]
	u, _ := url.Parse(base)
	for name, bad := range map[string]string{"userinfo": "http://dealer:" + secret + "@", "query": base + "/wrong/?key=" + secret} {
		env := iyzicoEnv(srv, base)
		env[iyzico.EnvBaseURL] = bad
		if name == "userinfo" {
			env[iyzico.EnvBaseURL] = bad + u.Host + "/x y"
		}
		reports := t.TempDir()
		r := payconform(t, env, "test", "--target", "custom", "--suites", "iyzico", "--reports", reports)
		if r.code != 2 {
			t.Errorf("%s: exit %d\n%s", name, r.code, r.stderr)
		}
		files := map[string]string{"stdout": r.stdout, "stderr": r.stderr}
		for _, f := range []string{"summary.txt", "summary.md", "summary.json"} {
			files[f] = readFile(t, filepath.Join(reports, f))
		}
		for f, text := range files {
			if strings.Contains(text, secret) {
				t.Errorf("%s: %s holds the secret:\n%s", name, f, text)
			}
		}
	}
}

// A suite named twice runs once (red team, 2026-12-02: two copies raced on one report file).
func TestASuiteNamedTwiceRunsOnce(t *testing.T) {
	reports := t.TempDir()
	r := payconform(t, nil, "test", "--reports", reports, "--suites", "paywall,paywall")
	if r.code != 0 || strings.Count(r.stdout, "payconform: paywall: ") != 1 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

// A label filter that leaves only the offline known-answer checks tests nothing against the
// target: exit 2, and summary.json says 2 too, with why (red team, 2026-12-02: it said 0).
func TestOnlyOfflineChecksTestNothing(t *testing.T) {
	reports := t.TempDir()
	r := payconform(t, nil, "test", "--reports", reports, "--suites", "iyzico", "--label-filter", "kat")
	if r.code != 2 || !strings.Contains(r.stderr, "only the offline known-answer checks ran") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if s := readSummary(t, reports); s.ExitCode != 2 || len(s.Problems) == 0 || !strings.Contains(s.Problems[len(s.Problems)-1], "nothing was tested") {
		t.Errorf("summary.json: exit code %d, problems %q", s.ExitCode, s.Problems)
	}
	if txt := readFile(t, filepath.Join(reports, "summary.txt")); !strings.HasPrefix(txt, "payconform: NOTHING WAS TESTED: ") {
		t.Errorf("summary.txt:\n%s", txt)
	}
}

// A run removes the files of the run before, and one that tests nothing still writes summaries
// that say why.
func TestEveryRunWritesItsOwnSummary(t *testing.T) {
	reports := t.TempDir()
	for _, name := range []string{"summary.txt", "paywall.log", "junit.xml"} {
		_ = os.WriteFile(filepath.Join(reports, name), []byte("stale"), 0o644)
	}
	if r := payconform(t, nil, "test", "--reports", reports, "--suites", "iyzico"); r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(reports, "paywall.log")); err == nil {
		t.Error("a stale paywall.log was left beside the new reports")
	}
	r := payconform(t, nil, "test", "--reports", reports, "--target", "sandbox")
	if r.code != 2 {
		t.Fatalf("exit %d", r.code)
	}
	if txt := readFile(t, filepath.Join(reports, "summary.txt")); !strings.Contains(txt, "NOTHING WAS TESTED: nothing was tested against sandbox") {
		t.Errorf("summary.txt: %s", txt)
	}
	if s := readSummary(t, reports); s.ExitCode != 2 {
		t.Errorf("summary.json exit code %d", s.ExitCode)
	}
	for _, name := range []string{"junit.xml", "iyzico.log"} {
		if _, err := os.Stat(filepath.Join(reports, name)); err == nil {
			t.Errorf("%s of the run before was left", name)
		}
	}
}

// A mutant applies to the suites that have it: the README's demonstration fails iyzico's
// checks (exit 1), and the Paynet and Paywall suites run clean, with no harness error.
func TestAMutantAppliesToItsOwnSuite(t *testing.T) {
	reports := t.TempDir()
	r := payconform(t, nil, "test", "--reports", reports, "--mutants", "iyzico-sign-without-path")
	if r.code != 1 || strings.Contains(r.stdout, "HARNESS ERRORS") || strings.Contains(r.stdout, "please report") {
		t.Fatalf("exit %d; want 1 and no harness error\n%s", r.code, r.stdout)
	}
	if !strings.Contains(r.stdout, "IYZ-AUTH-05") {
		t.Errorf("no IYZ-AUTH-05 failure:\n%s", r.stdout)
	}
}

// SIGINT stops the suites gracefully: they write their reports, marked interrupted, and the run
// exits 130. The target here answers slowly, so the run is still going when the signal comes;
// progress lines appear on stderr meanwhile, with no escape code in a pipe.
func TestAnInterruptWritesTheReportsAndExits130(t *testing.T) {
	srv, base := front(t, func(mockURL *url.URL) http.Handler {
		proxy := httputil.NewSingleHostReverseProxy(mockURL)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(150 * time.Millisecond)
			proxy.ServeHTTP(w, r)
		})
	})
	reports := t.TempDir()
	cmd := exec.Command(cli(t), "test", "--target", "custom", "--suites", "iyzico", "--reports", reports)
	cmd.Dir = t.TempDir() // outside the checkout: the binary finds the source it was built from
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "GOCACHE=" + goEnv("GOCACHE"), "GOMODCACHE=" + goEnv("GOMODCACHE"), "GOFLAGS=" + os.Getenv("GOFLAGS"), "NO_COLOR=", "TERM=xterm"}
	for k, v := range iyzicoEnv(srv, base) {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	running := regexp.MustCompile(`payconform: \d+s: iyzico [1-9]\d*/\d+`) // a progress line: the suite runs
	deadline := time.Now().Add(3 * time.Minute)
	for !running.MatchString(stderr.String()) {
		if time.Now().After(deadline) {
			t.Fatalf("no progress line in 3 minutes:\n%s\n%s", stdout.String(), stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	_ = cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	}
	if code != 130 {
		t.Fatalf("exit %d (%v), want 130\n%s\n%s", code, err, stdout.String(), stderr.String())
	}
	s := readSummary(t, reports)
	if !s.Interrupted || s.Counts["interrupted"] == 0 || s.Counts["pass"] == 0 {
		t.Errorf("summary.json: interrupted %t, counts %v; want interrupted, some passed, some cut short", s.Interrupted, s.Counts)
	}
	if txt := readFile(t, filepath.Join(reports, "summary.txt")); !strings.Contains(txt, "INTERRUPTED") {
		t.Errorf("summary.txt: %s", txt)
	}
	if strings.Contains(stderr.String(), "\x1b") {
		t.Errorf("stderr in a pipe: want plain progress lines, no escape code:\n%q", stderr.String())
	}
}

// A suite whose running spec is blocked in a request to a target that never answers still
// writes its report when interrupted: Ginkgo leaves the spec after its grace period, well
// before payconform gives up on the suite (red team, 2026-12-02: in about a third of runs a
// suite was killed first and wrote nothing).
func TestAnInterruptDuringAHangStillWritesTheReport(t *testing.T) {
	got := make(chan struct{}, 1)
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case got <- struct{}{}:
		default:
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hang.Close()
	defer close(release)
	srv, base := mocktest.Serve(t, mock.Config{})
	vars := srv.Config().Vars(base)
	env := map[string]string{paynet.EnvBaseURL: hang.URL, paynet.EnvSecretKey: vars[paynet.EnvSecretKey], paynet.EnvAgentID: vars[paynet.EnvAgentID], paynet.EnvUserID: vars[paynet.EnvUserID]}
	reports := t.TempDir()
	cmd := exec.Command(cli(t), "test", "--target", "custom", "--suites", "paynet", "--reports", reports, "--no-progress")
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "GOCACHE=" + goEnv("GOCACHE"), "GOMODCACHE=" + goEnv("GOMODCACHE"), "GOFLAGS=" + os.Getenv("GOFLAGS"),
		"PAYCONFORM_REQUEST_TIMEOUT=2m", "PAYCONFORM_HISTORY=off"}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-got:
	case <-time.After(3 * time.Minute):
		_ = cmd.Process.Kill()
		t.Fatalf("no request reached the target in 3 minutes:\n%s\n%s", stdout.String(), stderr.String())
	}
	_ = cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	}
	if code != 130 || strings.Contains(stdout.String(), "before it wrote a report") {
		t.Fatalf("exit %d (%v); want 130 and the suite's report\n%s\n%s", code, err, stdout.String(), stderr.String())
	}
	if s := readSummary(t, reports); !s.Interrupted || s.Counts["interrupted"] == 0 {
		t.Errorf("summary.json: interrupted %t, counts %v", s.Interrupted, s.Counts)
	}
}

// lockedBuffer is a buffer a process writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
