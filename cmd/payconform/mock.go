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

func runMock(args []string) int {
	fs := flag.NewFlagSet("payconform mock", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	mutants := fs.String("mutants", os.Getenv("PAYCONFORM_MOCK_MUTANTS"), "comma-separated mutants to switch on (see -list-mutants)")
	list := fs.Bool("list-mutants", false, "list the mutant switches and the requirements each must trip, then exit")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: payconform mock [flags]\n\nCredentials come from IYZICO_API_KEY and IYZICO_SECRET_KEY; missing ones are generated and printed.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *list {
		for _, m := range mock.Mutants() {
			fmt.Printf("%-36s %s\n%-36s kills %v, warns %v\n", m.Name, m.Description, "", m.Kills, m.Warns)
		}
		return 0
	}
	return serveMock(*addr, *mutants)
}

// serveMock is shared with cmd/payconform-mock through the same flags and variables.
func serveMock(addr, mutants string) int {
	cfg, err := mock.ConfigFromEnv(os.Getenv)
	if err == nil {
		cfg.Mutants, err = mock.ParseMutants(mutants)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "payconform mock:", err)
		return 2
	}
	generated := cfg.Generate()
	cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv, err := mock.New(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "payconform mock:", err)
		return 2
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "payconform mock: listen on %s: %v\n", addr, err)
		return 1
	}
	base := "http://" + ln.Addr().String()
	fmt.Printf("payconform mock serving on %s (admin API under %s%s)\n", base, base, mock.AdminPrefix)
	if len(generated) > 0 {
		fmt.Println("Generated credentials for this run (throwaway; paste these lines where you sign requests):")
		vars := cfg.Vars(base)
		for _, name := range generated {
			fmt.Printf("  export %s=%s\n", name, vars[name])
		}
	}
	if names := cfg.Mutants.Names(); len(names) > 0 {
		fmt.Printf("Mutants on: %v\n", names)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := mock.Serve(ctx, ln, srv); err != nil {
		fmt.Fprintln(os.Stderr, "payconform mock:", err)
		return 1
	}
	return 0
}
