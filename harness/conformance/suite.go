package conformance

import (
	"os"
	"slices"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	"github.com/onsi/gomega"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/labels"
	"github.com/payconform/payconform/harness/progress"
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
// selected once for the run, the evidence of every spec (the exchanges it used), the progress
// the command line shows, and the check that the provider's catalogue and the suite's specs
// match one to one. A suite calls it once, at the top level: var _ = ProviderSuiteNodes("<provider>").
func ProviderSuiteNodes(provider string) bool {
	useTarget()
	recordEvidence()
	reportProgress()
	ReportAfterSuite(provider+" catalogue matches the specs", func(r Report) {
		if err := CheckCatalogue(r, ProviderSuite(provider)); err != nil {
			Fail(err.Error())
		}
	})
	return true
}

// reportProgress registers the nodes that tell the command line how far the suite has got,
// through the pipe it hands the suite (harness/progress): how many specs will run, then each
// finished spec, with a failure's cause in one line.
func reportProgress() {
	w := progress.OpenWriter(os.Getenv)
	if w == nil {
		return
	}
	ReportBeforeSuite(func(r Report) { w.Send(progress.Event{Total: r.PreRunStats.SpecsThatWillRun}) })
	ReportAfterEach(func(sr SpecReport) {
		if sr.LeafNodeType != types.NodeTypeIt {
			return
		}
		e := progress.Event{Spec: sr.State.String()}
		if sr.State.Is(types.SpecStateFailureStates) {
			e.Cause = sr.Failure.Message
			if slices.ContainsFunc([]types.ReportEntry(sr.ReportEntries), func(re types.ReportEntry) bool { return re.Name == entry.Error }) {
				e.Spec = "error"
			}
		}
		w.Send(e)
	})
}
