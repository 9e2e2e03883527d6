// Package candidate runs a client under test through payconform.candidate/v2
// (docs/candidate-protocol.md): the harness starts the command through `sh -c` once per case (or
// once for the run, in session mode), writes one JSON request on its stdin and reads one JSON
// response from its stdout. Each request carries a fresh id that the answer echoes, so that no
// answer can be taken for another request's; an adapter that answers without ids (v1) keeps
// working one process per case.
//
// The runner never hangs and never crashes on a misbehaving candidate: a timeout kills the whole
// process group (the whole sandbox, when it runs in one), and garbage on stdout, a non-zero
// exit, an answer to another request or a candidate that never reads its stdin each come back
// as a typed *ProtocolError that a check turns into a failed case.
package candidate

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/sandbox"
)

// Protocol is the protocol's name and version, sent in every request.
const Protocol = "payconform.candidate/v2"

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
	Protocol string `json:"protocol"`
	// ID is fresh for every request; the answer echoes it (protocol v2).
	ID        string `json:"id"`
	CaseID    string `json:"case_id"`
	Operation string `json:"operation"`
	// BaseURL is where network operations send their requests. In a sandbox, the runner
	// replaces any non-empty value with the URL of the sandbox's own port.
	BaseURL string `json:"base_url,omitempty"`
	// Credentials are the keys the operation needs, by the protocol's names (api_key,
	// secret_key, ...): each provider's operation names its own.
	Credentials map[string]string `json:"credentials,omitempty"`
	Input       any               `json:"input,omitempty"`
}

// Response is what the candidate writes on its stdout.
type Response struct {
	// ID echoes the request's id (protocol v2); a v1 adapter leaves it out.
	ID          string          `json:"id,omitempty"`
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
	// Err is what could not start the adapter (StartError), when there is one: a sandbox that
	// could not be made is payconform's failure, not the adapter's.
	Err error
}

func (e *ProtocolError) Unwrap() error { return e.Err }

// ProtocolFault names how a candidate broke the protocol.
type ProtocolFault string

const (
	Timeout    ProtocolFault = "timeout"
	NonZero    ProtocolFault = "non-zero exit"
	NoJSON     ProtocolFault = "no JSON object on stdout"
	BadJSON    ProtocolFault = "stdout is not one JSON object"
	TooMuch    ProtocolFault = "stdout larger than 1 MiB"
	StartError ProtocolFault = "could not start"
	WrongID    ProtocolFault = "an answer to another request"
	Extra      ProtocolFault = "a second answer"
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
	// Sandbox, when set, runs every adapter process in a sandbox of its own made to it (its
	// Dir and Env come from the Runner's).
	Sandbox *sandbox.Spec
	// Serve serves a sandbox's one port (the verifying mock) and returns the base URL that
	// reaches it from inside, and a function that stops serving it. A sandbox with an isolated
	// network needs it.
	Serve func(ln net.Listener) (baseURL string, stop func())
	// RequireID says the adapter echoed describe's id, so every answer must carry its request's.
	RequireID bool
	// Pod, when set, runs every adapter process in this one long-lived sandbox (made to the
	// same Spec), so that a process per case does not cost a sandbox per case.
	Pod *sandbox.Pod
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

// newID is a fresh request id: 16 random bytes in hex.
func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// checkID holds an answer to its request's id: an adapter that echoed describe's id must echo
// every id, and an id that is present must be this request's.
func checkID(resp Response, req Request, required bool) error {
	switch {
	case resp.ID == req.ID:
		return nil
	case resp.ID == "" && !required:
		return nil
	case resp.ID == "":
		return &ProtocolError{Kind: WrongID, Detail: fmt.Sprintf("the answer carries no id; this adapter echoed describe's, so every answer must carry its request's (%s)", req.ID)}
	}
	return &ProtocolError{Kind: WrongID, Detail: fmt.Sprintf("the answer carries id %q, not this request's %q: an answer to another request, or a second answer to an earlier one", clip([]byte(resp.ID)), req.ID)}
}

// Do runs the candidate once for req. The returned Run holds what the candidate wrote, even
// when err is a *ProtocolError.
func (r Runner) Do(ctx context.Context, req Request) (Run, error) {
	timeout := r.timeout()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	p, err := r.command(ctx)
	if err != nil {
		return Run{}, &ProtocolError{Kind: StartError, Detail: err.Error(), Err: err}
	}
	stdin, err := p.StdinPipe()
	if err != nil {
		return Run{}, fmt.Errorf("candidate stdin: %w", err)
	}
	var stdout, stderr limitedBuffer
	p.setOutput(&stdout, &stderr)
	start := time.Now()
	if err := p.Start(); err != nil {
		return Run{Stderr: stderr.Bytes()}, &ProtocolError{Kind: StartError, Detail: err.Error(), Err: err}
	}
	in, req, err := p.request(req)
	if err != nil {
		p.kill()
		_, _, _ = p.Wait()
		return Run{}, err
	}
	// The request may be larger than a pipe holds, and the adapter may never read it.
	go func() { _, _ = stdin.Write(in); _ = stdin.Close() }()
	code, held, waitErr := p.Wait()
	// A candidate's children may still run; they go with the process group (the pod's reap).
	p.kill()
	run := Run{Stdout: stdout.Bytes(), Stderr: stderr.Bytes(), Duration: time.Since(start), Exit: code}
	if ctx.Err() != nil {
		run.Exit = -1
		return run, &ProtocolError{Kind: Timeout, Detail: fmt.Sprintf("no answer within %s; the adapter's process group was killed", timeout)}
	}
	switch {
	case waitErr != nil:
		return run, &ProtocolError{Kind: StartError, Detail: waitErr.Error()}
	case code != 0:
		return run, &ProtocolError{Kind: NonZero, Detail: fmt.Sprintf("exit status %d; stdout %q", code, clip(run.Stdout))}
	}
	_ = held // the adapter exited; a process it started still held a pipe, and was killed
	if stdout.overflow {
		return run, &ProtocolError{Kind: TooMuch, Detail: "the candidate wrote more than 1 MiB"}
	}
	if err := decode(&run); err != nil {
		return run, err
	}
	return run, checkID(run.Response, req, r.RequireID)
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
	if msg := check("id", raw["id"], "string", "a string (the request's id, echoed)"); msg != "" {
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

// Describe asks the candidate who it is and what it offers, in a process of its own. echoes
// reports whether its answer echoed the request's id (protocol v2): then every later answer must.
func (r Runner) Describe(ctx context.Context) (d Description, run Run, echoes bool, err error) {
	run, err = r.Do(ctx, Request{CaseID: "describe", Operation: OpDescribe})
	if err != nil {
		return Description{}, run, false, err
	}
	echoes = run.Response.ID != ""
	if !run.Response.OK {
		return d, run, echoes, &ProtocolError{Kind: BadJSON, Detail: "describe answered ok:false"}
	}
	if err := json.Unmarshal(run.Response.Output, &d); err != nil {
		return d, run, echoes, &ProtocolError{Kind: BadJSON, Detail: "describe output is not {name, version, language, operations}: " + err.Error()}
	}
	// The description is printed on consoles and pages: a name that carries a newline and a
	// forged "CERTIFIED:" line, or terminal escapes, is shown as the adapter wrote it, quoted
	// (redteam 29).
	d.Name, d.Version, d.Language = Printable(d.Name), Printable(d.Version), Printable(d.Language)
	for i, op := range d.Operations {
		d.Operations[i] = Printable(op)
	}
	return d, run, echoes, nil
}

// Printable is s unchanged when it holds no control character, and Go-quoted otherwise, so that
// text an adapter wrote can neither break a line nor move a terminal's cursor.
func Printable(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError || unicode.In(r, unicode.Cf) }) < 0 {
		return s
	}
	return strconv.QuoteToASCII(s)
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
