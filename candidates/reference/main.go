// Command reference is payconform's reference candidate: a client adapter built on harness/ that
// implements every operation of the candidate protocol. It must certify with no failure and no
// warning (make certify CANDIDATE=bin/candidate-reference).
package main

import "github.com/payconform/payconform/candidates/adapter"

func main() { adapter.Main("") }
