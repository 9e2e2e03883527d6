package mockcontainer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/testcontainers/testcontainers-go"

	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
	"github.com/payconform/payconform/harness/mockcontainer"
	"github.com/payconform/payconform/harness/target"
)

// needDocker skips a container test, with the reason, where Docker cannot be used; in CI
// (CI=true) that fails it instead.
func needDocker(t *testing.T) {
	t.Helper()
	if err := mockcontainer.Available(context.Background()); err != nil {
		if mockcontainer.Required() {
			t.Fatalf("CI=true requires Docker: %v", err)
		}
		t.Skipf("container tests skipped: %v", err)
	}
}

// The image builds, starts as a non-root user, becomes ready, serves a signed bin/check, honours
// its admin token, and is rebuilt only when its inputs change.
func TestRunServesTheMock(t *testing.T) {
	needDocker(t)
	ctx := context.Background()
	start := time.Now()
	c, err := mockcontainer.Run(ctx, mockcontainer.WithMutants("iyzico-no-echo"))
	testcontainers.CleanupContainer(t, c)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("start-to-ready %s (image %s)", time.Since(start).Round(time.Millisecond), c.Image)

	inspect, err := c.Inspect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if u := inspect.Config.User; u == "" || u == "0" || u == "root" || u[:2] == "0:" {
		t.Errorf("the container runs as %q; want a non-root user id", u)
	}
	if m := inspect.HostConfig.Memory; m == 0 || m > mockcontainer.MemoryLimit {
		t.Errorf("memory limit %d; want at most %d", m, mockcontainer.MemoryLimit)
	}
	for port, bindings := range inspect.NetworkSettings.Ports {
		for _, b := range bindings {
			if !b.HostIP.IsLoopback() {
				t.Errorf("port %s is published on %s; want 127.0.0.1 only", port, b.HostIP)
			}
		}
	}

	policy, _ := target.PolicyFor(target.Container, func(string) string { return "" })
	client, _ := target.NewHTTPClient("", policy)
	iz := &conform.Client{BaseURL: c.BaseURL, Signer: iyzico.Signer{Credentials: iyzico.Credentials{APIKey: c.Config.Var(iyzico.EnvAPIKey), SecretKey: c.Config.Var(iyzico.EnvSecretKey)}}, HTTP: client}
	ex, err := iz.BinCheck(ctx, iyzico.BinCheckRequest{Locale: "tr", ConversationID: "container-1", BinNumber: "554960"})
	if err != nil {
		t.Fatal(err)
	}
	resp, problems := conform.Answered(ex)
	if len(problems) > 0 {
		t.Fatalf("%+v", problems)
	}
	if resp.ConversationID == "container-1" {
		t.Error("the iyzico-no-echo mutant given to Run is not on in the container")
	}

	admin := &target.Admin{BaseURL: c.BaseURL, HTTP: client}
	if err := admin.ClearJournal(ctx); err == nil {
		t.Error("the admin API answered without the container's admin token")
	}
	admin.Token = c.AdminToken
	entries, err := admin.Journal(ctx)
	if err != nil || len(entries) != 1 {
		t.Fatalf("journal: %d entries, %v", len(entries), err)
	}
	if b, _ := json.Marshal(entries); strings.Contains(string(b), c.Config.Var(iyzico.EnvSecretKey)) {
		t.Error("the journal holds the secret key")
	}

	ref, built, err := mockcontainer.BuildImage(ctx, nil)
	if err != nil || built || ref != c.Image {
		t.Errorf("second build: ref %s built %t err %v; want the same image, not rebuilt", ref, built, err)
	}
}

// A start-up interrupted at any moment (a signal cancels the context) leaves no container behind.
func TestInterruptedStartLeavesNothing(t *testing.T) {
	needDocker(t)
	ref, _, err := mockcontainer.BuildImage(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, after := range []time.Duration{0, 10 * time.Millisecond, 30 * time.Millisecond, 60 * time.Millisecond, 100 * time.Millisecond, 150 * time.Millisecond, 250 * time.Millisecond, 400 * time.Millisecond} {
		id := fmt.Sprintf("test-interrupt-%d-%d", after.Milliseconds(), time.Now().UnixNano())
		ctx, cancel := context.WithCancel(context.Background())
		timer := time.AfterFunc(after, cancel)
		c, err := mockcontainer.Run(ctx, mockcontainer.WithImage(ref), mockcontainer.WithRunID(id))
		timer.Stop()
		cancel()
		if err == nil && c != nil {
			_ = testcontainers.TerminateContainer(c) // started before the cancel: the caller's to remove, as here
		}
		n, lerr := mockcontainer.RunContainers(context.Background(), id)
		if lerr != nil {
			t.Fatal(lerr)
		}
		if n != 0 {
			t.Errorf("cancelled %s into start-up (err %v): %d container(s) left behind", after, err, n)
			mockcontainer.RemoveRun(id)
		}
	}
}

// SIGTERM stops the mock cleanly: the container exits with status 0, quickly.
func TestStopsCleanlyOnSIGTERM(t *testing.T) {
	needDocker(t)
	ctx := context.Background()
	c, err := mockcontainer.Run(ctx)
	testcontainers.CleanupContainer(t, c)
	if err != nil {
		t.Fatal(err)
	}
	timeout := 10 * time.Second
	start := time.Now()
	if err := c.Stop(ctx, &timeout); err != nil {
		t.Fatal(err)
	}
	state, err := c.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if state.ExitCode != 0 || time.Since(start) > 5*time.Second {
		t.Errorf("exit code %d after %s; want 0, well before the kill timeout", state.ExitCode, time.Since(start))
	}
}

// BenchmarkStartToReady measures a container's start-to-ready with the image already built:
// create, start, and the readiness endpoint answering. Termination is outside the timing.
func BenchmarkStartToReady(b *testing.B) {
	ctx := context.Background()
	if err := mockcontainer.Available(ctx); err != nil {
		b.Skipf("container benchmark skipped: %v", err)
	}
	ref, _, err := mockcontainer.BuildImage(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		c, err := mockcontainer.Run(ctx, mockcontainer.WithImage(ref))
		b.StopTimer()
		if c != nil {
			_ = testcontainers.TerminateContainer(c)
		}
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
