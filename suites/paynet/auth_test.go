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
	"github.com/payconform/payconform/harness/target"
	"github.com/payconform/payconform/harness/verdict"
)

// refused judges that a vector's request was recognisably refused; ifAccepted names the likely
// server defect.
func refused(ifAccepted verdict.Defect) conformance.Judge[conform.RequestTest] {
	return conformance.OnExchange[conform.RequestTest](func(ex *exchange.Exchange) []verdict.Problem {
		return checks.Noted(ex, conform.Refused(ex, ifAccepted))
	})
}

// documentedEnvelope judges a refusal against the status, type and result code its vector
// expects, and names a byte order mark before it.
func documentedEnvelope(ctx context.Context, v conform.RequestTest, ex *exchange.Exchange) []verdict.Problem {
	problems := conform.Envelope(ctx, ex, v.Expected.Status, v.Expected.Type, *v.Expected.ResultCode)
	if conform.Refused(ex, verdict.Defect{}) == nil {
		problems = append(problems, checks.BOM(ex)...)
	}
	return checks.Noted(ex, problems)
}

var _ = Describe("get_auth_key authentication", func() {
	/* Source: doc.paynet.com.tr/english/what-i-need: "All sent requests must have an authentication header." */
	vectors.Table(conformance.Require("PNT-AUTH-01"), refused(checks.NoAuthRequired))
	/* Source: PayPOS create-session: the request "must include the dealer-specific secret key in the request header". */
	vectors.Table(conformance.Require("PNT-AUTH-02"), refused(conform.KeyNotChecked))
	/* Source: what-i-need and RFC 7617; SHOULD, the page names HTTP Basic but its examples send the raw key. */
	vectors.Table(conformance.Require("PNT-AUTH-03"), refused(conform.EncodedKeyAccepted))
	/* Source: what-i-need: "The authentication type is HTTP Basic Authentication." */
	vectors.Table(conformance.Require("PNT-AUTH-04"), refused(checks.SchemeNotChecked))
	/* Source: HTTP status codes (401), result codes (7 unauthorized); SHOULD, no page pairs them for this service. */
	vectors.Table(conformance.Require("PNT-AUTH-05"), documentedEnvelope, vectors.Of("PNT-AUTH-01", "PNT-AUTH-02", "PNT-AUTH-03", "PNT-AUTH-04", "PNT-AUTH-07")...)

	/*
	   Requirement: only registered client addresses are served. Mock only: the harness cannot
	   move its own address, so it shrinks the mock's allow-list to a TEST-NET address
	   (192.0.2.1, RFC 5737; nothing is sent there) and restores it afterwards. Serial, since the
	   allow-list is shared by every spec.
	   Source: PayPOS create-session: "Only servers whose IP addresses are defined by Paynet can call this service."
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
		auth06.Judge(checks.Noted(ex, problems)...)
	}, Serial)

	/* Source: PayPOS create-session ("the dealer-specific secret key"): the key, byte for byte, not one near it. */
	vectors.Table(conformance.Require("PNT-AUTH-07"), refused(conform.KeyComparedLoosely))

	/* Source: PCI DSS v4.0.1 Requirement 8.3.2: authentication factors unreadable in transmission. */
	auth08 := conformance.Require("PNT-AUTH-08")
	conformance.Table(auth08, func(ctx SpecContext, send func(context.Context, conform.Endpoint) (*exchange.Exchange, error)) {
		e := endpoint()
		ex, err := send(ctx, e)
		auth08.Reached(err)
		auth08.Judge(checks.Noted(ex, checks.NoSecretIn(ex, conform.SecretEchoed, e.Client.SecretKey))...)
	},
		Entry("the documented request", func(ctx context.Context, e conform.Endpoint) (*exchange.Exchange, error) {
			return e.Client.GetAuthKey(ctx, e.Request())
		}),
		Entry("the secret key cut short", func(ctx context.Context, e conform.Endpoint) (*exchange.Exchange, error) {
			key, err := target.NearMiss("key-truncated", e.Client.SecretKey)
			if err != nil {
				return nil, err
			}
			return e.Client.GetAuthKey(ctx, e.Request(), conform.WithAuthorization(paynet.Authorization(key)))
		}),
		Entry("a body that is not JSON", func(ctx context.Context, e conform.Endpoint) (*exchange.Exchange, error) {
			return e.Client.Post(ctx, []byte(`{"agent_id":`))
		}),
	)
})

var _ = Describe("get_auth_key input validation", func() {
	/* Source: PayPOS create-session: {"name":"PaynetMobile","in":"header","required":true}. */
	vectors.Table(conformance.Require("PNT-INPUT-01"), refused(conform.MobileNotRequired))
	/* Source: PayPOS create-session: agent_id and user_id are required strings. */
	vectors.Table(conformance.Require("PNT-INPUT-02"), refused(checks.InputNotValidated))
	/* Source: PayPOS create-session (both ids are strings); SHOULD, no page says a number is refused. */
	vectors.Table(conformance.Require("PNT-INPUT-03"), refused(checks.InputNotValidated))
	/* Source: PayPOS create-session (Content-Type required, example application/json); SHOULD. */
	vectors.Table(conformance.Require("PNT-INPUT-04"), refused(checks.InputNotValidated))
	/* Source: HTTP status codes: 4XX codes show an error in the information given. */
	vectors.Table(conformance.Require("PNT-INPUT-05"), refused(checks.InputNotValidated))
	/* Source: HTTP status codes (400), result codes (11 badrequest); SHOULD, no page pairs them for this service. */
	vectors.Table(conformance.Require("PNT-INPUT-06"), documentedEnvelope, vectors.Of("PNT-INPUT-01", "PNT-INPUT-02", "PNT-INPUT-03", "PNT-INPUT-04", "PNT-INPUT-05")...)
	/* Source: result codes ("4 agentnotfound"). */
	vectors.Table(conformance.Require("PNT-INPUT-07"), refused(conform.AgentNotChecked))
	/* Source: result codes (4) and HTTP status codes (404); SHOULD. */
	vectors.Table(conformance.Require("PNT-INPUT-08"), documentedEnvelope, vectors.Of("PNT-INPUT-07")...)

	/* Source: HTTP status codes: 4XX codes show an error in the information given, 5XX an error of the server. */
	vectors.Table(conformance.Require("PNT-ROBUST-01"), conformance.OnExchange[conform.RequestTest](func(ex *exchange.Exchange) []verdict.Problem {
		return checks.Noted(ex, checks.NotServerError(ex))
	}), vectors.NotValid()...)
})
