// Package mockcmd is the body of both commands that serve the mock: `payconform mock`, for
// manual use, and cmd/payconform-mock, the container image's entrypoint.
package mockcmd

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"

	"github.com/payconform/payconform/harness/mock"
)

// Serve configures the mock from the DESIGN section 3 variables (read with getenv), switches on
// the named mutants, listens on addr and serves until ctx ends. Credentials the environment
// leaves out are generated and printed to stdout as export lines, for manual use; the container
// target passes every credential, so it never prints one. Serve returns the exit status: 2 for
// bad configuration, 1 when it cannot listen or serve.
func Serve(ctx context.Context, prog, addr, mutants string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := mock.ConfigFromEnv(getenv)
	if err == nil {
		cfg.Mutants, err = mock.ParseMutants(mutants)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return 2
	}
	generated := cfg.Generate()
	cfg.Log = slog.New(slog.NewTextHandler(stderr, nil))
	srv, err := mock.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return 2
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "%s: listen on %s: %v\n", prog, addr, err)
		return 1
	}
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "%s serving on %s (admin API under %s%s)\n", prog, base, base, mock.AdminPrefix)
	if len(generated) > 0 {
		fmt.Fprintln(stdout, "Generated credentials for this run (throwaway; paste these lines where you sign requests):")
		vars := cfg.Vars(base)
		for _, name := range generated {
			fmt.Fprintf(stdout, "  export %s=%s\n", name, vars[name])
		}
	}
	if names := cfg.Mutants.Names(); len(names) > 0 {
		fmt.Fprintf(stdout, "Mutants on: %v\n", names)
	}
	if err := mock.Serve(ctx, ln, srv); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return 1
	}
	return 0
}
