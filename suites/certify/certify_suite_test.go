// Package certify_test certifies a client under test (make certify CANDIDATE='<command>'): it
// runs the command through the candidate protocol against a verifying mock and judges every
// request and every answer. Requirements are the CERT entries of each provider's catalogue.
package certify_test

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
	"github.com/payconform/payconform/harness/labels"
	"github.com/payconform/payconform/harness/verdict"
)

func TestCertify(t *testing.T) {
	if os.Getenv("PAYCONFORM_CANDIDATE") == "" {
		t.Skip("no client to certify: set PAYCONFORM_CANDIDATE to its command (make certify CANDIDATE='...')")
	}
	RegisterFailHandler(Fail)
	RunSpecs(t, "payconform certification", Label(labels.Candidate))
}

// session is this worker's certification: its own verifying mock and its cases' outcomes.
var session *certify.Session

var _ = BeforeSuite(func(ctx SpecContext) {
	timeout := candidate.DefaultTimeout
	if v := os.Getenv("PAYCONFORM_CANDIDATE_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		Expect(err).NotTo(HaveOccurred(), "PAYCONFORM_CANDIDATE_TIMEOUT=%q is not a duration like 20s", v)
		timeout = d
	}
	// The command runs where the user gave it (PAYCONFORM_CANDIDATE_DIR, set by scripts/certify.sh),
	// not in this package's directory, where go test runs the suite.
	s, err := certify.Start(ctx, candidate.Runner{Command: os.Getenv("PAYCONFORM_CANDIDATE"), Timeout: timeout, Dir: os.Getenv("PAYCONFORM_CANDIDATE_DIR")})
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(s.Close)
	session = s
	AddReportEntry("payconform.target", "candidate, against payconform's verifying mock", ReportEntryVisibilityNever)
	AddReportEntry(certify.EntryDescription, certify.DescriptionEntry{Description: s.Description, Error: errText(s.DescribeErr)}, ReportEntryVisibilityNever)
	if s.DescribeErr != nil {
		fmt.Fprintf(os.Stderr, "payconform: the candidate's describe failed: %v\n", s.DescribeErr)
		return
	}
	d := s.Description
	fmt.Fprintf(os.Stderr, "payconform: certifying %s %s (%s); it offers %s\n", d.Name, d.Version, d.Language, strings.Join(d.Operations, ", "))
}, NodeTimeout(time.Minute))

var _ = ReportAfterSuite("certification catalogue matches the specs", func(r Report) {
	Expect(conformance.CheckCatalogue(r, conformance.CertifySuite)).To(Succeed())
})

// certTable declares a requirement's spec as a table over cases. Each case runs once however
// many requirements judge it; a case the candidate declines skips, as "not certified".
func certTable(id string, cases []certify.Case, judge func(ctx SpecContext, o *certify.Outcome) []verdict.Problem) bool {
	r := conformance.Require(id)
	var entries []TableEntry
	for _, c := range cases {
		entries = append(entries, Entry(c.ID+": "+c.Title, c))
	}
	return conformance.Table(r, func(ctx SpecContext, c certify.Case) {
		o := session.Outcome(ctx, c)
		judged(r, o, judge(ctx, o))
	}, entries...)
}

// judged skips a declined operation, attaches the candidate's redacted stderr to a failing
// case, and hands the problems to the requirement.
func judged(r conformance.Req, o *certify.Outcome, problems []verdict.Problem) {
	GinkgoHelper()
	if o.Unsupported() {
		Skip(certify.UnsupportedReason(o.Case.Operation))
	}
	if len(problems) > 0 && len(o.Run.Stderr) > 0 {
		AddReportEntry(certify.EntryStderr, session.Redact(clip(string(o.Run.Stderr))), ReportEntryVisibilityFailureOrVerbose)
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
