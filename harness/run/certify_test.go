package run

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/attest"
	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/sandbox"
	"github.com/payconform/payconform/harness/suitebin"
	"github.com/payconform/payconform/internal/toyprovider"
)

// A report file that an earlier run (or an attacker) left as a symlink, or made read-only, is
// replaced by the new one, never written through.
func TestMoveIntoReplacesWhatIsPlanted(t *testing.T) {
	dir, fresh, elsewhere := t.TempDir(), t.TempDir(), t.TempDir()
	target := filepath.Join(elsewhere, "harness-file")
	_ = os.Symlink(target, filepath.Join(dir, "junit.xml"))
	_ = os.WriteFile(filepath.Join(dir, "certificate.json"), []byte(`{"certified":true}`), 0o444)
	_ = os.WriteFile(filepath.Join(fresh, "junit.xml"), []byte("<new/>"), 0o644)
	_ = os.WriteFile(filepath.Join(fresh, "certificate.json"), []byte(`{"certified":false}`), 0o644)
	if err := moveInto(fresh, dir, []string{"junit.xml", "certificate.json", "absent.json"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(target); err == nil {
		t.Error("the new report was written through the planted symlink")
	}
	for name, want := range map[string]string{"junit.xml": "<new/>", "certificate.json": `{"certified":false}`} {
		st, err := os.Lstat(filepath.Join(dir, name))
		data, _ := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !st.Mode().IsRegular() || string(data) != want {
			t.Errorf("%s: %v %v %q", name, st.Mode(), err, data)
		}
	}
}

// fakeSuite writes a shell script that stands for the certification suite.
func fakeSuite(t *testing.T, script string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "certify.test")
	body := "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --ginkgo.json-report=*) out=\"${a#--ginkgo.json-report=}\";; esac; done\n" + script + "\n"
	if err := os.WriteFile(path, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func ginkgoReport(succeeded bool) string {
	b, _ := json.Marshal([]types.Report{{SuiteSucceeded: succeeded, SpecReports: types.SpecReports{{LeafNodeType: types.NodeTypeIt, State: types.SpecStatePassed}}}})
	return string(b)
}

// The judge's exit status is honoured and its deadline enforced from outside: a suite that was
// killed, exited otherwise than 0 or 1, left no report, a report that contradicts its exit, or
// ran past its deadline is a harness error, never a verdict.
func TestTheJudgeIsHeldToItsExit(t *testing.T) {
	o := CertifyOptions{Stdout: os.Stdout, Stderr: os.Stderr}
	for _, tc := range []struct {
		name, script, want string
		deadline           time.Duration
	}{
		{"passes", "echo '" + ginkgoReport(true) + "' > \"$out\"; exit 0", "", 10 * time.Second},
		{"fails cleanly", "echo '" + ginkgoReport(false) + "' > \"$out\"; exit 1", "", 10 * time.Second},
		{"killed", "echo '" + ginkgoReport(true) + "' > \"$out\"; kill -9 $$", "was killed", 10 * time.Second},
		{"another exit status", "echo '" + ginkgoReport(true) + "' > \"$out\"; exit 3", "exited with status 3", 10 * time.Second},
		{"no report", "exit 1", "without a report", 10 * time.Second},
		{"a report that contradicts the exit", "echo '" + ginkgoReport(true) + "' > \"$out\"; exit 1", "disagrees with its exit status", 10 * time.Second},
		{"an empty report", "echo '[]' > \"$out\"; exit 0", "does not decode", 10 * time.Second},
		{"past its deadline", "echo '" + ginkgoReport(true) + "' > \"$out\"; sleep 30; exit 0", "did not finish within", 500 * time.Millisecond},
		{"stopped", "echo '" + ginkgoReport(true) + "' > \"$out\"; kill -STOP $$; exit 0", "did not finish within", 500 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := runJudge(context.Background(), fakeSuite(t, tc.script), t.TempDir(), []string{"PATH=/usr/bin:/bin"}, tc.deadline, o)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("want a report, got %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("want an error naming %q, got %v", tc.want, err)
			}
		})
	}
}

// The judge's environment holds what it needs and nothing else of payconform's.
func TestTheJudgeGetsNoSecret(t *testing.T) {
	env := map[string]string{"PATH": "/usr/bin", "PAYCONFORM_SIGNING_KEY": "/keys/release.key", "GITHUB_TOKEN": "ghs_x", "IYZICO_SECRET_KEY": "s",
		"PAYCONFORM_CANDIDATE_ENV": "JAVA_HOME,GITHUB_TOKEN", "JAVA_HOME": "/opt/java", "PAYCONFORM_CANDIDATE_TIMEOUT": "5s"}
	o := CertifyOptions{Getenv: func(k string) string { return env[k] }}
	got := strings.Join(judgeEnv(o, "python3 a.py", "/src", settings(t, o)), "\n")
	for _, bad := range []string{"release.key", "IYZICO_SECRET_KEY"} {
		if strings.Contains(got, bad) {
			t.Errorf("the judge's environment holds %s:\n%s", bad, got)
		}
	}
	for _, want := range []string{"JAVA_HOME=/opt/java", "PAYCONFORM_CANDIDATE=python3 a.py", "PAYCONFORM_CANDIDATE_TIMEOUT=5s"} {
		if !strings.Contains(got, want) {
			t.Errorf("the judge's environment lacks %s:\n%s", want, got)
		}
	}
}

func settings(t *testing.T, o CertifyOptions) certify.Settings {
	t.Helper()
	s, err := certify.FromEnv(o.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// certificationReport is a Ginkgo report of a certification of the toy provider's one operation
// (internal/toyprovider registers it in this test binary): describe, then TOY-CERT-01 passed and
// TOY-CERT-02 passed or failed.
func certificationReport(t *testing.T, certified bool) string {
	t.Helper()
	describe := types.ReportEntry{Name: entry.Description, Value: types.WrapEntryValue(entry.DescriptionEntry{
		Description: candidate.Description{Name: "toy-client", Version: "1.0", Language: "sh", Operations: []string{toyprovider.OpEcho}}})}
	second := types.SpecReport{LeafNodeType: types.NodeTypeIt, ContainerHierarchyTexts: []string{toyprovider.OpEcho}, LeafNodeText: "TOY-CERT-02 MUST a plain message", State: types.SpecStatePassed}
	if !certified {
		second.State, second.Failure = types.SpecStateFailed, types.Failure{Message: "TOY-CERT-02 MUST: expected ok; got a dropped digest"}
		second.ReportEntries = types.ReportEntries{{Name: entry.Finding, Value: types.WrapEntryValue(entry.FindingEntry{ID: "TOY-CERT-02", Level: "MUST", Message: second.Failure.Message})}}
	}
	r := []types.Report{{SuiteSucceeded: certified, SpecReports: types.SpecReports{
		{LeafNodeType: types.NodeTypeBeforeSuite, State: types.SpecStatePassed, ReportEntries: types.ReportEntries{describe}},
		{LeafNodeType: types.NodeTypeIt, ContainerHierarchyTexts: []string{toyprovider.OpEcho}, LeafNodeText: "TOY-CERT-01 MUST a plain message", State: types.SpecStatePassed},
		second,
	}}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// judgeEnvs holds, for each certification's reports directory, the file its fake suite wrote
// its environment to.
var judgeEnvs = map[string]string{}

// judgeVar is a variable of the environment the fake suite ran with.
func judgeVar(t *testing.T, reports, name string) string {
	t.Helper()
	data, err := os.ReadFile(judgeEnvs[reports])
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, name+"="); ok {
			return v
		}
	}
	return ""
}

// certifySetup is one certification's options, with a fake certification suite that writes
// report into its report and exits with exit, and a reports directory holding an earlier run's
// certificate.
func certifySetup(t *testing.T, report string, exit int, vars map[string]string) (*suitebin.Source, CertifyOptions, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	envFile := filepath.Join(t.TempDir(), "judge.env")
	suite := fakeSuite(t, fmt.Sprintf("env > '%s'; echo 'the suite ran'; cp '%s' \"$out\"; exit %d", envFile, report, exit))
	reports := t.TempDir()
	for _, name := range []string{"certificate.json", "certificate.intoto.json", "junit.xml"} {
		_ = os.WriteFile(filepath.Join(reports, name), []byte("an earlier run's"), 0o644)
	}
	all := map[string]string{"PATH": os.Getenv("PATH"), "PAYCONFORM_ISOLATION": "none", "PAYCONFORM_SIGNING_KEY": "/must/not/reach/the/judge"}
	for k, v := range vars {
		all[k] = v
	}
	judgeEnvs[reports] = envFile
	var stdout, stderr bytes.Buffer
	o := CertifyOptions{Command: []string{"python3", "my adapter.py"}, Reports: reports, Ref: "v9.9.9",
		Getenv: func(k string) string { return all[k] }, Stdout: &stdout, Stderr: &stderr}
	t.Cleanup(func() {
		if data, err := os.ReadFile(envFile); err == nil && strings.Contains(string(data), "/must/not/reach/the/judge") {
			t.Error("the judge's environment holds the signing key's path")
		}
	})
	return &suitebin.Source{Dir: filepath.Dir(suite)}, o, &stdout, &stderr
}

// A certification writes every report and a signed certificate, from the suite whose digest it
// checked, and tells where they are; nothing of the earlier run, nor of its own work, is left.
func TestCertifyWritesASignedCertificate(t *testing.T) {
	src, o, stdout, stderr := certifySetup(t, certificationReport(t, true), 0, nil)
	keys := filepath.Join(t.TempDir(), "vendor")
	if err := attest.Keygen(keys); err != nil {
		t.Fatal(err)
	}
	o.SigningKey = keys + ".key"
	if code := Certify(context.Background(), src, o); code != 0 {
		t.Fatalf("exit %d, want 0 (certified); stderr:\n%s", code, stderr)
	}
	for _, name := range []string{"certificate.json", "certificate.md", "certificate.intoto.json", "report.json", "junit.xml", "summary.txt", "summary.md", "summary.json", "certify.log"} {
		if data, err := os.ReadFile(filepath.Join(o.Reports, name)); err != nil || string(data) == "an earlier run's" {
			t.Errorf("%s: %v %q", name, err, data)
		}
	}
	if log, _ := os.ReadFile(filepath.Join(o.Reports, "certify.log")); !strings.Contains(string(log), "the suite ran") {
		t.Errorf("certify.log: %q", log)
	}
	entries, _ := os.ReadDir(o.Reports)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".payconform-") {
			t.Errorf("a work directory was left in the reports: %s", e.Name())
		}
	}
	public, _ := attest.LoadKey(keys + ".pub")
	envelope, _ := os.ReadFile(filepath.Join(o.Reports, "certificate.intoto.json"))
	c, checks := attest.Verify(context.Background(), envelope, attest.VerifyOptions{Key: public, Here: report.HarnessIdentity(""), AllowUnisolated: true})
	if !attest.OK(checks) || !c.Certified {
		t.Errorf("the certificate does not verify: %+v", checks)
	}
	suite, _ := os.ReadFile(filepath.Join(src.Dir, "certify.test"))
	sum := sha256.Sum256(suite)
	if c.Harness.SuiteSHA256 != hex.EncodeToString(sum[:]) || c.Harness.Ref != "v9.9.9" {
		t.Errorf("the certificate names suite %s (ref %s), not the one that ran", c.Harness.SuiteSHA256, c.Harness.Ref)
	}
	if c.Subject.Command != `python3 'my adapter.py'` || c.Candidate.Description.Name != "toy-client" {
		t.Errorf("subject %+v, candidate %+v", c.Subject, c.Candidate)
	}
	out := stdout.String()
	for _, want := range []string{"payconform: certifying python3 'my adapter.py' in NO sandbox (PAYCONFORM_ISOLATION=none)", "payconform: subject sha256:" + c.Subject.Digest,
		"CERTIFIED: toy-client 1.0", "Signed: " + filepath.Join(o.Reports, "certificate.intoto.json") + " (ed25519 key "} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, ".payconform-") {
		t.Errorf("stdout names the work directory, not the reports:\n%s", out)
	}
	// Unsandboxed and given no directory, the adapter runs in a fresh one, removed afterwards.
	dir := judgeVar(t, o.Reports, "PAYCONFORM_CANDIDATE_DIR")
	if !strings.HasPrefix(filepath.Base(dir), "payconform-candidate-") {
		t.Errorf("the adapter's directory: %q", dir)
	} else if _, err := os.Stat(dir); err == nil {
		t.Errorf("the adapter's directory %s is left behind", dir)
	}
}

// The suite gets PAYCONFORM_CERTIFY_TIMEOUT and a minute more to report: a certification bound
// to one second still finishes when its suite does.
func TestCertifyGivesTheSuiteTimeToReport(t *testing.T) {
	src, o, _, stderr := certifySetup(t, certificationReport(t, true), 0, map[string]string{"PAYCONFORM_CERTIFY_TIMEOUT": "1s"})
	if code := Certify(context.Background(), src, o); code != 0 {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if got := judgeVar(t, o.Reports, "PAYCONFORM_CERTIFY_TIMEOUT"); got != "1s" {
		t.Errorf("the suite was given PAYCONFORM_CERTIFY_TIMEOUT=%q", got)
	}
}

// A client that fails a MUST is not certified (exit 1), and its certificate says so, unsigned
// when no key was given.
func TestCertifyOfAFailingClient(t *testing.T) {
	src, o, stdout, stderr := certifySetup(t, certificationReport(t, false), 1, nil)
	if code := Certify(context.Background(), src, o); code != 1 {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	var c report.Certificate
	data, _ := os.ReadFile(filepath.Join(o.Reports, "certificate.json"))
	if err := json.Unmarshal(data, &c); err != nil || c.Certified || len(c.Failures) != 1 {
		t.Errorf("certificate: %v %+v", err, c)
	}
	if !strings.Contains(stdout.String(), "Unsigned: "+filepath.Join(o.Reports, "certificate.intoto.json")) {
		t.Errorf("stdout:\n%s", stdout)
	}
}

// A run that ends without a verdict leaves no certificate, the earlier run's included.
func TestCertifyWithoutAVerdictLeavesNoCertificate(t *testing.T) {
	notACertification := filepath.Join(t.TempDir(), "report.json")
	_ = os.WriteFile(notACertification, []byte(ginkgoReport(true)), 0o644)
	for name, tc := range map[string]struct {
		report  string
		exit    int
		key     bool
		why     string
		reports bool
	}{
		"no certificate in the report": {notACertification, 0, false, "the certification stopped on a harness error, so no certificate was written", true},
		"the suite exits 2":            {notACertification, 2, false, "exited with status 2", false},
		"a key that is not one":        {"", 0, true, "PAYCONFORM_SIGNING_KEY: read key", true},
	} {
		t.Run(name, func(t *testing.T) {
			if tc.report == "" {
				tc.report = certificationReport(t, true)
			}
			src, o, _, stderr := certifySetup(t, tc.report, tc.exit, nil)
			if tc.key {
				o.SigningKey = filepath.Join(t.TempDir(), "not-a-key.pem")
				_ = os.WriteFile(o.SigningKey, []byte("not a key"), 0o600)
			}
			if code := Certify(context.Background(), src, o); code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr.String(), tc.why) {
				t.Errorf("stderr %q, want %q", stderr, tc.why)
			}
			for _, name := range certificateFiles {
				if _, err := os.Stat(filepath.Join(o.Reports, name)); err == nil {
					t.Errorf("%s is left in the reports", name)
				}
			}
			if _, err := os.Stat(filepath.Join(o.Reports, "summary.txt")); tc.reports != (err == nil) {
				t.Errorf("summary.txt: %v; the reports are written only when the suite gave a report", err)
			}
		})
	}
}

// Each mistake is refused with exit 2 before the adapter or the suite runs.
func TestCertifyRefusesMistakes(t *testing.T) {
	notADir := filepath.Join(t.TempDir(), "file")
	_ = os.WriteFile(notADir, nil, 0o644)
	root := t.TempDir()
	for name, tc := range map[string]struct {
		change func(o *CertifyOptions, src *suitebin.Source)
		why    string
	}{
		"no command":            {func(o *CertifyOptions, _ *suitebin.Source) { o.Command = nil }, "give the adapter's command after --"},
		"an empty command":      {func(o *CertifyOptions, _ *suitebin.Source) { o.Command = []string{""} }, "give the adapter's command after --"},
		"a bad setting":         {func(o *CertifyOptions, _ *suitebin.Source) { o.Getenv = func(string) string { return "bad" } }, "PAYCONFORM_CANDIDATE_TIMEOUT=\"bad\""},
		"a missing directory":   {func(o *CertifyOptions, _ *suitebin.Source) { o.Dir = filepath.Join(root, "absent") }, "is not a directory"},
		"a file for directory":  {func(o *CertifyOptions, _ *suitebin.Source) { o.Dir = notADir }, "is not a directory"},
		"payconform's own tree": {func(o *CertifyOptions, src *suitebin.Source) { src.Root, o.Dir = root, filepath.Join(root, ".") }, "holds or is inside payconform's own tree"},
		"inside its tree": {func(o *CertifyOptions, src *suitebin.Source) {
			src.Root, o.Dir = root, t.TempDir()
			src.Root = filepath.Dir(o.Dir)
		}, "holds or is inside"},
		"holding its tree": {func(o *CertifyOptions, src *suitebin.Source) {
			o.Dir = root
			src.Root = filepath.Join(root, "payconform")
		}, "holds or is inside"},
		"a missing key":       {func(o *CertifyOptions, _ *suitebin.Source) { o.SigningKey = filepath.Join(root, "absent.key") }, "is not a key file"},
		"a key that is a dir": {func(o *CertifyOptions, _ *suitebin.Source) { o.SigningKey = root }, "is not a key file"},
		"no suite":            {func(_ *CertifyOptions, src *suitebin.Source) { src.Dir = t.TempDir() }, "suite certify: no "},
		// redteam 14: a symbolic link to payconform's tree, for a sandboxed run.
		"a link to its tree": {func(o *CertifyOptions, src *suitebin.Source) {
			link := filepath.Join(t.TempDir(), "tree-link")
			_ = os.Symlink(root, link)
			src.Root, o.Dir, o.Getenv = root, link, sandboxed(o.Getenv, nil)
		}, "overlaps"},
		// redteam 16: PAYCONFORM_SANDBOX_BIND=/run.
		"a bind of /run": {func(o *CertifyOptions, _ *suitebin.Source) {
			o.Getenv = sandboxed(o.Getenv, map[string]string{"PAYCONFORM_SANDBOX_BIND": "/run"})
		}, "the host's /run"},
		// and of the reports (redteam 16, second round).
		"a bind of the reports": {func(o *CertifyOptions, _ *suitebin.Source) {
			o.Getenv = sandboxed(o.Getenv, map[string]string{"PAYCONFORM_SANDBOX_BIND": o.Reports})
		}, "overlaps"},
		// and of the directory that holds the signing key.
		"a bind of the key's directory": {func(o *CertifyOptions, _ *suitebin.Source) {
			keys := t.TempDir()
			o.SigningKey = filepath.Join(keys, "release.key")
			_ = os.WriteFile(o.SigningKey, []byte("k"), 0o600)
			o.Getenv = sandboxed(o.Getenv, map[string]string{"PAYCONFORM_SANDBOX_BIND": keys})
		}, "overlaps"},
	} {
		t.Run(name, func(t *testing.T) {
			src, o, stdout, stderr := certifySetup(t, certificationReport(t, true), 0, nil)
			tc.change(&o, src)
			if code := Certify(context.Background(), src, o); code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.HasPrefix(stderr.String(), "payconform certify: ") || !strings.Contains(stderr.String(), tc.why) {
				t.Errorf("stderr %q, want %q", stderr, tc.why)
			}
			if stdout.Len() != 0 {
				t.Errorf("something ran: %s", stdout)
			}
			// The earlier certificate is gone (redteam 20: a refused run left an earlier
			// CERTIFIED certificate where this run's would be); the other reports stay.
			for _, name := range certificateFiles {
				if _, err := os.Lstat(filepath.Join(o.Reports, name)); err == nil {
					t.Errorf("a refused run left the earlier %s", name)
				}
			}
			if data, _ := os.ReadFile(filepath.Join(o.Reports, "junit.xml")); string(data) != "an earlier run's" {
				t.Errorf("a refused run touched the other reports: %q", data)
			}
		})
	}
	// An adapter directory of its own is taken as an absolute path.
	dir := t.TempDir()
	src, o, stdout, stderr := certifySetup(t, certificationReport(t, true), 0, nil)
	wd, _ := os.Getwd()
	rel, _ := filepath.Rel(wd, dir)
	o.Dir = rel
	if code := Certify(context.Background(), src, o); code != 0 {
		t.Errorf("a relative directory: exit %d; %s", code, stderr)
	}
	var c report.Certificate
	data, _ := os.ReadFile(filepath.Join(o.Reports, "certificate.json"))
	_ = json.Unmarshal(data, &c)
	if c.Subject.Dir == nil || !strings.Contains(stdout.String(), "payconform: certifying") {
		t.Errorf("the adapter's directory is not in the subject: %+v", c.Subject)
	}
}

// A suite binary that changes while it is copied is not run.
func TestCopyCheckedRefusesAChangedSuite(t *testing.T) {
	dir := t.TempDir()
	from := filepath.Join(dir, "certify.test")
	_ = os.WriteFile(from, []byte("#!/bin/sh\n"), 0o755)
	sum := sha256.Sum256([]byte("#!/bin/sh\n"))
	if err := copyChecked(from, filepath.Join(dir, "copy"), hex.EncodeToString(sum[:])); err != nil {
		t.Errorf("an unchanged suite: %v", err)
	}
	if st, err := os.Stat(filepath.Join(dir, "copy")); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("the copy: %v %v", st.Mode(), err)
	}
	err := copyChecked(from, filepath.Join(dir, "other"), strings.Repeat("0", 64))
	if err == nil || !strings.Contains(err.Error(), "changed while it was copied (SHA-256 "+hex.EncodeToString(sum[:])[:12]+", want 000000000000)") {
		t.Errorf("a changed suite: %v", err)
	}
	if err := copyChecked(from, filepath.Join(dir, "copy"), hex.EncodeToString(sum[:])); err == nil {
		t.Error("a copy over an existing file")
	}
	if err := copyChecked(filepath.Join(dir, "absent"), filepath.Join(dir, "x"), ""); err == nil {
		t.Error("a copy of a missing suite")
	}
}

func TestShellQuote(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"python3", "adapter.py"}, "python3 adapter.py"},
		{[]string{"/opt/x-1_2/bin/a.out", "--k=v:w,z+y@%"}, "/opt/x-1_2/bin/a.out --k=v:w,z+y@%"},
		{[]string{"my adapter", ""}, "'my adapter' ''"},
		{[]string{"it's", "$HOME", "a;b", "`x`"}, `'it'\''s' '$HOME' 'a;b' '` + "`x`" + `'`},
		{[]string{"çğ"}, "'çğ'"},
	} {
		if got := ShellQuote(tc.args); got != tc.want {
			t.Errorf("ShellQuote(%q) = %s, want %s", tc.args, got, tc.want)
		}
	}
}

func TestWithinAndShort(t *testing.T) {
	for _, tc := range []struct {
		path, dir string
		want      bool
	}{
		{"/a/b", "/a", true}, {"/a", "/a", true}, {"/a/b/../c", "/a", true}, {"/ab", "/a", false}, {"/", "/a", false},
		{"/a/..b", "/a", true}, {"/b", "/a", false},
	} {
		if got := within(tc.path, tc.dir); got != tc.want {
			t.Errorf("within(%s, %s) = %t", tc.path, tc.dir, got)
		}
	}
	if short("0123456789abcdef") != "0123456789ab" || short("0123456789ab") != "0123456789ab" || short("") != "" {
		t.Error("short")
	}
}

// A report in which a spec has no outcome is incomplete: a harness error, never a verdict. A
// pending node that is not a spec (a suite-level node) is no such gap.
func TestTheJudgesReportMustBeComplete(t *testing.T) {
	o := CertifyOptions{Stdout: os.Stdout, Stderr: os.Stderr}
	for _, tc := range []struct {
		name string
		spec types.SpecReport
		want string
	}{
		{"a pending spec", types.SpecReport{LeafNodeType: types.NodeTypeIt, LeafNodeText: "TOY-CERT-01", State: types.SpecStatePending}, `"TOY-CERT-01" has no outcome`},
		{"an invalid node", types.SpecReport{LeafNodeType: types.NodeTypeBeforeSuite, State: types.SpecStateInvalid}, "is incomplete"},
		{"a pending suite node", types.SpecReport{LeafNodeType: types.NodeTypeBeforeSuite, State: types.SpecStatePending}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := json.Marshal([]types.Report{{SuiteSucceeded: true, SpecReports: types.SpecReports{tc.spec}}})
			_, err := runJudge(context.Background(), fakeSuite(t, "echo '"+string(b)+"' > \"$out\""), t.TempDir(), []string{"PATH=/usr/bin:/bin"}, 10*time.Second, o)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("want a report, got %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("want an error naming %q, got %v", tc.want, err)
			}
		})
	}
}

// At the deadline the suite's whole process group is killed, not the suite alone: nothing it
// started lives on to act after the verdict.
func TestTheDeadlineKillsTheSuitesGroup(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "outlived")
	script := "(sleep 2; touch '" + marker + "') & echo '" + ginkgoReport(true) + "' > \"$out\"; sleep 30"
	_, err := runJudge(context.Background(), fakeSuite(t, script), t.TempDir(), []string{"PATH=/usr/bin:/bin"}, 500*time.Millisecond, CertifyOptions{Stdout: os.Stdout})
	if err == nil || !strings.Contains(err.Error(), "did not finish within") {
		t.Fatalf("want the deadline, got %v", err)
	}
	time.Sleep(3 * time.Second)
	if _, err := os.Stat(marker); err == nil {
		t.Error("a process the suite started outlived the deadline")
	}
}

// A suite that exits but leaves a process holding its output (shown with --verbose) is given a
// few seconds, then its run ends as a harness error: the command line never hangs on it.
func TestALingeringSuiteOutputIsBounded(t *testing.T) {
	var out bytes.Buffer
	script := "echo '" + ginkgoReport(true) + "' > \"$out\"; sleep 15 & exit 0"
	_, err := runJudge(context.Background(), fakeSuite(t, script), t.TempDir(), []string{"PATH=/usr/bin:/bin"}, 30*time.Second, CertifyOptions{Stdout: &out, Verbose: true})
	if err == nil || !strings.Contains(err.Error(), "run the certification suite: ") {
		t.Errorf("want the suite's lingering output named, got %v", err)
	}
}

// With the sandbox (the default), the certification says so, and the adapter gets no directory
// of payconform's making: the sandbox makes its own.
func TestCertifyInTheSandbox(t *testing.T) {
	if err := sandbox.Available(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true requires the sandbox (bubblewrap): %v", err)
		}
		t.Skipf("the sandbox cannot be made here: %v", err)
	}
	src, o, stdout, stderr := certifySetup(t, certificationReport(t, true), 0, map[string]string{"PAYCONFORM_ISOLATION": ""})
	if code := Certify(context.Background(), src, o); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout.String(), "payconform: certifying python3 'my adapter.py' in a sandbox\n") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if got := judgeVar(t, o.Reports, "PAYCONFORM_CANDIDATE_DIR"); got != "" {
		t.Errorf("the adapter's directory: %q, want none (the sandbox makes a fresh one)", got)
	}
}

// A signing key that shows in the adapter's output, in any encoding the redactor knows, means
// the adapter could read it: maskKey names the first report that held it and masks it in every
// report, so that Certify refuses to sign and the key never reaches a CI artefact.
func TestTheKeyInTheReportsIsFoundAndMasked(t *testing.T) {
	keys := filepath.Join(t.TempDir(), "release")
	if err := attest.Keygen(keys); err != nil {
		t.Fatal(err)
	}
	material, err := attest.KeyMaterial(keys + ".key")
	if err != nil {
		t.Fatal(err)
	}
	pemBody := strings.Split(strings.TrimSpace(string(must(os.ReadFile(keys+".key")))), "\n")[1]
	seedHex := hex.EncodeToString([]byte(material[1]))
	for _, tc := range []struct{ name, text, secret string }{
		{"the PEM file", "stderr: -----BEGIN PRIVATE KEY-----\n" + pemBody + "\n-----END PRIVATE KEY-----", pemBody},
		{"the seed in hex, JSON-escaped", `{"stderr":"seed=` + seedHex + `"}`, seedHex},
		{"the seed in upper-case hex", "SEED " + strings.ToUpper(seedHex), strings.ToUpper(seedHex)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			_ = os.WriteFile(filepath.Join(dir, "a-clean.json"), []byte(`{"ok":true}`), 0o644)
			_ = os.WriteFile(filepath.Join(dir, "report.json"), []byte(tc.text), 0o644)
			name, form, found := maskKey(dir, material)
			if !found || name != "report.json" || form == "" {
				t.Fatalf("maskKey = %q %q %v, want report.json", name, form, found)
			}
			if data, _ := os.ReadFile(filepath.Join(dir, "report.json")); strings.Contains(string(data), tc.secret) {
				t.Errorf("the key is still in the report: %s", data)
			}
			if data, _ := os.ReadFile(filepath.Join(dir, "a-clean.json")); string(data) != `{"ok":true}` {
				t.Errorf("a report without the key changed: %s", data)
			}
		})
	}
	clean := t.TempDir()
	_ = os.WriteFile(filepath.Join(clean, "report.json"), []byte("nothing of the key"), 0o644)
	if _, _, found := maskKey(clean, material); found {
		t.Error("maskKey found the key in a report without it")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// sandboxed is getenv with the sandbox on (certifySetup turns it off) and vars set.
func sandboxed(getenv func(string) string, vars map[string]string) func(string) string {
	return func(name string) string {
		if v, ok := vars[name]; ok {
			return v
		}
		if name == "PAYCONFORM_ISOLATION" {
			return ""
		}
		return getenv(name)
	}
}
