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
	"github.com/payconform/payconform/harness/isolate"
	"github.com/payconform/payconform/harness/labels"
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/verdict"
)

// Run is the suite's Test function body.
func Run(t *testing.T) {
	if os.Getenv("PAYCONFORM_CANDIDATE") == "" {
		t.Skip("no client to certify: set PAYCONFORM_CANDIDATE to its command (make certify CANDIDATE='...')")
	}
	if isolate.Inside() {
		// The suite runs in a network namespace of its own (payconform certify): only loopback,
		// which starts down.
		if err := isolate.LoopbackUp(); err != nil {
			t.Fatal(err)
		}
	}
	RegisterFailHandler(Fail)
	RunSpecs(t, "payconform certification", Label(labels.Candidate))
}

// DefaultCertifyTimeout bounds a whole certification (PAYCONFORM_CERTIFY_TIMEOUT).
const DefaultCertifyTimeout = 5 * time.Minute

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
		total := DefaultCertifyTimeout
		if v := os.Getenv("PAYCONFORM_CERTIFY_TIMEOUT"); v != "" {
			d, err := time.ParseDuration(v)
			Expect(err).NotTo(HaveOccurred(), "PAYCONFORM_CERTIFY_TIMEOUT=%q is not a duration like 5m", v)
			total = d
		}
		// The adapter's home is fresh and empty; its environment is an allow-list.
		home, err := os.MkdirTemp("", "payconform-candidate-home-")
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(os.RemoveAll, home)
		runner := candidate.Runner{Command: os.Getenv("PAYCONFORM_CANDIDATE"), Timeout: timeout, Dir: os.Getenv("PAYCONFORM_CANDIDATE_DIR"),
			Env: candidate.IsolatedEnv(os.Getenv, home, strings.Split(os.Getenv("PAYCONFORM_CANDIDATE_ENV"), ","))}
		s, err := certify.Start(ctx, runner, certify.Options{Deadline: time.Now().Add(total), NoSession: os.Getenv("PAYCONFORM_CANDIDATE_SESSION") == "off"})
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(s.Close)
		session = s
		conformance.SetRedactor(s.Config.Secrets()...)
		AddReportEntry(entry.Target, "candidate, against payconform's verifying mock", ReportEntryVisibilityNever)
		AddReportEntry(entry.Description, entry.DescriptionEntry{Description: s.Description, Error: errText(s.DescribeErr)}, ReportEntryVisibilityNever)
		if s.DescribeErr != nil {
			// Nothing else can be judged of an adapter that cannot say what it is: stop here.
			AbortSuite("the candidate's describe failed, so no case was run: " + session.Redact(s.DescribeErr.Error()))
		}
		d := s.Description
		mode := "one process per case"
		if _, ok := s.Caller.(*candidate.Session); ok {
			mode = "session mode, one process for the run"
		}
		fmt.Fprintf(os.Stderr, "payconform: certifying %s %s (%s, %s); it offers %s\n", d.Name, d.Version, d.Language, mode, strings.Join(d.Operations, ", "))
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
			sent := 0
			for _, o := range outcomes {
				if o.NotRun != "" {
					Skip(o.NotRun)
				}
				sent += len(o.Entries)
			}
			if len(outcomes) > 0 && network(outcomes[0].Case.Operation) && sent == 0 {
				Skip(notJudged(outcomes[0].Case.Operation))
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
		judged(r, c, o, func() []verdict.Problem { return c.Judge(ctx, session, o) })
	}, entries...)
}

// judged skips a declined operation and a case that was not run, makes a check "not judged"
// when the client sent no request (only the route check fails for that), attaches the
// candidate's redacted stderr to a failing case, and hands the problems to the requirement.
func judged(r conformance.Req, c certify.Check, o *certify.Outcome, judge func() []verdict.Problem) {
	GinkgoHelper()
	switch {
	case o.NotRun != "":
		Skip(o.NotRun)
	case o.Unsupported():
		Skip(entry.UnsupportedReason(o.Case.Operation))
	case o.Err == nil && !c.Route && network(o.Case.Operation) && len(o.Entries) == 0:
		reason := notJudged(o.Case.Operation)
		AddReportEntry(entry.NotJudged, reason, ReportEntryVisibilityNever)
		Skip(reason)
	}
	problems := judge()
	if len(problems) > 0 && len(o.Run.Stderr) > 0 {
		AddReportEntry(entry.Stderr, session.Redact(clip(string(o.Run.Stderr))), ReportEntryVisibilityFailureOrVerbose)
	}
	r.Judge(problems...)
}

// network reports whether an operation calls base_url.
func network(op string) bool {
	_, o, ok := provider.OperationByName(op)
	return ok && o.Network
}

// notJudged is the reason a check of op is not judged when the client sent nothing.
func notJudged(op string) string {
	route := "its route requirement"
	for _, o := range certify.Operations() {
		if o.Name != op {
			continue
		}
		for _, c := range o.Checks {
			if c.Route {
				route = c.Requirement
			}
		}
	}
	return fmt.Sprintf("not judged: the client sent no request to base_url, so there was nothing to judge; %s judges that", route)
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
