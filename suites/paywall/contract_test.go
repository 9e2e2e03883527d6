package paywall_test

import (
	"context"
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/paywall/conform"
	"github.com/payconform/payconform/harness/verdict"
)

// documentedToken asks for a token with the documented options, once per run: the contract and
// three invariants judge the same answer, so a sandbox is asked once.
func documentedToken(ctx SpecContext) (*exchange.Exchange, error) {
	c := client()
	return conformance.SendOnce("paywall documented request", func() (*exchange.Exchange, error) {
		return c.TempTokenSdk(ctx, documented)
	})
}

var _ = Describe("temptoken contract", func() {
	/* Source: TempToken/Sdk parameter tables; contracts/paywall.openapi.yaml. */
	contract01 := conformance.Require("PWL-CONTRACT-01")
	contract01.It(func(ctx SpecContext) {
		ex, err := documentedToken(ctx)
		contract01.Reached(err)
		_, problems := conform.Succeeded(ctx, paywall.SdkPath, ex)
		contract01.Judge(problems...)
	})

	/* Vectors: vectors/paywall/temptoken_sdk.json (valid). */
	vectors.Table(conformance.Require("PWL-CONTRACT-02"), conformance.OnExchange[conform.RequestTest](func(ex *exchange.Exchange) []verdict.Problem {
		_, problems := conform.Answered(ex)
		return problems
	}))

	/* Source: paywallone/PayWall.NetCore sends camelCase (System.Text.Json web defaults). */
	vectors.Table(conformance.Require("PWL-CONTRACT-03"), conformance.OnExchange[conform.RequestTest](func(ex *exchange.Exchange) []verdict.Problem {
		_, problems := conform.Answered(ex)
		for i := range problems {
			problems[i].Defect = conform.CaseSensitive
		}
		return problems
	}))

	/* Source: the plain TempToken page. */
	vectors.Table(conformance.Require("PWL-CONTRACT-04"), func(ctx context.Context, v conform.RequestTest, ex *exchange.Exchange) []verdict.Problem {
		_, problems := conform.Succeeded(ctx, v.PathOf(), ex)
		return problems
	})
})

var _ = Describe("temptoken invariants", func() {
	/* Source: the documented example's Token, a GUID. */
	invariant01 := conformance.Require("PWL-INVARIANT-01")
	invariant01.It(func(ctx SpecContext) {
		ex, err := documentedToken(ctx)
		invariant01.Reached(err)
		body, problems := conform.Answered(ex)
		invariant01.Judge(append(problems, conform.TokenIsGUID(body)...)...)
	})

	/* Source: ExpiryMin "How long will the token be valid?" Tolerance: paywall.ExpiryTolerance. */
	invariant02 := conformance.Require("PWL-INVARIANT-02")
	var expiries []TableEntry
	for _, m := range []int{0, 1, 30, 1440} {
		expiries = append(expiries, Entry(fmt.Sprintf("ExpiryMin %d", m), m))
	}
	conformance.Table(invariant02, func(ctx SpecContext, minutes int) {
		req := documented
		req.ExpiryMin = minutes
		now := time.Now()
		ex, err := client().TempTokenSdk(ctx, req)
		invariant02.Reached(err)
		body, problems := conform.Answered(ex)
		if len(problems) == 0 {
			problems = conform.ExpiryFollows(body, now, minutes)
		}
		invariant02.Judge(problems...)
	}, expiries...)

	/* Source: the documented example's Body.Scope echoes ClientCardSave and ThreeDSession. */
	invariant03 := conformance.Require("PWL-INVARIANT-03")
	scopes := []TableEntry{
		Entry("card save, no 3D", paywall.SdkRequest{ClientCardSave: true, ThreeDSession: false, ClientSdk: true, ExpiryMin: 30}),
		Entry("3D, no card save", paywall.SdkRequest{ClientCardSave: false, ThreeDSession: true, ClientSdk: false, ExpiryMin: 30}),
	}
	for s := range 4 {
		scopes = append(scopes, Entry(fmt.Sprintf("ScopeBased, Scope %d", s), paywall.SdkRequest{ClientCardSave: true, ClientSdk: true, ScopeBased: true, Scope: paywall.Ptr(s), ExpiryMin: 30}))
	}
	conformance.Table(invariant03, func(ctx SpecContext, req paywall.SdkRequest) {
		ex, err := client().TempTokenSdk(ctx, req)
		invariant03.Reached(err)
		body, problems := conform.Answered(ex)
		invariant03.Judge(append(problems, conform.ScopeEchoed(body, req)...)...)
	},
		scopes...)

	/* Source: IncludeMasterpassSession ("if you want the Masterpass session information to be returned"). */
	invariant04 := conformance.Require("PWL-INVARIANT-04")
	conformance.Table(invariant04, func(ctx SpecContext, req paywall.SdkRequest) {
		ex, err := client().TempTokenSdk(ctx, req)
		invariant04.Reached(err)
		body, problems := conform.Answered(ex)
		invariant04.Judge(append(problems, conform.MasterpassIffAsked(body, req)...)...)
	},
		Entry("not asked for", documented),
		Entry("asked for, with a MasterpassSession", paywall.SdkRequest{ClientCardSave: true, ClientSdk: true, ExpiryMin: 30, IncludeMasterpassSession: true,
			MasterpassSession: &paywall.MasterpassSession{ReferenceCode: "payconform-ref-1", UserID: "72812393211", UserPhone: "905123456710", PhoneVerifiedByMerchant: true}}),
	)

	/* Source: the documented example's TempTokenId 14533994. */
	invariant05 := conformance.Require("PWL-INVARIANT-05")
	invariant05.It(func(ctx SpecContext) {
		ex, err := documentedToken(ctx)
		invariant05.Reached(err)
		body, problems := conform.Answered(ex)
		invariant05.Judge(append(problems, conform.TokenIDPositive(body)...)...)
	})

	/* Source: the documented example's ExpiryDateTime ends in +03:00. SHOULD: any offset is RFC 3339. */
	invariant06 := conformance.Require("PWL-INVARIANT-06")
	invariant06.It(func(ctx SpecContext) {
		ex, err := documentedToken(ctx)
		invariant06.Reached(err)
		body, problems := conform.Answered(ex)
		if len(problems) > 0 {
			Skip("not applicable: no token came back, see PWL-CONTRACT-01")
		}
		invariant06.Judge(conform.ExpiryInTurkeyTime(body)...)
	})
})
