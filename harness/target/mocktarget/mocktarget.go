// Package mocktarget registers the in-process mock target: payconform's mock on 127.0.0.1 with a
// random port and credentials generated for the run. Import it for its side effect.
package mocktarget

import (
	"context"
	"fmt"
	"io"
	"net"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/target"
)

func init() { target.RegisterStarter(target.Mock, Start) }

// Start serves a fresh mock on a loopback port. Credentials are always generated, so that a run
// against the mock can never carry a user's real keys. PAYCONFORM_MOCK_MUTANTS switches mutants
// on.
func Start(ctx context.Context, getenv func(string) string, _ io.Writer) (string, map[string]string, string, func(context.Context) error, error) {
	mutants, err := mock.ParseMutants(getenv("PAYCONFORM_MOCK_MUTANTS"))
	if err != nil {
		return "", nil, "", nil, err
	}
	cfg := mock.Config{Mutants: mutants, Getenv: getenv}
	cfg.Generate()
	srv, err := mock.New(cfg)
	if err != nil {
		return "", nil, "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, "", nil, fmt.Errorf("listen on loopback: %w", err)
	}
	serveCtx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- mock.Serve(serveCtx, ln, srv) }()
	base := "http://" + ln.Addr().String()
	stop := func(ctx context.Context) error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return base, cfg.Vars(base), srv.Config().AdminToken, stop, nil
}
