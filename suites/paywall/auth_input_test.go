package paywall_test

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/verdict"
)

// refused judges that a vector's request got no token; ifAccepted names the likely defect.
func refused(ifAccepted verdict.Defect) func(SpecContext, paywall.RequestTest, *exchange.Exchange) []verdict.Problem {
	return func(_ SpecContext, _ paywall.RequestTest, ex *exchange.Exchange) []verdict.Problem {
		return paywall.Refused(ex, ifAccepted)
	}
}

// documentedCode judges a refusal against the ErrorCode its vector expects.
func documentedCode(ctx SpecContext, v paywall.RequestTest, ex *exchange.Exchange) []verdict.Problem {
	return paywall.RefusedWithCode(ctx, v.PathOf(), ex, v.Expected.ErrorCode)
}

var _ = Describe("temptoken authentication", func() {
	/* Source: TempToken/Sdk: apikeypublic and apiclientpublic compulsory. */
	vectorTable(conformance.Require("PWL-AUTH-01"), refused(checks.NoAuthRequired))
	vectorTable(conformance.Require("PWL-AUTH-02"), refused(checks.NoAuthRequired))
	vectorTable(conformance.Require("PWL-AUTH-03"), refused(paywall.KeyNotChecked))
	vectorTable(conformance.Require("PWL-AUTH-04"), refused(paywall.KeyNotChecked))
	/* Source: error codes page; .NET SDK ErrorCodes enum. */
	vectorTable(conformance.Require("PWL-AUTH-05"), documentedCode, vectorsOf("PWL-AUTH-01", "PWL-AUTH-02", "PWL-AUTH-03", "PWL-AUTH-04")...)
})

var _ = Describe("temptoken input validation", func() {
	/* Source: TempToken/Sdk parameter table (four compulsory booleans). */
	vectorTable(conformance.Require("PWL-INPUT-01"), refused(paywall.DefaultsMissing))
	vectorTable(conformance.Require("PWL-INPUT-02"), refused(checks.InputNotValidated))
	/* Source: ExpiryMin "between 0 and 1440 minutes". */
	vectorTable(conformance.Require("PWL-INPUT-03"), refused(paywall.RangeNotChecked))
	/* Source: Scope "0 = None 1 = ClientCardSave 2 = ThreeDSession 3 = ClientSdk". */
	vectorTable(conformance.Require("PWL-INPUT-04"), refused(paywall.RangeNotChecked))
	vectorTable(conformance.Require("PWL-INPUT-05"), refused(paywall.ConditionNotChecked))
	/* Source: MasterpassSession "becomes mandatory" with IncludeMasterpassSession. */
	vectorTable(conformance.Require("PWL-INPUT-06"), refused(paywall.ConditionNotChecked))
	/* Source: error codes page (2 Unexpected parameters). */
	vectorTable(conformance.Require("PWL-INPUT-07"), documentedCode,
		vectorsOf("PWL-INPUT-01", "PWL-INPUT-02", "PWL-INPUT-03", "PWL-INPUT-04", "PWL-INPUT-05", "PWL-INPUT-06", "PWL-INPUT-08")...)
	vectorTable(conformance.Require("PWL-INPUT-08"), refused(checks.InputNotValidated))

	/* Source: DESIGN section 3: whatever is wrong with a request, no 5xx. */
	var invalid []paywall.RequestTest
	for _, v := range paywall.Vectors.Tests() {
		if v.Result != "valid" {
			invalid = append(invalid, v)
		}
	}
	vectorTable(conformance.Require("PWL-ROBUST-01"), func(_ SpecContext, _ paywall.RequestTest, ex *exchange.Exchange) []verdict.Problem {
		return checks.NotServerError(ex)
	}, invalid...)
})
