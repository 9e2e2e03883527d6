// Package certifysuite declares the certification suite: for every registered operation, one
// spec per certification requirement, each a table over the operation's cases, run against one
// verifying mock per Ginkgo process. suites/certify is this package and nothing else; a
// provider's own tests may declare it over their own registrations.
package certifysuite

import (
	"errors"
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
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/sandbox"
	"github.com/payconform/payconform/harness/verdict"
)

// Main is the suite's TestMain: the suite's binary is also the agent of the sandbox its
// adapter runs in (sandbox.Agent), which must run before the test flags are parsed.
func Main(m *testing.M) {
	sandbox.Agent()
	os.Exit(m.Run())
}

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
		settings, err := certify.FromEnv(os.Getenv)
		Expect(err).NotTo(HaveOccurred())
		// The adapter's home is fresh and empty; its environment is an allow-list.
		home, err := os.MkdirTemp("", "payconform-candidate-home-")
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(os.RemoveAll, home)
		runner := candidate.Runner{Command: os.Getenv("PAYCONFORM_CANDIDATE"), Timeout: settings.CaseTimeout, Dir: os.Getenv("PAYCONFORM_CANDIDATE_DIR"),
			Env: candidate.IsolatedEnv(os.Getenv, home, settings.Env), Sandbox: settings.Sandbox}
		isolation := entry.IsolationEntry{Isolated: settings.Sandbox != nil, Environment: settings.EnvironmentWords(), WorkDir: settings.WorkDirWords(runner.Dir)}
		if settings.Sandbox != nil {
			if err := sandbox.Available(); err != nil {
				AbortSuite("the sandbox cannot be made here, so no adapter was run: " + err.Error() +
					"; install bubblewrap and allow user namespaces (or run as root), or set PAYCONFORM_ISOLATION=none to certify without a sandbox (payconform verify then refuses the certificate unless given --allow-unisolated)")
			}
			isolation.Sandbox = sandbox.Describe(*settings.Sandbox)
		} else {
			isolation.Sandbox = []string{"none: PAYCONFORM_ISOLATION=none; the adapter ran as payconform's user, in payconform's namespaces, seeing its files, processes and network"}
		}
		agent, _ := os.Executable()
		s, err := certify.Start(ctx, runner, certify.Options{Deadline: time.Now().Add(settings.Total), NoSession: settings.NoSession, Agent: agent})
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(s.Close)
		session = s
		isolation.Mode = s.Mode
		var sbx *sandbox.Error
		if errors.As(s.DescribeErr, &sbx) {
			// payconform's failure, not the adapter's: no verdict, a harness error.
			Fail("harness error: the adapter's sandbox could not be made: " + sbx.Error())
		}
		conformance.SetRedactor(s.Config.Secrets()...)
		AddReportEntry(entry.Target, "candidate, against payconform's verifying mock", ReportEntryVisibilityNever)
		AddReportEntry(entry.Isolation, isolation, ReportEntryVisibilityNever)
		AddReportEntry(entry.Description, entry.DescriptionEntry{Description: s.Description, Error: errText(s.DescribeErr)}, ReportEntryVisibilityNever)
		if s.DescribeErr != nil {
			// Nothing else can be judged of an adapter that cannot say what it is: stop here.
			AbortSuite("the candidate's describe failed, so no case was run: " + session.Redact(s.DescribeErr.Error()))
		}
		d := s.Description
		fmt.Fprintf(os.Stderr, "payconform: certifying %s %s (%s, %s); it offers %s\n", d.Name, d.Version, d.Language, s.Mode, strings.Join(d.Operations, ", "))
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
			switch unsupported := countUnsupported(outcomes); {
			case len(outcomes) > 0 && unsupported == len(outcomes):
				Skip(entry.UnsupportedReason(outcomes[0].Case.Operation))
			case unsupported > 0:
				r.Judge(verdict.Problem{Expected: "every case of the operation answered, or every one declined (unsupported)",
					Got: fmt.Sprintf("unsupported in %d of %d cases", unsupported, len(outcomes)), Defect: certify.PartlyDeclined})
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

// countUnsupported counts the outcomes the candidate declined.
func countUnsupported(outcomes []*certify.Outcome) int {
	n := 0
	for _, o := range outcomes {
		if o.Unsupported() {
			n++
		}
	}
	return n
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
