package iyzico_test

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
	"github.com/payconform/payconform/harness/target"
)

// refusesMalformed declares the spec of one input requirement: the named malformed request,
// correctly signed, must be refused with the failure envelope.
func refusesMalformed(id, name string) {
	r := conformance.Require(id)
	r.It(func(ctx SpecContext) {
		ex, err := sendMalformed(ctx, conform.MalformedRequest(name))
		r.Reached(err)
		r.Judge(conform.RefusedWithEnvelope(ctx, ex, checks.InputNotValidated, "")...)
	})
}

// sendMalformed sends a malformed request once per run; the input spec and IYZ-ROBUST-01 judge
// the same exchange.
func sendMalformed(ctx SpecContext, m conform.Malformed) (*exchange.Exchange, error) {
	c := client()
	return conformance.SendOnce("iyzico malformed: "+m.Name, func() (*exchange.Exchange, error) {
		return c.Post(ctx, iyzico.BinCheckPath, m.Body, m.Opts...)
	})
}

var _ = Describe("bin/check input validation", func() {
	/* Source: iyzipay-java RetrieveBinNumberRequest (binNumber is the lookup key). */
	refusesMalformed("IYZ-INPUT-01", "missing binNumber")
	/* Source: iyzipay-java RetrieveBinNumberRequest (binNumber is a String). */
	refusesMalformed("IYZ-INPUT-02", "binNumber as a JSON number")
	/* Source: https://docs.iyzico.com/en/add-ons/error-codes (11 Geçersiz istek). */
	refusesMalformed("IYZ-INPUT-03", "truncated JSON")
	refusesMalformed("IYZ-INPUT-04", "JSON array instead of an object")
	/* Source: RFC 8259 section 8.1. */
	refusesMalformed("IYZ-INPUT-05", "invalid UTF-8 in a string")
	/* Source: payconform's mock limit; no provider document. Not sent to sandboxes. */
	refusesMalformed("IYZ-INPUT-06", "body over 1 MiB")
	/* Source: contracts/iyzico.openapi.yaml (application/json). */
	refusesMalformed("IYZ-INPUT-07", "no Content-Type")

	/*
	   Requirement: whatever is wrong with a request, the answer is not a 5xx.
	   Source: DESIGN section 3.
	*/
	robust01 := conformance.Require("IYZ-ROBUST-01")
	var cases []TableEntry
	for _, m := range conform.MalformedRequests {
		cases = append(cases, Entry(m.Name, m))
	}
	conformance.Table(robust01, func(ctx SpecContext, m conform.Malformed) {
		if m.Heavy && conformance.Target().Kind == target.Sandbox {
			Skip("not applicable: a body over 1 MiB is not sent to a provider sandbox")
		}
		ex, err := sendMalformed(ctx, m)
		robust01.Reached(err)
		robust01.Judge(checks.NotServerError(ex)...)
	}, cases...)
})
