package run

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/certify"
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
