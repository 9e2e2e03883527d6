// Package paynet_test is Paynet's conformance suite for PayPOS App2App POST /v1/agent/get_auth_key:
// contract, invariants, authentication and input checks against the target PAYCONFORM_TARGET
// selects. Requirements live in harness/paynet/conform/requirements.go; every spec here names one.
package paynet_test

import (
	"context"
	"testing"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paynet/conform"
	_ "github.com/payconform/payconform/harness/target/containertarget"
	_ "github.com/payconform/payconform/harness/target/mocktarget"
)

func TestPaynet(t *testing.T) { conformance.RunProviderSuite(t, "paynet") }

var _ = conformance.ProviderSuiteNodes("paynet")

// endpoint is the target's Paynet endpoint; specs skip, naming the variable, when it lacks one.
func endpoint() conform.Endpoint {
	GinkgoHelper()
	e, err := conform.EndpointFor(conformance.Target())
	conformance.Need(err)
	return e
}

// vectors are vectors/paynet/get_auth_key.json, sent to the target's endpoint.
var vectors = conformance.Vectors[conform.RequestTest]{
	File: conform.Vectors,
	Sender: func(v conform.RequestTest) func(context.Context) (*exchange.Exchange, error) {
		e := endpoint()
		return func(ctx context.Context) (*exchange.Exchange, error) { return v.Send(ctx, e) }
	},
	// A correct request before each one the target must refuse: a server that trusts a client
	// for a while after granting it is caught whatever order the specs run in.
	Prime: func() func(context.Context) {
		e := endpoint()
		return func(ctx context.Context) { _, _ = e.Client.GetAuthKey(ctx, e.Request()) }
	},
}
