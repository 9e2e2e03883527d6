// Package paynet_test is Paynet's conformance suite for PayPOS App2App POST /v1/agent/get_auth_key:
// contract, invariants, authentication and input checks against the target PAYCONFORM_TARGET
// selects. Requirements live in harness/paynet/requirements.go; every spec here names one.
package paynet_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paynet"
	_ "github.com/payconform/payconform/harness/target/containertarget"
	_ "github.com/payconform/payconform/harness/target/mocktarget"
	"github.com/payconform/payconform/harness/verdict"
)

func TestPaynet(t *testing.T) { conformance.RunProviderSuite(t, "paynet") }

var _ = conformance.ProviderSuiteNodes("paynet")

// endpoint is the target's Paynet endpoint; specs skip, naming the variable, when it lacks one.
func endpoint() paynet.Endpoint {
	GinkgoHelper()
	e, err := paynet.EndpointFor(conformance.Target())
	conformance.Need(err)
	return e
}

// vectorTable declares a requirement's spec as a table over its vectors (or the given ones).
func vectorTable(r conformance.Req, judge func(ctx SpecContext, v paynet.RequestTest, ex *exchange.Exchange) []verdict.Problem, vs ...paynet.RequestTest) bool {
	prepare := func(ctx SpecContext, v paynet.RequestTest) func() (*exchange.Exchange, error) {
		e := endpoint()
		return func() (*exchange.Exchange, error) { return v.Send(ctx, e) }
	}
	return conformance.RequestTable(r, paynet.Vectors, prepare, judge, vs...)
}
