// Command mutants is the reference candidate with one known client defect switched on:
//
//	mutants -defect iyzico-path-not-signed
//
// Each defect must fail the certification requirements it names (each provider registers its
// own with harness/refadapter); internal/selftest checks every one. -list prints them.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/payconform/payconform/harness/refadapter"
	_ "github.com/payconform/payconform/providers/all"
)

func main() {
	defect := flag.String("defect", "", "the defect to switch on (see -list)")
	list := flag.Bool("list", false, "list the defects and the requirements each must trip")
	flag.Parse()
	if *list {
		for _, d := range refadapter.Defects() {
			fmt.Printf("%-28s %s\n%-28s kills %v, warns %v\n", d.Name, d.Description, "", d.Kills, d.Warns)
		}
		return
	}
	if *defect == "" {
		fmt.Fprintln(os.Stderr, "usage: mutants -defect NAME (mutants -list shows them)")
		os.Exit(2)
	}
	refadapter.Main(*defect)
}
