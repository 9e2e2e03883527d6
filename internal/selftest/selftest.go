// Package selftest holds the tests that prove payconform's checks can fail: every suite is run
// against every mock mutant and must fail exactly where the mutant says, and every requirement
// must be tripped by some mutant. It also holds the end-to-end redaction test. The package has
// no non-test code but this comment and the helpers below.
package selftest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// Root is the module root, found from this package's directory.
func Root() string {
	wd, _ := os.Getwd()
	return filepath.Clean(filepath.Join(wd, "..", ".."))
}

var (
	buildMu sync.Mutex
	built   = map[string]string{}
)

// SuiteBinary compiles suites/<name> once per test process and returns the binary's path.
func SuiteBinary(dir, name string) (string, error) { return TestBinary(dir, "suites/"+name) }

// TestBinary compiles the test binary of a package (a path under the module root) once per test
// process and returns its path.
func TestBinary(dir, pkg string) (string, error) {
	return build(filepath.Join(dir, strings.ReplaceAll(pkg, "/", "_")+".test"), "test", "-c", "./"+pkg)
}

// Program builds a command (cmd/payconform, candidates/reference, ...) once per test process
// and returns its path.
func Program(dir, pkg string) (string, error) {
	return build(filepath.Join(dir, strings.ReplaceAll(pkg, "/", "_")), "build", "./"+pkg)
}

// build runs go <verb> ... -o bin once per output path.
func build(bin, verb string, args ...string) (string, error) {
	buildMu.Lock()
	defer buildMu.Unlock()
	if _, ok := built[bin]; ok {
		return bin, nil
	}
	cmd := exec.Command("go", append([]string{verb, "-o", bin}, args...)...)
	cmd.Dir = Root()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go %s %v: %v\n%s", verb, args, err, out)
	}
	built[bin] = bin
	return bin, nil
}

// Run is one run of a suite binary.
type Run struct {
	Report string // path of its Ginkgo JSON report
	JUnit  string // path of its Ginkgo JUnit report
	Output string // its stdout and stderr
	Exit   int
}

// RunSuite runs a compiled suite with extra environment variables, writing its reports to dir.
func RunSuite(bin, dir string, env map[string]string, args ...string) (Run, error) {
	r := Run{Report: filepath.Join(dir, "report.json"), JUnit: filepath.Join(dir, "junit.xml")}
	cmd := exec.Command(bin, append([]string{"--ginkgo.no-color", "--ginkgo.json-report=" + r.Report, "--ginkgo.junit-report=" + r.JUnit}, args...)...)
	cmd.Env = os.Environ()
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	r.Output = out.String()
	if exit, ok := err.(*exec.ExitError); ok {
		r.Exit = exit.ExitCode()
		err = nil
	}
	return r, err
}

// Suites lists the provider suites under suites/ (not suites/certify, which certifies a client).
func Suites() []string {
	entries, _ := os.ReadDir(filepath.Join(Root(), "suites"))
	var out []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && e.Name() != "certify" {
			out = append(out, e.Name())
		}
	}
	return out
}
