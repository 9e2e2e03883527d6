// Command payconform-mock serves payconform's mock: the container image's entrypoint, and the
// same server as `payconform mock`. Credentials come from the DESIGN section 3 variables
// (IYZICO_API_KEY, ...); missing ones are generated and printed. It exits cleanly on SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/payconform/payconform/harness/mock"
)

func main() {
	addr := flag.String("addr", envOr("PAYCONFORM_MOCK_ADDR", "127.0.0.1:8080"), "address to listen on ($PAYCONFORM_MOCK_ADDR)")
	mutants := flag.String("mutants", os.Getenv("PAYCONFORM_MOCK_MUTANTS"), "comma-separated mutants to switch on ($PAYCONFORM_MOCK_MUTANTS)")
	flag.Parse()

	cfg, err := mock.ConfigFromEnv(os.Getenv)
	if err == nil {
		cfg.Mutants, err = mock.ParseMutants(*mutants)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "payconform-mock:", err)
		os.Exit(2)
	}
	generated := cfg.Generate()
	cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv, err := mock.New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "payconform-mock:", err)
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "payconform-mock: listen on %s: %v\n", *addr, err)
		os.Exit(1)
	}
	fmt.Printf("payconform-mock serving on %s\n", ln.Addr())
	for _, name := range generated {
		fmt.Printf("generated %s=%s\n", name, cfg.Vars("")[name])
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := mock.Serve(ctx, ln, srv); err != nil {
		fmt.Fprintln(os.Stderr, "payconform-mock:", err)
		os.Exit(1)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
