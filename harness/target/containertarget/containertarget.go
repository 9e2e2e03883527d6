// Package containertarget registers the container target: payconform's mock as an image, started
// with testcontainers-go for the run and removed at its end, with credentials generated for the
// run. Import it for its side effect.
package containertarget

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"

	"github.com/payconform/payconform/harness/mockcontainer"
	"github.com/payconform/payconform/harness/target"
)

func init() { target.RegisterStarter(target.Container, Start) }

// Start builds the image if its inputs changed (or takes PAYCONFORM_MOCK_IMAGE, an image already
// built), runs it, and returns a stop function that
// removes the container. Without a Docker daemon the target is not applicable, with a reason,
// unless CI=true, where that is an error. A SIGINT or SIGTERM also removes the container, since
// no reaper runs here (TESTCONTAINERS_RYUK_DISABLED=true).
func Start(ctx context.Context, getenv func(string) string, progress io.Writer) (string, map[string]string, string, func(context.Context) error, error) {
	// testcontainers prints a banner and per-container lines to its default logger; the suites
	// print their own progress lines instead.
	tclog.SetDefault(tclog.NewNoopLogger())
	if err := mockcontainer.Available(ctx); err != nil {
		if mockcontainer.Required() {
			return "", nil, "", nil, fmt.Errorf("CI=true requires the container target: %w", err)
		}
		return "", nil, "", nil, &target.NotApplicableError{Reason: err.Error()}
	}
	ref := getenv("PAYCONFORM_MOCK_IMAGE")
	if ref == "" {
		start := time.Now()
		var built bool
		var err error
		if ref, built, err = mockcontainer.BuildImage(ctx, nil); err != nil {
			return "", nil, "", nil, err
		}
		if built {
			fmt.Fprintf(progress, "payconform: built image %s in %s\n", ref, time.Since(start).Round(100*time.Millisecond))
		}
	}
	opts := []testcontainers.ContainerCustomizer{mockcontainer.WithImage(ref)}
	if m := getenv("PAYCONFORM_MOCK_MUTANTS"); m != "" {
		opts = append(opts, mockcontainer.WithMutants(strings.Split(m, ",")...))
	}
	// The signal handler is in place before the container is created: a SIGINT or SIGTERM at
	// any moment of start-up cancels Run, which removes whatever it created; one after start-up
	// terminates the container.
	// (ctx itself ends with the suite node that starts the target, so it is not the one watched.)
	signalled, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	runCtx, cancelRun := context.WithCancel(ctx)
	context.AfterFunc(signalled, cancelRun)
	ready := time.Now()
	c, err := mockcontainer.Run(runCtx, opts...)
	cancelRun()

	var once sync.Once
	var stopErr error
	done := make(chan struct{})
	stop := func(context.Context) error {
		once.Do(func() {
			stopSignals()
			close(done)
			if c != nil {
				stopErr = testcontainers.TerminateContainer(c)
			}
		})
		return stopErr
	}
	go func() {
		select {
		case <-signalled.Done():
			_ = stop(context.Background())
		case <-done:
		}
	}()
	if err != nil {
		return "", nil, "", stop, err
	}
	fmt.Fprintf(progress, "payconform: mock container %s ready in %s at %s\n", c.GetContainerID()[:12], time.Since(ready).Round(10*time.Millisecond), c.BaseURL)
	return c.BaseURL, c.Vars(), c.AdminToken, stop, nil
}
