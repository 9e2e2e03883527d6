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
	// ID is "<operation>.<kind>.<name>" (iyzico.bin_check.ok.plain).
	ID        string
	Operation string
	// Title is what the spec entry says of the case.
	Title string
	// Input is the operation's input, encoded as the protocol carries it. Prepare, when set,
	// builds it instead from the session's variables (an agent the mock generated).
	Input   any
	Prepare func(vars map[string]string) any
	// Fault is what the mock answers with instead of its normal answer.
	Fault mock.Fault
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

// Check is one certification requirement's judgement.
type Check struct {
	Requirement string
	// Cases are judged one by one with Judge, or all together with Whole.
	Cases []Case
	Judge func(ctx context.Context, s *Session, o *Outcome) []verdict.Problem
	// Whole judges every outcome of Cases at once (no randomKey used twice in the run).
	Whole func(ctx context.Context, s *Session, outcomes []*Outcome) []verdict.Problem
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

// FaultCases is one case per fault for an operation, built from one of its success cases.
func FaultCases(ok Case, faults ...mock.Fault) map[mock.Fault]Case {
	if len(faults) == 0 {
		faults = []mock.Fault{mock.FaultEnvelope, mock.FaultServerError, mock.FaultMalformed, mock.FaultWrongContentType}
	}
	out := map[mock.Fault]Case{}
	for _, f := range faults {
		c := ok
		c.ID = strings.Replace(ok.ID, ".ok.", ".fault.", 1) + "." + f.String()
		c.Title = "the mock answers with " + faultTitles[f]
		c.Fault = f
		out[f] = c
	}
	return out
}

// FaultList is FaultCases' cases in the order of mock.Faults.
func FaultList(m map[mock.Fault]Case) []Case {
	var out []Case
	for _, f := range mock.Faults {
		if c, ok := m[f]; ok {
			out = append(out, c)
		}
	}
	return out
}

var faultTitles = map[mock.Fault]string{
	mock.FaultEnvelope:         "the provider's failure envelope",
	mock.FaultEnvelope200:      "the provider's documented failure on HTTP 200",
	mock.FaultServerError:      "HTTP 500 and an HTML page",
	mock.FaultMalformed:        "HTTP 200 and truncated JSON",
	mock.FaultWrongContentType: "a valid body labelled text/html",
}
