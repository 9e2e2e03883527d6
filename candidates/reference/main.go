// Command reference is payconform's reference candidate: the reference adapter
// (harness/refadapter), answering every operation of every provider payconform ships. It must
// certify with no failure and no warning (make certify CANDIDATE=bin/candidate-reference).
package main

import (
	"github.com/payconform/payconform/harness/refadapter"
	_ "github.com/payconform/payconform/providers/all"
)

func main() { refadapter.Main("") }
