// Package all registers every provider payconform ships, whole: its descriptor, its mock routes
// and mutants, its requirement catalogue, vectors, certification and reference-adapter
// operations. Import it for its side effects. A new provider adds its line here and in
// providers/mocks; a test fails when the two lists disagree.
package all

import (
	_ "github.com/payconform/payconform/harness/iyzico/conform"
	_ "github.com/payconform/payconform/harness/paynet/conform"
	_ "github.com/payconform/payconform/harness/paywall/conform"
)
