// Package mocks registers every provider's part of the mock (descriptor, routes, mutants) and
// nothing else: it is what the mock binary links, so that the mock carries no client, no
// vectors and no Ginkgo. A new provider adds its line here and in providers/all; a test fails
// when the two lists disagree.
package mocks

import (
	_ "github.com/payconform/payconform/harness/iyzico/iyzicomock"
	_ "github.com/payconform/payconform/harness/paynet/paynetmock"
	_ "github.com/payconform/payconform/harness/paywall/paywallmock"
)
