package paywall_test

import (
	"context"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paywall/conform"
	"github.com/payconform/payconform/harness/verdict"
)

// refused judges that a vector's request got no token; ifAccepted names the likely defect.
func refused(ifAccepted verdict.Defect) conformance.Judge[conform.RequestTest] {
	return conformance.OnExchange[conform.RequestTest](func(ex *exchange.Exchange) []verdict.Problem { return conform.Refused(ex, ifAccepted) })
}

// documentedCode judges a refusal against the ErrorCode its vector expects.
func documentedCode(ctx context.Context, v conform.RequestTest, ex *exchange.Exchange) []verdict.Problem {
	return conform.RefusedWithCode(ctx, v.PathOf(), ex, v.Expected.ErrorCode)
}

var _ = Describe("temptoken authentication", func() {
	/* Source: TempToken/Sdk: apikeypublic and apiclientpublic compulsory. */
	vectors.Table(conformance.Require("PWL-AUTH-01"), refused(checks.NoAuthRequired))
	vectors.Table(conformance.Require("PWL-AUTH-02"), refused(checks.NoAuthRequired))
	vectors.Table(conformance.Require("PWL-AUTH-03"), refused(conform.KeyNotChecked))
	vectors.Table(conformance.Require("PWL-AUTH-04"), refused(conform.KeyNotChecked))
	/* Source: error codes page; .NET SDK ErrorCodes enum. */
	vectors.Table(conformance.Require("PWL-AUTH-05"), documentedCode, vectors.Of("PWL-AUTH-01", "PWL-AUTH-02", "PWL-AUTH-03", "PWL-AUTH-04")...)
})

var _ = Describe("temptoken input validation", func() {
	/* Source: TempToken/Sdk parameter table (four compulsory booleans). */
	vectors.Table(conformance.Require("PWL-INPUT-01"), refused(conform.DefaultsMissing))
	vectors.Table(conformance.Require("PWL-INPUT-02"), refused(checks.InputNotValidated))
	/* Source: ExpiryMin "between 0 and 1440 minutes". */
	vectors.Table(conformance.Require("PWL-INPUT-03"), refused(conform.RangeNotChecked))
	/* Source: Scope "0 = None 1 = ClientCardSave 2 = ThreeDSession 3 = ClientSdk". */
	vectors.Table(conformance.Require("PWL-INPUT-04"), refused(conform.RangeNotChecked))
	vectors.Table(conformance.Require("PWL-INPUT-05"), refused(conform.ConditionNotChecked))
	/* Source: MasterpassSession "becomes mandatory" with IncludeMasterpassSession. */
	vectors.Table(conformance.Require("PWL-INPUT-06"), refused(conform.ConditionNotChecked))
	/* Source: error codes page (2 Unexpected parameters). */
	vectors.Table(conformance.Require("PWL-INPUT-07"), documentedCode,
		vectors.Of("PWL-INPUT-01", "PWL-INPUT-02", "PWL-INPUT-03", "PWL-INPUT-04", "PWL-INPUT-05", "PWL-INPUT-06", "PWL-INPUT-08")...)
	vectors.Table(conformance.Require("PWL-INPUT-08"), refused(checks.InputNotValidated))

	/* Source: DESIGN section 3: whatever is wrong with a request, no 5xx. */
	vectors.Table(conformance.Require("PWL-ROBUST-01"), conformance.OnExchange[conform.RequestTest](checks.NotServerError), vectors.NotValid()...)
})
