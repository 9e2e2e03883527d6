package main

import (
	"fmt"
	"os"

	"github.com/payconform/payconform/harness/catalogue"
)

func runRequirements(args []string) int {
	switch {
	case len(args) == 0:
		fmt.Print(catalogue.Markdown())
	case len(args) == 1 && args[0] == "-mutants":
		fmt.Print(catalogue.MutantsMarkdown())
	default:
		fmt.Fprintln(os.Stderr, "usage: payconform requirements [-mutants] > docs/requirements.md (or docs/mutants.md)")
		return 2
	}
	return 0
}
