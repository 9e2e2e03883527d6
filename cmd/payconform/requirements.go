package main

import (
	"fmt"
	"os"

	"github.com/payconform/payconform/harness/catalogue"
)

func runRequirements(args []string) int {
	if len(args) > 0 {
		fmt.Fprintln(os.Stderr, "usage: payconform requirements > docs/requirements.md")
		return 2
	}
	fmt.Print(catalogue.Markdown())
	return 0
}
