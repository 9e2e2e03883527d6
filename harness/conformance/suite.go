package conformance

import (
	"os"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/payconform/payconform/harness/labels"
	"github.com/payconform/payconform/harness/target"
)

// RunProviderSuite is the body of a provider suite's Test function: it runs the suite's specs,
// labelled with the provider (and with container, when the target is the mock in a container)
// and with Gomega failing through Ginkgo, unless SUITES leaves the provider out.
func RunProviderSuite(t *testing.T, provider string) {
	if !SuiteEnabled(provider) {
		t.Skip("SUITES leaves " + provider + " out")
	}
	gomega.RegisterFailHandler(Fail)
	suiteLabels := []string{labels.Provider(provider)}
	if os.Getenv("PAYCONFORM_TARGET") == string(target.Container) {
		suiteLabels = append(suiteLabels, labels.Container)
	}
	RunSpecs(t, provider+" conformance", Label(suiteLabels...))
}

// ProviderSuiteNodes registers the suite-level nodes every provider suite shares: the target,
// selected once for the run, and the check that the provider's catalogue and the suite's specs
// match one to one. A suite calls it once, at the top level: var _ = ProviderSuiteNodes("<provider>").
func ProviderSuiteNodes(provider string) bool {
	useTarget()
	ReportAfterSuite(provider+" catalogue matches the specs", func(r Report) {
		if err := CheckCatalogue(r, ProviderSuite(provider)); err != nil {
			Fail(err.Error())
		}
	})
	return true
}
