package paywall_test

import (
	"context"
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/paywall/conform"
	"github.com/payconform/payconform/harness/verdict"
)

// documentedToken asks for a token with the documented options, once per run: the contract and
// several invariants judge the same answer, so a sandbox is asked once.
func documentedToken(ctx SpecContext) (*exchange.Exchange, error) {
	c := client()
	return conformance.SendOnce("paywall documented request", func() (*exchange.Exchange, error) {
		return c.TempTokenSdk(ctx, documented)
	})
}

// token sends req (the documented request when nil, once per run) and stops the spec as not
// judged, naming PWL-CONTRACT-01, when no token came back: r's check needs one. It returns the
// token's Body and the exchange it came in.
func token(ctx SpecContext, r conformance.Req, req *paywall.SdkRequest) (paywall.TempTokenBody, *exchange.Exchange) {
	GinkgoHelper()
	var ex *exchange.Exchange
	var err error
	if req == nil {
		ex, err = documentedToken(ctx)
	} else {
		ex, err = client().TempTokenSdk(ctx, *req)
	}
	r.Reached(err)
	body, problems := conform.Answered(ex)
	r.Given(checks.Noted(ex, problems), "PWL-CONTRACT-01")
	return body, ex
}

var _ = Describe("temptoken contract", func() {
	/* Source: TempToken/Sdk: "Result | bool | ... If the operation is successful, it returns true." and "ErrorCode ... '0' if the operation is successful." */
	contract01 := conformance.Require("PWL-CONTRACT-01")
	contract01.It(func(ctx SpecContext) {
		ex, err := documentedToken(ctx)
		contract01.Reached(err)
		_, problems := conform.Succeeded(ctx, paywall.SdkPath, ex)
		contract01.Judge(checks.Noted(ex, problems)...)
	})

	/* Source: ExpiryMin "between 0 and 1440 minutes", Scope 0..3; vectors/paywall/temptoken_sdk.json (valid). */
	vectors.Table(conformance.Require("PWL-CONTRACT-02"), conformance.OnExchange[conform.RequestTest](func(ex *exchange.Exchange) []verdict.Problem {
		_, problems := conform.Answered(ex)
		return checks.Noted(ex, problems)
	}))

	/* Source: paywallone/PayWall.NetCore sends camelCase (System.Text.Json web defaults); SHOULD. */
	vectors.Table(conformance.Require("PWL-CONTRACT-03"), conformance.OnExchange[conform.RequestTest](func(ex *exchange.Exchange) []verdict.Problem {
		_, problems := conform.Answered(ex)
		for i := range problems {
			problems[i].Defect = conform.CaseSensitive
		}
		return checks.Noted(ex, problems)
	}))

	/* Source: the plain TempToken page: "Result ... If the operation is successful, it returns true." */
	vectors.Table(conformance.Require("PWL-CONTRACT-04"), func(ctx context.Context, v conform.RequestTest, ex *exchange.Exchange) []verdict.Problem {
		_, problems := conform.Succeeded(ctx, v.PathOf(), ex)
		return checks.Noted(ex, problems)
	})

	/* Source: both plain TempToken pages' sample body; SHOULD, the newer page's table marks
	   ClientSdk and ScopeBased compulsory, which the sample leaves out. */
	vectors.Table(conformance.Require("PWL-CONTRACT-06"), func(ctx context.Context, v conform.RequestTest, ex *exchange.Exchange) []verdict.Problem {
		_, problems := conform.Succeeded(ctx, v.PathOf(), ex)
		return checks.Noted(ex, problems)
	})

	/* Source: the documentation's example answer; SHOULD, neither status nor media type is stated. */
	contract05 := conformance.Require("PWL-CONTRACT-05")
	contract05.It(func(ctx SpecContext) {
		_, ex := token(ctx, contract05, nil)
		contract05.Judge(checks.Noted(ex, append(conform.Framing(ctx, paywall.SdkPath, ex), checks.BOM(ex)...))...)
	})
})

var _ = Describe("temptoken invariants", func() {
	/* Source: the documented example's Token, a GUID; SHOULD, no page says every token is one. */
	invariant01 := conformance.Require("PWL-INVARIANT-01")
	invariant01.It(func(ctx SpecContext) {
		body, ex := token(ctx, invariant01, nil)
		invariant01.Judge(checks.Noted(ex, conform.TokenIsGUID(body))...)
	})

	/* Source: ExpiryMin "How long will the token be valid?"; SHOULD. Tolerance: conform.ExpiryTolerance. */
	invariant02 := conformance.Require("PWL-INVARIANT-02")
	var expiries []TableEntry
	for _, m := range []int{0, 1, 30, 1440} {
		expiries = append(expiries, Entry(fmt.Sprintf("ExpiryMin %d", m), m))
	}
	conformance.Table(invariant02, func(ctx SpecContext, minutes int) {
		req := documented
		req.ExpiryMin = minutes
		now := time.Now()
		body, ex := token(ctx, invariant02, &req)
		invariant02.Judge(checks.Noted(ex, conform.ExpiryFollows(body, now, minutes))...)
	}, expiries...)

	/* Source: the documented example's Body.Scope echoes ClientCardSave and ThreeDSession; SHOULD. */
	invariant03 := conformance.Require("PWL-INVARIANT-03")
	scopes := []TableEntry{
		Entry("card save, no 3D", paywall.SdkRequest{ClientCardSave: true, ThreeDSession: false, ClientSdk: true, ExpiryMin: 30}),
		Entry("3D, no card save", paywall.SdkRequest{ClientCardSave: false, ThreeDSession: true, ClientSdk: false, ExpiryMin: 30}),
	}
	for s := range 4 {
		scopes = append(scopes, Entry(fmt.Sprintf("ScopeBased, Scope %d", s), paywall.SdkRequest{ClientCardSave: true, ClientSdk: true, ScopeBased: true, Scope: paywall.Ptr(s), ExpiryMin: 30}))
	}
	conformance.Table(invariant03, func(ctx SpecContext, req paywall.SdkRequest) {
		body, ex := token(ctx, invariant03, &req)
		invariant03.Judge(checks.Noted(ex, conform.ScopeEchoed(body, req, true))...)
	}, scopes...)

	/* Source: IncludeMasterpassSession: "this parameter must be set to true" for the information "to be returned". */
	invariant04 := conformance.Require("PWL-INVARIANT-04")
	invariant04.It(func(ctx SpecContext) {
		req := paywall.SdkRequest{ClientCardSave: true, ClientSdk: true, ExpiryMin: 30, IncludeMasterpassSession: true,
			MasterpassSession: &paywall.MasterpassSession{ReferenceCode: "payconform-ref-1", UserID: "72812393211", UserPhone: "905123456710", PhoneVerifiedByMerchant: true}}
		_, ex := token(ctx, invariant04, &req)
		invariant04.Judge(checks.Noted(ex, conform.MasterpassWhenAsked(ctx, ex))...)
	})

	/* Source: the documented example's TempTokenId 14533994; SHOULD. */
	invariant05 := conformance.Require("PWL-INVARIANT-05")
	invariant05.It(func(ctx SpecContext) {
		body, ex := token(ctx, invariant05, nil)
		invariant05.Judge(checks.Noted(ex, conform.TokenIDPositive(body))...)
	})

	/* Source: the documented example's ExpiryDateTime ends in +03:00; SHOULD: any offset is RFC 3339. */
	invariant06 := conformance.Require("PWL-INVARIANT-06")
	invariant06.It(func(ctx SpecContext) {
		body, ex := token(ctx, invariant06, nil)
		invariant06.Judge(checks.Noted(ex, conform.ExpiryInTurkeyTime(body))...)
	})

	/* Source: IncludeMasterpassSession; SHOULD, the page does not say Masterpass is left out otherwise. */
	invariant07 := conformance.Require("PWL-INVARIANT-07")
	invariant07.It(func(ctx SpecContext) {
		body, ex := token(ctx, invariant07, nil)
		invariant07.Judge(checks.Noted(ex, conform.MasterpassOnlyWhenAsked(body))...)
	})

	/* Source: TempToken/Sdk obtains "a temporary token"; SHOULD, a second call is not described. */
	invariant08 := conformance.Require("PWL-INVARIANT-08")
	invariant08.It(func(ctx SpecContext) {
		first, firstEx := token(ctx, invariant08, nil)
		req := documented
		second, ex := token(ctx, invariant08, &req)
		invariant08.Judge(checks.Noted(firstEx, checks.Noted(ex, conform.DistinctTokens(first, second)))...)
	})

	/*
	   Requirement: a token asked for with ExpiryMin 30 is not expired when it is handed out. A MUST,
	   as Paynet's already-expired session key is (PNT-INVARIANT-03); whether the expiry is exactly
	   ExpiryMin away stays PWL-INVARIANT-02, a SHOULD.
	   Source: ExpiryMin: "How long will the token be valid? A value can be defined between 0 and 1440 minutes."
	*/
	invariant09 := conformance.Require("PWL-INVARIANT-09")
	invariant09.It(func(ctx SpecContext) {
		body, ex := token(ctx, invariant09, nil)
		invariant09.Judge(checks.Noted(ex, conform.ExpiryNotPast(body, time.Now(), documented.ExpiryMin))...)
	})
})
