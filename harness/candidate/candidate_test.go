package candidate_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/candidate"
)

func run(t *testing.T, command string, timeout time.Duration) (candidate.Run, error) {
	t.Helper()
	return candidate.Runner{Command: command, Timeout: timeout}.Do(context.Background(), candidate.Request{CaseID: "t", Operation: candidate.OpDescribe})
}

func TestWellBehavedCandidate(t *testing.T) {
	r, err := run(t, `cat >/dev/null; echo '{"ok":false,"unsupported":true}'`, time.Second)
	if err != nil || !r.Response.Unsupported {
		t.Fatalf("%+v %v", r, err)
	}
	r, err = run(t, `read line; printf '%s' "$line" | grep -q '"protocol":"payconform.candidate/v2"' && echo '{"ok":true,"output":{"name":"x"}}'`, time.Second)
	if err != nil || !r.Response.OK || string(r.Response.Output) != `{"name":"x"}` {
		t.Fatalf("the request did not carry the protocol name, or the answer was lost: %+v %v", r, err)
	}
}

// Each way of breaking the protocol is a typed failure, never a hang or a crash.
func TestMisbehavingCandidates(t *testing.T) {
	for _, tc := range []struct {
		name, command string
		want          candidate.ProtocolFault
	}{
		{"garbage on stdout", `echo 'this is not json'`, candidate.BadJSON},
		{"two objects", `echo '{"ok":true}{"ok":true}'`, candidate.BadJSON},
		{"an array", `echo '[1]'`, candidate.BadJSON},
		{"nothing on stdout", `cat >/dev/null`, candidate.NoJSON},
		{"non-zero exit", `echo '{"ok":true}'; exit 3`, candidate.NonZero},
		{"command not found", `/nonexistent/candidate`, candidate.NonZero},
		{"never reads stdin and sleeps", `sleep 30`, candidate.Timeout},
		{"a child keeps stdout open", `(sleep 30 &) ; echo '{"ok":true}'; sleep 30`, candidate.Timeout},
		{"floods stdout", `head -c 3000000 /dev/zero`, candidate.TooMuch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := run(t, tc.command, 500*time.Millisecond)
			var pe *candidate.ProtocolError
			if !errors.As(err, &pe) || pe.Kind != tc.want {
				t.Fatalf("got %v, want a %q protocol error", err, tc.want)
			}
		})
	}
}

// A large request is written without deadlock even when the candidate does not read it.
func TestLargeRequestToACandidateThatDoesNotRead(t *testing.T) {
	big := make([]byte, 1<<20)
	for i := range big {
		big[i] = 'a'
	}
	_, err := candidate.Runner{Command: `echo '{"ok":true}'`, Timeout: 2 * time.Second}.Do(context.Background(),
		candidate.Request{CaseID: "big", Operation: "test.sign", Input: map[string]string{"body": string(big)}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDecodeNamesTheFieldOfTheWrongType(t *testing.T) {
	for stdout, want := range map[string]string{
		`{"ok":false,"error":{"code":7,"message":"no"}}`: "error.code must be a string",
		`{"ok":"false"}`:           "ok must be a boolean, not string",
		`{"error":{"code":"7"}}`:   `"ok" is missing`,
		`{"ok":false,"error":"7"}`: "error must be an object",
	} {
		_, err := run(t, "cat >/dev/null; echo '"+stdout+"'", 2*time.Second)
		var pe *candidate.ProtocolError
		if !errors.As(err, &pe) || pe.Kind != candidate.BadJSON || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want a bad-JSON protocol error saying %q", stdout, err, want)
		}
	}
	r, err := run(t, `cat >/dev/null; echo '{"ok":false,"error":{"code":"7","message":null}}'`, 2*time.Second)
	if err != nil || r.Response.Error == nil || r.Response.Error.Code != "7" {
		t.Errorf("a valid answer: %v, %+v", err, r.Response)
	}
}

// A session answers many requests from one process, and a case that times out costs only that
// case: the next starts a fresh process.
func TestSessionKeepsOneProcess(t *testing.T) {
	s := candidate.NewSession(candidate.Runner{Command: echoID + `while read line; do echo "{\"id\":\"$(id "$line")\",\"ok\":true,\"output\":{\"pid\":$$}}"; done`, Timeout: 2 * time.Second})
	defer s.Close()
	var pids []string
	for i := range 3 {
		r, err := s.Do(context.Background(), candidate.Request{CaseID: fmt.Sprint(i), Operation: "test.op"})
		if err != nil {
			t.Fatal(err)
		}
		pids = append(pids, string(r.Response.Output))
	}
	if pids[0] != pids[1] || pids[1] != pids[2] {
		t.Errorf("one process should answer every case: %v", pids)
	}

	hang := candidate.NewSession(candidate.Runner{Command: echoID + `read first; echo "{\"id\":\"$(id "$first")\",\"ok\":true}"; read second; sleep 30`, Timeout: 300 * time.Millisecond})
	defer hang.Close()
	if _, err := hang.Do(context.Background(), candidate.Request{CaseID: "1"}); err != nil {
		t.Fatal(err)
	}
	var pe *candidate.ProtocolError
	if _, err := hang.Do(context.Background(), candidate.Request{CaseID: "2"}); !errors.As(err, &pe) || pe.Kind != candidate.Timeout {
		t.Fatalf("second case: %v, want a timeout", err)
	}
	if r, err := hang.Do(context.Background(), candidate.Request{CaseID: "3"}); err != nil || !r.Response.OK {
		t.Errorf("after a timeout the next case should start a fresh process: %v", err)
	}
}

// echoID defines id, a shell function that prints a request line's id (protocol v2).
const echoID = `id() { printf '%s' "$1" | sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p'; }; `

// Every request carries a fresh id; an answer that echoes another request's id, or none when
// the adapter is known to echo them, is a protocol failure of that case.
func TestAnswersMustEchoTheirRequest(t *testing.T) {
	ctx := context.Background()
	var pe *candidate.ProtocolError
	echo := candidate.Runner{Command: echoID + `read line; echo "{\"id\":\"$(id "$line")\",\"ok\":true,\"output\":{\"name\":\"x\",\"operations\":[]}}"`, Timeout: 2 * time.Second}
	if _, _, echoes, err := echo.Describe(ctx); err != nil || !echoes {
		t.Fatalf("describe: echoes %t, %v; want an adapter that echoes ids recognised", echoes, err)
	}
	stale := candidate.Runner{Command: `cat >/dev/null; echo '{"id":"0123456789abcdef0123456789abcdef","ok":true}'`, Timeout: 2 * time.Second}
	if _, err := stale.Do(ctx, candidate.Request{CaseID: "stale"}); !errors.As(err, &pe) || pe.Kind != candidate.WrongID {
		t.Errorf("an answer with another request's id: %v, want %s", err, candidate.WrongID)
	}
	silent := candidate.Runner{Command: `cat >/dev/null; echo '{"ok":true}'`, Timeout: 2 * time.Second, RequireID: true}
	if _, err := silent.Do(ctx, candidate.Request{CaseID: "silent"}); !errors.As(err, &pe) || pe.Kind != candidate.WrongID {
		t.Errorf("no id from an adapter that echoed describe's: %v, want %s", err, candidate.WrongID)
	}
	v1 := candidate.Runner{Command: `cat >/dev/null; echo '{"ok":true}'`, Timeout: 2 * time.Second}
	if _, err := v1.Do(ctx, candidate.Request{CaseID: "v1"}); err != nil {
		t.Errorf("a v1 adapter, one process per case, must keep working: %v", err)
	}
}

// A session adapter that answers a request twice cannot shift its answers onto later cases: the
// second answer fails the case it is read in, whether it arrives before the next request or
// after it, and the case after starts a fresh process.
func TestASecondAnswerIsAProtocolFailure(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ name, command string }{
		{"at once", echoID + `while read line; do a="{\"id\":\"$(id "$line")\",\"ok\":true}"; echo "$a"; echo "$a"; done`},
		{"late", echoID + `while read line; do a="{\"id\":\"$(id "$line")\",\"ok\":true}"; echo "$a"; (sleep 0.2; echo "$a") & done`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := candidate.NewSession(candidate.Runner{Command: tc.command, Timeout: 2 * time.Second, RequireID: true})
			defer s.Close()
			if _, err := s.Do(ctx, candidate.Request{CaseID: "first"}); err != nil {
				t.Fatal(err)
			}
			time.Sleep(400 * time.Millisecond)
			var pe *candidate.ProtocolError
			_, err := s.Do(ctx, candidate.Request{CaseID: "second"})
			if !errors.As(err, &pe) || (pe.Kind != candidate.Extra && pe.Kind != candidate.WrongID) {
				t.Fatalf("second case: %v, want a second answer or an answer to another request", err)
			}
			if !strings.Contains(err.Error(), "first") && pe.Kind == candidate.Extra {
				t.Errorf("the failure does not name the case answered twice: %v", err)
			}
			if _, err := s.Do(ctx, candidate.Request{CaseID: "third"}); err != nil {
				t.Errorf("the case after a protocol failure should start a fresh process: %v", err)
			}
		})
	}
}

// The adapter's environment is an allow-list: a parent secret does not reach it.
func TestIsolatedEnvironment(t *testing.T) {
	getenv := func(k string) string {
		return map[string]string{"PATH": "/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8", "IYZICO_SECRET_KEY": "parent-secret", "GITHUB_TOKEN": "ghs_x", "JAVA_HOME": "/opt/java"}[k]
	}
	env := candidate.IsolatedEnv(getenv, "/tmp/fresh-home", []string{"JAVA_HOME", "NOT_SET"})
	got := strings.Join(env, "\n")
	if strings.Contains(got, "parent-secret") || strings.Contains(got, "ghs_x") || !strings.Contains(got, "HOME=/tmp/fresh-home") || !strings.Contains(got, "JAVA_HOME=/opt/java") || strings.Contains(got, "NOT_SET") {
		t.Errorf("environment:\n%s", got)
	}
	r, err := candidate.Runner{Command: `echo "{\"ok\":true,\"output\":{\"env\":\"$(env | tr '\n' ' ')\"}}"`, Env: env, Timeout: 2 * time.Second}.Do(context.Background(), candidate.Request{CaseID: "env"})
	if err != nil || strings.Contains(string(r.Response.Output), "parent-secret") {
		t.Errorf("%v %s", err, r.Response.Output)
	}
}

// An adapter that answers and exits, leaving a process that holds its stdout, costs the case
// nothing: the answer counts, and the case does not wait for the leftover (it would time out).
func TestALeftoverProcessHoldingStdoutDoesNotStretchTheCase(t *testing.T) {
	r, err := candidate.Runner{Command: `cat >/dev/null; sleep 30 & echo '{"ok":true,"output":{"x":1}}'`, Timeout: 10 * time.Second}.Do(context.Background(), candidate.Request{CaseID: "grandchild"})
	if err != nil || !r.Response.OK {
		t.Fatalf("%v %+v", err, r.Response)
	}
}
