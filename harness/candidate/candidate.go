// Package candidate runs a client under test through payconform.candidate/v1
// (docs/candidate-protocol.md): the harness starts the command through `sh -c` once per case,
// writes one JSON request on its stdin and reads one JSON response from its stdout.
//
// The runner never hangs and never crashes on a misbehaving candidate: a timeout kills the whole
// process group, and garbage on stdout, a non-zero exit or a candidate that never reads its
// stdin each come back as a typed *ProtocolError that a check turns into a failed case.
package candidate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/payconform/payconform/harness/provider"
)

// Protocol is the protocol's name and version, sent in every request.
const Protocol = "payconform.candidate/v1"

// OpDescribe asks the candidate who it is and what it offers. Every other operation belongs to a
// registered provider (provider.Operations).
const OpDescribe = "describe"

// Operations lists every operation a candidate can be certified for, sorted.
func Operations() []string {
	var out []string
	for _, op := range provider.Operations() {
		out = append(out, op.Name)
	}
	return out
}

// DefaultTimeout bounds one case.
const DefaultTimeout = 20 * time.Second

// maxOutput bounds what is read of a candidate's stdout and stderr.
const maxOutput = 1 << 20

// Request is what the harness writes on the candidate's stdin.
type Request struct {
	Protocol  string `json:"protocol"`
	CaseID    string `json:"case_id"`
	Operation string `json:"operation"`
	BaseURL   string `json:"base_url,omitempty"`
	// Credentials are the keys the operation needs, by the protocol's names (api_key,
	// secret_key, ...): each provider's operation names its own.
	Credentials map[string]string `json:"credentials,omitempty"`
	Input       any               `json:"input,omitempty"`
}

// Response is what the candidate writes on its stdout.
type Response struct {
	OK          bool            `json:"ok"`
	Output      json.RawMessage `json:"output,omitempty"`
	Error       *ErrorInfo      `json:"error,omitempty"`
	Unsupported bool            `json:"unsupported,omitempty"`
}

// ErrorInfo is the error a candidate reports when it answers ok:false.
type ErrorInfo struct {
	// Code carries the provider's own error code, as a string (docs/candidate-protocol.md says
	// which field that is for each operation).
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Description is the output of describe.
type Description struct {
	Name       string   `json:"name"`
	Version    string   `json:"version"`
	Language   string   `json:"language"`
	Operations []string `json:"operations"`
	// Session says the adapter can answer many requests, one JSON line each, in one process
	// (docs/candidate-protocol.md, Session mode).
	Session bool `json:"session,omitempty"`
}

// Run is one invocation of the candidate.
type Run struct {
	Response Response
	Stdout   []byte
	Stderr   []byte
	Exit     int
	Duration time.Duration
}

// ProtocolError is a candidate that did not keep the protocol.
type ProtocolError struct {
	Kind   ProtocolFault
	Detail string
}

// ProtocolFault names how a candidate broke the protocol.
type ProtocolFault string

const (
	Timeout    ProtocolFault = "timeout"
	NonZero    ProtocolFault = "non-zero exit"
	NoJSON     ProtocolFault = "no JSON object on stdout"
	BadJSON    ProtocolFault = "stdout is not one JSON object"
	TooMuch    ProtocolFault = "stdout larger than 1 MiB"
	StartError ProtocolFault = "could not start"
)

func (e *ProtocolError) Error() string {
	return fmt.Sprintf("candidate broke %s: %s: %s", Protocol, e.Kind, e.Detail)
}

// Caller answers protocol requests: one adapter process per request (Runner), or one for the
// whole run (Session).
type Caller interface {
	Do(ctx context.Context, req Request) (Run, error)
}

// Runner starts a candidate command for each request.
type Runner struct {
	// Command is run through `sh -c`.
	Command string
	// Timeout bounds each case (DefaultTimeout if zero).
	Timeout time.Duration
	// Dir is the working directory (the current one if empty).
	Dir string
	// Env is the adapter's whole environment; nil gives it IsolatedEnv(os.Getenv, "", nil).
	Env []string
}

// WaitDelay bounds how long a case waits, after the adapter exits or is killed, for pipes that
// a process it left behind still holds.
const WaitDelay = 500 * time.Millisecond

// IsolatedEnv is an adapter's environment: PATH, HOME (home, or the parent's when empty), LANG,
// and the variables named in allow; nothing else of the harness's environment, so that a
// secret the harness runs with (a provider key, a CI token) never reaches the adapter. The
// case's credentials arrive on stdin.
func IsolatedEnv(getenv func(string) string, home string, allow []string) []string {
	if home == "" {
		home = getenv("HOME")
	}
	env := []string{"PATH=" + getenv("PATH"), "HOME=" + home}
	if v := getenv("LANG"); v != "" {
		env = append(env, "LANG="+v)
	}
	for _, name := range allow {
		if name = strings.TrimSpace(name); name != "" && name != "PATH" && name != "HOME" && name != "LANG" {
			if v, ok := lookup(getenv, name); ok {
				env = append(env, name+"="+v)
			}
		}
	}
	return env
}

func lookup(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	return v, v != ""
}

func (r Runner) timeout() time.Duration {
	if r.Timeout <= 0 {
		return DefaultTimeout
	}
	return r.Timeout
}

func (r Runner) command(ctx context.Context) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "sh", "-c", r.Command)
	cmd.Dir = r.Dir
	cmd.Env = r.Env
	if cmd.Env == nil {
		cmd.Env = IsolatedEnv(os.Getenv, "", nil)
	}
	// A session of its own: the adapter and everything it starts are one process group, killed
	// together on a timeout or at the end of the case.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = WaitDelay
	return cmd
}

// Do runs the candidate once for req. The returned Run holds what the candidate wrote, even
// when err is a *ProtocolError.
func (r Runner) Do(ctx context.Context, req Request) (Run, error) {
	req.Protocol = Protocol
	in, err := json.Marshal(req)
	if err != nil {
		return Run{}, fmt.Errorf("encode candidate request: %w", err)
	}
	timeout := r.timeout()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	cmd := r.command(ctx)
	cmd.Stdin = bytes.NewReader(append(in, '\n'))
	var stdout, stderr limitedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Run{}, &ProtocolError{Kind: StartError, Detail: err.Error()}
	}
	waitErr := cmd.Wait()
	// A candidate's children may still run; they go with the session's group.
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	run := Run{Stdout: stdout.Bytes(), Stderr: stderr.Bytes(), Duration: time.Since(start)}
	if ctx.Err() != nil {
		run.Exit = -1
		return run, &ProtocolError{Kind: Timeout, Detail: fmt.Sprintf("no answer within %s; the adapter's process group was killed", timeout)}
	}
	var exitErr *exec.ExitError
	switch {
	case errors.Is(waitErr, exec.ErrWaitDelay):
		// The adapter exited; a process it started still held a pipe, and was killed.
	case errors.As(waitErr, &exitErr):
		run.Exit = exitErr.ExitCode()
		return run, &ProtocolError{Kind: NonZero, Detail: fmt.Sprintf("exit status %d; stdout %q", run.Exit, clip(run.Stdout))}
	case waitErr != nil:
		return run, &ProtocolError{Kind: StartError, Detail: waitErr.Error()}
	}
	if stdout.overflow {
		return run, &ProtocolError{Kind: TooMuch, Detail: "the candidate wrote more than 1 MiB"}
	}
	return run, decode(&run)
}

// ParseAnswer reads a candidate's stdout as the protocol's answer: exactly one JSON object, each
// field of the type the protocol gives it. The error is a *ProtocolError that names what is wrong.
func ParseAnswer(stdout []byte) (Response, error) {
	run := Run{Stdout: stdout}
	err := decode(&run)
	return run.Response, err
}

// decode reads exactly one JSON object from the candidate's stdout.
func decode(run *Run) error {
	trimmed := bytes.TrimSpace(run.Stdout)
	if len(trimmed) == 0 {
		return &ProtocolError{Kind: NoJSON, Detail: "stdout was empty"}
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		if trimmed[0] != '{' {
			return &ProtocolError{Kind: BadJSON, Detail: fmt.Sprintf("not an object; stdout %q", clip(trimmed))}
		}
		return &ProtocolError{Kind: BadJSON, Detail: fmt.Sprintf("%v; stdout %q", err, clip(trimmed))}
	}
	if dec.More() {
		return &ProtocolError{Kind: BadJSON, Detail: fmt.Sprintf("more than one JSON value; stdout %q", clip(trimmed))}
	}
	if err := fieldTypes(raw); err != "" {
		return &ProtocolError{Kind: BadJSON, Detail: fmt.Sprintf("%s; stdout %q", err, clip(trimmed))}
	}
	_ = json.Unmarshal(trimmed, &run.Response)
	return nil
}

// fieldTypes names the first field of a response whose JSON type the protocol does not allow:
// "error.code must be a string (the provider's code as text), not the number 7".
func fieldTypes(raw map[string]json.RawMessage) string {
	if raw["ok"] == nil {
		return `"ok" is missing: every answer says ok true or false`
	}
	check := func(path string, v json.RawMessage, want, words string) string {
		if v == nil || jsonKind(v) == want || jsonKind(v) == "null" {
			return ""
		}
		return fmt.Sprintf("%s must be %s, not %s %s", path, words, jsonKind(v), clip(v))
	}
	if msg := check("ok", raw["ok"], "boolean", "a boolean"); msg != "" {
		return msg
	}
	if msg := check("unsupported", raw["unsupported"], "boolean", "a boolean"); msg != "" {
		return msg
	}
	if msg := check("error", raw["error"], "object", "an object {code, message}"); msg != "" || raw["error"] == nil {
		return msg
	}
	var inner map[string]json.RawMessage
	_ = json.Unmarshal(raw["error"], &inner)
	if msg := check("error.code", inner["code"], "string", "a string (the provider's code as text, \"7\" not 7)"); msg != "" {
		return msg
	}
	return check("error.message", inner["message"], "string", "a string")
}

// jsonKind names a JSON value's type.
func jsonKind(v json.RawMessage) string {
	t := bytes.TrimSpace(v)
	if len(t) == 0 {
		return "nothing"
	}
	switch t[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// Describe asks the candidate who it is and what it offers, in a process of its own.
func (r Runner) Describe(ctx context.Context) (Description, Run, error) {
	run, err := r.Do(ctx, Request{CaseID: "describe", Operation: OpDescribe})
	if err != nil {
		return Description{}, run, err
	}
	var d Description
	if !run.Response.OK {
		return d, run, &ProtocolError{Kind: BadJSON, Detail: "describe answered ok:false"}
	}
	if err := json.Unmarshal(run.Response.Output, &d); err != nil {
		return d, run, &ProtocolError{Kind: BadJSON, Detail: "describe output is not {name, version, language, operations}: " + err.Error()}
	}
	return d, run, nil
}

// limitedBuffer keeps at most maxOutput bytes and notes an overflow; it never blocks the writer.
type limitedBuffer struct {
	buf      bytes.Buffer
	overflow bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := maxOutput - b.buf.Len(); len(p) > room {
		b.overflow = true
		b.buf.Write(p[:max(room, 0)])
		return len(p), nil
	}
	return b.buf.Write(p)
}

func (b *limitedBuffer) Bytes() []byte { return b.buf.Bytes() }

var _ io.Writer = (*limitedBuffer)(nil)

func clip(b []byte) string {
	s := string(b)
	if len(s) > 200 {
		s = strings.ToValidUTF8(s[:200], "") + "…"
	}
	return s
}
