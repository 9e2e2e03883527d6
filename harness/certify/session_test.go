package certify_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/redact"
	"github.com/payconform/payconform/harness/sandbox"
	"github.com/payconform/payconform/internal/toyprovider"
)

// describeOnly answers describe, as a v1 adapter: no id, no session.
const describeOnly = `cat >/dev/null; echo '{"ok":true,"output":{"name":"t","version":"1","language":"sh","operations":["toy.echo"]}}'`

// caller stands for the adapter: it records each request, and answers with what answer says.
// With send set, it makes the request a client would, signed with the credentials it was handed.
type caller struct {
	t        *testing.T
	requests []candidate.Request
	send     bool
	answer   func(req candidate.Request) (candidate.Run, error)
}

func (c *caller) Do(ctx context.Context, req candidate.Request) (candidate.Run, error) {
	c.requests = append(c.requests, req)
	if c.send {
		in, _ := req.Input.(toyprovider.EchoRequest)
		cl := &toyprovider.Client{BaseURL: req.BaseURL, KeyID: req.Credentials["key_id"], Secret: req.Credentials["secret"], HTTP: http.DefaultClient}
		if _, err := cl.Echo(ctx, in.Message); err != nil {
			c.t.Errorf("the case's request: %v", err)
		}
	}
	if c.answer != nil {
		return c.answer(req)
	}
	return candidate.Run{Response: candidate.Response{OK: true, Output: []byte(`{}`)}}, nil
}

// start starts a session against an adapter that only describes itself, and hands its cases to
// a caller the test controls.
func start(t *testing.T, opts certify.Options) (*certify.Session, *caller) {
	t.Helper()
	s, err := certify.Start(context.Background(), candidate.Runner{Command: describeOnly, Timeout: 10 * time.Second}, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if s.DescribeErr != nil || s.Description.Name != "t" {
		t.Fatalf("describe: %v %+v", s.DescribeErr, s.Description)
	}
	c := &caller{t: t}
	s.Caller = c
	return s, c
}

func echoCase(id string) certify.Case {
	return certify.Case{ID: id, Operation: toyprovider.OpEcho, Input: toyprovider.EchoRequest{Message: "hello " + id}}
}

var timedOut = &candidate.ProtocolError{Kind: candidate.Timeout, Detail: "no answer within 1s"}

// A case runs once, however many requirements judge it, with the operation's credentials, on a
// journal of its own: what an earlier case sent is not this case's.
func TestACaseRunsOnceOnItsOwnJournal(t *testing.T) {
	s, c := start(t, certify.Options{})
	c.send = true
	first := s.Outcome(context.Background(), echoCase("toy.echo.ok.1"))
	if again := s.Outcome(context.Background(), echoCase("toy.echo.ok.1")); again != first || len(c.requests) != 1 {
		t.Errorf("a case judged twice ran %d times", len(c.requests))
	}
	second := s.Outcome(context.Background(), echoCase("toy.echo.ok.2"))
	for name, o := range map[string]*certify.Outcome{"first": first, "second": second} {
		if o.Err != nil || o.NotRun != "" || len(o.Entries) != 1 || !o.Entries[0].Auth.OK || o.Entries[0].Path != toyprovider.EchoPath {
			t.Errorf("%s case: err %v, not run %q, entries %+v", name, o.Err, o.NotRun, o.Entries)
		}
	}
	if !strings.Contains(string(second.Entries[0].Body), "hello toy.echo.ok.2") {
		t.Errorf("the second case's journal holds %s", second.Entries[0].Body)
	}
	req := c.requests[1]
	if req.CaseID != "toy.echo.ok.2" || req.Operation != toyprovider.OpEcho || req.BaseURL != s.BaseURL || !strings.HasPrefix(s.BaseURL, "http://127.0.0.1:") {
		t.Errorf("the request: %+v (base URL %s)", req, s.BaseURL)
	}
	if req.Credentials["key_id"] != s.Config.Var(toyprovider.EnvKeyID) || req.Credentials["secret"] != s.Config.Var(toyprovider.EnvSecret) || len(req.Credentials) != 2 {
		t.Errorf("the operation's credentials: %v", req.Credentials)
	}
	if got := s.Outcomes(context.Background(), []certify.Case{echoCase("toy.echo.ok.2"), echoCase("toy.echo.ok.1")}); got[0] != second || got[1] != first || len(c.requests) != 2 {
		t.Errorf("Outcomes does not give the remembered outcomes in order")
	}
}

// A case's own credentials (a vector's public keys) replace the operation's; Prepare builds the
// input from the session's variables; an operation no provider has gets no credentials.
func TestACaseCarriesItsInput(t *testing.T) {
	s, c := start(t, certify.Options{})
	vector := echoCase("toy.echo.kat.1")
	vector.Credentials = map[string]string{"key_id": "public-key"}
	s.Outcome(context.Background(), vector)
	prepared := certify.Case{ID: "toy.echo.ok.prepared", Operation: toyprovider.OpEcho, Input: "ignored",
		Prepare: func(vars map[string]string) any { return toyprovider.EchoRequest{Message: vars[toyprovider.EnvKeyID]} }}
	s.Outcome(context.Background(), prepared)
	s.Outcome(context.Background(), certify.Case{ID: "nobody.op.ok.1", Operation: "nobody.op", Input: 1})
	if got := c.requests[0].Credentials; len(got) != 1 || got["key_id"] != "public-key" {
		t.Errorf("a vector's credentials: %v", got)
	}
	if got := c.requests[1].Input; got != (toyprovider.EchoRequest{Message: s.Config.Var(toyprovider.EnvKeyID)}) || s.Input(prepared) != got {
		t.Errorf("a prepared input: %v", got)
	}
	if got := c.requests[2]; got.Credentials != nil || got.Input != 1 || s.Input(certify.Case{Input: 1}) != 1 {
		t.Errorf("an unknown operation: %+v", got)
	}
}

// The mock answers a case with its injected fault, and only that case.
func TestAFaultIsInjectedForItsCaseOnly(t *testing.T) {
	s, c := start(t, certify.Options{})
	c.send = true
	faulty := echoCase("toy.echo.fault.server-error")
	faulty.Inject = mock.InjectServerError
	o := s.Outcome(context.Background(), faulty)
	if len(o.Entries) != 1 || o.Entries[0].Status != http.StatusInternalServerError {
		t.Errorf("the injected case: %+v", o.Entries)
	}
	if s.Mock.Injected() != mock.NoInjection {
		t.Errorf("the injection outlived its case: %v", s.Mock.Injected())
	}
	if o := s.Outcome(context.Background(), echoCase("toy.echo.ok.after")); len(o.Entries) != 1 || o.Entries[0].Status != http.StatusOK {
		t.Errorf("the case after: %+v", o.Entries)
	}
}

// A protocol error is the outcome's error as the runner gave it; any other error says the
// candidate could not be run.
func TestAnOutcomeKeepsTheRunnersError(t *testing.T) {
	s, c := start(t, certify.Options{})
	broke := &candidate.ProtocolError{Kind: candidate.BadJSON, Detail: "garbage"}
	other := errors.New("pipe closed")
	c.answer = func(req candidate.Request) (candidate.Run, error) {
		if req.CaseID == "toy.echo.ok.protocol" {
			return candidate.Run{Stdout: []byte("garbage")}, broke
		}
		return candidate.Run{}, other
	}
	o := s.Outcome(context.Background(), echoCase("toy.echo.ok.protocol"))
	if o.Err != broke || string(o.Run.Stdout) != "garbage" {
		t.Errorf("a protocol error: %v %q", o.Err, o.Run.Stdout)
	}
	o = s.Outcome(context.Background(), echoCase("toy.echo.ok.other"))
	if !errors.Is(o.Err, other) || !strings.HasPrefix(o.Err.Error(), "run candidate: ") {
		t.Errorf("another error: %v", o.Err)
	}
}

// Three cases of one operation that time out in a row stop that operation: its remaining cases
// are not run, and say why. An answer in between starts the count again; another operation's
// cases are not stopped.
func TestThreeTimeoutsInARowStopAnOperation(t *testing.T) {
	s, c := start(t, certify.Options{})
	c.answer = func(req candidate.Request) (candidate.Run, error) {
		if strings.Contains(req.CaseID, ".answers") {
			return candidate.Run{Response: candidate.Response{OK: true}}, nil
		}
		if strings.Contains(req.CaseID, ".garbage") {
			return candidate.Run{}, &candidate.ProtocolError{Kind: candidate.BadJSON}
		}
		return candidate.Run{}, timedOut
	}
	ctx := context.Background()
	ran := func(id string) bool {
		n := len(c.requests)
		o := s.Outcome(ctx, echoCase(id))
		if (o.NotRun == "") != (len(c.requests) == n+1) {
			t.Fatalf("%s: not run %q, but the adapter was called %d times", id, o.NotRun, len(c.requests)-n)
		}
		return o.NotRun == ""
	}
	for i, step := range []struct {
		id  string
		ran bool
	}{
		{"toy.echo.ok.1", true}, {"toy.echo.ok.2", true}, {"toy.echo.ok.answers.3", true}, // 2 timeouts, then an answer
		{"toy.echo.ok.4", true}, {"toy.echo.ok.5", true}, {"toy.echo.ok.garbage.6", true}, // 2 more, then another fault
		{"toy.echo.ok.7", true}, {"toy.echo.ok.8", true}, {"toy.echo.ok.9", true}, // three in a row
		{"toy.echo.ok.10", false}, {"toy.echo.ok.answers.11", false},
	} {
		if got := ran(step.id); got != step.ran {
			t.Errorf("step %d, %s: ran %t, want %t", i, step.id, got, step.ran)
		}
	}
	o := s.Outcome(ctx, echoCase("toy.echo.ok.10"))
	if !strings.Contains(o.NotRun, "3 cases of toy.echo in a row timed out") || o.Err != nil || o.Case.ID != "toy.echo.ok.10" {
		t.Errorf("the stopped case says %q (err %v)", o.NotRun, o.Err)
	}
	other := certify.Case{ID: "other.op.ok.1", Operation: "other.op"}
	if o := s.Outcome(ctx, other); o.NotRun != "" {
		t.Errorf("another operation was stopped: %s", o.NotRun)
	}
	if certify.MaxConsecutiveTimeouts != 3 {
		t.Errorf("MaxConsecutiveTimeouts is %d; the README and this test promise 3", certify.MaxConsecutiveTimeouts)
	}
}

// No case starts after the certification's deadline, and each says why; before it, cases run.
func TestNoCaseStartsAfterTheDeadline(t *testing.T) {
	past, c := start(t, certify.Options{Deadline: time.Now().Add(-time.Millisecond)})
	o := past.Outcome(context.Background(), echoCase("toy.echo.ok.late"))
	if len(c.requests) != 0 || !strings.Contains(o.NotRun, "deadline (PAYCONFORM_CERTIFY_TIMEOUT) passed") {
		t.Errorf("a case after the deadline: ran %d, not run %q", len(c.requests), o.NotRun)
	}
	if again := past.Outcome(context.Background(), echoCase("toy.echo.ok.late")); again != o {
		t.Error("a case not run is not remembered")
	}
	for name, deadline := range map[string]time.Time{"no deadline": {}, "a deadline to come": time.Now().Add(time.Hour)} {
		s, c := start(t, certify.Options{Deadline: deadline})
		if o := s.Outcome(context.Background(), echoCase("toy.echo.ok.1")); o.NotRun != "" || len(c.requests) != 1 {
			t.Errorf("%s: not run %q", name, o.NotRun)
		}
	}
}

// The session's secrets never leave it: Redact masks each, and the mock stops with the session.
func TestTheSessionRedactsAndStops(t *testing.T) {
	s, _ := start(t, certify.Options{})
	secret := s.Config.Var(toyprovider.EnvSecret)
	if secret == "" {
		t.Fatal("no toy secret generated")
	}
	// The mask may take the '=' in: after '=', a hex secret that starts with [2-7] and a hex
	// digit is also quoted-printable for the secret with its first character replaced, a near
	// form the mask covers too (redact's TestAHexSecretAfterEquals...).
	if got := s.Redact("stderr: secret=" + secret + " end"); strings.Contains(got, secret) ||
		!strings.HasPrefix(got, "stderr: secret") || !strings.HasSuffix(got, redact.Mask+" end") {
		t.Errorf("Redact: %q", got)
	}
	s.Close()
	if _, err := http.Get(s.BaseURL + "/_payconform/health"); err == nil {
		t.Error("the mock still answers after Close")
	}
}

// How the cases run is chosen from describe's answer and said in Mode.
func TestTheModeFollowsDescribe(t *testing.T) {
	const echoID = `read -r line; id=$(printf %s "$line" | sed 's/.*"id":"\([0-9a-f]*\)".*/\1/'); `
	for _, tc := range []struct {
		name, command string
		noSession     bool
		mode          string
		session       bool
	}{
		{"describe fails", "exit 3", false, "one process per case", false},
		{"no session offered", describeOnly, false, "one process per case", false},
		{"a session without ids", `cat >/dev/null; echo '{"ok":true,"output":{"name":"t","version":"1","language":"sh","operations":[],"session":true}}'`, false,
			"did not echo the request's id", false},
		{"a session, switched off", echoID + `echo "{\"id\":\"$id\",\"ok\":true,\"output\":{\"name\":\"t\",\"version\":\"1\",\"language\":\"sh\",\"operations\":[],\"session\":true}}"`, true,
			"(PAYCONFORM_CANDIDATE_SESSION=off)", false},
		{"a session", echoID + `echo "{\"id\":\"$id\",\"ok\":true,\"output\":{\"name\":\"t\",\"version\":\"1\",\"language\":\"sh\",\"operations\":[],\"session\":true}}"`, false,
			"session mode, one process for the run", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := certify.Start(context.Background(), candidate.Runner{Command: tc.command, Timeout: 10 * time.Second}, certify.Options{NoSession: tc.noSession})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if !strings.Contains(s.Mode, tc.mode) {
				t.Errorf("mode %q, want %q", s.Mode, tc.mode)
			}
			if (tc.name == "describe fails") != (s.DescribeErr != nil) {
				t.Errorf("describe error: %v", s.DescribeErr)
			}
			_, isSession := s.Caller.(*candidate.Session)
			if isSession != tc.session {
				t.Errorf("the caller is %T", s.Caller)
			}
			if _, perCase := s.Caller.(candidate.Runner); perCase == tc.session {
				t.Errorf("one process per case is %t, but the caller is %T", !tc.session, s.Caller)
			}
		})
	}
}

// In a sandbox with an isolated network, the mock listens nowhere: the runner serves it on each
// sandbox's one port, and requests name the base URL the runner rewrites. With a shared network
// (or none), it listens on loopback.
func TestWhereTheMockListens(t *testing.T) {
	for _, tc := range []struct {
		name   string
		spec   *sandbox.Spec
		served bool
	}{
		{"isolated", &sandbox.Spec{Network: sandbox.Isolated}, true},
		{"shared", &sandbox.Spec{Network: sandbox.Shared}, false},
		{"no sandbox", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// describe may fail where bubblewrap cannot run; the session starts all the same.
			s, err := certify.Start(context.Background(), candidate.Runner{Command: describeOnly, Timeout: 10 * time.Second, Sandbox: tc.spec}, certify.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if tc.served != (s.BaseURL == "http://127.0.0.1") || tc.served != (s.Runner.Serve != nil) {
				t.Errorf("base URL %q, served by the runner %t", s.BaseURL, s.Runner.Serve != nil)
			}
			if !tc.served && !strings.HasPrefix(s.BaseURL, "http://127.0.0.1:") {
				t.Errorf("base URL %q, want loopback with a port", s.BaseURL)
			}
		})
	}
}
