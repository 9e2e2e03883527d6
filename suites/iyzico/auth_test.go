package iyzico_test

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
)

// authRequest is a valid bin/check; each spec breaks its authentication in one way.
var authRequest = iyzico.BinCheckRequest{Locale: "tr", ConversationID: "payconform-auth", BinNumber: "554960"}

// spacedBody is authRequest as Python's json.dumps writes it, so that a re-serialisation differs.
var spacedBody = []byte(`{"locale": "tr", "conversationId": "payconform-auth", "binNumber": "554960"}`)

var _ = Describe("bin/check authentication", func() {
	/* Source: https://docs.iyzico.com/en/getting-started/preliminaries/authentication/hmacsha256-auth */
	auth01 := conformance.Require("IYZ-AUTH-01")
	auth01.It(func(ctx SpecContext) {
		ex, err := client().BinCheck(ctx, authRequest, conform.WithoutAuthorization())
		auth01.Reached(err)
		auth01.Judge(conform.Refused(ex, checks.NoAuthRequired)...)
	})

	/* Source: the same page: "In between IYZWSv2 and base64EncodedAuthorization there is a single line space." */
	auth02 := conformance.Require("IYZ-AUTH-02")
	conformance.Table(auth02, func(ctx SpecContext, opt conform.RequestOption) {
		ex, err := client().BinCheck(ctx, authRequest, opt)
		auth02.Reached(err)
		auth02.Judge(conform.Refused(ex, checks.SchemeNotChecked)...)
	},
		Entry("Bearer token", conform.WithAuthorization("Bearer payconform-not-a-token")),
		Entry("Basic credentials", conform.WithAuthorization("Basic cGF5Y29uZm9ybTpub3Qtc2VjcmV0")),
		Entry("IYZWSv2 with no space before the token", conform.WithFaults(iyzico.NoSpaceAfterScheme)),
	)

	/* Source: hmacsha256-auth page (the token names the merchant's apiKey). */
	auth03 := conformance.Require("IYZ-AUTH-03")
	auth03.It(func(ctx SpecContext) {
		c := client()
		ex, err := c.BinCheck(ctx, authRequest, conform.WithCredentials(iyzico.Credentials{APIKey: "sandbox-payconform-unknown-key", SecretKey: c.Signer.SecretKey}))
		auth03.Reached(err)
		auth03.Judge(conform.Refused(ex, conform.APIKeyNotChecked)...)
	})

	/* Source: hmacsha256-auth page (HMACSHA256 keyed with the secretKey). */
	auth04 := conformance.Require("IYZ-AUTH-04")
	auth04.It(func(ctx SpecContext) {
		c := client()
		ex, err := c.BinCheck(ctx, authRequest, conform.WithCredentials(iyzico.Credentials{APIKey: c.Signer.APIKey, SecretKey: "payconform-wrong-secret"}))
		auth04.Reached(err)
		auth04.Judge(conform.Refused(ex, conform.SignatureNotChecked)...)
	})

	/* Source: hmacsha256-auth page: HMACSHA256(randomKey + uri.path + request.body, secretKey). */
	auth05 := conformance.Require("IYZ-AUTH-05")
	auth05.It(func(ctx SpecContext) {
		ex, err := client().BinCheck(ctx, authRequest, conform.WithFaults(iyzico.PathNotSigned))
		auth05.Reached(err)
		auth05.Judge(conform.Refused(ex, conform.PathNotVerified)...)
	})

	/* Source: https://docs.iyzico.com/on-hazirliklar/kimlik-dogrulama/sha1-kimlik-dogrulama (retired 2024-11-30). */
	auth06 := conformance.Require("IYZ-AUTH-06")
	auth06.It(func(ctx SpecContext) {
		ex, err := client().BinCheck(ctx, authRequest, conform.WithFaults(iyzico.LegacySHA1))
		auth06.Reached(err)
		auth06.Judge(conform.Refused(ex, conform.LegacyAccepted)...)
	})

	/* Source: hmacsha256-auth page (request.body is signed: the bytes sent, not a re-encoding). */
	auth07 := conformance.Require("IYZ-AUTH-07")
	conformance.Table(auth07, func(ctx SpecContext, opt conform.RequestOption) {
		ex, err := client().Post(ctx, iyzico.BinCheckPath, spacedBody, opt)
		auth07.Reached(err)
		auth07.Judge(conform.Refused(ex, conform.BodyNotVerified)...)
	},
		Entry("signed over a re-serialisation of the body", conform.WithFaults(iyzico.BodyReserialised)),
		Entry("signed over another body (tampered in transit)", conform.WithSignedBody([]byte(`{"locale":"tr","conversationId":"payconform-auth","binNumber":"542119"}`))),
	)

	/* Source: errorCode "1000" Geçersiz imza on HTTP 200: iyzico/iyzipay-python#85, iyzico/iyzipay-node#17, iyzico/iyzipay-php#48. */
	auth08 := conformance.Require("IYZ-AUTH-08")
	auth08.It(func(ctx SpecContext) {
		c := client()
		ex, err := c.BinCheck(ctx, authRequest, conform.WithCredentials(iyzico.Credentials{APIKey: c.Signer.APIKey, SecretKey: "payconform-wrong-secret"}))
		auth08.Reached(err)
		auth08.Judge(conform.RefusedWithEnvelope(ctx, ex, conform.SignatureNotChecked, iyzico.ErrInvalidSignature)...)
	})

	/* Source: https://docs.iyzico.com/v/en/getting-started/preliminaries/authentication/sample-authentication (uri_path stops at '?'). */
	auth09 := conformance.Require("IYZ-AUTH-09")
	auth09.It(func(ctx SpecContext) {
		ex, err := client().BinCheck(ctx, authRequest, conform.WithQuery("payconform=query-not-signed"))
		auth09.Reached(err)
		_, problems := conform.Answered(ex)
		for i := range problems {
			problems[i].Defect = conform.QueryVerified
		}
		auth09.Judge(problems...)
	})
})
