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
	cfg := mock.Config{JournalSize: 256}
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
		redactor: redact.New(cfg.Iyzico.SecretKey, cfg.Paynet.SecretKey, cfg.Paywall.APIKeyPublic, cfg.Paywall.APIClientPublic),
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
	s.Mock.SetFault(c.Fault)
	defer s.Mock.SetFault(mock.NoFault)
	creds := s.credentials(c.Operation)
	if c.Sign != nil { // signing vectors carry their own, public, keys
		creds = &candidate.Credentials{APIKey: c.Sign.Input.APIKey, SecretKey: c.Sign.Input.SecretKey}
	}
	run, err := s.Runner.Do(ctx, candidate.Request{
		CaseID: c.ID, Operation: c.Operation, BaseURL: s.BaseURL,
		Credentials: creds, Input: c.protocolInput(s.Config),
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

// credentials are the keys an operation hands the candidate (DESIGN section 5).
func (s *Session) credentials(op string) *candidate.Credentials {
	switch op {
	case candidate.OpIyzicoSign, candidate.OpIyzicoBinCheck:
		return &candidate.Credentials{APIKey: s.Config.Iyzico.APIKey, SecretKey: s.Config.Iyzico.SecretKey}
	case candidate.OpPaynetAuthKey:
		return &candidate.Credentials{SecretKey: s.Config.Paynet.SecretKey}
	case candidate.OpPaywallToken:
		return &candidate.Credentials{APIKeyPublic: s.Config.Paywall.APIKeyPublic, APIClientPublic: s.Config.Paywall.APIClientPublic}
	}
	return nil
}
