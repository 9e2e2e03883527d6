// Package refadapter is payconform's reference client adapter machinery: a program that speaks
// the candidate protocol (docs/candidate-protocol.md) and answers every registered operation with
// the harness's own clients. Each provider registers its operations' handlers and its own mutant
// candidates (defects) from its conform package. The reference candidate runs with no defect and
// must certify with no failure and no warning; a mutant candidate runs with one defect switched
// on and must fail the requirements the defect names.
package refadapter

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/provider"
)

// Handler answers one request of an operation.
type Handler func(ctx context.Context, a *Adapter, req candidate.Request, input json.RawMessage) candidate.Response

// Defect is a mutant candidate: the reference adapter with one known client bug, and the
// certification requirements the bug must trip. A Benign one is a correct but unusual client
// instead (a scheme in lower case, null optional fields): it must certify, failing no MUST,
// whatever SHOULD it warns on.
type Defect struct {
	Name        string
	Description string
	Kills       []string
	Warns       []string
	Benign      bool
}

// Generic defects, which every network operation's handler honours through Interpret (or, for
// WrongPath, by calling another path). Each operation says which of its requirements they trip.
const (
	WrongPath          = "wrong-path"
	EnvelopeAsSuccess  = "envelope-as-success"
	ErrorCodeLost      = "error-code-lost"
	ServerErrorSuccess = "5xx-as-success"
	MalformedSuccess   = "malformed-as-success"
	IgnoreContentType  = "ignore-content-type"
	DropOutputField    = "drop-output-field"
	StatusTrusted      = "http-status-trusted"
	RetryRefused       = "retry-refused"
)

var genericDefects = []Defect{
	{Name: WrongPath, Description: "calls a path next to the operation's"},
	{Name: EnvelopeAsSuccess, Description: "reports the provider's failure envelope as a success"},
	{Name: ErrorCodeLost, Description: "reports failures with its own code, not the provider's"},
	{Name: ServerErrorSuccess, Description: "reports an HTTP 500 as a success"},
	{Name: MalformedSuccess, Description: "reports a body it cannot parse as an empty success"},
	{Name: IgnoreContentType, Description: "parses any body as JSON, whatever its Content-Type"},
	{Name: DropOutputField, Description: "leaves one field of the provider's answer out of its output"},
	{Name: StatusTrusted, Description: "reports any HTTP 200 as a success, whatever the provider's result in the body"},
	{Name: RetryRefused, Description: "repeats a failed call twice more before reporting the failure"},
}

// Trips are the requirements one defect must fail (Kills) or warn on (Warns).
type Trips struct{ Kills, Warns []string }

// Operation is one operation the reference adapter answers.
type Operation struct {
	Name   string
	Handle Handler
	// Defects are the provider's own mutant candidates; their names start with the provider's.
	Defects []Defect
	// Trips says which of the operation's requirements each generic defect trips.
	Trips map[string]Trips
}

var (
	mu  sync.Mutex
	ops = map[string]Operation{}
)

// Register adds an operation; a provider's conform package calls it from init.
func Register(op Operation) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := ops[op.Name]; dup {
		panic("refadapter: operation " + op.Name + " registered twice")
	}
	for name := range op.Trips {
		if !slices.ContainsFunc(genericDefects, func(d Defect) bool { return d.Name == name }) {
			panic("refadapter: " + op.Name + " trips for unknown generic defect " + name)
		}
	}
	ops[op.Name] = op
}

// Defects lists every mutant candidate: the generic ones, with the requirements they trip in
// every registered operation, then the providers' own, sorted by name.
func Defects() []Defect {
	mu.Lock()
	defer mu.Unlock()
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range ops {
			if !yield(n) {
				return
			}
		}
	})
	var out []Defect
	for _, g := range genericDefects {
		d := g
		for _, n := range names {
			t := ops[n].Trips[g.Name]
			d.Kills = append(d.Kills, t.Kills...)
			d.Warns = append(d.Warns, t.Warns...)
		}
		if len(d.Kills)+len(d.Warns) > 0 {
			out = append(out, d)
		}
	}
	var own []Defect
	for _, n := range names {
		own = append(own, ops[n].Defects...)
	}
	slices.SortFunc(own, func(a, b Defect) int { return strings.Compare(a.Name, b.Name) })
	return append(out, own...)
}

// Known reports whether name is a defect.
func Known(name string) bool {
	return slices.ContainsFunc(Defects(), func(d Defect) bool { return d.Name == name })
}

// Adapter answers protocol requests; Defect, when set, names one of Defects.
type Adapter struct {
	Defect string
	HTTP   *http.Client
}

// Has reports whether the adapter runs with the named defect.
func (a *Adapter) Has(name string) bool { return a.Defect == name }

// Handle answers one request.
func (a *Adapter) Handle(ctx context.Context, req candidate.Request, input json.RawMessage) candidate.Response {
	if req.Operation == candidate.OpDescribe {
		name := "payconform-reference"
		if a.Defect != "" {
			name = "payconform-mutant-" + a.Defect
		}
		return OK(candidate.Description{Name: name, Version: "1.0.0", Language: "go", Operations: a.operations()})
	}
	mu.Lock()
	op, ok := ops[req.Operation]
	mu.Unlock()
	if !ok {
		return candidate.Response{OK: false, Unsupported: true}
	}
	resp := op.Handle(ctx, a, req, input)
	for i := 0; i < 2 && a.Has(RetryRefused) && !resp.OK; i++ {
		resp = op.Handle(ctx, a, req, input)
	}
	return resp
}

func (a *Adapter) operations() []string {
	var out []string
	for _, op := range provider.Operations() {
		mu.Lock()
		_, ok := ops[op.Name]
		mu.Unlock()
		if ok {
			out = append(out, op.Name)
		}
	}
	return out
}

// Main reads one request from stdin, writes one response to stdout, and exits 0; it is the whole
// of a candidate's main function.
func Main(defect string) {
	if defect != "" && !Known(defect) {
		fmt.Fprintf(os.Stderr, "adapter: unknown defect %q\n", defect)
		os.Exit(2)
	}
	var req struct {
		candidate.Request
		Input json.RawMessage `json:"input"`
	}
	if err := json.NewDecoder(io.LimitReader(os.Stdin, 4<<20)).Decode(&req); err != nil {
		fmt.Fprintf(os.Stderr, "adapter: read request: %v\n", err)
		os.Exit(2)
	}
	a := &Adapter{Defect: defect, HTTP: &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	resp := a.Handle(context.Background(), req.Request, req.Input)
	resp.ID = req.ID // protocol v2: every answer echoes its request's id
	if err := json.NewEncoder(os.Stdout).Encode(resp); err != nil {
		fmt.Fprintf(os.Stderr, "adapter: write response: %v\n", err)
		os.Exit(2)
	}
}

// Classify reads a provider's answer object: success, and the provider's code.
type Classify func(obj map[string]json.RawMessage) (success bool, code string)

// Interpret turns an exchange into the protocol's answer: ok:true with the provider's object (or
// its part) when classify says success, ok:false with the provider's code otherwise, and ok:false
// for a transport error, a 5xx, a body that is not JSON, or a Content-Type that is not JSON.
// Several generic defects weaken exactly one of those rules; drop names the field the
// drop-output-field defect removes from a success.
func (a *Adapter) Interpret(ex *exchange.Exchange, err error, classify Classify, part, drop string) candidate.Response {
	if err != nil {
		return Failed("TRANSPORT", err.Error())
	}
	if ex.ServerError() && !a.Has(ServerErrorSuccess) {
		return Failed("HTTP_"+strconv.Itoa(ex.Status), "the provider answered with a server error")
	}
	if mt, _, _ := mime.ParseMediaType(ex.Header.Get("Content-Type")); mt != "application/json" && !a.Has(IgnoreContentType) && !a.Has(ServerErrorSuccess) {
		return Failed("UNEXPECTED_CONTENT_TYPE", "the provider answered with Content-Type "+ex.Header.Get("Content-Type"))
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(ex.Body, &obj); err != nil || obj == nil {
		if a.Has(MalformedSuccess) || a.Has(ServerErrorSuccess) {
			return OK(map[string]any{})
		}
		return Failed("MALFORMED_RESPONSE", "the provider's answer is not a JSON object")
	}
	success, code := classify(obj)
	if !success && !a.Has(EnvelopeAsSuccess) && !(a.Has(StatusTrusted) && ex.Status == http.StatusOK) {
		if a.Has(ErrorCodeLost) {
			code = "FAILURE"
		}
		msg := ""
		for _, k := range []string{"errorMessage", "message", "Message"} {
			if v, ok := obj[k]; ok {
				_ = json.Unmarshal(v, &msg)
			}
		}
		return Failed(code, msg)
	}
	if part != "" {
		var inner map[string]json.RawMessage
		if err := json.Unmarshal(obj[part], &inner); err != nil || inner == nil {
			inner = map[string]json.RawMessage{}
		}
		obj = inner
	}
	if a.Has(DropOutputField) {
		delete(obj, drop)
	}
	return OK(obj)
}

// OK is a success answer with v as output.
func OK(v any) candidate.Response {
	b, _ := json.Marshal(v)
	return candidate.Response{OK: true, Output: b}
}

// Failed is a failure answer.
func Failed(code, message string) candidate.Response {
	return candidate.Response{OK: false, Error: &candidate.ErrorInfo{Code: code, Message: message}}
}
