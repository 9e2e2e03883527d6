package main

import (
	"fmt"

	"github.com/payconform/payconform/harness/catalogue"
)

func runRequirements(args []string) int {
	switch {
	case len(args) == 0:
		fmt.Print(catalogue.Markdown())
	case len(args) == 1 && args[0] == "-mutants":
		fmt.Print(catalogue.MutantsMarkdown())
	case len(args) == 1 && (args[0] == "-h" || args[0] == "--help"):
		fmt.Println("usage: payconform requirements [-mutants]\n\nexamples:\n  payconform requirements > docs/requirements.md\n  payconform requirements -mutants > docs/mutants.md")
	default:
		return fail("payconform requirements", "unexpected %q; want no argument or -mutants", args[0])
	}
	return 0
}
