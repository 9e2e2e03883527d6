// Package iyzico_test is iyzico's conformance suite: known-answer vectors for IYZWSv2, and
// contract, authentication and input checks of POST /payment/bin/check against the target that
// PAYCONFORM_TARGET selects. Requirements live in harness/iyzico/requirements.go; every spec
// here names one.
package iyzico_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/labels"
	_ "github.com/payconform/payconform/harness/target/containertarget"
	_ "github.com/payconform/payconform/harness/target/mocktarget"
)

func TestIyzico(t *testing.T) {
	if !conformance.SuiteEnabled("iyzico") {
		t.Skip("SUITES leaves iyzico out")
	}
	RegisterFailHandler(Fail)
	RunSpecs(t, "iyzico conformance", Label(labels.Provider("iyzico")))
}

var _ = conformance.UseTarget()

var _ = ReportAfterSuite("iyzico catalogue matches the specs", func(r Report) {
	Expect(conformance.CheckCatalogue(r, conformance.ProviderSuite("iyzico"))).To(Succeed())
})

// client is the target's iyzico client; specs skip, naming the variable, when it lacks one.
func client() *iyzico.Client {
	GinkgoHelper()
	c, err := iyzico.ClientFor(conformance.Target())
	conformance.Need(err)
	return c
}
