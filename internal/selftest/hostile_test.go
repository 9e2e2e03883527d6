package selftest_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/internal/selftest"
)

// cliBinary builds cmd/payconform once per test process.
func cliBinary(t *testing.T) string {
	t.Helper()
	bin, err := selftest.Program(sharedDir(t), "cmd/payconform")
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

type certified struct {
	code     int
	output   string
	reports  string
	cert     report.Certificate
	envelope []byte
}

// certifyCLI runs `payconform certify -- sh -c script` the way a vendor would, with extra
// environment, and reads the certificate back.
func certifyCLI(t *testing.T, script string, env ...string) certified {
	t.Helper()
	return certifyCLIInto(t, t.TempDir(), script, env...)
}

// certifyCLIInto is certifyCLI with the reports written to reports.
func certifyCLIInto(t *testing.T, reports, script string, env ...string) certified {
	t.Helper()
	cmd := exec.Command(cliBinary(t), "certify", "--reports", reports, "--", "sh", "-c", script)
	cmd.Dir = selftest.Root()
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	r := certified{output: out.String(), reports: reports}
	if exit, ok := err.(*exec.ExitError); ok {
		r.code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(reports, "certificate.json")); err == nil {
		_ = json.Unmarshal(data, &r.cert)
	}
	r.envelope, _ = os.ReadFile(filepath.Join(reports, "certificate.intoto.json"))
	return r
}

// describeThen answers describe with every operation and session off, then runs rest for
// every other request (the request is in $in).
func describeThen(rest string) string {
	return `in=$(cat); case "$in" in *'"describe"'*) echo '{"ok":true,"output":{"name":"hostile","version":"0","language":"sh","operations":["iyzico.sign","iyzico.bin_check","paynet.get_auth_key","paywall.temptoken_sdk"]}}'; exit 0;; esac; ` + rest
}

// An adapter sees none of payconform's environment beyond PATH, a fresh HOME and LANG: a
// provider secret and a CI token in the parent do not reach it, in its output or anywhere in
// the reports. A variable the vendor names does.
func TestTheAdapterSeesNoParentSecret(t *testing.T) {
	r := certifyCLI(t, describeThen(`echo "{\"ok\":false,\"error\":{\"code\":\"ENV\",\"message\":\"$(env | tr '\n' ' ' | tr -d '"\\')\"}}"; env >&2`),
		"IYZICO_SECRET_KEY=PARENT-CANARY-iyzico-secret-8812", "GITHUB_TOKEN=ghs_PARENTCANARY7731", "VENDOR_SETTING=vendor-visible-4410",
		"PAYCONFORM_CANDIDATE_ENV=VENDOR_SETTING", "PAYCONFORM_CANDIDATE_TIMEOUT=5s")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (not certified)\n%s", r.code, r.output)
	}
	var all strings.Builder
	all.WriteString(r.output)
	_ = filepath.WalkDir(r.reports, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			all.Write(b)
		}
		return nil
	})
	for _, canary := range []string{"PARENT-CANARY", "PARENTCANARY"} {
		if strings.Contains(all.String(), canary) {
			t.Errorf("a parent secret reached the adapter (%s found in the outputs)", canary)
		}
	}
	if !strings.Contains(all.String(), "vendor-visible-4410") {
		t.Error("the variable named in PAYCONFORM_CANDIDATE_ENV did not reach the adapter; the test proves nothing")
	}
	if !strings.Contains(r.cert.Isolation.Environment, "VENDOR_SETTING") {
		t.Errorf("the certificate's isolation does not name the allowed variable: %+v", r.cert.Isolation)
	}
}

// An adapter that writes into the harness's tree and over the run's reports changes no verdict:
// everything that judges was built before it ran, and the certificate is written after it.
func TestAnAdapterThatWritesIntoTheHarnessChangesNothing(t *testing.T) {
	root := selftest.Root()
	// A file nothing compiles or embeds: other packages may be building while this test runs.
	marker := filepath.Join(root, "docs", "zz_tamper_marker.md")
	t.Cleanup(func() { _ = os.Remove(marker) })
	reports := t.TempDir()
	tamper := `echo tampered > ` + marker + ` 2>/dev/null; ` +
		`echo '{"certified":true}' > "$REPORTS_DIR/certificate.json"; echo '{"certified":true}' > "$REPORTS_DIR/certificate.intoto.json"; ` +
		`echo '{"ok":false,"error":{"code":"X","message":"no"}}'`
	r := certifyCLIInto(t, reports, describeThen(tamper), "PAYCONFORM_CANDIDATE_TIMEOUT=5s", "PAYCONFORM_ISOLATION=none",
		"REPORTS_DIR="+reports, "PAYCONFORM_CANDIDATE_ENV=REPORTS_DIR")
	if _, err := os.Stat(marker); err != nil {
		t.Fatal("the adapter did not manage to write into the harness tree; the test proves nothing")
	}
	if r.code != 1 || r.cert.Certified || !strings.Contains(r.output, "NOT CERTIFIED") {
		t.Errorf("exit %d, certified %t; want 1 and not certified\n%s", r.code, r.cert.Certified, r.output)
	}
}

// An adapter that never answers is bounded: its describe times out, and the certification stops
// there instead of running every case into the same timeout.
func TestAnAdapterThatNeverAnswersIsBounded(t *testing.T) {
	r := certifyCLI(t, `sleep 60`, "PAYCONFORM_CANDIDATE_TIMEOUT=1s")
	if r.code != 1 || !strings.Contains(r.output, "describe failed") {
		t.Errorf("exit %d; want 1, naming the failed describe\n%s", r.code, r.output)
	}
	if strings.Count(r.output, "timeout") > 3 {
		t.Errorf("cases ran after describe failed:\n%s", r.output)
	}
}

// An adapter that hangs on one operation costs three timeouts, then the operation's remaining
// cases are not run, and it is not certified.
func TestConsecutiveTimeoutsStopAnOperation(t *testing.T) {
	r := certifyCLI(t, describeThen(`case "$in" in *'"iyzico.bin_check"'*) sleep 60;; *) echo '{"ok":false,"unsupported":true}';; esac`), "PAYCONFORM_CANDIDATE_TIMEOUT=1s")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.output)
	}
	for _, o := range r.cert.Operations {
		if o.Operation == "iyzico.bin_check" && o.Status != "failed" && o.Status != "incomplete" {
			t.Errorf("bin_check: %s, want failed or incomplete", o.Status)
		}
	}
	data, _ := os.ReadFile(filepath.Join(r.reports, "summary.txt"))
	if !strings.Contains(string(data), "in a row timed out, so its remaining cases were not run") {
		t.Errorf("the summary does not say the remaining cases were not run:\n%s", data)
	}
}

// An adapter that declines everything its describe offers certifies nothing, and each offered
// operation is failed, not unsupported: exit 1.
func TestAnAdapterThatSupportsNothingIsNotCertified(t *testing.T) {
	r := certifyCLI(t, describeThen(`echo '{"ok":false,"unsupported":true}'`))
	if r.code != 1 || !strings.Contains(r.output, "NOT CERTIFIED: operation iyzico.bin_check: "+report.OpDeclinedOffered) {
		t.Errorf("exit %d; want 1 and NOT CERTIFIED: operation iyzico.bin_check: %s\n%s", r.code, report.OpDeclinedOffered, r.output)
	}
}

// An adapter that sends no request fails the route check of each network operation, and every
// other check of it is "not judged", never a pass.
func TestAnAdapterThatSendsNothingPassesNothing(t *testing.T) {
	r := certifyCLI(t, describeThen(`echo '{"ok":false,"error":{"code":"X","message":"offline"}}'`), "PAYCONFORM_CANDIDATE_TIMEOUT=5s")
	if r.code != 1 || r.cert.Certified {
		t.Fatalf("exit %d, certified %t\n%s", r.code, r.cert.Certified, r.output)
	}
	for _, res := range r.cert.Results {
		switch res.ID {
		case "IYZ-CERT-02", "PNT-CERT-01", "PWL-CERT-01":
			if res.Status != "fail" {
				t.Errorf("%s: %s, want fail (no request)", res.ID, res.Status)
			}
		case "PNT-CERT-05", "PNT-CERT-10", "PWL-CERT-11", "IYZ-CERT-12":
			if res.Status == "pass" {
				t.Errorf("%s passed although the client sent nothing", res.ID)
			}
		}
	}
	data, _ := os.ReadFile(filepath.Join(r.reports, "summary.txt"))
	if !strings.Contains(string(data), "not judged: the client sent no request to base_url") {
		t.Errorf("the summary does not say the checks were not judged:\n%s", data)
	}
}

// A signed certificate verifies; any change to it does not.
func TestSignedCertificatesAndTampering(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "release")
	if out, err := exec.Command(cliBinary(t), "keygen", key).CombinedOutput(); err != nil {
		t.Fatalf("keygen: %v\n%s", err, out)
	}
	ref := candidateBinary(t, "candidates/reference")
	reports := t.TempDir()
	cmd := exec.Command(cliBinary(t), "certify", "--reports", reports, "--", ref)
	cmd.Dir = selftest.Root()
	cmd.Env = append(os.Environ(), "PAYCONFORM_SIGNING_KEY="+key+".key")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("certify: %v\n%s", err, out)
	}
	path := filepath.Join(reports, "certificate.intoto.json")
	verify := func(file string) (int, string) {
		out, err := exec.Command(cliBinary(t), "verify", "--key", key+".pub", file).CombinedOutput()
		if exit, ok := err.(*exec.ExitError); ok {
			return exit.ExitCode(), string(out)
		}
		return 0, string(out)
	}
	if code, out := verify(path); code != 0 || !strings.Contains(out, "VERIFIED: CERTIFIED") {
		t.Fatalf("the signed certificate does not verify: exit %d\n%s", code, out)
	}
	original, _ := os.ReadFile(path)
	var env struct {
		PayloadType string `json:"payloadType"`
		Payload     []byte `json:"payload"`
		Signatures  []any  `json:"signatures"`
	}
	if err := json.Unmarshal(original, &env); err != nil {
		t.Fatal(err)
	}
	tampered := map[string][]byte{}
	flip := bytes.Replace(env.Payload, []byte(`"certified":true`), []byte(`"certified":false`), 1)
	if bytes.Equal(flip, env.Payload) {
		t.Fatalf("no certified field in the payload: %s", env.Payload)
	}
	for name, payload := range map[string][]byte{"certified flipped": flip, "one byte changed": append(bytes.Clone(env.Payload[:len(env.Payload)-2]), env.Payload[len(env.Payload)-2]^1, env.Payload[len(env.Payload)-1])} {
		e := env
		e.Payload = payload
		b, _ := json.Marshal(e)
		tampered[name] = b
	}
	unsigned := env
	unsigned.Signatures = []any{}
	tampered["signature removed"], _ = json.Marshal(unsigned)
	for name, data := range tampered {
		file := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".json")
		_ = os.WriteFile(file, data, 0o644)
		if code, out := verify(file); code == 0 || !strings.Contains(out, "NOT VERIFIED") {
			t.Errorf("%s: verify exit %d, want a failure\n%s", name, code, out)
		}
	}
	// An authentic certificate that says NOT CERTIFIED verifies, and exits 1: a CI step
	// `payconform verify ... && release` must not release a client that failed (the hosted
	// judge's red team found exit 0 here).
	failing := t.TempDir()
	cmd = exec.Command(cliBinary(t), "certify", "--reports", failing, "--", candidateBinary(t, "candidates/mutants"), "-defect", "iyzico-uppercase-hex")
	cmd.Dir = selftest.Root()
	cmd.Env = append(os.Environ(), "PAYCONFORM_SIGNING_KEY="+key+".key")
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("a mutant certified:\n%s", out)
	}
	if code, out := verify(filepath.Join(failing, "certificate.intoto.json")); code != 1 || !strings.Contains(out, "VERIFIED: NOT CERTIFIED") {
		t.Errorf("an authentic NOT CERTIFIED certificate: verify exit %d, want 1 with VERIFIED: NOT CERTIFIED\n%s", code, out)
	}
	other := filepath.Join(dir, "other")
	_ = exec.Command(cliBinary(t), "keygen", other).Run()
	out, err := exec.Command(cliBinary(t), "verify", "--key", other+".pub", path).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "signed by another key (key id") {
		t.Errorf("another key verified the certificate:\n%s", out)
	}
}
