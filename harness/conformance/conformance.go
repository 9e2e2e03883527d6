// Package conformance is the Ginkgo side of the harness: it declares specs from catalogue
// requirements, turns findings into failures (MUST) and warnings (SHOULD), tells infrastructure
// errors apart from verdicts, holds the one target a suite runs against, and checks in
// ReportAfterSuite that the catalogue and the specs match one to one.
//
// Suites stay thin: a spec names its requirement, asks the harness to send and to judge, and
// hands the problems to Judge.
package conformance

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/labels"
	"github.com/payconform/payconform/harness/redact"
	"github.com/payconform/payconform/harness/target"
	"github.com/payconform/payconform/harness/vectorset"
	"github.com/payconform/payconform/harness/verdict"
)

// Req is a catalogue requirement, ready to declare specs.
type Req struct{ verdict.Requirement }

// Require looks a requirement up; an unknown ID panics during tree construction, which Ginkgo
// reports as a failed suite.
func Require(id string) Req { return Req{verdict.MustLookup(id)} }

// Title is the spec name: the ID, then the requirement's sentence, which carries its level.
func (r Req) Title() string { return r.ID + ": " + r.Text }

// Labels are the spec's Ginkgo labels, checked against the closed set.
func (r Req) Labels(extra ...string) Labels {
	all := append(labels.For(r.Requirement), extra...)
	for _, l := range all {
		if err := labels.Check(l); err != nil {
			panic(err)
		}
	}
	return Label(all...)
}

// It declares the requirement's spec. Against a target where the requirement cannot apply (a
// mock-only check against a custom server, a heavy one against a sandbox), the spec skips and
// says why.
func (r Req) It(body func(ctx SpecContext), decorators ...any) bool {
	args := append([]any{r.Labels(), Offset(1)}, decorators...)
	args = append(args, func(ctx SpecContext) {
		r.skipIfNotApplicable()
		body(ctx)
	})
	return It(r.Title(), args...)
}

// Table declares a requirement's spec as a table with one entry per case (one per vector for
// known-answer tests). It skips like It where the requirement cannot apply.
func Table[T any](r Req, body func(ctx SpecContext, c T), entries ...TableEntry) bool {
	args := []any{r.Labels(), Offset(1), func(ctx SpecContext, c T) {
		r.skipIfNotApplicable()
		body(ctx, c)
	}}
	for _, e := range entries {
		args = append(args, e)
	}
	return DescribeTable(r.Title(), args...)
}

// ProviderSuite selects a provider suite's requirements: the provider's, but for the
// certification (CERT) ones, which the certify suite checks.
func ProviderSuite(provider string) func(verdict.Requirement) bool {
	return func(r verdict.Requirement) bool { return r.Provider() == provider && r.Area() != "CERT" }
}

// CertifySuite selects the certification requirements of every provider.
func CertifySuite(r verdict.Requirement) bool { return r.Area() == "CERT" }

// SuiteEnabled reports whether SUITES (a comma-separated list; empty means all) names suite.
func SuiteEnabled(suite string) bool {
	list := os.Getenv("SUITES")
	if strings.TrimSpace(list) == "" {
		return true
	}
	for _, s := range strings.Split(list, ",") {
		if strings.TrimSpace(s) == suite {
			return true
		}
	}
	return false
}

func (r Req) skipIfNotApplicable() {
	t := current
	switch {
	case t == nil:
		return
	case r.MockOnly && !t.IsMock():
		Skip(fmt.Sprintf("not applicable: %s relies on the mock's own data; the target is %s", r.ID, t.Kind))
	case r.ProviderData && t.Kind == target.Custom:
		Skip(fmt.Sprintf("not applicable: %s checks data only the provider's sandbox and the mock hold; the target is custom", r.ID))
	case r.NotSandboxSafe && t.Kind == target.Sandbox:
		Skip(fmt.Sprintf("not applicable: %s is not sent to a provider sandbox (it is heavy or odd)", r.ID))
	}
}

// Judge holds problems against the requirement. A MUST with problems fails the spec with every
// finding in the message; a SHOULD with problems passes with a warning in the reports.
func (r Req) Judge(problems ...verdict.Problem) {
	GinkgoHelper()
	if len(problems) == 0 {
		return
	}
	findings := verdict.Hold(r.Requirement, problems...)
	msgs := make([]string, len(findings))
	for i, f := range findings {
		msgs[i] = Redact(f.Error())
		AddReportEntry(entry.Finding, entry.FindingEntry{ID: r.ID, Level: string(r.Level), Expected: Redact(f.Expected), Got: Redact(f.Got), Defect: f.Defect.Class, Message: msgs[i]}, ReportEntryVisibilityNever)
	}
	if r.Level == verdict.SHOULD {
		for _, m := range msgs {
			AddReportEntry(entry.Warning, m)
		}
		return
	}
	Fail(strings.Join(msgs, "\n"))
}

// Reached stops the spec when a request could not be sent. A transport error is an
// infrastructure error, reported apart from verdicts: the target was not asked, so it neither
// passed nor failed. Any other error is a harness error.
func (r Req) Reached(err error) {
	GinkgoHelper()
	if err == nil {
		return
	}
	skipIfNotApplicable(err)
	if exchange.IsTransport(err) {
		msg := Redact(fmt.Sprintf("INFRASTRUCTURE ERROR, not a verdict on %s: %v", r.ID, err))
		AddReportEntry(entry.Error, msg, ReportEntryVisibilityNever)
		Fail(msg)
	}
	Fail(Redact(fmt.Sprintf("harness error in %s: %v", r.ID, err)))
}

// Given stops a spec whose precondition did not hold (a success to judge, say), as not judged:
// a skip that says what happened instead and which requirement judges that. A check whose
// precondition never happened is never a pass, and never a list of empty-field mismatches.
func (r Req) Given(problems []verdict.Problem, judgedBy string) {
	GinkgoHelper()
	if len(problems) == 0 {
		return
	}
	reason := Redact(fmt.Sprintf("not judged: %s; %s judges that", problems[0].Got, judgedBy))
	AddReportEntry(entry.NotJudged, reason, ReportEntryVisibilityNever)
	Skip(reason)
}

// Need skips the spec when err is a NotApplicableError (credentials missing, ...), and fails it
// as a harness error otherwise.
func Need(err error) {
	GinkgoHelper()
	if err == nil {
		return
	}
	skipIfNotApplicable(err)
	Fail(Redact(fmt.Sprintf("harness error: %v", err)))
}

// skipIfNotApplicable skips the spec, giving the reason, when err is a NotApplicableError.
func skipIfNotApplicable(err error) {
	GinkgoHelper()
	var na *target.NotApplicableError
	if errors.As(err, &na) {
		Skip(Redact(na.Error()))
	}
}

// redactor masks the run's secrets in everything a spec writes: its target's, or a
// certification's. Text copied from a target's answer or a candidate's output passes through it
// before it reaches a message, a report entry or a skip reason.
var redactor *redact.Redactor

// SetRedactor makes every later message mask these secrets.
func SetRedactor(secrets ...string) { redactor = redact.New(secrets...) }

// Redact masks the run's secrets in s.
func Redact(s string) string { return redactor.String(s) }

// current is the suite's target. A suite process runs one suite, so one variable is enough.
var current *target.Target

// Target is the suite's target; specs get it here and never build their own.
func Target() *target.Target { return current }

// useTarget registers the suite-level nodes that select the target once (process 1 starts a mock
// if the target is one), share it with parallel processes, and stop it at the end.
func useTarget() {
	SynchronizedBeforeSuite(func(ctx SpecContext) []byte {
		kind := os.Getenv("PAYCONFORM_TARGET")
		if kind == "" {
			kind = string(target.Mock)
		}
		AddReportEntry(entry.Target, kind, ReportEntryVisibilityNever)
		t, err := target.Select(ctx, os.Getenv, os.Stderr)
		if t != nil {
			DeferCleanup(func(ctx context.Context) error { return t.Close(ctx) })
		}
		var na *target.NotApplicableError
		if errors.As(err, &na) {
			Skip(fmt.Sprintf("not applicable: target %s: %s", os.Getenv("PAYCONFORM_TARGET"), na.Reason))
		}
		if err != nil {
			Fail(fmt.Sprintf("select target: %v", err))
		}
		return t.Marshal(os.Getenv("PAYCONFORM_CA_FILE"))
	}, func(data []byte) {
		t, err := target.Unmarshal(data)
		if err != nil {
			Fail(err.Error())
		}
		current = t
		SetRedactor(t.Secrets()...)
	})
}

// CheckCatalogue is run in ReportAfterSuite: every spec of the suite names exactly one
// requirement that belongs to the suite (in), every such requirement has exactly one spec (a
// table counts once), and no two specs share a full name.
func CheckCatalogue(report Report, in func(verdict.Requirement) bool) error {
	for _, s := range report.SpecReports {
		if (s.LeafNodeType == types.NodeTypeBeforeSuite || s.LeafNodeType == types.NodeTypeSynchronizedBeforeSuite) && s.State.Is(types.SpecStateFailureStates) {
			return nil // the suite stopped in its setup, which says why; its specs did not run
		}
	}
	var problems []string
	specsOf := map[string]map[string]bool{}
	names := map[string]int{}
	for _, s := range report.SpecReports {
		if s.LeafNodeType != types.NodeTypeIt {
			continue
		}
		full := s.FullText()
		names[full]++
		ids := verdict.IDPattern.FindAllString(strings.Join(append(s.ContainerHierarchyTexts, s.LeafNodeText), "\n"), -1)
		ids = dedupe(ids)
		if len(ids) != 1 {
			problems = append(problems, fmt.Sprintf("spec %q names %d requirement IDs, want exactly one", full, len(ids)))
			continue
		}
		r, ok := verdict.Lookup(ids[0])
		if !ok || !in(r) {
			problems = append(problems, fmt.Sprintf("spec %q names %s, which is not one of this suite's requirements", full, ids[0]))
			continue
		}
		// A table's entries share their requirement; count the table as one spec.
		container := strings.Join(s.ContainerHierarchyTexts, "/")
		if specsOf[ids[0]] == nil {
			specsOf[ids[0]] = map[string]bool{}
		}
		if strings.Contains(container, ids[0]) {
			specsOf[ids[0]][container] = true
		} else {
			specsOf[ids[0]][full] = true
		}
	}
	for _, r := range verdict.Catalogue("") {
		if !in(r) {
			continue
		}
		switch n := len(specsOf[r.ID]); {
		case n == 0:
			problems = append(problems, fmt.Sprintf("requirement %s has no spec", r.ID))
		case n > 1:
			problems = append(problems, fmt.Sprintf("requirement %s has %d specs, want one", r.ID, n))
		}
	}
	for name, n := range names {
		if n > 1 {
			problems = append(problems, fmt.Sprintf("%d specs share the name %q", n, name))
		}
	}
	if len(problems) > 0 {
		return errors.New("catalogue and specs disagree:\n  " + strings.Join(problems, "\n  "))
	}
	return nil
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// VectorEntry is one table entry for one vector: named "<file> #<id> <comment>", labelled with
// the defect classes it models, and located at the vector's line in its file.
func VectorEntry(name, file string, line int, defects []verdict.Defect, params ...any) TableEntry {
	ls := make([]string, 0, len(defects))
	for _, d := range defects {
		l := labels.Defect(d.Class)
		if err := labels.Check(l); err != nil {
			panic(err)
		}
		ls = append(ls, l)
	}
	args := append([]any{}, params...)
	if len(ls) > 0 {
		args = append(args, Label(ls...))
	}
	args = append(args, types.CodeLocation{FileName: "vectors/" + file, LineNumber: line})
	return Entry(name, args...)
}

// VectorEntries makes one VectorEntry per vector of f that keep accepts (all if keep is nil),
// with the vector itself as the entry's parameter.
func VectorEntries[T vectorset.Test](f *vectorset.File[T], keep func(vectorset.Meta) bool) []TableEntry {
	var out []TableEntry
	for _, t := range f.Tests() {
		m := t.Vector()
		if keep != nil && !keep(m) {
			continue
		}
		out = append(out, VectorEntry(f.TestName(m), f.Name, f.Line(m.ID), f.Defects(m), t))
	}
	return out
}

var (
	sentMu sync.Mutex
	sent   = map[string]*sentOnce{}
)

type sentOnce struct {
	once    sync.Once
	ex      *exchange.Exchange
	err     error
	entries []entry.ExchangeEntry
}

// SendOnce sends a request once per process for a key (a vector's file and id) and gives every
// later caller the same exchange: several requirements judge the same request (refused; with the
// documented envelope; without a 5xx), and a provider's sandbox should see it once. Every spec
// that uses the exchange gets it in its evidence. send must not Skip or Fail: get the client
// before, outside it.
func SendOnce(key string, send func() (*exchange.Exchange, error)) (*exchange.Exchange, error) {
	sentMu.Lock()
	s, ok := sent[key]
	if !ok {
		s = &sentOnce{}
		sent[key] = s
	}
	sentMu.Unlock()
	first := false
	s.once.Do(func() {
		first = true
		mark := evidenceLen()
		s.ex, s.err = send()
		s.entries = taken(mark)
	})
	if !first {
		note(s.entries)
	}
	return s.ex, s.err
}

// Vectors are a provider's request vectors: each describes a request in terms of any target's
// credentials, so that one file serves the mock and a sandbox alike.
type Vectors[T vectorset.Test] struct {
	File func() *vectorset.File[T]
	// Sender prepares the function that sends v to the suite's target. It runs inside the spec
	// and may Skip (a target without credentials); the function it returns must not.
	Sender func(v T) func(ctx context.Context) (*exchange.Exchange, error)
	// Prime, when set, prepares a correct request that is sent, and its answer ignored, right
	// before each vector a server must refuse: a server that trusts a client for a while after
	// granting it lets the refusal through, whatever order the specs run in (red team,
	// 2026-12-02: such a server passed when Ginkgo's random order ran the probes first).
	Prime func() func(ctx context.Context)
}

// Judge judges one vector's exchange.
type Judge[T any] func(ctx context.Context, v T, ex *exchange.Exchange) []verdict.Problem

// OnExchange is a Judge that looks at the exchange alone.
func OnExchange[T any](f func(ex *exchange.Exchange) []verdict.Problem) Judge[T] {
	return func(_ context.Context, _ T, ex *exchange.Exchange) []verdict.Problem { return f(ex) }
}

// Of lists the vectors whose spec is one of ids.
func (vs Vectors[T]) Of(ids ...string) []T { return vs.File().ForRequirements(ids...) }

// NotValid lists the vectors whose request is not valid: every one a server must refuse.
func (vs Vectors[T]) NotValid() []T { return vs.File().NotValid() }

// Table declares a requirement's spec as a table over vectors: those whose spec it is, unless
// only names others. Each vector is sent once per run, however many requirements judge it (a
// provider's sandbox sees each request once), and its exchange is handed to judge.
func (vs Vectors[T]) Table(r Req, judge Judge[T], only ...T) bool {
	f := vs.File()
	if len(only) == 0 {
		only = f.ForRequirement(r.ID)
	}
	var entries []TableEntry
	for _, v := range only {
		m := v.Vector()
		entries = append(entries, VectorEntry(f.TestName(m), f.Name, f.Line(m.ID), f.Defects(m), v))
	}
	return Table(r, func(ctx SpecContext, v T) {
		send := vs.Sender(v)
		var prime func(context.Context)
		if vs.Prime != nil && v.Vector().Result != vectorset.Valid {
			prime = vs.Prime()
		}
		ex, err := SendOnce(f.TestName(v.Vector()), func() (*exchange.Exchange, error) {
			if prime != nil {
				unrecorded(func() { prime(context.Background()) })
			}
			return send(context.Background())
		})
		r.Reached(err)
		r.Judge(judge(ctx, v, ex)...)
	}, entries...)
}
