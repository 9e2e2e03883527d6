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
		code <- mockcmd.Serve(ctx, "payconform mock", "127.0.0.1:0", "", func(string) string { return "" }, w, &stderr)
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
	c := mockcmd.Serve(context.Background(), "payconform mock", "127.0.0.1:0", "no-such-mutant", func(string) string { return "" }, &stdout, &stderr)
	if c != 2 || !strings.Contains(stderr.String(), "no-such-mutant") || stdout.Len() != 0 {
		t.Errorf("status %d, stderr %q, stdout %q; want 2, the mutant named, nothing served", c, stderr.String(), stdout.String())
	}
}
