// Command payconform is the harness's command line: serve the mock, sign a request by hand,
// summarise a run's reports, print the requirement catalogue.
//
//	payconform mock [-addr 127.0.0.1:8080] [-mutants a,b] [-list-mutants]
//	payconform sign iyzico -path /payment/bin/check -body '{...}'
//	payconform report [-in reports/report.json] [-out reports]
//	payconform image [-q]
//	payconform requirements
package main

import (
	"fmt"
	"os"

	_ "github.com/payconform/payconform/providers/all"
)

const usage = `usage: payconform <command> [flags]

commands:
  mock          serve the mock (all providers) for manual use
  sign          print the headers of a signed request (iyzico)
  report        write reports/junit.xml and reports/summary.txt from a Ginkgo JSON report
  image         build the mock's container image (if its inputs changed)
  requirements  print the requirement catalogue as Markdown

Run 'payconform <command> -h' for a command's flags.
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	commands := map[string]func([]string) int{
		"mock":         runMock,
		"sign":         runSign,
		"report":       runReport,
		"image":        runImage,
		"requirements": runRequirements,
	}
	run, ok := commands[os.Args[1]]
	if !ok {
		if os.Args[1] != "-h" && os.Args[1] != "--help" && os.Args[1] != "help" {
			fmt.Fprintf(os.Stderr, "payconform: unknown command %q\n\n", os.Args[1])
		}
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	os.Exit(run(os.Args[2:]))
}
