// Package suite_test is the toy provider's conformance suite: the same generic machinery as the
// shipped providers' suites, over a provider that one import line registers.
package suite_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/conformance"
	_ "github.com/payconform/payconform/harness/target/mocktarget"
	"github.com/payconform/payconform/internal/toyprovider" // the one line that registers the provider
)

func TestToy(t *testing.T) { conformance.RunProviderSuite(t, "toy") }

var _ = conformance.ProviderSuiteNodes("toy")

func client() *toyprovider.Client {
	GinkgoHelper()
	c, err := toyprovider.ClientFor(conformance.Target())
	conformance.Need(err)
	return c
}

var _ = Describe("toy echo", func() {
	/* Vectors: internal/toyprovider/vectors.json, computed with openssl. */
	kat01 := conformance.Require("TOY-KAT-01")
	conformance.Table(kat01, func(_ SpecContext, v toyprovider.SignTest) {
		kat01.Judge(toyprovider.CheckSign(v, toyprovider.Sign)...)
	}, conformance.VectorEntries(toyprovider.Vectors(), nil)...)

	/* Source: internal/toyprovider/toy.openapi.yaml (200: the message, echoed with its SHA-256). */
	contract01 := conformance.Require("TOY-CONTRACT-01")
	contract01.It(func(ctx SpecContext) {
		ex, err := client().Echo(ctx, "hello, toy")
		contract01.Reached(err)
		contract01.Judge(toyprovider.Echoed(ctx, ex, "hello, toy")...)
	})

	/* Source: internal/toyprovider/toy.openapi.yaml (the signature is keyed with the secret). */
	auth01 := conformance.Require("TOY-AUTH-01")
	auth01.It(func(ctx SpecContext) {
		c := client()
		c.Secret = "payconform-wrong-secret"
		ex, err := c.Echo(ctx, "hello, toy")
		auth01.Reached(err)
		auth01.Judge(toyprovider.Refused(ex)...)
	})
})
