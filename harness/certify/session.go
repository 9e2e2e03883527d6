package certify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mockapi"
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/redact"
	"github.com/payconform/payconform/harness/sandbox"
)

// Session is one worker's certification run: its own verifying mock, the candidate, and every
// case's outcome. Cases run one at a time against a journal cleared before each; a parallel run
// gives each worker its own Session, so its own mock.
type Session struct {
	Runner candidate.Runner
	// Caller runs the cases: Runner itself, or one adapter process for the whole run when the
	// adapter's describe offers a session.
	Caller      candidate.Caller
	Mock        *mock.Server
	Config      mock.Config
	BaseURL     string
	Description candidate.Description
	// DescribeErr is why describe failed, if it did; the cases still run.
	DescribeErr error
	// Mode says how the cases ran: a session, or a process per case, and why.
	Mode string

	redactor *redact.Redactor
	stop     func()
	deadline time.Time
	// recorded, for a session whose cases ran elsewhere (a hosted judge's), is why a case with
	// no recorded outcome was not run; Outcome then runs nothing.
	recorded string

	mu       sync.Mutex
	outcomes map[string]*Outcome
	// timeouts counts each operation's consecutive timed-out cases.
	timeouts map[string]int
}

// Options bound a certification.
type Options struct {
	// Deadline ends the certification: cases not started by then are not run (zero: none).
	Deadline time.Time
	// NoSession keeps one adapter process per case even when the adapter offers a session.
	NoSession bool
	// Agent is a binary that calls sandbox.Agent first (the running suite's own): with it,
	// every adapter process of the run runs in one sandbox, a pod; without, each in its own.
	Agent string
}

// MaxConsecutiveTimeouts is how many cases of one operation may time out in a row before the
// rest of the operation's cases are not run: an adapter that hangs on an operation costs a few
// timeouts, not one per case.
const MaxConsecutiveTimeouts = 3

// Outcome is what happened in one case.
type Outcome struct {
	Case Case
	Run  candidate.Run
	// Err is a *candidate.ProtocolError when the candidate broke the protocol.
	Err error
	// Entries are the requests the mock recorded during the case, in order.
	Entries []mockapi.Entry
	// NotRun says why the case was not run (the certification's deadline passed, or the
	// operation timed out too often); empty when it ran.
	NotRun string
}

// Unsupported reports whether the candidate declined the operation.
func (o *Outcome) Unsupported() bool {
	return o.Err == nil && !o.Run.Response.OK && o.Run.Response.Unsupported
}

// sandboxBaseURL stands for the base URL in requests to a sandboxed adapter: the runner replaces
// it with the URL of the sandbox's own port.
const sandboxBaseURL = "http://127.0.0.1"

// Start makes a fresh verifying mock, with credentials generated for the run, and asks the
// candidate to describe itself. Unsandboxed, the mock listens on loopback; in a sandbox with an
// isolated network, it serves each sandbox's one port, and listens nowhere else.
func Start(ctx context.Context, runner candidate.Runner, opts Options) (*Session, error) {
	cfg := mock.Config{JournalSize: 256, Verifying: true}
	cfg.Generate()
	srv, err := mock.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("start verifying mock: %w", err)
	}
	s := &Session{
		Mock: srv, Config: cfg,
		redactor: redact.New(cfg.Secrets()...),
		stop:     func() {},
		outcomes: map[string]*Outcome{},
		timeouts: map[string]int{},
		deadline: opts.Deadline,
	}
	if runner.Sandbox != nil && runner.Sandbox.Network == sandbox.Isolated {
		runner.Serve = func(ln net.Listener) (string, func()) { return serve(ln, srv) }
		s.BaseURL = sandboxBaseURL
		if opts.Agent != "" {
			// One sandbox for the run, not one per case: its agent starts each adapter process.
			spec := *runner.Sandbox
			spec.Dir = runner.Dir
			spec.Env = runner.Env
			runner.Pod = sandbox.NewPod(spec, opts.Agent, runner.Serve)
			pod := runner.Pod
			s.stop = func() { pod.Close() }
		}
	} else {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("start verifying mock: %w", err)
		}
		s.BaseURL, s.stop = serve(ln, srv)
	}
	s.Description, _, runner.RequireID, s.DescribeErr = runner.Describe(ctx)
	s.Runner, s.Caller = runner, runner
	s.Mode = "one process per case"
	switch {
	case s.DescribeErr != nil || !s.Description.Session:
	case opts.NoSession:
		s.Mode += " (PAYCONFORM_CANDIDATE_SESSION=off)"
	case !runner.RequireID:
		s.Mode += ": describe offered a session, but its answer did not echo the request's id, and a session needs protocol v2's ids"
	default:
		session := candidate.NewSession(runner)
		s.Caller = session
		s.Mode = "session mode, one process for the run"
		stopMock := s.stop
		s.stop = func() { session.Close(); stopMock() }
	}
	return s, nil
}

// Recorded is a session whose cases ran elsewhere: a hosted judge's, built from its database.
// Its outcomes are the recorded ones (each carries its case as it was handed out, with that
// session's fresh inputs); a case with no outcome is skipped for notRun, which starts "not
// run:" when the case could have run (the certificate counts it as not run). secrets are masked beside the mock's (the keys of fresh signing cases). Nothing is
// run and no mock is served: grade it with Grade.
func Recorded(cfg mock.Config, d candidate.Description, describeErr error, outcomes []*Outcome, notRun string, secrets ...string) *Session {
	s := &Session{Config: cfg, Description: d, DescribeErr: describeErr, Mode: "hosted",
		redactor: redact.New(append(cfg.Secrets(), secrets...)...), stop: func() {},
		outcomes: map[string]*Outcome{}, timeouts: map[string]int{}, recorded: notRun}
	for _, o := range outcomes {
		s.outcomes[o.Case.ID] = o
	}
	return s
}

// serve serves the mock on ln until stopped; the URL reaches it.
func serve(ln net.Listener, srv *mock.Server) (string, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = mock.Serve(ctx, ln, srv); close(done) }()
	return "http://" + ln.Addr().String(), func() { cancel(); <-done }
}

// Close ends the adapter's session, if any, and stops the mock.
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
	if s.recorded != "" {
		o := &Outcome{Case: c, NotRun: s.recorded}
		s.outcomes[c.ID] = o
		return o
	}
	if reason := s.notRun(c.Operation); reason != "" {
		o := &Outcome{Case: c, NotRun: reason}
		s.outcomes[c.ID] = o
		return o
	}
	s.Mock.Journal().Clear()
	s.Mock.SetInjection(c.Inject)
	defer s.Mock.SetInjection(mock.NoInjection)
	creds := s.credentials(c.Operation)
	if c.Credentials != nil { // known-answer vectors carry their own, public, keys
		creds = c.Credentials
	}
	run, err := s.Caller.Do(ctx, candidate.Request{
		CaseID: c.ID, Operation: c.Operation, BaseURL: s.BaseURL,
		Credentials: creds, Input: c.input(s.Config.Credentials),
	})
	var pe *candidate.ProtocolError
	if err != nil && !errors.As(err, &pe) {
		err = fmt.Errorf("run candidate: %w", err)
	}
	o := &Outcome{Case: c, Run: run, Err: err, Entries: s.Mock.Journal().Entries()}
	if errors.As(err, &pe) && pe.Kind == candidate.Timeout {
		s.timeouts[c.Operation]++
	} else {
		s.timeouts[c.Operation] = 0
	}
	s.outcomes[c.ID] = o
	return o
}

// notRun says why a case of op is not run, or "".
func (s *Session) notRun(op string) string {
	switch {
	case !s.deadline.IsZero() && time.Now().After(s.deadline):
		return "not run: the certification's deadline (PAYCONFORM_CERTIFY_TIMEOUT) passed before this case"
	case s.timeouts[op] >= MaxConsecutiveTimeouts:
		return fmt.Sprintf("not run: %d cases of %s in a row timed out, so its remaining cases were not run", s.timeouts[op], op)
	}
	return ""
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
