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
	"github.com/payconform/payconform/harness/provider"
)

// Options are the command line's settings.
type Options struct {
	Addr    string
	Mutants string
	// AllowRemote lets the mock listen on an address other than loopback; the admin token must
	// then be set (PAYCONFORM_MOCK_ADMIN_TOKEN), not generated and printed.
	AllowRemote bool
	// BaseURLs prints an export line for every provider's base URL (payconform mock; not the
	// container's entrypoint, whose address inside the container is not the caller's).
	BaseURLs bool
}

// CheckAddr refuses to listen beyond loopback unless allowRemote is set, and then only with an
// admin token the operator chose: a mock reachable from the network hands its journal and its
// mutant switches to whoever holds the token.
func CheckAddr(addr string, allowRemote bool, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr %q: want host:port (127.0.0.1:8080): %v", addr, err)
	}
	ip := net.ParseIP(host)
	if host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	if !allowRemote {
		return fmt.Errorf("-addr %s is not a loopback address: the mock would be reachable from the network; pass -allow-remote (and set PAYCONFORM_MOCK_ADMIN_TOKEN) if that is what you want", addr)
	}
	if token == "" {
		return fmt.Errorf("-allow-remote needs PAYCONFORM_MOCK_ADMIN_TOKEN set: a remote mock's admin API must have a token you chose")
	}
	return nil
}

// Serve configures the mock from the providers' variables (docs/design.md, Targets) (read with getenv), switches on
// the named mutants, listens on addr and serves until ctx ends. Credentials the environment
// leaves out are generated and printed to stdout as export lines, for manual use; the container
// target passes every credential, so it never prints one. Serve returns the exit status: 2 for
// bad configuration, 1 when it cannot listen or serve.
func Serve(ctx context.Context, prog string, o Options, getenv func(string) string, stdout, stderr io.Writer) int {
	addr, mutants := o.Addr, o.Mutants
	if err := CheckAddr(addr, o.AllowRemote, getenv("PAYCONFORM_MOCK_ADMIN_TOKEN")); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return 2
	}
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
	if cfg.AdminToken == "" {
		// The admin API always needs a token: a generated one is printed, with the credentials.
		fmt.Fprintf(stdout, "  export PAYCONFORM_MOCK_ADMIN_TOKEN=%s   # send it as %s\n", srv.Config().AdminToken, mock.AdminTokenHeader)
	}
	if o.BaseURLs {
		fmt.Fprintln(stdout, "Base URLs (paste these too, to run payconform test --target custom against this mock):")
		for _, v := range provider.Vars() {
			if v.Kind == provider.BaseURL {
				fmt.Fprintf(stdout, "  export %s=%s\n", v.Name, base)
			}
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
