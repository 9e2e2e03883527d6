package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	tclog "github.com/testcontainers/testcontainers-go/log"

	"github.com/payconform/payconform/harness/mockcontainer"
	"github.com/payconform/payconform/harness/runnerimage"
	"github.com/payconform/payconform/harness/suitebin"
)

func runImage(args []string) int {
	fs := flag.NewFlagSet("payconform image", flag.ContinueOnError)
	quiet := fs.Bool("q", false, "print only the image reference")
	runner := fs.Bool("runner", false, "build the runner image, payconform:local (the command line and the compiled suites), from this checkout")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: payconform image [-q] [-runner]\n\nBuilds the mock's image (FROM scratch, a static binary, a non-root user) unless one with the same inputs exists,\nand prints its reference. With -runner, builds payconform:local, the runner image.\n\nexamples:\n  payconform image\n  payconform image -runner && docker run --rm payconform:local test\n\nflags:")
		fs.PrintDefaults()
	}
	if code, ok := parse(fs, args); !ok {
		return code
	}
	ctx := context.Background()
	tclog.SetDefault(tclog.NewNoopLogger())
	mockcontainer.SetDefaults()
	if err := mockcontainer.Available(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "payconform image:", err)
		return 1
	}
	start := time.Now()
	if *runner {
		src, err := suitebin.Find(os.Getenv)
		if err != nil || src.Root == "" {
			return fail("payconform image", "-runner builds from a checkout of payconform; run it from one")
		}
		if err := runnerimage.Build(ctx, src.Root, src.Names(), os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "payconform image:", err)
			return 1
		}
		fmt.Printf("%s built in %s\n", runnerimage.Ref, time.Since(start).Round(10*time.Millisecond))
		return 0
	}
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
