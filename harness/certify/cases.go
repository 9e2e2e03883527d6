// Package certify certifies a client under test: it plays the providers with a verifying mock,
// drives the candidate through the candidate protocol case by case, and judges both every request
// the mock recorded and every answer the candidate gave. Each provider registers its operations'
// cases and checks (harness/<provider>/conform); the certify suite turns every registered check
// into specs, and harness/report turns the run into a certificate. The package names no provider.
package certify

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/verdict"
)

// Case is one invocation of the candidate.
type Case struct {
	// ID is "<operation>.<kind>.<name>" (<provider>.<operation>.ok.plain).
	ID        string
	Operation string
	// Title is what the spec entry says of the case.
	Title string
	// Input is the operation's input, encoded as the protocol carries it. Prepare, when set,
	// builds it instead from the session's variables (an agent the mock generated).
	Input   any
	Prepare func(vars map[string]string) any
	// Inject is what the mock answers with instead of its normal answer.
	Inject mock.Injection
	// Credentials, when set, replace the operation's (the public keys of a signing vector).
	Credentials map[string]string
	// Vector is what a known-answer case is judged against, in its provider's own type.
	Vector any
}

// input is the case's input for a session with these variables.
func (c Case) input(vars map[string]string) any {
	if c.Prepare != nil {
		return c.Prepare(vars)
	}
	return c.Input
}

// JudgeFunc judges one case's outcome.
type JudgeFunc func(ctx context.Context, s *Session, o *Outcome) []verdict.Problem

// On is a JudgeFunc that needs only the outcome.
func On(f func(o *Outcome) []verdict.Problem) JudgeFunc {
	return func(_ context.Context, _ *Session, o *Outcome) []verdict.Problem { return f(o) }
}

// Refusal judges a fault case: the candidate answers ok:false and, when wantCode is given,
// carries the provider's code; ifAccepted is the defect an ok:true most likely comes from.
func Refusal(wantCode string, ifAccepted verdict.Defect) JudgeFunc {
	return On(func(o *Outcome) []verdict.Problem { return FaultRefused(o, wantCode, ifAccepted) })
}

// Check is one certification requirement's judgement.
type Check struct {
	Requirement string
	// Cases are judged one by one with Judge, or all together with Whole.
	Cases []Case
	Judge JudgeFunc
	// Whole judges every outcome of Cases at once (no randomKey used twice in the run).
	Whole func(ctx context.Context, s *Session, outcomes []*Outcome) []verdict.Problem
	// Route marks the operation's route check, the one that fails when the client sends no
	// request; every other check of a network operation is then not judged.
	Route bool
}

// Operation is one operation's certification: its checks, in catalogue order.
type Operation struct {
	Name   string
	Checks []Check
}

var (
	mu         sync.Mutex
	operations []Operation
)

// Register adds an operation's certification; a provider's conform package calls it from init.
func Register(op Operation) {
	mu.Lock()
	defer mu.Unlock()
	operations = append(operations, op)
}

// Operations lists the registered operations, sorted by name.
func Operations() []Operation {
	mu.Lock()
	defer mu.Unlock()
	out := slices.Clone(operations)
	slices.SortFunc(out, func(a, b Operation) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// FaultCases is one case per injected wrong answer for an operation, built from one of its
// success cases.
func FaultCases(ok Case, faults ...mock.Injection) map[mock.Injection]Case {
	if len(faults) == 0 {
		faults = []mock.Injection{mock.InjectEnvelope, mock.InjectServerError, mock.InjectMalformed, mock.InjectWrongContentType}
	}
	out := map[mock.Injection]Case{}
	for _, f := range faults {
		c := ok
		c.ID = strings.Replace(ok.ID, ".ok.", ".fault.", 1) + "." + f.String()
		c.Title = "the mock answers with " + faultTitles[f]
		c.Inject = f
		out[f] = c
	}
	return out
}

// FaultList is FaultCases' cases in the order of mock.Injections.
func FaultList(m map[mock.Injection]Case) []Case {
	var out []Case
	for _, f := range mock.Injections {
		if c, ok := m[f]; ok {
			out = append(out, c)
		}
	}
	return out
}

var faultTitles = map[mock.Injection]string{
	mock.InjectEnvelope:         "the provider's failure envelope",
	mock.InjectEnvelope200:      "the provider's documented failure on HTTP 200",
	mock.InjectServerError:      "HTTP 500 and an HTML page",
	mock.InjectMalformed:        "HTTP 200 and truncated JSON",
	mock.InjectWrongContentType: "a valid body labelled text/html",
}
