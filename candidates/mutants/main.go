// Command mutants is the reference candidate with one known client defect switched on:
//
//	mutants -defect iyzico-path-not-signed
//
// Each defect must fail the certification requirement it names (candidates/adapter/defects.go);
// internal/selftest checks every one. -list prints them.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/payconform/payconform/candidates/adapter"
)

func main() {
	defect := flag.String("defect", "", "the defect to switch on (see -list)")
	list := flag.Bool("list", false, "list the defects and the requirements each must trip")
	flag.Parse()
	if *list {
		for _, d := range adapter.Defects {
			fmt.Printf("%-28s %s\n%-28s kills %v, warns %v\n", d.Name, d.Description, "", d.Kills, d.Warns)
		}
		return
	}
	if *defect == "" {
		fmt.Fprintln(os.Stderr, "usage: mutants -defect NAME (mutants -list shows them)")
		os.Exit(2)
	}
	adapter.Main(*defect)
}
