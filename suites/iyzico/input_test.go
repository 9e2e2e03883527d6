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
// correctly signed, must be recognisably refused.
func refusesMalformed(id, name string) {
	r := conformance.Require(id)
	r.It(func(ctx SpecContext) {
		ex, err := sendMalformed(ctx, conform.MalformedRequest(name))
		r.Reached(err)
		r.Judge(checks.Noted(ex, conform.Refused(ex, checks.InputNotValidated))...)
	})
}

// sendMalformed sends a malformed request once per run; the input spec, the envelope's shape and
// IYZ-ROBUST-01 judge the same exchange.
func sendMalformed(ctx SpecContext, m conform.Malformed) (*exchange.Exchange, error) {
	c := client()
	return conformance.SendOnce("iyzico malformed: "+m.Name, func() (*exchange.Exchange, error) {
		return c.Post(ctx, iyzico.BinCheckPath, m.Body, m.Opts...)
	})
}

var _ = Describe("bin/check input validation", func() {
	/* Source: the BIN service's status: success when the request succeeds, failure when it is wrong; no BIN, nothing to answer. */
	refusesMalformed("IYZ-INPUT-01", "missing binNumber")
	/* Source: iyzipay-java RetrieveBinNumberRequest (binNumber is a String); SHOULD, no page says a number is refused. */
	refusesMalformed("IYZ-INPUT-02", "binNumber as a JSON number")
	/* Source: RFC 8259 section 8.1 and the BIN service's status field. */
	refusesMalformed("IYZ-INPUT-03", "truncated JSON")
	/* Source: the BIN service's answer parameters (the request is an object of named fields). */
	refusesMalformed("IYZ-INPUT-04", "JSON array instead of an object")
	/* Source: RFC 8259 section 8.1; SHOULD, it binds the sender only. */
	refusesMalformed("IYZ-INPUT-05", "invalid UTF-8 in a string")
	/* Source: payconform's mock limit; iyzico documents none. Not sent to sandboxes. */
	refusesMalformed("IYZ-INPUT-06", "body over 1 MiB")
	/* Source: hmacsha256-auth's example request (Content-Type: application/json); SHOULD. */
	refusesMalformed("IYZ-INPUT-07", "no Content-Type")

	/*
	   Requirement: a refusal is iyzico's failure envelope, errorCode a string. SHOULD: the SDKs
	   disagree on errorCode's type.
	   Source: https://docs.iyzico.com/en/add-ons/error-codes; iyzipay-php's retrieve-bin-number.json.
	*/
	input08 := conformance.Require("IYZ-INPUT-08")
	conformance.Table(input08, func(ctx SpecContext, m conform.Malformed) {
		skipHeavyOnSandbox(m)
		ex, err := sendMalformed(ctx, m)
		input08.Reached(err)
		input08.Judge(checks.Noted(ex, conform.Envelope(ctx, ex, iyzico.ErrInvalidRequest))...)
	}, malformedEntries()...)

	/*
	   Requirement: whatever is wrong with a request, the answer is not a 5xx. SHOULD: iyzico does
	   not say; a 5xx is no refusal, so the INPUT MUSTs fail on it already.
	   Source: RFC 9110 section 15.6.
	*/
	robust01 := conformance.Require("IYZ-ROBUST-01")
	conformance.Table(robust01, func(ctx SpecContext, m conform.Malformed) {
		skipHeavyOnSandbox(m)
		ex, err := sendMalformed(ctx, m)
		robust01.Reached(err)
		robust01.Judge(checks.Noted(ex, checks.NotServerError(ex))...)
	}, malformedEntries()...)
})

func malformedEntries() []TableEntry {
	var out []TableEntry
	for _, m := range conform.MalformedRequests {
		out = append(out, Entry(m.Name, m))
	}
	return out
}

// skipHeavyOnSandbox keeps the body over 1 MiB away from a provider's sandbox.
func skipHeavyOnSandbox(m conform.Malformed) {
	if m.Heavy && conformance.Target().Kind == target.Sandbox {
		Skip("not applicable: a body over 1 MiB is not sent to a provider sandbox")
	}
}
