package mockcmd_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/internal/mockcmd"
	_ "github.com/payconform/payconform/providers/mocks"
)

// With no credentials in the environment, the mock generates every one, prints them as export
// lines a user can paste, serves until its context ends and exits 0.
func TestServeGeneratesPrintsAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	var stderr bytes.Buffer // written only by Serve, read only after it returns
	code := make(chan int, 1)
	go func() {
		code <- mockcmd.Serve(ctx, "payconform mock", mockcmd.Options{Addr: "127.0.0.1:0"}, func(string) string { return "" }, w, &stderr)
		w.Close()
	}()

	lines := bufio.NewScanner(out)
	lines.Scan()
	first := lines.Text()
	base, _, ok := strings.Cut(strings.TrimPrefix(first, "payconform mock serving on "), " ")
	if !ok || !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("first line %q does not say where the mock serves", first)
	}
	lines.Scan() // the line that introduces the export lines
	var names []string
	for _, v := range provider.Vars() {
		if v.Kind != provider.BaseURL {
			names = append(names, v.Name)
		}
	}
	if len(names) < 7 {
		t.Fatalf("only %d variables registered: %v", len(names), names)
	}
	for _, name := range names {
		lines.Scan()
		if got := lines.Text(); !strings.HasPrefix(got, "  export "+name+"=") {
			t.Errorf("line %q, want the export line of generated %s", got, name)
		}
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()

	resp, err := http.Get(base + mock.AdminPrefix + "health")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("health answered %d, want 200", resp.StatusCode)
	}
	cancel()
	if c := <-code; c != 0 {
		t.Errorf("exit status %d after the context ended, want 0; stderr: %s", c, stderr.String())
	}
}

// An unknown mutant is a usage error (status 2) that names the mutant; nothing is served.
func TestServeRefusesAnUnknownMutant(t *testing.T) {
	var stdout, stderr bytes.Buffer
	c := mockcmd.Serve(context.Background(), "payconform mock", mockcmd.Options{Addr: "127.0.0.1:0", Mutants: "no-such-mutant"}, func(string) string { return "" }, &stdout, &stderr)
	if c != 2 || !strings.Contains(stderr.String(), "no-such-mutant") || stdout.Len() != 0 {
		t.Errorf("status %d, stderr %q, stdout %q; want 2, the mutant named, nothing served", c, stderr.String(), stdout.String())
	}
}

// The mock listens beyond loopback only when asked, and then only with a token the operator set.
func TestNonLoopbackAddressNeedsAllowRemoteAndAToken(t *testing.T) {
	for _, tc := range []struct {
		addr   string
		remote bool
		token  string
		want   string
	}{
		{"0.0.0.0:0", false, "", "not a loopback address"},
		{"0.0.0.0:0", true, "", "needs PAYCONFORM_MOCK_ADMIN_TOKEN"},
		{":0", false, "", "not a loopback address"},
		{"nonsense", false, "", "want host:port"},
	} {
		var stdout, stderr bytes.Buffer
		getenv := func(k string) string {
			if k == "PAYCONFORM_MOCK_ADMIN_TOKEN" {
				return tc.token
			}
			return ""
		}
		code := mockcmd.Serve(context.Background(), "payconform mock", mockcmd.Options{Addr: tc.addr, AllowRemote: tc.remote}, getenv, &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), tc.want) || strings.Count(stderr.String(), "\n") != 1 {
			t.Errorf("-addr %s remote %t: exit %d, stderr %q; want 2 and one line saying %q", tc.addr, tc.remote, code, stderr.String(), tc.want)
		}
	}
	if err := mockcmd.CheckAddr("0.0.0.0:8080", true, "chosen-token"); err != nil {
		t.Errorf("-allow-remote with a token: %v", err)
	}
}

// payconform mock prints an export line for every provider's base URL, with the address it
// serves on, so that the lines it prints are all a custom run needs.
func TestServePrintsTheBaseURLs(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- mockcmd.Serve(ctx, "payconform mock", mockcmd.Options{Addr: "127.0.0.1:0", BaseURLs: true}, func(string) string { return "" }, w, io.Discard)
		w.Close()
	}()
	lines := bufio.NewScanner(out)
	lines.Scan()
	base, _, _ := strings.Cut(strings.TrimPrefix(lines.Text(), "payconform mock serving on "), " ")
	want := map[string]bool{}
	for _, v := range provider.Vars() {
		if v.Kind == provider.BaseURL {
			want["  export "+v.Name+"="+base] = true
		}
	}
	for len(want) > 0 && lines.Scan() {
		delete(want, lines.Text())
	}
	cancel()
	go func() { _, _ = io.Copy(io.Discard, out) }()
	<-done
	if len(want) > 0 {
		t.Errorf("no export line for %v", want)
	}
}
