// Package iyzico_test is iyzico's conformance suite: known-answer vectors for IYZWSv2, and
// contract, authentication and input checks of POST /payment/bin/check against the target that
// PAYCONFORM_TARGET selects. Requirements live in harness/iyzico/requirements.go; every spec
// here names one.
package iyzico_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/iyzico/conform"
	_ "github.com/payconform/payconform/harness/target/containertarget"
	_ "github.com/payconform/payconform/harness/target/mocktarget"
)

func TestIyzico(t *testing.T) { conformance.RunProviderSuite(t, "iyzico") }

var _ = conformance.ProviderSuiteNodes("iyzico")

// client is the target's iyzico client; specs skip, naming the variable, when it lacks one.
func client() *conform.Client {
	GinkgoHelper()
	c, err := conform.ClientFor(conformance.Target())
	conformance.Need(err)
	return c
}
