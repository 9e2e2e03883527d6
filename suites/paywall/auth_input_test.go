package paywall_test

import (
	"context"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/paywall/conform"
	"github.com/payconform/payconform/harness/verdict"
)

// refused judges that a vector's request was recognisably refused; ifAccepted names the likely
// defect.
func refused(ifAccepted verdict.Defect) conformance.Judge[conform.RequestTest] {
	return conformance.OnExchange[conform.RequestTest](func(ex *exchange.Exchange) []verdict.Problem {
		return checks.Noted(ex, conform.Refused(ex, ifAccepted))
	})
}

// documentedCode judges a refusal against the ErrorCode its vector expects, and names a byte
// order mark before it.
func documentedCode(ctx context.Context, v conform.RequestTest, ex *exchange.Exchange) []verdict.Problem {
	problems := conform.RefusedWithCode(ctx, v.PathOf(), ex, v.Expected.ErrorCode)
	if conform.Refused(ex, verdict.Defect{}) == nil {
		problems = append(problems, checks.BOM(ex)...)
	}
	return checks.Noted(ex, problems)
}

var _ = Describe("temptoken authentication", func() {
	/* Source: TempToken/Sdk: "you must include the 'apikeypublic' and 'apiclientpublic' parameters in the Header." */
	vectors.Table(conformance.Require("PWL-AUTH-01"), refused(checks.NoAuthRequired))
	vectors.Table(conformance.Require("PWL-AUTH-02"), refused(checks.NoAuthRequired))
	/* Source: TempToken/Sdk: "apikeypublic | string | Yes | The Public Key you obtained from the merchant panel." */
	vectors.Table(conformance.Require("PWL-AUTH-03"), refused(conform.KeyNotChecked))
	vectors.Table(conformance.Require("PWL-AUTH-04"), refused(conform.KeyNotChecked))
	/* Source: error codes page; .NET SDK ErrorCodes enum (4, 12); SHOULD, the API's table has neither. */
	vectors.Table(conformance.Require("PWL-AUTH-05"), documentedCode, vectors.Of("PWL-AUTH-01", "PWL-AUTH-02", "PWL-AUTH-03", "PWL-AUTH-04", "PWL-AUTH-06")...)
	/* Source: TempToken/Sdk: each value is the one "you obtained from the merchant panel", so each must match on its own. */
	vectors.Table(conformance.Require("PWL-AUTH-06"), refused(conform.KeysComparedLoosely))

	/* Source: PCI DSS v4.0.1 Requirement 8.3.2: authentication factors unreadable in transmission. */
	auth07 := conformance.Require("PWL-AUTH-07")
	conformance.Table(auth07, func(ctx SpecContext, send func(context.Context, *conform.Client) (*exchange.Exchange, error)) {
		c := client()
		ex, err := send(ctx, c)
		auth07.Reached(err)
		auth07.Judge(checks.Noted(ex, checks.NoSecretIn(ex, conform.SecretEchoed, c.APIKeyPublic, c.APIClientPublic))...)
	},
		Entry("the documented request", func(ctx context.Context, c *conform.Client) (*exchange.Exchange, error) {
			return c.TempTokenSdk(ctx, documented)
		}),
		Entry("the headers swapped", func(ctx context.Context, c *conform.Client) (*exchange.Exchange, error) {
			return c.TempTokenSdk(ctx, documented, conform.WithFaults(conform.SwappedHeaders))
		}),
		Entry("a body that is not JSON", func(ctx context.Context, c *conform.Client) (*exchange.Exchange, error) {
			return c.Post(ctx, paywall.SdkPath, []byte(`{"ClientCardSave":`))
		}),
	)
})

var _ = Describe("temptoken input validation", func() {
	/* Source: TempToken/Sdk: "ClientCardSave | boolean | Yes" (all four booleans compulsory). */
	vectors.Table(conformance.Require("PWL-INPUT-01"), refused(conform.DefaultsMissing))
	vectors.Table(conformance.Require("PWL-INPUT-02"), refused(checks.InputNotValidated))
	/* Source: ExpiryMin "between 0 and 1440 minutes"; SHOULD, what happens outside is not said. */
	vectors.Table(conformance.Require("PWL-INPUT-03"), refused(conform.RangeNotChecked))
	/* Source: Scope "0 = None 1 = ClientCardSave 2 = ThreeDSession 3 = ClientSdk"; SHOULD. */
	vectors.Table(conformance.Require("PWL-INPUT-04"), refused(conform.RangeNotChecked))
	/* Source: ScopeBased uses "the Scope parameter"; SHOULD, no condition is stated. */
	vectors.Table(conformance.Require("PWL-INPUT-05"), refused(conform.ConditionNotChecked))
	/* Source: MasterpassSession "becomes mandatory" with IncludeMasterpassSession. */
	vectors.Table(conformance.Require("PWL-INPUT-06"), refused(conform.ConditionNotChecked))
	/* Source: error codes page (2 Unexpected parameters); SHOULD. */
	vectors.Table(conformance.Require("PWL-INPUT-07"), documentedCode,
		vectors.Of("PWL-INPUT-01", "PWL-INPUT-02", "PWL-INPUT-03", "PWL-INPUT-04", "PWL-INPUT-05", "PWL-INPUT-06", "PWL-INPUT-08")...)
	/* Source: TempToken/Sdk: the four booleans are compulsory, and a body that is not an object has none. */
	vectors.Table(conformance.Require("PWL-INPUT-08"), refused(checks.InputNotValidated))

	/* Source: RFC 9110 section 15.6; SHOULD, Paywall does not say how it answers malformed requests. */
	vectors.Table(conformance.Require("PWL-ROBUST-01"), conformance.OnExchange[conform.RequestTest](func(ex *exchange.Exchange) []verdict.Problem {
		return checks.Noted(ex, checks.NotServerError(ex))
	}), vectors.NotValid()...)
})
