package runnerimage_test

import (
	"context"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/payconform/payconform/harness/mockcontainer"
	"github.com/payconform/payconform/harness/runnerimage"
	"github.com/payconform/payconform/internal/selftest"
)

// outcomes reads a junit.xml as testcase name → outcome.
func outcomes(t *testing.T, data []byte) map[string]string {
	t.Helper()
	var doc struct {
		Suites []struct {
			Cases []struct {
				Name    string    `xml:"name,attr"`
				Failure *struct{} `xml:"failure"`
				Error   *struct{} `xml:"error"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("junit.xml: %v", err)
	}
	out := map[string]string{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			switch {
			case c.Failure != nil:
				out[c.Name] = "failed"
			case c.Error != nil:
				out[c.Name] = "error"
			case c.Skipped != nil:
				out[c.Name] = "skipped"
			default:
				out[c.Name] = "passed"
			}
		}
	}
	return out
}

// The runner image runs the suites against its embedded mock with no Go on the machine, and its
// JUnit report names the same testcases with the same outcomes as a run from the checkout.
func TestRunnerImageMatchesTheEmbeddedRun(t *testing.T) {
	ctx := context.Background()
	if err := mockcontainer.Available(ctx); err != nil {
		if mockcontainer.Required() {
			t.Fatalf("CI=true requires Docker: %v", err)
		}
		t.Skipf("runner image test skipped: %v", err)
	}
	root := selftest.Root()
	if err := runnerimage.Build(ctx, root, []string{"certify", "iyzico", "paynet", "paywall"}, nil); err != nil {
		t.Fatal(err)
	}
	c, err := testcontainers.Run(ctx, runnerimage.Ref,
		testcontainers.WithCmd("test", "--reports", "/reports"),
		testcontainers.WithWaitStrategy(wait.ForExit().WithExitTimeout(3*time.Minute)))
	testcontainers.CleanupContainer(t, c)
	if err != nil {
		t.Fatal(err)
	}
	state, err := c.State(ctx)
	if err != nil || state.ExitCode != 0 {
		logs, _ := c.Logs(ctx)
		text, _ := io.ReadAll(logs)
		t.Fatalf("the image's run exited %d (%v):\n%s", state.ExitCode, err, text)
	}
	// A reports volume the image's user cannot write says to pass --user, in one line, exit 2.
	mounted := t.TempDir() // 0700, owned by the test's user: not the image's 65532, unless that is who runs the test
	denied, err := testcontainers.Run(ctx, runnerimage.Ref,
		testcontainers.WithCmd("test"),
		testcontainers.WithHostConfigModifier(func(hc *container.HostConfig) { hc.Binds = []string{mounted + ":/reports"} }),
		testcontainers.WithWaitStrategy(wait.ForExit().WithExitTimeout(time.Minute)))
	testcontainers.CleanupContainer(t, denied)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getuid() != 65532 {
		st, _ := denied.State(ctx)
		logs, _ := denied.Logs(ctx)
		text, _ := io.ReadAll(logs)
		if st == nil || st.ExitCode != 2 || !strings.Contains(string(text), `pass --user "$(id -u):$(id -g)" to docker run`) {
			t.Errorf("an unwritable /reports: exit %v, output %q; want 2 and a line saying to pass --user", st, text)
		}
	}

	rc, err := c.CopyFileFromContainer(ctx, "/reports/junit.xml")
	if err != nil {
		t.Fatal(err)
	}
	inImage, _ := io.ReadAll(rc)
	rc.Close()

	bin := filepath.Join(t.TempDir(), "payconform")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/payconform").CombinedOutput(); err != nil {
		t.Fatalf("build payconform: %v\n%s", err, out)
	}
	reports := t.TempDir()
	cmd := exec.Command(bin, "test", "--reports", reports)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("embedded run: %v\n%s", err, out)
	}
	local, _ := os.ReadFile(filepath.Join(reports, "junit.xml"))

	want, got := outcomes(t, local), outcomes(t, inImage)
	if len(want) < 200 {
		t.Fatalf("the embedded run has only %d testcases", len(want))
	}
	var diffs []string
	for name, o := range want {
		if got[name] != o {
			diffs = append(diffs, name+": "+o+" here, "+got[name]+" in the image")
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, name+": only in the image")
		}
	}
	slices.Sort(diffs)
	if len(diffs) > 0 {
		t.Errorf("%d differences between the image's JUnit and the embedded run's:\n%v", len(diffs), diffs[:min(len(diffs), 20)])
	}
}
