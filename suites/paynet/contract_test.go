package paynet_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/paynet/conform"
	"github.com/payconform/payconform/harness/verdict"
)

// documented asks for a session key for the target's agent and user, once per run: the contract
// and three invariants judge the same answer, so a sandbox is asked once.
func documented(ctx SpecContext) (*exchange.Exchange, error) {
	e := endpoint()
	return conformance.SendOnce("paynet documented request", func() (*exchange.Exchange, error) {
		return e.Client.GetAuthKey(ctx, e.Request())
	})
}

var _ = Describe("get_auth_key contract and invariants", func() {
	/* Source: PayPOS create-session OpenAPI document; contracts/paynet.openapi.json. */
	contract01 := conformance.Require("PNT-CONTRACT-01")
	contract01.It(func(ctx SpecContext) {
		ex, err := documented(ctx)
		contract01.Reached(err)
		_, problems := conform.Succeeded(ctx, ex)
		contract01.Judge(problems...)
	})

	/* Vectors: vectors/paynet/get_auth_key.json (valid). */
	vectors.Table(conformance.Require("PNT-CONTRACT-02"), conformance.OnExchange[conform.RequestTest](func(ex *exchange.Exchange) []verdict.Problem {
		_, problems := conform.Answered(ex)
		return problems
	}))

	/* Source: AuthResponse agent_id and user_id. */
	invariant01 := conformance.Require("PNT-INVARIANT-01")
	invariant01.It(func(ctx SpecContext) {
		ex, err := documented(ctx)
		invariant01.Reached(err)
		resp, problems := conform.Answered(ex)
		invariant01.Judge(append(problems, conform.Echoes(resp, endpoint().Request())...)...)
	})

	/* Source: AuthResponse session_key ("mobile session key"): one per session. */
	invariant02 := conformance.Require("PNT-INVARIANT-02")
	invariant02.It(func(ctx SpecContext) {
		e := endpoint()
		var answers []paynet.AuthResponse
		for i := range 2 {
			ex, err := documented(ctx)
			if i > 0 {
				ex, err = e.Client.GetAuthKey(ctx, e.Request())
			}
			invariant02.Reached(err)
			resp, problems := conform.Answered(ex)
			invariant02.Judge(problems...)
			answers = append(answers, resp)
		}
		invariant02.Judge(conform.DistinctSessionKeys(answers[0], answers[1])...)
	})

	/* Source: AuthResponse expired_date ("expiry date"). */
	invariant03 := conformance.Require("PNT-INVARIANT-03")
	invariant03.It(func(ctx SpecContext) {
		ex, err := documented(ctx)
		invariant03.Reached(err)
		resp, problems := conform.Answered(ex)
		invariant03.Judge(append(problems, conform.ExpiryInFuture(resp, time.Now())...)...)
	})

	/* Source: expired_date is documented only as a string; SHOULD, since the format is open. */
	invariant04 := conformance.Require("PNT-INVARIANT-04")
	invariant04.It(func(ctx SpecContext) {
		ex, err := documented(ctx)
		invariant04.Reached(err)
		resp, problems := conform.Answered(ex)
		if len(problems) > 0 {
			Skip("not applicable: no session key came back, see PNT-CONTRACT-01")
		}
		invariant04.Judge(conform.ExpiryReadable(resp)...)
	})
})
