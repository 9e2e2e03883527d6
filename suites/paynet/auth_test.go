package paynet_test

import (
	"context"
	"net/http"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/paynet/conform"
	"github.com/payconform/payconform/harness/verdict"
)

// refused judges that a vector's request got no session key; ifAccepted names the likely
// server defect.
func refused(ifAccepted verdict.Defect) conformance.Judge[conform.RequestTest] {
	return conformance.OnExchange[conform.RequestTest](func(ex *exchange.Exchange) []verdict.Problem { return conform.Refused(ex, ifAccepted) })
}

// documentedEnvelope judges a refusal against the status, type and result code its vector expects.
func documentedEnvelope(ctx context.Context, v conform.RequestTest, ex *exchange.Exchange) []verdict.Problem {
	return conform.Envelope(ctx, ex, v.Expected.Status, v.Expected.Type, *v.Expected.ResultCode)
}

var _ = Describe("get_auth_key authentication", func() {
	/* Source: PayPOS create-session (Authorization required). */
	vectors.Table(conformance.Require("PNT-AUTH-01"), refused(checks.NoAuthRequired))
	/* Source: doc.paynet.com.tr HTTP status codes (401 API anahtarınız yanlış). */
	vectors.Table(conformance.Require("PNT-AUTH-02"), refused(conform.KeyNotChecked))
	/* Source: doc.paynet.com.tr/authentication ("Authorization: Basic ".$secret_key). */
	vectors.Table(conformance.Require("PNT-AUTH-03"), refused(conform.EncodedKeyAccepted))
	vectors.Table(conformance.Require("PNT-AUTH-04"), refused(checks.SchemeNotChecked))
	/* Source: HTTP status codes (401), result codes (7 unauthorized). */
	vectors.Table(conformance.Require("PNT-AUTH-05"), documentedEnvelope, vectors.Of("PNT-AUTH-01", "PNT-AUTH-02", "PNT-AUTH-03", "PNT-AUTH-04")...)

	/*
	   Requirement: only registered client addresses are served. Mock only: the harness cannot
	   move its own address, so it shrinks the mock's allow-list to a TEST-NET address
	   (192.0.2.1, RFC 5737; nothing is sent there) and restores it afterwards. Serial, since the
	   allow-list is shared by every spec.
	*/
	auth06 := conformance.Require("PNT-AUTH-06")
	auth06.It(func(ctx SpecContext) {
		admin := conformance.Target().Admin
		before, err := conform.AllowList(ctx, admin)
		auth06.Reached(err)
		DeferCleanup(func(ctx context.Context) error { return conform.SetAllowList(ctx, admin, before...) })
		auth06.Reached(conform.SetAllowList(ctx, admin, "192.0.2.1/32"))
		e := endpoint()
		ex, err := e.Client.GetAuthKey(ctx, e.Request())
		auth06.Reached(err)
		problems := conform.Refused(ex, conform.AllowListIgnored)
		if len(problems) == 0 {
			problems = conform.Envelope(ctx, ex, http.StatusForbidden, paynet.TypeAuthorization, paynet.ResultUnauthorized)
		}
		auth06.Judge(problems...)
	}, Serial)
})

var _ = Describe("get_auth_key input validation", func() {
	/* Source: PayPOS create-session (PaynetMobile required). */
	vectors.Table(conformance.Require("PNT-INPUT-01"), refused(conform.MobileNotRequired))
	/* Source: PayPOS create-session (agent_id, user_id required). */
	vectors.Table(conformance.Require("PNT-INPUT-02"), refused(checks.InputNotValidated))
	/* Source: PayPOS create-session (both ids are strings). */
	vectors.Table(conformance.Require("PNT-INPUT-03"), refused(checks.InputNotValidated))
	/* Source: PayPOS create-session (Content-Type: application/json). */
	vectors.Table(conformance.Require("PNT-INPUT-04"), refused(checks.InputNotValidated))
	/* Source: HTTP status codes (400 Bad Request). */
	vectors.Table(conformance.Require("PNT-INPUT-05"), refused(checks.InputNotValidated))
	/* Source: HTTP status codes (400), result codes (11 badrequest). */
	vectors.Table(conformance.Require("PNT-INPUT-06"), documentedEnvelope, vectors.Of("PNT-INPUT-01", "PNT-INPUT-02", "PNT-INPUT-03", "PNT-INPUT-04", "PNT-INPUT-05")...)
	/* Source: result codes (4 agentnotfound). */
	vectors.Table(conformance.Require("PNT-INPUT-07"), refused(conform.AgentNotChecked))
	vectors.Table(conformance.Require("PNT-INPUT-08"), documentedEnvelope, vectors.Of("PNT-INPUT-07")...)

	/* Source: DESIGN section 3: whatever is wrong with a request, no 5xx. */
	vectors.Table(conformance.Require("PNT-ROBUST-01"), conformance.OnExchange[conform.RequestTest](checks.NotServerError), vectors.NotValid()...)
})
