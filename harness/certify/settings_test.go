package certify_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/sandbox"
	"github.com/payconform/payconform/harness/verdict"
)

func env(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }

func TestSettingsDefaults(t *testing.T) {
	s, err := certify.FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if s.CaseTimeout != 20*time.Second || s.Total != 5*time.Minute || s.NoSession || len(s.Env) != 0 {
		t.Errorf("defaults: %+v", s)
	}
	if s.Sandbox == nil || s.Sandbox.Network != sandbox.Isolated || s.Sandbox.Writable || s.Sandbox.Limits != sandbox.DefaultLimits || len(s.Sandbox.ReadOnly) != 0 {
		t.Errorf("the default sandbox: %+v", s.Sandbox)
	}
	if s, _ := certify.FromEnv(env(map[string]string{"PAYCONFORM_ISOLATION": "none"})); s.Sandbox != nil {
		t.Errorf("PAYCONFORM_ISOLATION=none keeps a sandbox: %+v", s.Sandbox)
	}
}

func TestSettingsRead(t *testing.T) {
	bind := t.TempDir()
	program := filepath.Join(t.TempDir(), "adapter")
	if err := os.WriteFile(program, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := certify.FromEnv(env(map[string]string{
		"PAYCONFORM_CANDIDATE_TIMEOUT": "10m", "PAYCONFORM_CERTIFY_TIMEOUT": "2h", "PAYCONFORM_CANDIDATE_SESSION": "off",
		"PAYCONFORM_CANDIDATE_ENV": " JAVA_HOME, ,GOPATH ", "PAYCONFORM_ISOLATION": "sandbox", "PAYCONFORM_SANDBOX_WRITABLE": "true",
		"PAYCONFORM_SANDBOX_MEMORY": "64MiB", "PAYCONFORM_SANDBOX_PROCS": "8",
		"PAYCONFORM_SANDBOX_BIND": bind + "/.:" + ":" + bind, "PAYCONFORM_CANDIDATE": program + " --flag",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if s.CaseTimeout != 10*time.Minute || s.Total != 2*time.Hour || !s.NoSession || !slices.Equal(s.Env, []string{"JAVA_HOME", "GOPATH"}) {
		t.Errorf("settings: %+v", s)
	}
	if s.Sandbox == nil || !s.Sandbox.Writable || s.Sandbox.Limits.Memory != 64<<20 || s.Sandbox.Limits.Procs != 8 ||
		!slices.Equal(s.Sandbox.ReadOnly, []string{bind, bind, program}) {
		t.Errorf("sandbox: %+v", s.Sandbox)
	}
	for _, tc := range []struct {
		value string
		want  int64
	}{{"2GiB", 2 << 30}, {"512MiB", 512 << 20}, {"65536KiB", 64 << 20}, {"1G", 1 << 30}, {"64M", 64 << 20}, {"131072K", 128 << 20}, {"67108864", 64 << 20}, {"1048576G", 1 << 50}, {"1073741824M", 1 << 50}} {
		s, err := certify.FromEnv(env(map[string]string{"PAYCONFORM_SANDBOX_MEMORY": tc.value}))
		if err != nil || s.Sandbox.Limits.Memory != tc.want {
			t.Errorf("PAYCONFORM_SANDBOX_MEMORY=%s: %v, %v", tc.value, s.Sandbox, err)
		}
	}
	for _, v := range []string{"", "on", "auto"} {
		if s, err := certify.FromEnv(env(map[string]string{"PAYCONFORM_CANDIDATE_SESSION": v})); err != nil || s.NoSession {
			t.Errorf("PAYCONFORM_CANDIDATE_SESSION=%q: %v %t", v, err, s.NoSession)
		}
	}
	for _, v := range []string{"0", "false", ""} {
		if s, err := certify.FromEnv(env(map[string]string{"PAYCONFORM_SANDBOX_WRITABLE": v})); err != nil || s.Sandbox.Writable {
			t.Errorf("PAYCONFORM_SANDBOX_WRITABLE=%q: %v", v, err)
		}
	}
	if s, err := certify.FromEnv(env(map[string]string{"PAYCONFORM_SANDBOX_WRITABLE": "1", "PAYCONFORM_SANDBOX_PROCS": "65536"})); err != nil || !s.Sandbox.Writable || s.Sandbox.Limits.Procs != 65536 {
		t.Errorf("PAYCONFORM_SANDBOX_WRITABLE=1: %v", err)
	}
}

// Each mistake is refused with the variable's name, before anything runs.
func TestSettingsRefuseMistakes(t *testing.T) {
	for _, tc := range []struct{ name, value string }{
		{"PAYCONFORM_CANDIDATE_TIMEOUT", "soon"}, {"PAYCONFORM_CANDIDATE_TIMEOUT", "0s"}, {"PAYCONFORM_CANDIDATE_TIMEOUT", "-1s"},
		{"PAYCONFORM_CANDIDATE_TIMEOUT", "10m1s"}, {"PAYCONFORM_CERTIFY_TIMEOUT", "2h0m1s"}, {"PAYCONFORM_CERTIFY_TIMEOUT", "x"},
		{"PAYCONFORM_CANDIDATE_SESSION", "no"}, {"PAYCONFORM_CANDIDATE_ENV", "A=B"}, {"PAYCONFORM_CANDIDATE_ENV", "A B"},
		{"PAYCONFORM_CANDIDATE_ENV", "OK,A\tB"}, {"PAYCONFORM_ISOLATION", "off"}, {"PAYCONFORM_SANDBOX_WRITABLE", "yes"},
		{"PAYCONFORM_SANDBOX_MEMORY", "63MiB"}, {"PAYCONFORM_SANDBOX_MEMORY", "lots"}, {"PAYCONFORM_SANDBOX_MEMORY", "0GiB"},
		{"PAYCONFORM_SANDBOX_MEMORY", "-1GiB"}, {"PAYCONFORM_SANDBOX_MEMORY", "1048577G"}, {"PAYCONFORM_SANDBOX_MEMORY", "xMiB"},
		{"PAYCONFORM_SANDBOX_MEMORY", "67108863"}, {"PAYCONFORM_SANDBOX_PROCS", "7"}, {"PAYCONFORM_SANDBOX_PROCS", "65537"},
		{"PAYCONFORM_SANDBOX_PROCS", "many"}, {"PAYCONFORM_SANDBOX_BIND", "relative/dir"}, {"PAYCONFORM_SANDBOX_BIND", "/"},
		{"PAYCONFORM_SANDBOX_BIND", "/usr/.."}, {"PAYCONFORM_SANDBOX_BIND", "/no/such/dir/payconform"},
	} {
		_, err := certify.FromEnv(env(map[string]string{tc.name: tc.value}))
		if err == nil || !strings.Contains(err.Error(), tc.name) {
			t.Errorf("%s=%q: %v, want an error naming the variable", tc.name, tc.value, err)
		}
	}
	// Isolation off reads no sandbox setting at all.
	if _, err := certify.FromEnv(env(map[string]string{"PAYCONFORM_ISOLATION": "none", "PAYCONFORM_SANDBOX_PROCS": "1"})); err != nil {
		t.Errorf("PAYCONFORM_ISOLATION=none: %v", err)
	}
}

func TestProgram(t *testing.T) {
	dir := t.TempDir()
	program := filepath.Join(t.TempDir(), "my adapter")
	inDir := filepath.Join(dir, "adapter")
	for _, p := range []string{program, inDir} {
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ command, dir, want string }{
		{"'" + program + "' --x", "", program},
		{"'" + program + "'", dir, program},
		{inDir + " --x", dir, ""},
		{inDir, "", inDir},
		{"python3 adapter.py", "", ""},
		{"/bin/sh -c true", "", ""},
		{"/usr/bin/env python3", "", ""},
		{filepath.Dir(program), "", ""},
		{"/no/such/program", "", ""},
		{"'unterminated", "", ""},
		{"", "", ""},
	} {
		if got := certify.Program(tc.command, tc.dir); got != tc.want {
			t.Errorf("Program(%q, %q) = %q, want %q", tc.command, tc.dir, got, tc.want)
		}
	}
}

func TestCertificateWords(t *testing.T) {
	if got := (certify.Settings{}).EnvironmentWords(); got != "an allow-list: PATH, HOME (fresh and empty), LANG" {
		t.Errorf("EnvironmentWords: %q", got)
	}
	if got := (certify.Settings{Env: []string{"A", "B"}}).EnvironmentWords(); !strings.HasSuffix(got, "LANG, and A, B (PAYCONFORM_CANDIDATE_ENV)") {
		t.Errorf("EnvironmentWords with variables: %q", got)
	}
	sbx := &sandbox.Spec{}
	for _, tc := range []struct {
		s          certify.Settings
		dir, words string
	}{
		{certify.Settings{Sandbox: sbx}, "", "a fresh empty directory in the sandbox"},
		{certify.Settings{}, "", "a fresh temporary directory"},
		{certify.Settings{Sandbox: &sandbox.Spec{Writable: true}}, "/src", "the vendor's directory (PAYCONFORM_CANDIDATE_DIR), writable (PAYCONFORM_SANDBOX_WRITABLE)"},
		{certify.Settings{Sandbox: sbx}, "/src", "the vendor's directory (PAYCONFORM_CANDIDATE_DIR), read-only"},
		{certify.Settings{}, "/src", "the vendor's directory (PAYCONFORM_CANDIDATE_DIR)"},
	} {
		if got := tc.s.WorkDirWords(tc.dir); got != tc.words {
			t.Errorf("WorkDirWords(%q) with sandbox %v = %q, want %q", tc.dir, tc.s.Sandbox, got, tc.words)
		}
	}
}

func TestFaultCases(t *testing.T) {
	ok := certify.Case{ID: "toy.echo.ok.plain", Operation: "toy.echo", Title: "a plain message", Input: 1}
	all := certify.FaultCases(ok)
	if len(all) != 4 {
		t.Fatalf("the default faults: %d cases, want 4", len(all))
	}
	for f, id := range map[mock.Injection]string{
		mock.InjectEnvelope: "toy.echo.fault.plain.envelope", mock.InjectServerError: "toy.echo.fault.plain.server-error",
		mock.InjectMalformed: "toy.echo.fault.plain.malformed-json", mock.InjectWrongContentType: "toy.echo.fault.plain.wrong-content-type",
	} {
		c := all[f]
		if c.ID != id || c.Inject != f || c.Operation != "toy.echo" || c.Input != 1 || !strings.HasPrefix(c.Title, "the mock answers with ") {
			t.Errorf("%v: %+v", f, c)
		}
	}
	two := certify.FaultCases(ok, mock.InjectWrongContentType, mock.InjectEnvelope200)
	list := certify.FaultList(two)
	if len(two) != 2 || len(list) != 2 || list[0].Inject != mock.InjectEnvelope200 || list[1].Inject != mock.InjectWrongContentType {
		t.Errorf("FaultList is not in mock.Injections' order: %+v", list)
	}
	if list[0].Title != "the mock answers with the provider's documented failure on HTTP 200" {
		t.Errorf("title: %q", list[0].Title)
	}
	if ok.ID != "toy.echo.ok.plain" || ok.Inject != mock.NoInjection {
		t.Errorf("FaultCases changed the success case: %+v", ok)
	}
}

func TestOperationsAreSortedAndJudged(t *testing.T) {
	ops := certify.Operations()
	if !slices.IsSortedFunc(ops, func(a, b certify.Operation) int { return strings.Compare(a.Name, b.Name) }) || len(ops) < 2 {
		t.Errorf("operations are not sorted: %d", len(ops))
	}
	seen := map[string]bool{}
	for _, op := range ops {
		seen[op.Name] = true
	}
	if !seen["toy.echo"] || !seen["iyzico.bin_check"] {
		t.Errorf("registered operations are missing: %v", seen)
	}
	called := false
	judge := certify.On(func(o *certify.Outcome) []verdict.Problem { called = o.Case.ID == "x"; return nil })
	judge(context.Background(), nil, &certify.Outcome{Case: certify.Case{ID: "x"}})
	if !called {
		t.Error("On does not hand the outcome to its function")
	}
}
