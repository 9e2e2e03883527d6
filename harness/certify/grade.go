package certify

import (
	"context"
	"fmt"
	"strings"

	"github.com/payconform/payconform/harness/mock"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/verdict"
)

// Judgement is one requirement judged on one case, or on every case of a Whole check: what the
// certify suite's spec for it does (skip with a reason, fail with messages, pass with warnings)
// and the report entries it attaches. The certify suite turns it into Ginkgo's Skip, Fail and
// AddReportEntry; a hosted judge turns it into a report.CaseResult directly. Both come from the
// one function that judges, so a local and a hosted certification of the same answers agree
// requirement by requirement and message by message.
type Judgement struct {
	Requirement string
	Operation   string
	// Name is the spec's name: "<case id>: <title>" for a case, the requirement's title for a
	// Whole check.
	Name string
	// Skip is why the spec was skipped ("not run: ...", "not certified for ...", "not judged:
	// ..."); NotJudged says the skip is a not-judged (a precondition that did not hold).
	Skip      string
	NotJudged bool
	// Failure is a failed MUST's findings, one line each; empty when it did not fail.
	Failure string
	// Findings are every problem held against the requirement; Warnings the messages of a
	// SHOULD's problems (the spec passes with them).
	Findings []entry.FindingEntry
	Warnings []string
	// Stderr is the adapter's redacted stderr, attached to a case with problems.
	Stderr string
}

// CaseResult is the judgement as the certificate counts it.
func (j Judgement) CaseResult() report.CaseResult {
	skipped, failed := j.Skip != "" && j.Failure == "", j.Failure != ""
	reason := j.Skip
	if failed {
		reason = j.Failure
	}
	cr := report.CaseResult{Requirement: j.Requirement, Operation: j.Operation, Case: j.Name,
		Outcome: report.ClassifyCase(skipped, failed, reason, len(j.Warnings) > 0)}
	switch cr.Outcome {
	case report.CaseFailed:
		cr.Messages, cr.Stderr = strings.Split(j.Failure, "\n"), j.Stderr
	case report.CaseWarned:
		cr.Warnings = j.Warnings
	}
	return cr
}

// hold holds problems against a requirement, as conformance.Req.Judge does in a Ginkgo spec: a
// MUST with problems fails with every finding; a SHOULD's become warnings. It reports whether
// the spec stops here (a failure).
func (s *Session) hold(j *Judgement, problems []verdict.Problem) bool {
	if len(problems) == 0 {
		return false
	}
	r := verdict.MustLookup(j.Requirement)
	findings := verdict.Hold(r, problems...)
	msgs := make([]string, len(findings))
	for i, f := range findings {
		msgs[i] = s.Redact(f.Error())
		j.Findings = append(j.Findings, entry.FindingEntry{ID: r.ID, Level: string(r.Level), Expected: s.Redact(f.Expected), Got: s.Redact(f.Got), Defect: f.Defect.Class, Message: msgs[i]})
	}
	if r.Level == verdict.SHOULD {
		j.Warnings = append(j.Warnings, msgs...)
		return false
	}
	j.Failure = strings.Join(msgs, "\n")
	return true
}

// JudgeCase judges one case of a check: a declined operation and a case that was not run are
// skipped, a check other than the route's is not judged when the client sent no request, and
// the adapter's stderr goes with a case that has problems.
func (s *Session) JudgeCase(ctx context.Context, op string, c Check, o *Outcome, name string) (j Judgement) {
	j = Judgement{Requirement: c.Requirement, Operation: op, Name: name}
	switch {
	case o.NotRun != "":
		j.Skip = o.NotRun
		return j
	case o.Unsupported():
		j.Skip = entry.UnsupportedReason(o.Case.Operation)
		return j
	case o.Err == nil && o.Case.Inject != mock.NoInjection && Network(o.Case.Operation) && len(o.Entries) == 0:
		// A fault is the provider's wrong answer to a request: without the request the client
		// met no fault, and its answer, a refusal or not, says nothing of how it meets one.
		s.hold(&j, []verdict.Problem{{Expected: "a request to the provider, whose wrong answer (" + o.Case.Inject.String() + ") the client then handles",
			Got: "no request reached the mock; the adapter answered " + answerWords(o), Defect: UnseenFault}})
		return j
	case o.Err == nil && !c.Route && Network(o.Case.Operation) && len(o.Entries) == 0:
		j.Skip, j.NotJudged = NotJudgedReason(o.Case.Operation), true
		return j
	}
	defer s.recoverInto(&j)
	problems := c.Judge(ctx, s, o)
	if len(problems) > 0 && len(o.Run.Stderr) > 0 {
		j.Stderr = s.Redact(clipStderr(string(o.Run.Stderr)))
	}
	s.hold(&j, problems)
	return j
}

// JudgeWhole judges every outcome of a Whole check at once: all declined is unsupported, some
// declined fails the operation as partly declined, a case not run skips it, and a network
// operation that sent nothing at all is not judged.
func (s *Session) JudgeWhole(ctx context.Context, op string, c Check, outcomes []*Outcome) (j Judgement) {
	j = Judgement{Requirement: c.Requirement, Operation: op, Name: verdict.MustLookup(c.Requirement).ID + ": " + verdict.MustLookup(c.Requirement).Text}
	switch unsupported := countUnsupported(outcomes); {
	case len(outcomes) > 0 && unsupported == len(outcomes):
		j.Skip = entry.UnsupportedReason(outcomes[0].Case.Operation)
		return j
	case unsupported > 0:
		if s.hold(&j, []verdict.Problem{{Expected: "every case of the operation answered, or every one declined (unsupported)",
			Got: fmt.Sprintf("unsupported in %d of %d cases", unsupported, len(outcomes)), Defect: PartlyDeclined}}) {
			return j
		}
	}
	sent := 0
	for _, o := range outcomes {
		if o.NotRun != "" {
			j.Skip = o.NotRun
			return j
		}
		sent += len(o.Entries)
	}
	if len(outcomes) > 0 && Network(outcomes[0].Case.Operation) && sent == 0 {
		j.Skip = NotJudgedReason(outcomes[0].Case.Operation)
		return j
	}
	defer s.recoverInto(&j)
	s.hold(&j, c.Whole(ctx, s, outcomes))
	return j
}

// recoverInto turns a check that panicked into a failed spec, as Ginkgo does.
func (s *Session) recoverInto(j *Judgement) {
	if v := recover(); v != nil {
		j.Failure = s.Redact(fmt.Sprintf("harness error: the check of %s panicked: %v", j.Requirement, v))
	}
}

// Grade judges every registered check over the session's outcomes, spec by spec in the order the
// certify suite declares them: a hosted judge's whole verdict. A case the session has no outcome
// for is run by Outcome (for a recorded session: not run).
func Grade(ctx context.Context, s *Session) []Judgement {
	var out []Judgement
	for _, op := range Operations() {
		for _, c := range op.Checks {
			if c.Whole != nil {
				out = append(out, s.JudgeWhole(ctx, op.Name, c, s.Outcomes(ctx, c.Cases)))
				continue
			}
			for _, cs := range c.Cases {
				out = append(out, s.JudgeCase(ctx, op.Name, c, s.Outcome(ctx, cs), CaseName(cs)))
			}
		}
	}
	return out
}

// CaseName is a case's spec name.
func CaseName(c Case) string { return c.ID + ": " + c.Title }

// AllCases lists every case of the registered operations once, in the order a sequential run
// first needs them: operation by operation, check by check.
func AllCases() []Case {
	var out []Case
	seen := map[string]bool{}
	for _, op := range Operations() {
		for _, c := range op.Checks {
			for _, cs := range c.Cases {
				if !seen[cs.ID] {
					seen[cs.ID] = true
					out = append(out, cs)
				}
			}
		}
	}
	return out
}

// countUnsupported counts the outcomes the candidate declined.
func countUnsupported(outcomes []*Outcome) int {
	n := 0
	for _, o := range outcomes {
		if o.Unsupported() {
			n++
		}
	}
	return n
}

// Network reports whether an operation calls base_url.
func Network(op string) bool {
	_, o, ok := provider.OperationByName(op)
	return ok && o.Network
}

// NotJudgedReason is the reason a check of op is not judged when the client sent nothing.
func NotJudgedReason(op string) string {
	route := "its route requirement"
	for _, o := range Operations() {
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

func clipStderr(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "…"
	}
	return s
}

// answerWords says in a few words what the adapter answered.
func answerWords(o *Outcome) string {
	if o.Run.Response.OK {
		return "ok:true"
	}
	return "ok:false (a refusal)"
}
