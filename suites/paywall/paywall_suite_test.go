// Package paywall_test is Paywall's conformance suite for POST /api/paywall/temptoken/sdk (and
// /api/paywall/temptoken): contract, invariants, authentication and input checks against the
// target PAYCONFORM_TARGET selects. Requirements live in harness/paywall/conform/requirements.go.
package paywall_test

import (
	"context"
	"testing"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/paywall/conform"
	_ "github.com/payconform/payconform/harness/target/containertarget"
	_ "github.com/payconform/payconform/harness/target/mocktarget"
)

func TestPaywall(t *testing.T) { conformance.RunProviderSuite(t, "paywall") }

var _ = conformance.ProviderSuiteNodes("paywall")

// client is the target's Paywall client; specs skip, naming the variable, when it lacks one.
func client() *conform.Client {
	GinkgoHelper()
	c, err := conform.ClientFor(conformance.Target())
	conformance.Need(err)
	return c
}

// documented is the documentation's sample scope with a 30-minute token.
var documented = paywall.SdkRequest{ClientCardSave: true, ThreeDSession: false, ClientSdk: true, ScopeBased: false, ExpiryMin: 30}

// vectors are vectors/paywall/temptoken_sdk.json, sent with the target's credentials.
var vectors = conformance.Vectors[conform.RequestTest]{
	File: conform.Vectors,
	Sender: func(v conform.RequestTest) func(context.Context) (*exchange.Exchange, error) {
		c := client()
		return func(ctx context.Context) (*exchange.Exchange, error) { return v.Send(ctx, c) }
	},
	// A correct token request before each one the target must refuse: a server that trusts a
	// client for a while after granting it is caught whatever order the specs run in.
	Prime: func() func(context.Context) {
		c := client()
		return func(ctx context.Context) {
			_, _ = c.TempTokenSdk(ctx, paywall.SdkRequest{ClientCardSave: true, ClientSdk: true, ExpiryMin: 30})
		}
	},
}
