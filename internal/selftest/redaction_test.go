package selftest_test

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/iyzicomock"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mock/mocktest"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/paynet/paynetmock"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/paywall/paywallmock"
	"github.com/payconform/payconform/harness/redact" // Mask only: the forms searched for are named here
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/internal/selftest"
	_ "github.com/payconform/payconform/providers/all"
)

// Distinctive secrets, so that a leak cannot hide among other strings.
const (
	iyzicoSecret  = "LEAKCANARY-iyzico-secret-7f3a9c"
	paynetSecret  = "sck_LEAKCANARY-paynet-secret-41d2"
	paywallKey    = "pk_LEAKCANARY-paywall-key-90ab"
	paywallClient = "pc_LEAKCANARY-paywall-client-77ce"
)

// No secret value, in any encoding, appears in any report, log line or failure message. The
// suites run against a mock that knows the canary secrets, clean, with every mutant on (so that
// failure messages are written too) and with the three echoing mutants alone (so that every
// refusal echoes; iyzico-echo-secret writes its secret inside base64 at each byte offset, a
// JWT, JSON escapes and HTML references); then every report file, the captured output, the
// mock's log and its journal after each suite are searched for every form secretForms names.
func TestNoSecretInAnyOutput(t *testing.T) {
	var logBuf bytes.Buffer
	cfg := mock.Config{
		Credentials: map[string]string{
			iyzico.EnvAPIKey: "sandbox-redaction-test-key", iyzico.EnvSecretKey: iyzicoSecret,
			paynet.EnvSecretKey: paynetSecret, paynet.EnvAgentID: "11111", paynet.EnvUserID: "redaction-user",
			paywall.EnvAPIKeyPublic: paywallKey, paywall.EnvAPIClientPublic: paywallClient,
		},
		Log: slog.New(slog.NewTextHandler(&logBuf, nil)),
	}
	srv, base := mocktest.Serve(t, cfg)
	env := map[string]string{"PAYCONFORM_TARGET": "custom", "SUITES": ""}
	for k, v := range srv.Config().Vars(base) {
		env[k] = v
	}
	var every []string
	for _, m := range mock.Mutants() {
		every = append(every, m.Name)
	}
	outDir := t.TempDir()
	var outputs []string
	// The journal as anyone outside the mock's process sees it, through the admin API, after
	// each suite: it keeps the last requests only, and a later suite's would push out an
	// earlier one's echoes.
	journals := map[string]string{}
	// Every mutant on makes most refusals successes; the echoing mutants alone make every
	// refusal echo the credentials (iyzico-echo-secret in every encoding it writes).
	echoing := []string{iyzicomock.EchoSecret.Name, paynetmock.EchoAuthorization.Name, paywallmock.EchoHeaders.Name}
	passes := []string{"clean", "with every mutant", "with the echoing mutants"}
	for i, mutants := range [][]string{nil, every, echoing} {
		srv.SetMutants(must(mock.ParseMutants(strings.Join(mutants, ","))))
		for _, suite := range selftest.Suites() {
			bin, err := selftest.SuiteBinary(sharedDir(t), suite)
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(outDir, suite, strings.ReplaceAll(passes[i], " ", "-"))
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			run, err := selftest.RunSuite(bin, dir, env, "--ginkgo.v")
			if err != nil {
				t.Fatal(err)
			}
			if i > 0 && run.Exit == 0 {
				t.Errorf("%s: %s, the suite should fail, so that failure messages are searched too", suite, passes[i])
			}
			outputs = append(outputs, run.Output, payconformReport(t, run.Report, dir))
			journals["mock journal after "+suite+" "+passes[i]] = readJournal(t, base, srv.Config().AdminToken)
		}
	}

	secrets := []string{iyzicoSecret, paynetSecret, paywallKey, paywallClient}
	haystacks := map[string]string{"captured suite output and summaries": strings.Join(outputs, "\n"), "mock log": logBuf.String()}
	for name, j := range journals {
		haystacks[name] = j
	}
	_ = filepath.WalkDir(outDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			haystacks[path] = string(b)
		}
		return nil
	})
	if len(haystacks) < 5 {
		t.Fatalf("only %d places to search; the runs wrote too little", len(haystacks))
	}
	for where, text := range haystacks {
		for _, secret := range secrets {
			for _, form := range leaks(text, secret) {
				t.Errorf("%s contains the secret (%s form)", where, form)
			}
		}
	}
	if j := journals["mock journal after iyzico with the echoing mutants"]; !strings.Contains(j, "sandbox-redaction-test-key") || !strings.Contains(j, "Basic "+redact.Mask) {
		t.Errorf("the journal should keep the apiKey recognisable, and show iyzico-echo-secret's refusals masked; it does not")
	}
}

// readJournal is the mock's journal, through the admin API.
func readJournal(t *testing.T, base, token string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+mock.AdminPrefix+"journal", nil)
	req.Header.Set(mock.AdminTokenHeader, token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	journal, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || len(journal) < 1000 {
		t.Fatalf("journal: HTTP %d, %d bytes", resp.StatusCode, len(journal))
	}
	return string(journal)
}

// secretForms are the ways a secret could reach a report, named here and computed with the
// standard library, never asked of harness/redact (the code under test): as is and its first
// 16 characters; hex; percent-encoded; JSON \u-escaped and as HTML references, character by
// character; and, for the secret and for it \u-escaped (a JWT payload's claim), the base64
// and base64url characters that hold its bits only, at each of the three byte offsets it may
// sit at inside a longer encoded text (the HTTP Basic pair "key:secret", a JWT payload).
func secretForms(s string) map[string]string {
	out := map[string]string{
		"plain": s, "prefix 16 char": s[:16],
		"hex": hex.EncodeToString([]byte(s)), "HEX": strings.ToUpper(hex.EncodeToString([]byte(s))),
		"URL query-encoded": url.QueryEscape(s), "every byte percent-encoded": percentAll(s),
		"base32": base32.StdEncoding.EncodeToString([]byte(s)), "Go's fmt of a []byte": strings.Trim(fmt.Sprint([]byte(s)), "[]"),
	}
	var cEscaped strings.Builder
	for _, c := range []byte(s) {
		fmt.Fprintf(&cEscaped, `\x%02x`, c)
	}
	out[`\x escapes`] = cEscaped.String()
	for _, hexCase := range []string{"%04x", "%04X"} {
		var escaped, refs strings.Builder
		for _, r := range s {
			fmt.Fprintf(&escaped, `\u`+hexCase, r)
			fmt.Fprintf(&refs, "&#%d;", r)
		}
		out[`JSON \u`+hexCase] = escaped.String()
		out["HTML references"] = refs.String()
		for name, text := range map[string]string{"": s, `, JSON \u` + hexCase: escaped.String()} {
			for offset := range 3 {
				enc := base64.StdEncoding.EncodeToString(append(make([]byte, offset), text...))
				stable := enc[(8*offset+5)/6 : 8*(offset+len(text))/6] // the characters whose six bits are all the text's
				out[fmt.Sprintf("base64%s at byte offset %d", name, offset)] = stable
				out[fmt.Sprintf("base64url%s at byte offset %d", name, offset)] = strings.NewReplacer("+", "-", "/", "_").Replace(stable)
			}
		}
	}
	return out
}

func percentAll(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// views are the ways a report file may hold a text: as written, XML-unescaped (junit.xml),
// JSON-unescaped once and twice (a report quotes messages that quote JSON bodies), and each of
// those joined across line breaks (wrapped base64).
func views(text string) []string {
	once := jsonUnescaper.Replace(text)
	out := []string{text, html.UnescapeString(text), once, jsonUnescaper.Replace(once), html.UnescapeString(once)}
	for _, v := range out[:5] {
		out = append(out, lineBreaks.Replace(v))
	}
	return out
}

var lineBreaks = strings.NewReplacer("\r\n", "", "\n", "", `\n`, "")

var jsonUnescaper = strings.NewReplacer(`\\`, `\`, `\"`, `"`, `\/`, `/`, `\u0026`, "&", `\u003c`, "<", `\u003e`, ">")

// leaks lists the forms of secret that text holds, in any of its views.
func leaks(text, secret string) []string {
	var found []string
	for form, needle := range secretForms(secret) {
		if form == "prefix 16 char" && len(secret) < 20 {
			continue
		}
		for _, v := range views(text) {
			if strings.Contains(v, needle) {
				found = append(found, form)
				break
			}
		}
	}
	return found
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// A certification leaks no secret either: the candidate is handed the verifying mock's keys,
// prints its whole request (keys included) to stderr and fails cases, so that its stderr is
// attached to the reports; every output of the run is then searched for every key it was given.
func TestNoSecretInCertificationOutput(t *testing.T) {
	dir := t.TempDir()
	requests := filepath.Join(dir, "requests.jsonl")
	mutant := candidateBinary(t, "candidates/mutants")
	command := fmt.Sprintf(`tee -a %s >%s/last.json; cat %s/last.json >&2; %s -defect envelope-as-success <%s/last.json`, requests, dir, dir, mutant, dir)
	bin, err := selftest.SuiteBinary(sharedDir(t), "certify")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "reports")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	// The adapter records every request it was sent into a file of this test's: it must write
	// outside a sandbox, so this run has none (the hostile battery tests the sandbox).
	run, err := selftest.RunSuite(bin, out, map[string]string{"PAYCONFORM_CANDIDATE": command, "PAYCONFORM_CANDIDATE_DIR": selftest.Root(), "PAYCONFORM_ISOLATION": "none"}, "--ginkgo.v")
	if err != nil {
		t.Fatal(err)
	}
	if run.Exit == 0 {
		t.Fatal("the mutant certification should fail, so that stderr is attached")
	}
	reports, err := report.Load(run.Report)
	if err != nil {
		t.Fatal(err)
	}
	cert := report.NewCertificate(reports, time.Now())
	if len(cert.Failures) == 0 || !strings.Contains(strings.Join(failureStderr(cert), ""), redact.Mask) {
		t.Fatal("no failing case carries the candidate's (redacted) stderr; the test would prove nothing")
	}
	files := runFiles(t, run, out)

	searchCertification(t, requests, files)
}

// runFiles is everything a certification run wrote: its captured output, what payconform report
// makes of it, and every file under out.
func runFiles(t *testing.T, run selftest.Run, out string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{"captured output": []byte(run.Output), "report's output": []byte(payconformReport(t, run.Report, out))}
	_ = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files[p], _ = os.ReadFile(p)
		}
		return nil
	})
	return files
}

// searchCertification reads the keys a certification handed its candidate (the requests it
// logged) and searches every file of the run for each, in every form.
func searchCertification(t *testing.T, requests string, files map[string][]byte) {
	t.Helper()
	secrets := map[string]bool{}
	lines, _ := os.ReadFile(requests)
	for _, line := range strings.Split(strings.TrimSpace(string(lines)), "\n") {
		var req struct {
			Operation   string
			Credentials map[string]string
		}
		if json.Unmarshal([]byte(line), &req) == nil && req.Operation != "iyzico.sign" { // signing vectors' keys are public test values
			for name, v := range req.Credentials {
				if name != "api_key" { // iyzico's apiKey is an identifier, kept on purpose (docs/design.md, Verdicts: the journal keeps the scheme and apiKey)
					secrets[v] = true
				}
			}
		}
	}
	if len(secrets) < 3 {
		t.Fatalf("only %d keys were handed to the candidate; the test would prove nothing", len(secrets))
	}
	for where, text := range files {
		for secret := range secrets {
			for _, form := range leaks(string(text), secret) {
				t.Errorf("%s contains a key handed to the candidate (%s form)", where, form)
			}
		}
	}
}

// A candidate is other people's code: this one writes the keys it was handed into its answers,
// in error.message and as an output field, on stdout before its answer and on stderr, each key
// as is and inside longer encoded texts (see leakyCandidate); the harness quotes all of it in
// failure messages. Nothing it wrote may reach a report with a key in it, in any form.
func TestNoSecretFromALeakyCandidate(t *testing.T) {
	if _, err := exec.LookPath("python3"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true requires python3: the leaky candidate is a Python script")
		}
		t.Skip("python3 is not installed; the leaky candidate is a Python script")
	}
	dir := t.TempDir()
	requests := filepath.Join(dir, "requests.jsonl")
	script := filepath.Join(dir, "leaky.py")
	if err := os.WriteFile(script, []byte(leakyCandidate), 0o644); err != nil {
		t.Fatal(err)
	}
	bin, err := selftest.SuiteBinary(sharedDir(t), "certify")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "reports")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	// As above: the adapter records its requests outside a sandbox.
	run, err := selftest.RunSuite(bin, out, map[string]string{"PAYCONFORM_CANDIDATE": "python3 " + script + " " + requests, "PAYCONFORM_CANDIDATE_DIR": dir, "PAYCONFORM_ISOLATION": "none"}, "--ginkgo.v")
	if err != nil {
		t.Fatal(err)
	}
	if run.Exit == 0 {
		t.Fatal("the leaky candidate should fail, so that its answers are quoted in failures")
	}
	if !strings.Contains(run.Output, redact.Mask) || !strings.Contains(run.Output, "debug: calling with") {
		t.Fatal("no failure quotes a masked key, or no protocol error quotes the candidate's stdout; the test would prove nothing")
	}
	files := runFiles(t, run, out)
	searchCertification(t, requests, files)
}

// leakyCandidate logs each request, then answers with every credential it was given, each as
// is, in base64 and hex, in the base64 of "k:", "ke:" and "key:" followed by it (the key at
// each of the three byte offsets), in a JWT whose payload holds it \u-escaped, \u-escaped
// (lower-case hex, as Python writes it), as HTML references, percent-encoded, in base64
// wrapped at 76 columns (base64.encodebytes) across a line break, as \x escapes, as a list of
// its bytes and in base32: as
// error.message on even cases, as an output field on odd ones, on stderr always, and on every
// third case after a line of debug output on stdout, which breaks the protocol and is quoted
// in the failure.
const leakyCandidate = `import base64, json, sys
req = json.loads(sys.stdin.read())
with open(sys.argv[1], "a") as log:
    log.write(json.dumps(req) + "\n")
if req["operation"] == "describe":
    print(json.dumps({"ok": True, "output": {"name": "leaky", "version": "0", "language": "python",
        "operations": ["iyzico.bin_check", "paynet.get_auth_key", "paywall.temptoken_sdk"]}}))
    sys.exit(0)
def b64(s):
    return base64.b64encode(s.encode()).decode()
def seg(s):
    return base64.urlsafe_b64encode(s.encode()).decode().rstrip("=")
def forms(c):
    escaped = "".join("\\u%04x" % ord(ch) for ch in c)
    jwt = seg('{"alg":"HS256"}') + "." + seg('{"sub":"leaky","key":"' + escaped + '"}') + ".c2ln"
    return [c, b64(c), c.encode().hex(), b64("k:" + c), b64("ke:" + c), b64("key:" + c), jwt, escaped,
        "".join("&#%d;" % ord(ch) for ch in c), "".join("%%%02X" % b for b in c.encode()),
        base64.encodebytes(("header: value; " * 3 + "xxxxx" + c).encode()).decode(),
        "".join("\\x%02x" % b for b in c.encode()), str(list(c.encode())), base64.b32encode(c.encode()).decode()]
creds = list((req.get("credentials") or {}).values())
leak = " ".join(f for c in creds for f in forms(c))
print("leaky adapter: " + leak, file=sys.stderr)
n = sum(map(ord, req["case_id"]))
if n % 3 == 0:
    print("debug: calling with " + leak)  # text before the answer: a protocol error that quotes stdout
if n % 2 == 0:
    print(json.dumps({"ok": False, "error": {"code": leak, "message": "failed with " + leak}}))
else:
    print(json.dumps({"ok": True, "output": {"leak": leak}}))
`

func failureStderr(c report.Certificate) []string {
	var out []string
	for _, f := range c.Failures {
		out = append(out, f.Stderr)
	}
	return out
}

// payconformReport runs `payconform report` on a run, as make test-target and make certify do,
// writing junit.xml, the summaries and (for a certification) the certificate into dir, and
// returns what it printed.
func payconformReport(t *testing.T, reportJSON, dir string) string {
	t.Helper()
	cmd := exec.Command(candidateBinary(t, "cmd/payconform"), "report", "-in", reportJSON, "-out", dir, "-baseline", filepath.Join(selftest.Root(), "known-deviations.yaml"))
	out, err := cmd.CombinedOutput()
	if _, exit := err.(*exec.ExitError); err != nil && !exit {
		t.Fatal(err)
	}
	for _, name := range []string{"junit.xml", "summary.txt", "summary.md", "summary.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Fatalf("payconform report wrote no %s: %s", name, out)
		}
	}
	return string(out)
}
