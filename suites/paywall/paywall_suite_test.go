// Package paywall_test is Paywall's conformance suite for POST /api/paywall/temptoken/sdk (and
// /api/paywall/temptoken): contract, invariants, authentication and input checks against the
// target PAYCONFORM_TARGET selects. Requirements live in harness/paywall/requirements.go.
package paywall_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paywall"
	_ "github.com/payconform/payconform/harness/target/containertarget"
	_ "github.com/payconform/payconform/harness/target/mocktarget"
	"github.com/payconform/payconform/harness/verdict"
)

func TestPaywall(t *testing.T) { conformance.RunProviderSuite(t, "paywall") }

var _ = conformance.ProviderSuiteNodes("paywall")

// client is the target's Paywall client; specs skip, naming the variable, when it lacks one.
func client() *paywall.Client {
	GinkgoHelper()
	c, err := paywall.ClientFor(conformance.Target())
	conformance.Need(err)
	return c
}

// documented is the documentation's sample scope with a 30-minute token.
var documented = paywall.SdkRequest{ClientCardSave: true, ThreeDSession: false, ClientSdk: true, ScopeBased: false, ExpiryMin: 30}

// vectorTable declares a requirement's spec as a table over its vectors (or the given ones).
func vectorTable(r conformance.Req, judge func(ctx SpecContext, v paywall.RequestTest, ex *exchange.Exchange) []verdict.Problem, vs ...paywall.RequestTest) bool {
	prepare := func(ctx SpecContext, v paywall.RequestTest) func() (*exchange.Exchange, error) {
		c := client()
		return func() (*exchange.Exchange, error) { return v.Send(ctx, c) }
	}
	return conformance.RequestTable(r, paywall.Vectors, prepare, judge, vs...)
}

// vectorsOf gathers the vectors of several requirements.
func vectorsOf(ids ...string) []paywall.RequestTest {
	var out []paywall.RequestTest
	for _, id := range ids {
		out = append(out, paywall.VectorsFor(id)...)
	}
	return out
}
