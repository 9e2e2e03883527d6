// Package certifysuite declares the certification suite: for every registered operation, one
// spec per certification requirement, each a table over the operation's cases, run against one
// verifying mock per Ginkgo process. suites/certify is this package and nothing else; a
// provider's own tests may declare it over their own registrations.
package certifysuite

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"slices"
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
	"github.com/payconform/payconform/harness/sandbox"
)

// Main is the suite's TestMain: the suite's binary is also the agent of the sandbox its
// adapter runs in (sandbox.Agent), which must run before the test flags are parsed.
func Main(m *testing.M) {
	sandbox.Agent()
	sandbox.SealInherited()
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

	// Every run draws its cases afresh (as a hosted judge draws a session's): a signing case
	// gets new keys, whose expected header only this process knows, so that no answer can be
	// looked up in the published vectors or harvested from an earlier run's report.
	fresh := map[string]certify.Case{}
	for _, c := range certify.FreshCases(rand.Reader) {
		fresh[c.ID] = c
	}
	for _, op := range certify.Operations() {
		Describe(op.Name, func() {
			for _, c := range op.Checks {
				c.Cases = slices.Clone(c.Cases)
				for i, cs := range c.Cases {
					if f, ok := fresh[cs.ID]; ok {
						c.Cases[i] = f
					}
				}
				declare(op.Name, c)
			}
		})
	}
	return true
}

// declare turns one check into its spec: a table over its cases, or one spec over all of them.
// The session judges (certify.Session.JudgeCase, JudgeWhole), as a hosted judge's does; the spec
// only reports the judgement.
func declare(op string, c certify.Check) {
	r := conformance.Require(c.Requirement)
	if c.Whole != nil {
		r.It(func(ctx SpecContext) {
			report(session.JudgeWhole(ctx, op, c, session.Outcomes(ctx, c.Cases)))
		})
		return
	}
	var entries []TableEntry
	for _, cs := range c.Cases {
		entries = append(entries, Entry(certify.CaseName(cs), cs))
	}
	conformance.Table(r, func(ctx SpecContext, cs certify.Case) {
		report(session.JudgeCase(ctx, op, c, session.Outcome(ctx, cs), certify.CaseName(cs)))
	}, entries...)
}

// report ends a spec as its judgement says: the entries the certificate and the reports read
// (findings, warnings, the adapter's stderr, a not-judged reason), then a skip or a failure.
func report(j certify.Judgement) {
	GinkgoHelper()
	if j.Stderr != "" {
		AddReportEntry(entry.Stderr, j.Stderr, ReportEntryVisibilityFailureOrVerbose)
	}
	for _, f := range j.Findings {
		AddReportEntry(entry.Finding, f, ReportEntryVisibilityNever)
	}
	for _, w := range j.Warnings {
		AddReportEntry(entry.Warning, w)
	}
	switch {
	case j.Failure != "":
		Fail(j.Failure)
	case j.NotJudged:
		AddReportEntry(entry.NotJudged, j.Skip, ReportEntryVisibilityNever)
		Skip(j.Skip)
	case j.Skip != "":
		Skip(j.Skip)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return session.Redact(err.Error())
}
