package certify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mockapi"
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/redact"
)

// Session is one worker's certification run: its own verifying mock, the candidate, and every
// case's outcome. Cases run one at a time against a journal cleared before each; a parallel run
// gives each worker its own Session, so its own mock.
type Session struct {
	Runner      candidate.Runner
	Mock        *mock.Server
	Config      mock.Config
	BaseURL     string
	Description candidate.Description
	// DescribeErr is why describe failed, if it did; the cases still run.
	DescribeErr error

	redactor *redact.Redactor
	stop     func()

	mu       sync.Mutex
	outcomes map[string]*Outcome
}

// Outcome is what happened in one case.
type Outcome struct {
	Case Case
	Run  candidate.Run
	// Err is a *candidate.ProtocolError when the candidate broke the protocol.
	Err error
	// Entries are the requests the mock recorded during the case, in order.
	Entries []mockapi.Entry
}

// Unsupported reports whether the candidate declined the operation.
func (o *Outcome) Unsupported() bool {
	return o.Err == nil && !o.Run.Response.OK && o.Run.Response.Unsupported
}

// Start serves a fresh verifying mock on loopback, with credentials generated for the run, and
// asks the candidate to describe itself.
func Start(ctx context.Context, runner candidate.Runner) (*Session, error) {
	cfg := mock.Config{JournalSize: 256, Verifying: true}
	cfg.Generate()
	srv, err := mock.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("start verifying mock: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start verifying mock: %w", err)
	}
	serveCtx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = mock.Serve(serveCtx, ln, srv); close(done) }()
	s := &Session{
		Runner: runner, Mock: srv, Config: cfg, BaseURL: "http://" + ln.Addr().String(),
		redactor: redact.New(cfg.Secrets()...),
		stop:     func() { cancel(); <-done },
		outcomes: map[string]*Outcome{},
	}
	s.Description, _, s.DescribeErr = runner.Describe(ctx)
	return s, nil
}

// Close stops the mock.
func (s *Session) Close() { s.stop() }

// Redact masks the session's secrets in text that leaves the harness (a candidate's stderr).
func (s *Session) Redact(text string) string { return s.redactor.String(text) }

// Outcome runs a case once and remembers it; every requirement that judges the case reads the
// same outcome.
func (s *Session) Outcome(ctx context.Context, c Case) *Outcome {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.outcomes[c.ID]; ok {
		return o
	}
	s.Mock.Journal().Clear()
	s.Mock.SetInjection(c.Inject)
	defer s.Mock.SetInjection(mock.NoInjection)
	creds := s.credentials(c.Operation)
	if c.Credentials != nil { // known-answer vectors carry their own, public, keys
		creds = c.Credentials
	}
	run, err := s.Runner.Do(ctx, candidate.Request{
		CaseID: c.ID, Operation: c.Operation, BaseURL: s.BaseURL,
		Credentials: creds, Input: c.input(s.Config.Credentials),
	})
	var pe *candidate.ProtocolError
	if err != nil && !errors.As(err, &pe) {
		err = fmt.Errorf("run candidate: %w", err)
	}
	o := &Outcome{Case: c, Run: run, Err: err, Entries: s.Mock.Journal().Entries()}
	s.outcomes[c.ID] = o
	return o
}

// Outcomes runs every case and returns their outcomes, in order.
func (s *Session) Outcomes(ctx context.Context, cases []Case) []*Outcome {
	out := make([]*Outcome, len(cases))
	for i, c := range cases {
		out[i] = s.Outcome(ctx, c)
	}
	return out
}

// credentials are the keys an operation hands the candidate, as its provider names them.
func (s *Session) credentials(op string) map[string]string {
	_, o, ok := provider.OperationByName(op)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for key, name := range o.Credentials {
		out[key] = s.Config.Var(name)
	}
	return out
}

// Input is a case's input as this session hands it to the candidate.
func (s *Session) Input(c Case) any { return c.input(s.Config.Credentials) }
