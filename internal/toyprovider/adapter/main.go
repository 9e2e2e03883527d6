// Command adapter is the reference adapter with the toy provider registered: the same machinery
// as candidates/reference, for the toy's one operation.
//
//	adapter [-defect NAME]
package main

import (
	"flag"

	"github.com/payconform/payconform/harness/refadapter"
	_ "github.com/payconform/payconform/internal/toyprovider" // the one line that registers the provider
)

func main() {
	defect := flag.String("defect", "", "a mutant candidate's defect")
	flag.Parse()
	refadapter.Main(*defect)
}
