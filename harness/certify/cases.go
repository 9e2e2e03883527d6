// Package certify certifies a client under test: it plays the providers with a verifying mock,
// drives the candidate through the candidate protocol case by case, and judges both every request
// the mock recorded and every answer the candidate gave. Each provider registers its operations'
// cases and checks (harness/<provider>/conform); the certify suite turns every registered check
// into specs, and harness/report turns the run into a certificate. The package names no provider.
package certify

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"io"
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

// Fresh gives a case fresh inputs, drawn at random, keeping its ID, its title and what it tests
// (the characters a conversation id must carry, a signing vector's shape): a hosted judge draws
// every case of a session afresh, so that no answer can be computed ahead of time or replayed
// from another session. A case that needs nothing fresh beyond the session's generated
// credentials is returned as it is.
// Draw from rnd only (RandomHex, RandomDigits, RandomInt): a hosted judge seeds it per session,
// so that any judge process draws the same cases again from the session's seed.
type Fresh func(c Case, rnd io.Reader) Case

var fresheners = map[string]Fresh{}

// RegisterFresh sets the Fresh of an operation's cases; a provider's conform package calls it
// from init.
func RegisterFresh(op string, f Fresh) {
	mu.Lock()
	defer mu.Unlock()
	fresheners[op] = f
}

// FreshCases are every case of AllCases with fresh inputs drawn from rnd, in order: the same
// rnd stream gives the same cases.
func FreshCases(rnd io.Reader) []Case {
	cases := AllCases()
	mu.Lock()
	defer mu.Unlock()
	for i, c := range cases {
		if f := fresheners[c.Operation]; f != nil {
			fresh := f(c, rnd)
			fresh.ID, fresh.Operation, fresh.Title = c.ID, c.Operation, c.Title
			cases[i] = fresh
		}
	}
	return cases
}

// RandomHex is n bytes from rnd, in hex.
func RandomHex(rnd io.Reader, n int) string {
	b := make([]byte, n)
	_, _ = io.ReadFull(rnd, b)
	return hex.EncodeToString(b)
}

// RandomDigits is n decimal digits from rnd, the first not 0.
func RandomDigits(rnd io.Reader, n int) string {
	b := make([]byte, n)
	_, _ = io.ReadFull(rnd, b)
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}

// RandomInt is a number in [0, n) from rnd (n small: the bias of a 32-bit draw is negligible).
func RandomInt(rnd io.Reader, n int) int {
	var b [4]byte
	_, _ = io.ReadFull(rnd, b[:])
	return int(binary.BigEndian.Uint32(b[:]) % uint32(n))
}

// SessionInput is the case's input for a session with these variables, as the candidate gets it.
func (c Case) SessionInput(vars map[string]string) any { return c.input(vars) }

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
