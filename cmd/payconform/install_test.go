package main_test

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	modzip "golang.org/x/mod/zip"

	"golang.org/x/mod/module"

	"github.com/payconform/payconform/internal/selftest"
)

// installVersion is the version the test publishes the tree as, in a module proxy of its own.
const installVersion = "v1.0.0"

// `go install github.com/payconform/payconform/cmd/payconform@VERSION` gives a command that works
// outside any checkout: it builds its suites from the module source in the module cache, with no
// variable of payconform's own set. The test publishes this tree as a version in a GOPROXY=file://
// directory (the dependencies come from the machine's module cache, also as a file:// proxy:
// nothing is fetched from the network), installs it into an empty module cache, and runs it in
// an empty directory.
func TestInstallFromTheModuleProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: installing from a module proxy compiles payconform again")
	}
	root := selftest.Root()
	tmp := t.TempDir()
	proxy := filepath.Join(tmp, "proxy")
	publish(t, root, proxy)

	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(tmp, "home"),
		"XDG_CACHE_HOME=" + filepath.Join(tmp, "cache"),
		"GOCACHE=" + goEnv("GOCACHE"), // compiled packages are keyed by content: sharing them only saves time
		"GOMODCACHE=" + filepath.Join(tmp, "modcache"),
		"GOPROXY=file://" + proxy + ",file://" + filepath.Join(goEnv("GOMODCACHE"), "cache", "download"),
		"GOSUMDB=off", "GOTOOLCHAIN=local", "GOFLAGS=-trimpath", "CGO_ENABLED=0",
		"GOBIN=" + filepath.Join(tmp, "bin"),
	}
	t.Cleanup(func() { // the module cache is read-only; go clean empties it
		clean := exec.Command("go", "clean", "-modcache")
		clean.Env = env
		_ = clean.Run()
	})
	install := exec.Command("go", "install", "github.com/payconform/payconform/cmd/payconform@"+installVersion)
	install.Dir = tmp
	install.Env = env
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go install: %v\n%s", err, out)
	}
	bin := filepath.Join(tmp, "bin", "payconform")
	work := filepath.Join(tmp, "work")
	_ = os.MkdirAll(work, 0o755)

	version := exec.Command(bin, "version")
	version.Dir, version.Env = work, env
	out, err := version.Output()
	if err != nil || !strings.HasPrefix(string(out), "payconform "+installVersion+" ") || !strings.Contains(string(out), "\tmod\tgithub.com/payconform/payconform\t"+installVersion+"\th1:") {
		t.Errorf("version: %v\n%s", err, out)
	}

	test := exec.Command(bin, "test", "--suites", "iyzico", "--no-progress")
	test.Dir, test.Env = work, env
	var stdout, stderr bytes.Buffer
	test.Stdout, test.Stderr = &stdout, &stderr
	if err := test.Run(); err != nil {
		t.Fatalf("payconform test outside a checkout: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "building suite iyzico (once for this version") {
		t.Errorf("the suites were not built from the module cache:\n%s", stdout.String())
	}
	if _, err := os.Stat(filepath.Join(work, "reports", "junit.xml")); err != nil {
		t.Errorf("no reports: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Join(tmp, "cache", "payconform", "suites"))
	if len(entries) != 1 || entries[0].Name() != "payconform@"+installVersion {
		t.Errorf("compiled suites are not kept per version in the user's cache: %v", entries)
	}
}

// publish writes the tree's tracked (and not ignored) files as module version installVersion
// into a module proxy directory, in the layout GOPROXY=file:// reads.
func publish(t *testing.T, root, proxy string) {
	t.Helper()
	files, err := exec.Command("git", "-C", root, "ls-files", "--cached", "--others", "--exclude-standard", "-z").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	src := filepath.Join(t.TempDir(), "src")
	for _, f := range strings.Split(strings.TrimRight(string(files), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			continue // deleted in the work tree
		}
		dst := filepath.Join(src, f)
		_ = os.MkdirAll(filepath.Dir(dst), 0o755)
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(proxy, "github.com", "payconform", "payconform", "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	m := module.Version{Path: "github.com/payconform/payconform", Version: installVersion}
	if err := modzip.CreateFromDir(&z, m, src); err != nil {
		t.Fatalf("module zip: %v", err)
	}
	if _, err := zip.NewReader(bytes.NewReader(z.Bytes()), int64(z.Len())); err != nil {
		t.Fatal(err)
	}
	gomod, _ := os.ReadFile(filepath.Join(src, "go.mod"))
	for name, data := range map[string][]byte{
		"list":                   []byte(installVersion + "\n"),
		installVersion + ".info": []byte(`{"Version":"` + installVersion + `","Time":"2026-12-01T00:00:00Z"}`),
		installVersion + ".mod":  gomod,
		installVersion + ".zip":  z.Bytes(),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
