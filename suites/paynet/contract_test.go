package paynet_test

import (
	"fmt"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/paynet/conform"
	"github.com/payconform/payconform/harness/verdict"
)

// documented asks for a session key for the target's agent and user, once per run: the contract
// and several invariants judge the same answer, so a sandbox is asked once.
func documented(ctx SpecContext) (*exchange.Exchange, error) {
	e := endpoint()
	return conformance.SendOnce("paynet documented request", func() (*exchange.Exchange, error) {
		return e.Client.GetAuthKey(ctx, e.Request())
	})
}

// granted sends the documented request and stops the spec as not judged, naming
// PNT-CONTRACT-01, when no session key came back: r's check needs one.
func granted(ctx SpecContext, r conformance.Req) (paynet.AuthResponse, *exchange.Exchange) {
	GinkgoHelper()
	ex, err := documented(ctx)
	r.Reached(err)
	resp, problems := conform.Answered(ex)
	r.Given(checks.Noted(ex, problems), "PNT-CONTRACT-01")
	return resp, ex
}

var _ = Describe("get_auth_key contract", func() {
	/* Source: PayPOS create-session: "Generates a mobile session key (session_key)."; its OpenAPI 200 answer. */
	contract01 := conformance.Require("PNT-CONTRACT-01")
	contract01.It(func(ctx SpecContext) {
		ex, err := documented(ctx)
		contract01.Reached(err)
		_, problems := conform.Succeeded(ctx, ex)
		contract01.Judge(checks.Noted(ex, problems)...)
	})

	/* Source: PayPOS create-session ("Generates a mobile session key"); vectors/paynet/get_auth_key.json (valid). */
	vectors.Table(conformance.Require("PNT-CONTRACT-02"), conformance.OnExchange[conform.RequestTest](func(ex *exchange.Exchange) []verdict.Problem {
		_, problems := conform.Answered(ex)
		return checks.Noted(ex, problems)
	}))

	/* Source: the Turkish create-session page lists every AuthResponse field; SHOULD, all are optional there. */
	contract03 := conformance.Require("PNT-CONTRACT-03")
	contract03.It(func(ctx SpecContext) {
		_, ex := granted(ctx, contract03)
		contract03.Judge(checks.Noted(ex, conform.Complete(ex))...)
	})

	/* Source: RFC 8259 section 8.1 (senders add no byte order mark; parsers may ignore one); SHOULD, Paynet says nothing of it. */
	contract04 := conformance.Require("PNT-CONTRACT-04")
	contract04.It(func(ctx SpecContext) {
		ex, err := documented(ctx)
		contract04.Reached(err)
		contract04.Judge(checks.Noted(ex, checks.BOM(ex))...)
	})
})

var _ = Describe("get_auth_key invariants", func() {
	/* Source: AuthResponse agent_id (Bayi Id) and user_id (Kullanıcı Id); SHOULD, the echo is not stated. */
	invariant01 := conformance.Require("PNT-INVARIANT-01")
	invariant01.It(func(ctx SpecContext) {
		resp, ex := granted(ctx, invariant01)
		invariant01.Judge(checks.Noted(ex, conform.Echoes(resp, endpoint().Request()))...)
	})

	/* Source: PayPOS create-session ("Generates a mobile session key"); SHOULD, a second call is not described. */
	invariant02 := conformance.Require("PNT-INVARIANT-02")
	invariant02.It(func(ctx SpecContext) {
		first, firstEx := granted(ctx, invariant02)
		e := endpoint()
		ex, err := e.Client.GetAuthKey(ctx, e.Request())
		invariant02.Reached(err)
		second, problems := conform.Answered(ex)
		invariant02.Given(checks.Noted(ex, problems), "PNT-CONTRACT-02")
		invariant02.Judge(checks.Noted(firstEx, checks.Noted(ex, conform.DistinctSessionKeys(first, second, "each call", conform.SessionKeyReused)))...)
	})

	/* Source: the Turkish create-session page: "expired_date string Geçerlilik tarihi." (validity date). */
	invariant03 := conformance.Require("PNT-INVARIANT-03")
	invariant03.It(func(ctx SpecContext) {
		resp, ex := granted(ctx, invariant03)
		invariant03.Judge(checks.Noted(ex, conform.ExpiryInFuture(resp, time.Now()))...)
	})

	/* Source: expired_date is documented only as a string; SHOULD, the format is open. */
	invariant04 := conformance.Require("PNT-INVARIANT-04")
	invariant04.It(func(ctx SpecContext) {
		resp, ex := granted(ctx, invariant04)
		invariant04.Judge(checks.Noted(ex, conform.ExpiryReadable(resp))...)
	})

	/* Source: expired_date has no documented zone; SHOULD, read as Turkey time, where Paynet runs. */
	invariant05 := conformance.Require("PNT-INVARIANT-05")
	invariant05.It(func(ctx SpecContext) {
		resp, ex := granted(ctx, invariant05)
		invariant05.Judge(checks.Noted(ex, conform.ExpiryInFutureTurkeyTime(resp, time.Now()))...)
	})

	/*
	   Requirement: two users, and two agents, get two session keys. SHOULD: the documentation
	   does not say. The second user and agent are optional target variables.
	   Source: PayPOS create-session (a session key for an agent_id and a user_id).
	*/
	invariant06 := conformance.Require("PNT-INVARIANT-06")
	conformance.Table(invariant06, func(ctx SpecContext, o other) {
		first, firstEx := granted(ctx, invariant06)
		notJudgedWithout(invariant06, o.variable)
		e := endpoint()
		ex, err := e.Client.GetAuthKey(ctx, o.request(e))
		invariant06.Reached(err)
		second, problems := conform.Answered(ex)
		invariant06.Given(checks.Noted(ex, problems), "PNT-CONTRACT-02")
		invariant06.Judge(checks.Noted(firstEx, checks.Noted(ex, conform.DistinctSessionKeys(first, second, o.what, conform.SessionKeyShared)))...)
	},
		Entry("two users of one agent", other{paynet.EnvSecondUserID, "another user", func(e conform.Endpoint) paynet.AuthRequest {
			return paynet.AuthRequest{AgentID: e.AgentID, UserID: e.SecondUserID}
		}}),
		Entry("two agents, one user id", other{paynet.EnvSecondAgentID, "another agent", func(e conform.Endpoint) paynet.AuthRequest {
			return paynet.AuthRequest{AgentID: e.SecondAgentID, UserID: e.UserID}
		}}),
	)
})

// notJudgedWithout stops r's spec as not judged when the target does not set every one of vars,
// naming them: a check that needs a second agent or user is never passed without one.
func notJudgedWithout(r conformance.Req, vars ...string) {
	GinkgoHelper()
	if err := conformance.Target().Require(vars...); err != nil {
		msg := fmt.Sprintf("not judged: %s needs %s, which the target does not set; set it to judge it", r.ID, strings.Join(vars, " and "))
		AddReportEntry(entry.NotJudged, msg, ReportEntryVisibilityNever)
		Skip(msg)
	}
}

// other is a request for another user or agent than the target's first, and the optional
// variable that names it.
type other struct {
	variable, what string
	request        func(conform.Endpoint) paynet.AuthRequest
}
