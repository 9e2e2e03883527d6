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
	r, err = run(t, `read line; printf '%s' "$line" | grep -q '"protocol":"payconform.candidate/v1"' && echo '{"ok":true,"output":{"name":"x"}}'`, time.Second)
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
	s := candidate.NewSession(candidate.Runner{Command: `while read line; do echo "{\"ok\":true,\"output\":{\"pid\":$$}}"; done`, Timeout: 2 * time.Second})
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

	hang := candidate.NewSession(candidate.Runner{Command: `read first; echo '{"ok":true}'; read second; sleep 30`, Timeout: 300 * time.Millisecond})
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
