// Package scripts_test checks the project's scripts and release configuration: what make test
// runs before the tests, the workflows' use of the command line, and that a release carries
// every suite.
package scripts_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// make test names what it lacks in one line, and fails, before any test runs.
func TestTestDepsNamesWhatIsMissing(t *testing.T) {
	bin := t.TempDir()
	// A PATH with the shell's own tools but none of the ones make test needs beyond Go.
	for _, tool := range []string{"bash", "dirname", "sed", "grep", "tail", "printf"} {
		if p, err := exec.LookPath(tool); err == nil {
			_ = os.Symlink(p, filepath.Join(bin, tool))
		}
	}
	cmd := exec.Command(filepath.Join(bin, "bash"), "test-deps.sh")
	cmd.Env = []string{"PATH=" + bin}
	out, err := cmd.CombinedOutput()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err == nil || len(lines) != 1 || !strings.Contains(lines[0], "xmllint (Debian package libxml2-utils)") || !strings.Contains(lines[0], "openssl") {
		t.Errorf("test-deps.sh without the tools: %v, %q; want a failure and one line naming them", err, out)
	}
}

// Where the exit status matters, the workflows run bin/payconform, not make: make turns every
// failure into its own status 2.
func TestWorkflowsRunTheCommandLineWhereTheStatusMatters(t *testing.T) {
	for _, name := range []string{"ci.yml", "nightly.yml"} {
		data, err := os.ReadFile(filepath.Join("..", ".github", "workflows", name))
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		if strings.Contains(text, "make test-target") || !strings.Contains(text, "bin/payconform test") {
			t.Errorf("%s: want bin/payconform test, not make test-target", name)
		}
	}
	readme, _ := os.ReadFile(filepath.Join("..", "README.md"))
	if !strings.Contains(string(readme), "`make` turns any failing command\ninto its own status 2") {
		t.Error("README does not say why the status needs bin/payconform")
	}
}

// A release archive holds the command line and every suite, in the layout payconform finds its
// suites in (bin/ and suites/), for every platform, and the runner image is tagged with the
// version.
func TestTheReleaseCarriesEverySuite(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version int `yaml:"version"`
		Builds  []struct {
			ID      string   `yaml:"id"`
			Main    string   `yaml:"main"`
			Command string   `yaml:"command"`
			Binary  string   `yaml:"binary"`
			Goos    []string `yaml:"goos"`
		} `yaml:"builds"`
		Archives []struct {
			IDs []string `yaml:"ids"`
		} `yaml:"archives"`
		Dockers []struct {
			IDs            []string `yaml:"ids"`
			ImageTemplates []string `yaml:"image_templates"`
		} `yaml:"dockers"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Join("..", "suites"))
	builds := map[string]string{}
	for _, b := range cfg.Builds {
		builds[b.ID] = b.Binary
		if !slices.Contains(b.Goos, "linux") || !slices.Contains(b.Goos, "darwin") {
			t.Errorf("build %s: goos %v", b.ID, b.Goos)
		}
	}
	if builds["payconform"] != "bin/payconform" {
		t.Errorf("the command line is built as %q, want bin/payconform", builds["payconform"])
	}
	for _, e := range entries {
		id := "suite-" + e.Name()
		if builds[id] != "suites/"+e.Name()+".test" {
			t.Errorf("no build %s of suites/%s as suites/%s.test", id, e.Name(), e.Name())
		}
		for _, a := range cfg.Archives {
			if !slices.Contains(a.IDs, id) {
				t.Errorf("an archive leaves out %s", id)
			}
		}
		for _, d := range cfg.Dockers {
			if !slices.Contains(d.IDs, id) {
				t.Errorf("the runner image leaves out %s", id)
			}
		}
	}
	if cfg.Version != 2 || len(cfg.Dockers) == 0 || !slices.ContainsFunc(cfg.Dockers[0].ImageTemplates, func(s string) bool { return s == "payconform:{{ .Version }}" }) {
		t.Errorf("the runner image is not tagged with the version: %+v", cfg.Dockers)
	}
}

// What the quick start builds and writes (bin/payconform, the compiled suites, the reports) is
// ignored by git, so that a fresh clone stays clean and a certificate made from it is not marked
// dirty; so is ./payconform, which a plain go build would write.
func TestTheQuickStartLeavesTheTreeClean(t *testing.T) {
	paths := []string{"bin/payconform", "bin/suites/0123456789abcdef/iyzico.test", "reports/summary.txt", "reports/iyzico.log", "payconform", "dist/checksums.txt", "build/ca-certificates.crt"}
	cmd := exec.Command("git", append([]string{"check-ignore", "--no-index"}, paths...)...)
	cmd.Dir = ".."
	out, _ := cmd.Output()
	ignored := strings.Fields(string(out))
	for _, p := range paths {
		if !slices.Contains(ignored, p) {
			t.Errorf("git does not ignore %s", p)
		}
	}
	readme, _ := os.ReadFile(filepath.Join("..", "README.md"))
	if !strings.Contains(string(readme), "go build -o bin/payconform ./cmd/payconform && bin/payconform test") {
		t.Error("the README's quick start does not build into bin/")
	}
}
