package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	tclog "github.com/testcontainers/testcontainers-go/log"

	"github.com/payconform/payconform/harness/mockcontainer"
)

func runImage(args []string) int {
	fs := flag.NewFlagSet("payconform image", flag.ContinueOnError)
	quiet := fs.Bool("q", false, "print only the image reference")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: payconform image [-q]\n\nBuilds the mock's image (FROM scratch, a static binary, a non-root user) unless one with the same inputs exists, and prints its reference.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ctx := context.Background()
	tclog.SetDefault(tclog.NewNoopLogger())
	if err := mockcontainer.Available(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "payconform image:", err)
		return 1
	}
	start := time.Now()
	logw := os.Stderr
	if *quiet {
		logw = nil
	}
	ref, built, err := mockcontainer.BuildImage(ctx, logw)
	if err != nil {
		fmt.Fprintln(os.Stderr, "payconform image:", err)
		return 1
	}
	switch {
	case *quiet:
		fmt.Println(ref)
	case built:
		fmt.Printf("%s built in %s\n", ref, time.Since(start).Round(10*time.Millisecond))
	default:
		fmt.Printf("%s is up to date (checked in %s)\n", ref, time.Since(start).Round(10*time.Millisecond))
	}
	return 0
}
