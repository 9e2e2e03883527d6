package iyzico_test

import (
	"context"
	"fmt"
	"strings"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
	"github.com/payconform/payconform/harness/nearmiss"
	"github.com/payconform/payconform/harness/verdict"
)

// probes are the invalid verify vectors (vectors/iyzico/iyzwsv2_verify.json), each rebuilt
// with the target's keys on a valid bin/check and sent to the target, which must refuse it: the
// requests the harness's own verifier refuses offline (IYZ-KAT-03) are the ones a server must.
var probes = conformance.Vectors[conform.VerifyTest]{
	File: conform.VerifyVectors,
	Sender: func(v conform.VerifyTest) func(context.Context) (*exchange.Exchange, error) {
		c := client()
		return func(ctx context.Context) (*exchange.Exchange, error) { return v.Send(ctx, c) }
	},
}

// refused judges that a probe was recognisably refused; ifAccepted names the likely server defect.
func refused(ifAccepted verdict.Defect) conformance.Judge[conform.VerifyTest] {
	return conformance.OnExchange[conform.VerifyTest](func(ex *exchange.Exchange) []verdict.Problem {
		return checks.Noted(ex, conform.Refused(ex, ifAccepted))
	})
}

var _ = Describe("bin/check authentication", func() {
	/* Source: hmacsha256-auth: "To access our API securely, authentication is required." */
	probes.Table(conformance.Require("IYZ-AUTH-01"), refused(checks.NoAuthRequired))
	/* Source: hmacsha256-auth: "Authorization": "IYZWSv2"+" "+"base64EncodedAuthorization" */
	probes.Table(conformance.Require("IYZ-AUTH-02"), refused(checks.SchemeNotChecked))
	/* Source: hmacsha256-auth: "apiKey: Your unique API key assigned to your account." */
	probes.Table(conformance.Require("IYZ-AUTH-03"), refused(conform.APIKeyNotChecked))
	/* Source: hmacsha256-auth: HMACSHA256(randomKey + uri.path + request.body, secretKey), compared whole. */
	probes.Table(conformance.Require("IYZ-AUTH-04"), refused(conform.SignatureNotChecked))
	/* Source: hmacsha256-auth: the formula signs uri.path. */
	probes.Table(conformance.Require("IYZ-AUTH-05"), refused(conform.PathNotVerified))
	/* Source: sha1-authentication: "SHA1 Authentication will no longer be supported after November 31st, 2024." */
	probes.Table(conformance.Require("IYZ-AUTH-06"), refused(conform.LegacyAccepted))
	/* Source: hmacsha256-auth: the formula signs request.body, the bytes sent. */
	probes.Table(conformance.Require("IYZ-AUTH-07"), refused(conform.BodyNotVerified))

	/* Source: iyzico/iyzipay-python#85, iyzipay-node#17, iyzipay-php#48 (1000 Geçersiz imza); the docs are silent. */
	probes.Table(conformance.Require("IYZ-AUTH-08"), func(ctx context.Context, _ conform.VerifyTest, ex *exchange.Exchange) []verdict.Problem {
		return checks.Noted(ex, conform.Envelope(ctx, ex, iyzico.ErrInvalidSignature))
	}, probes.Of("IYZ-AUTH-04")...)

	/* Source: sample-authentication: uri_path stops at "?"; whether bin/check takes a query is not documented. */
	auth09 := conformance.Require("IYZ-AUTH-09")
	auth09.It(func(ctx SpecContext) {
		ex, err := client().BinCheck(ctx, authRequest, conform.WithQuery("payconform=query-not-signed"))
		auth09.Reached(err)
		_, problems := conform.Answered(ex)
		for i := range problems {
			problems[i].Defect = conform.QueryVerified
		}
		auth09.Judge(checks.Noted(ex, problems)...)
	})

	/* Source: sample-authentication: "By using your API Key, generated random key and the data that encrypted, authorizaton string is created." */
	probes.Table(conformance.Require("IYZ-AUTH-10"), refused(conform.IncompleteTokenAccepted))
	/* Source: RFC 3986 section 3.3 (the path ends at "?") and the hmacsha256-auth formula. */
	probes.Table(conformance.Require("IYZ-AUTH-11"), refused(conform.QueryVerified))
	/* Source: the documented example signature is lower-case hex; SHOULD, the docs are silent on other cases. */
	probes.Table(conformance.Require("IYZ-AUTH-12"), refused(conform.SignatureCompareLoose))
	/* Source: sample-authentication ("by using Base64") and RFC 4648 section 3.2; SHOULD, decoders are not bound. */
	probes.Table(conformance.Require("IYZ-AUTH-13"), refused(conform.LenientBase64))

	/* Source: PCI DSS v4.0.1 Requirement 8.3.2: authentication factors unreadable in transmission. */
	auth14 := conformance.Require("IYZ-AUTH-14")
	conformance.Table(auth14, func(ctx SpecContext, send func(context.Context, *conform.Client) (*exchange.Exchange, error)) {
		c := client()
		ex, err := send(ctx, c)
		auth14.Reached(err)
		auth14.Judge(checks.Noted(ex, checks.NoSecretIn(ex, conform.SecretEchoed, c.Signer.SecretKey))...)
	},
		Entry("a correctly signed bin/check", func(ctx context.Context, c *conform.Client) (*exchange.Exchange, error) {
			return c.BinCheck(ctx, authRequest)
		}),
		Entry("a bin/check signed with the wrong secret", func(ctx context.Context, c *conform.Client) (*exchange.Exchange, error) {
			return c.BinCheck(ctx, authRequest, conform.WithCredentials(iyzico.Credentials{APIKey: c.Signer.APIKey, SecretKey: "payconform-wrong-secret"}))
		}),
		Entry("a bin/check whose body is not JSON", func(ctx context.Context, c *conform.Client) (*exchange.Exchange, error) {
			return c.Post(ctx, iyzico.BinCheckPath, []byte(`{"binNumber":`))
		}),
	)

	/*
	   Requirement: merchant A's apiKey signed with merchant B's secret is refused. Needs a second
	   merchant the target knows (IYZICO_SECOND_API_KEY, IYZICO_SECOND_SECRET_KEY): without one it
	   is not judged, and says which variables would judge it; B's own request must be granted
	   first, or the probe proves nothing.
	   Source: hmacsha256-auth: the HMAC is keyed with "secretKey: Your secret key associated with your account."
	*/
	auth15 := conformance.Require("IYZ-AUTH-15")
	auth15.It(func(ctx SpecContext) {
		a := client()
		notJudgedWithout(auth15, iyzico.EnvSecondAPIKey, iyzico.EnvSecondSecretKey)
		b := iyzico.Credentials{APIKey: conformance.Target().Var(iyzico.EnvSecondAPIKey), SecretKey: conformance.Target().Var(iyzico.EnvSecondSecretKey)}
		own, err := a.BinCheck(ctx, authRequest, conform.WithCredentials(b))
		auth15.Reached(err)
		_, problems := conform.Answered(own)
		for i := range problems {
			problems[i].Got = "the second merchant's own request, which must be granted for this check to mean anything, got " + problems[i].Got
		}
		auth15.Given(checks.Noted(own, problems), "IYZ-CONTRACT-01 (for the first merchant)")
		// Both directions, and the second merchant's own secret near: a server that checks the
		// first merchant's signatures only lets the last two through (red team, 2026-12-02).
		nearSecret, _ := nearmiss.Of(nearmiss.LastReplaced, b.SecretKey)
		var problems2 []verdict.Problem
		for _, creds := range []iyzico.Credentials{
			{APIKey: a.Signer.APIKey, SecretKey: b.SecretKey},
			{APIKey: b.APIKey, SecretKey: a.Signer.SecretKey},
			{APIKey: b.APIKey, SecretKey: nearSecret},
		} {
			ex, err := a.BinCheck(ctx, authRequest, conform.WithCredentials(creds))
			auth15.Reached(err)
			problems2 = append(problems2, checks.Noted(ex, conform.Refused(ex, conform.MerchantsMixed))...)
		}
		auth15.Judge(problems2...)
	})

	/*
	   Requirement: no refusal of any probe discloses the signature the server expected, or
	   another HMAC under the merchant's secret (a signing oracle).
	   Source: hmacsha256-auth: "To access our API securely, authentication is required.", and the
	   HMAC formula keyed with the secret.
	*/
	probes.Table(conformance.Require("IYZ-AUTH-16"), conformance.OnExchange[conform.VerifyTest](func(ex *exchange.Exchange) []verdict.Problem {
		t := conformance.Target()
		return checks.Noted(ex, conform.NoSigningOracle(ex, t.Var(iyzico.EnvSecretKey), t.Var(iyzico.EnvSecondSecretKey)))
	}), withProbe(probes.NotValid())...)
})

// withProbe keeps the vectors that carry a probe: the invalid ones, which a server must refuse.
func withProbe(vs []conform.VerifyTest) []conform.VerifyTest {
	var out []conform.VerifyTest
	for _, v := range vs {
		if v.Probe != nil {
			out = append(out, v)
		}
	}
	return out
}

// notJudgedWithout stops r's spec as not judged when the target does not set every one of vars,
// naming them: a check that needs a second merchant is never passed without one.
func notJudgedWithout(r conformance.Req, vars ...string) {
	GinkgoHelper()
	if err := conformance.Target().Require(vars...); err != nil {
		msg := fmt.Sprintf("not judged: %s needs %s, which the target does not set; set them to judge it", r.ID, strings.Join(vars, " and "))
		AddReportEntry(entry.NotJudged, msg, ReportEntryVisibilityNever)
		Skip(msg)
	}
}

// authRequest is a valid bin/check.
var authRequest = iyzico.BinCheckRequest{Locale: "tr", ConversationID: "payconform-auth", BinNumber: "554960"}
