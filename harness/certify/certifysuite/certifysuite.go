// Package certifysuite declares the certification suite: for every registered operation, one
// spec per certification requirement, each a table over the operation's cases, run against one
// verifying mock per Ginkgo process. suites/certify is this package and nothing else; a
// provider's own tests may declare it over their own registrations.
package certifysuite

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/labels"
	"github.com/payconform/payconform/harness/verdict"
)

// Run is the suite's Test function body.
func Run(t *testing.T) {
	if os.Getenv("PAYCONFORM_CANDIDATE") == "" {
		t.Skip("no client to certify: set PAYCONFORM_CANDIDATE to its command (make certify CANDIDATE='...')")
	}
	RegisterFailHandler(Fail)
	RunSpecs(t, "payconform certification", Label(labels.Candidate))
}

// session is this process's certification: its own verifying mock and its cases' outcomes.
var session *certify.Session

// Declare declares the suite's nodes and specs; call it once, at the top level of the suite:
// var _ = certifysuite.Declare().
func Declare() bool {
	BeforeSuite(func(ctx SpecContext) {
		timeout := candidate.DefaultTimeout
		if v := os.Getenv("PAYCONFORM_CANDIDATE_TIMEOUT"); v != "" {
			d, err := time.ParseDuration(v)
			Expect(err).NotTo(HaveOccurred(), "PAYCONFORM_CANDIDATE_TIMEOUT=%q is not a duration like 20s", v)
			timeout = d
		}
		s, err := certify.Start(ctx, candidate.Runner{Command: os.Getenv("PAYCONFORM_CANDIDATE"), Timeout: timeout, Dir: os.Getenv("PAYCONFORM_CANDIDATE_DIR")})
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(s.Close)
		session = s
		conformance.SetRedactor(s.Config.Secrets()...)
		AddReportEntry(entry.Target, "candidate, against payconform's verifying mock", ReportEntryVisibilityNever)
		AddReportEntry(entry.Description, entry.DescriptionEntry{Description: s.Description, Error: errText(s.DescribeErr)}, ReportEntryVisibilityNever)
		if s.DescribeErr != nil {
			fmt.Fprintf(os.Stderr, "payconform: the candidate's describe failed: %v\n", session.Redact(s.DescribeErr.Error()))
			return
		}
		d := s.Description
		fmt.Fprintf(os.Stderr, "payconform: certifying %s %s (%s); it offers %s\n", d.Name, d.Version, d.Language, strings.Join(d.Operations, ", "))
	}, NodeTimeout(time.Minute))

	ReportAfterSuite("certification catalogue matches the specs", func(r Report) {
		Expect(conformance.CheckCatalogue(r, conformance.CertifySuite)).To(Succeed())
	})

	for _, op := range certify.Operations() {
		Describe(op.Name, func() {
			for _, c := range op.Checks {
				declare(c)
			}
		})
	}
	return true
}

// declare turns one check into its spec: a table over its cases, or one spec over all of them.
func declare(c certify.Check) {
	r := conformance.Require(c.Requirement)
	if c.Whole != nil {
		r.It(func(ctx SpecContext) {
			outcomes := session.Outcomes(ctx, c.Cases)
			if len(outcomes) > 0 && outcomes[0].Unsupported() {
				Skip(entry.UnsupportedReason(outcomes[0].Case.Operation))
			}
			r.Judge(c.Whole(ctx, session, outcomes)...)
		})
		return
	}
	var entries []TableEntry
	for _, cs := range c.Cases {
		entries = append(entries, Entry(cs.ID+": "+cs.Title, cs))
	}
	conformance.Table(r, func(ctx SpecContext, cs certify.Case) {
		o := session.Outcome(ctx, cs)
		judged(r, o, c.Judge(ctx, session, o))
	}, entries...)
}

// judged skips a declined operation, attaches the candidate's redacted stderr to a failing
// case, and hands the problems to the requirement.
func judged(r conformance.Req, o *certify.Outcome, problems []verdict.Problem) {
	GinkgoHelper()
	if o.Unsupported() {
		Skip(entry.UnsupportedReason(o.Case.Operation))
	}
	if len(problems) > 0 && len(o.Run.Stderr) > 0 {
		AddReportEntry(entry.Stderr, session.Redact(clip(string(o.Run.Stderr))), ReportEntryVisibilityFailureOrVerbose)
	}
	r.Judge(problems...)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return session.Redact(err.Error())
}

func clip(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "…"
	}
	return s
}
