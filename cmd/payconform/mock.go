package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/internal/mockcmd"
)

func runMock(args []string) int {
	fs := flag.NewFlagSet("payconform mock", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	mutants := fs.String("mutants", os.Getenv("PAYCONFORM_MOCK_MUTANTS"), "comma-separated mutants to switch on (see -list-mutants)")
	list := fs.Bool("list-mutants", false, "list the mutant switches and the requirements each must trip, then exit")
	remote := fs.Bool("allow-remote", false, "allow an -addr other than loopback (PAYCONFORM_MOCK_ADMIN_TOKEN must then be set)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: payconform mock [flags]\n\nCredentials come from the providers' variables (IYZICO_API_KEY, PAYNET_SECRET_KEY,\nPAYWALL_API_KEY_PUBLIC, ...; docs/design.md, Targets); missing ones are generated and printed,\nwith the admin token.\n\nexamples:\n  payconform mock\n  payconform mock -addr 127.0.0.1:9090 -mutants iyzico-no-echo\n\nflags:")
		fs.PrintDefaults()
	}
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *list {
		for _, m := range mock.Mutants() {
			fmt.Printf("%-36s %s\n%-36s kills %v, warns %v\n", m.Name, m.Description, "", m.Kills, m.Warns)
		}
		return 0
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return mockcmd.Serve(ctx, "payconform mock", mockcmd.Options{Addr: *addr, Mutants: *mutants, AllowRemote: *remote, BaseURLs: true}, os.Getenv, os.Stdout, os.Stderr)
}
