package certify_test

import (
	"net/http"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/verdict"
)

var iyzicoFaults = certify.FaultCases(certify.BinCheckCases[0])

var _ = Describe("iyzico.sign", func() {
	/* Vectors: vectors/iyzico/iyzwsv2_sign.json, the same the harness's own signer reproduces. */
	certTable("IYZ-CERT-01", certify.SignCases(), func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.SignVector(o)
	})
})

var _ = Describe("iyzico.bin_check", func() {
	certTable("IYZ-CERT-02", certify.BinCheckCases, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.Route(o, http.MethodPost, iyzico.BinCheckPath, "", verdict.Defect{})
	})
	certTable("IYZ-CERT-03", certify.BinCheckCases, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.Credentials(o)
	})
	certTable("IYZ-CERT-04", certify.BinCheckCases, func(ctx SpecContext, o *certify.Outcome) []verdict.Problem {
		in := o.Case.Input.(iyzico.BinCheckRequest)
		want := map[string]any{"locale": in.Locale, "binNumber": in.BinNumber}
		if in.ConversationID != "" {
			want["conversationId"] = in.ConversationID
		}
		return certify.Body(ctx, o, iyzico.Contract, iyzico.BinCheckPath, want, nil)
	})

	/* Every request of the run, success and fault cases alike, needs its own randomKey. */
	cert05 := conformance.Require("IYZ-CERT-05")
	cert05.It(func(ctx SpecContext) {
		cases := append(append([]certify.Case{}, certify.BinCheckCases...), faultList(iyzicoFaults)...)
		outcomes := session.Outcomes(ctx, cases)
		if outcomes[0].Unsupported() {
			Skip(certify.UnsupportedReason(outcomes[0].Case.Operation))
		}
		cert05.Judge(certify.FreshRandomKeys(outcomes)...)
	})

	certTable("IYZ-CERT-06", certify.BinCheckCases, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.RndMatches(o)
	})
	certTable("IYZ-CERT-07", certify.BinCheckCases, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.Output(o, "")
	})
	certTable("IYZ-CERT-08", []certify.Case{iyzicoFaults[mock.FaultEnvelope]}, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.FaultRefused(o, iyzico.ErrInvalidSignature, certify.FaultAsSuccess)
	})
	certTable("IYZ-CERT-09", []certify.Case{iyzicoFaults[mock.FaultServerError]}, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.FaultRefused(o, "", certify.FaultAsSuccess)
	})
	certTable("IYZ-CERT-10", []certify.Case{iyzicoFaults[mock.FaultMalformed]}, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.FaultRefused(o, "", certify.FaultAsSuccess)
	})
	certTable("IYZ-CERT-11", []certify.Case{iyzicoFaults[mock.FaultWrongContentType]}, func(_ SpecContext, o *certify.Outcome) []verdict.Problem {
		return certify.FaultRefused(o, "", certify.ContentTypeIgnored)
	})
})

func faultList(m map[mock.Fault]certify.Case) []certify.Case {
	var out []certify.Case
	for _, f := range []mock.Fault{mock.FaultEnvelope, mock.FaultServerError, mock.FaultMalformed, mock.FaultWrongContentType} {
		out = append(out, m[f])
	}
	return out
}
