package certify_test

import (
	"net/http"
	"strconv"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/verdict"
)

var (
	paynetFaults  = certify.FaultCases(certify.PaynetCases[0])
	paywallFaults = certify.FaultCases(certify.PaywallCases[0])
)

var _ = Describe("paynet.get_auth_key", func() {
	certTable("PNT-CERT-01", certify.PaynetCases, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.Route(o, http.MethodPost, paynet.GetAuthKeyPath, paynet.MobileHeader, paynet.NoPaynetMobile.Defect())
	})
	certTable("PNT-CERT-02", certify.PaynetCases, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.Credentials(o)
	})
	certTable("PNT-CERT-03", certify.PaynetCases, func(ctx SpecContext, o *certify.Outcome) []verdict.Problem {
		in := session.PaynetInput(o.Case)
		return certify.Body(ctx, o, paynet.Contract, paynet.GetAuthKeyPath, map[string]any{"agent_id": in.AgentID, "user_id": in.UserID}, nil)
	})
	certTable("PNT-CERT-04", certify.PaynetCases, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.Output(o, "")
	})
	certTable("PNT-CERT-05", []certify.Case{paynetFaults[mock.FaultEnvelope]}, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.FaultRefused(o, strconv.Itoa(paynet.ResultUnauthorized), certify.FaultAsSuccess)
	})
	certTable("PNT-CERT-06", []certify.Case{paynetFaults[mock.FaultServerError]}, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.FaultRefused(o, "", certify.FaultAsSuccess)
	})
	certTable("PNT-CERT-07", []certify.Case{paynetFaults[mock.FaultMalformed]}, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.FaultRefused(o, "", certify.FaultAsSuccess)
	})
	certTable("PNT-CERT-08", []certify.Case{paynetFaults[mock.FaultWrongContentType]}, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.FaultRefused(o, "", certify.ContentTypeIgnored)
	})
})

var _ = Describe("paywall.temptoken_sdk", func() {
	certTable("PWL-CERT-01", certify.PaywallCases, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.Route(o, http.MethodPost, paywall.SdkPath, "", verdict.Defect{})
	})
	certTable("PWL-CERT-02", certify.PaywallCases, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.Credentials(o)
	})
	certTable("PWL-CERT-03", certify.PaywallCases, func(ctx SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.Body(ctx, o, paywall.Contract, paywall.SdkPath, certify.PaywallWant(o.Case), certify.PaywallCanon)
	})
	certTable("PWL-CERT-04", certify.PaywallCases, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.Output(o, "Body")
	})
	certTable("PWL-CERT-05", []certify.Case{paywallFaults[mock.FaultEnvelope]}, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.FaultRefused(o, strconv.Itoa(paywall.CodeUnexpectedParameters), certify.FaultAsSuccess)
	})
	certTable("PWL-CERT-06", []certify.Case{paywallFaults[mock.FaultServerError]}, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.FaultRefused(o, "", certify.FaultAsSuccess)
	})
	certTable("PWL-CERT-07", []certify.Case{paywallFaults[mock.FaultMalformed]}, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.FaultRefused(o, "", certify.FaultAsSuccess)
	})
	certTable("PWL-CERT-08", []certify.Case{paywallFaults[mock.FaultWrongContentType]}, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.FaultRefused(o, "", certify.ContentTypeIgnored)
	})
})
