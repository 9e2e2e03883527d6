// Command payconform-mock serves payconform's mock: the container image's entrypoint, and the
// same server as `payconform mock`. Credentials come from the providers' variables (docs/design.md, Targets)
// (IYZICO_API_KEY, ...); missing ones are generated and printed. It exits cleanly on SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/internal/mockcmd"
	_ "github.com/payconform/payconform/providers/mocks"
)

func main() {
	addr := flag.String("addr", envOr("PAYCONFORM_MOCK_ADDR", "127.0.0.1:8080"), "address to listen on ($PAYCONFORM_MOCK_ADDR)")
	mutants := flag.String("mutants", os.Getenv("PAYCONFORM_MOCK_MUTANTS"), "comma-separated mutants to switch on ($PAYCONFORM_MOCK_MUTANTS)")
	listProviders := flag.Bool("list-providers", false, "print the providers this mock serves, then exit")
	remote := flag.Bool("allow-remote", os.Getenv("PAYCONFORM_MOCK_ALLOW_REMOTE") == "true", "allow an -addr other than loopback ($PAYCONFORM_MOCK_ALLOW_REMOTE=true); PAYCONFORM_MOCK_ADMIN_TOKEN must then be set")
	flag.Parse()
	if *listProviders {
		fmt.Println(strings.Join(provider.Names(), "\n"))
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := mockcmd.Serve(ctx, "payconform-mock", mockcmd.Options{Addr: *addr, Mutants: *mutants, AllowRemote: *remote}, os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
