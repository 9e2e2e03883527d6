package certify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/contract"
	"github.com/payconform/payconform/harness/verdict"
)

// Client-side defects a certification names.
var (
	ProtocolBroken = verdict.RegisterDefect(verdict.Defect{Class: "CANDIDATE_PROTOCOL",
		Words: "the client's adapter broke the candidate protocol (crash, garbage on stdout, or no answer in time)"})
	NoRequest = verdict.RegisterDefect(verdict.Defect{Class: "CLIENT_NO_REQUEST",
		Words: "the client did not call base_url"})
	WrongRoute = verdict.RegisterDefect(verdict.Defect{Class: "CLIENT_WRONG_ROUTE",
		Words: "the client calls another method or path than the operation's"})
	FaultAsSuccess = verdict.RegisterDefect(verdict.Defect{Class: "CLIENT_FAULT_AS_SUCCESS",
		Words: "the client reports a failed call as a success"})
	ErrorCodeLost = verdict.RegisterDefect(verdict.Defect{Class: "CLIENT_ERROR_CODE_LOST",
		Words: "the client does not pass the provider's error code through"})
	OutputMismatch = verdict.RegisterDefect(verdict.Defect{Class: "CLIENT_OUTPUT_MISMATCH",
		Words: "the client reports other values than the provider sent: a field dropped, renamed or retyped"})
	BodyMismatch = verdict.RegisterDefect(verdict.Defect{Class: "CLIENT_BODY_MISMATCH",
		Words: "the client sends other values than it was given"})
	ContentTypeIgnored = verdict.RegisterDefect(verdict.Defect{Class: "CLIENT_CONTENT_TYPE_IGNORED",
		Words: "the client parses a body as JSON whatever its Content-Type says"})
	StatusTrusted = verdict.RegisterDefect(verdict.Defect{Class: "CLIENT_STATUS_TRUSTED",
		Words: "the client judges success by the HTTP status alone, not by the provider's result in the body"})
	RepeatsRefused = verdict.RegisterDefect(verdict.Defect{Class: "CLIENT_REPEATS_REFUSED",
		Words: "the client repeats a call the provider refused, which only repeats the refusal"})
	StateKept = verdict.RegisterDefect(verdict.Defect{Class: "CLIENT_STATE_KEPT",
		Words: "the client sends a field the case did not give: most likely state kept from an earlier request, in a request object reused across calls"})
)

// Answered checks that the candidate kept the protocol; every judgement of a case starts here.
func Answered(o *Outcome) []verdict.Problem {
	if o.Err == nil {
		return nil
	}
	return []verdict.Problem{{Expected: "one JSON object on stdout, exit status 0", Got: o.Err.Error(), Defect: ProtocolBroken, Err: o.Err}}
}

// Succeeded checks that the candidate answered ok:true.
func Succeeded(o *Outcome) []verdict.Problem {
	if p := Answered(o); p != nil {
		return p
	}
	if r := o.Run.Response; !r.OK {
		got := "ok:false"
		if r.Error != nil {
			got += fmt.Sprintf(", error %q: %s", r.Error.Code, checks.Clip(r.Error.Message, 80))
		}
		return []verdict.Problem{{Expected: "ok:true", Got: got}}
	}
	return nil
}

// Route checks that the case sent at least one request, each to method and path and, when
// header is not empty, with that header present.
func Route(o *Outcome, method, path, header string, ifMissing verdict.Defect) []verdict.Problem {
	if len(o.Entries) == 0 {
		return []verdict.Problem{{Expected: fmt.Sprintf("a request %s %s to base_url", method, path), Got: "no request", Defect: NoRequest}}
	}
	var out []verdict.Problem
	for _, e := range o.Entries {
		if e.Method != method || e.Path != path {
			out = append(out, verdict.Problem{Expected: method + " " + path, Got: e.Method + " " + e.Path, Defect: WrongRoute})
		}
		if header != "" && e.Header.Get(header) == "" {
			out = append(out, verdict.Problem{Expected: "a " + header + " header", Got: "none", Defect: ifMissing})
		}
	}
	return out
}

// ContentType checks that every request of the case says Content-Type application/json.
func ContentType(o *Outcome) []verdict.Problem {
	var out []verdict.Problem
	for _, e := range o.Entries {
		if mt, _, _ := mime.ParseMediaType(e.Header.Get("Content-Type")); mt != "application/json" {
			got := fmt.Sprintf("%q", checks.Clip(e.Header.Get("Content-Type"), 60))
			if e.Header.Get("Content-Type") == "" {
				got = "no Content-Type"
			}
			out = append(out, verdict.Problem{Expected: "Content-Type application/json", Got: got, Defect: checks.WrongContentType})
		}
	}
	return out
}

// MockWarning reports every request of the case the verifying mock served with a warning of
// class (a credential form the provider may accept but does not document); expected says what
// the client should have sent.
func MockWarning(class, expected string) func(o *Outcome) []verdict.Problem {
	return MockWarnings(expected, class)
}

// MockWarnings is MockWarning for any of several classes.
func MockWarnings(expected string, classes ...string) func(o *Outcome) []verdict.Problem {
	return func(o *Outcome) []verdict.Problem {
		var out []verdict.Problem
		for _, e := range o.Entries {
			for _, class := range classes {
				if !slices.Contains(e.Auth.Warnings, class) {
					continue
				}
				p := verdict.Problem{Expected: expected, Got: "the mock served it with a warning: " + class}
				if d, ok := verdict.LookupDefect(class); ok {
					p.Defect = d
				}
				out = append(out, p)
			}
		}
		return out
	}
}

// AtMost checks that a case sent no more than n requests: a client that repeats a refused call.
func AtMost(n int) func(o *Outcome) []verdict.Problem {
	return func(o *Outcome) []verdict.Problem {
		if len(o.Entries) > n {
			return []verdict.Problem{{Expected: fmt.Sprintf("at most %d request(s) for a refused call", n), Got: fmt.Sprintf("%d requests", len(o.Entries)), Defect: RepeatsRefused}}
		}
		return nil
	}
}

// Credentials checks the mock's verdict on every request's credentials, with its reason and the
// defect it named.
func Credentials(o *Outcome) []verdict.Problem {
	if len(o.Entries) == 0 {
		return []verdict.Problem{{Expected: "a request with valid credentials", Got: "no request", Defect: NoRequest}}
	}
	var out []verdict.Problem
	for _, e := range o.Entries {
		if e.Provider == "unknown" {
			out = append(out, verdict.Problem{Expected: "credentials on a request to the operation's path", Got: "a request to " + e.Path + ", where nothing verifies them", Defect: WrongRoute})
			continue
		}
		if e.Auth.OK {
			continue
		}
		p := verdict.Problem{Expected: "valid " + e.Auth.Scheme + " credentials", Got: "refused: " + e.Auth.Reason}
		if d, ok := verdict.LookupDefect(e.Auth.Defect); ok {
			p.Defect = d
		}
		out = append(out, p)
	}
	return out
}

// BodySpec says what a case's request bodies must be.
type BodySpec struct {
	// Doc and Path name the contract operation the body must conform to.
	Doc  *contract.Document
	Path string
	// Want are the values the body must carry, under the provider's names.
	Want map[string]any
	// Optional are fields the client may send or leave out, holding, when sent, the value given
	// (a documented default, say: iyzico's locale tr). Any other field the case did not give
	// fails the body, as state kept from an earlier request, unless it is null or its type's
	// zero value (false, 0, ""), which say no more than leaving it out.
	Optional map[string]any
	// Canon, if given, rewrites the body first (names a provider reads case-insensitively).
	Canon func([]byte) ([]byte, error)
	// DefectOf names the likely defect behind a contract violation, when it can tell better
	// than "the client sends other values than it was given"; nil or a zero Defect keeps that.
	DefectOf func(v contract.Violation, want map[string]any) verdict.Defect
}

// Body checks every request's body against the contract, and its values against the spec's.
func Body(ctx context.Context, o *Outcome, spec BodySpec) []verdict.Problem {
	if len(o.Entries) == 0 {
		return []verdict.Problem{{Expected: "a request body", Got: "no request", Defect: NoRequest}}
	}
	var out []verdict.Problem
	for _, e := range o.Entries {
		body := e.Body
		if spec.Canon != nil {
			b, err := spec.Canon(body)
			if err != nil {
				out = append(out, verdict.Problem{Expected: "a JSON object body", Got: err.Error(), Defect: checks.MalformedJSON})
				continue
			}
			body = b
		}
		req := &http.Request{Method: http.MethodPost, URL: &url.URL{Path: spec.Path}, Header: http.Header{}}
		for k, v := range e.Header {
			req.Header[k] = v
		}
		req.Header.Set("Content-Type", "application/json") // the route check judges the header itself
		if _, err := spec.Doc.ValidateRequest(ctx, req, body); err != nil {
			var vs contract.Violations
			if errors.As(err, &vs) {
				for _, v := range vs {
					d := BodyMismatch
					if spec.DefectOf != nil {
						if better := spec.DefectOf(v, spec.Want); better.Class != "" {
							d = better
						}
					}
					out = append(out, verdict.Problem{Expected: v.Where + ": " + v.Expected, Got: v.Got, Defect: d, Err: v.Err})
				}
			} else {
				out = append(out, verdict.Problem{Expected: "a body the contract allows", Got: err.Error(), Defect: BodyMismatch})
			}
			continue
		}
		var got map[string]any
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		_ = dec.Decode(&got)
		out = append(out, diff("body", got, Normalise(spec.Want), false)...)
		out = append(out, exactly(got, spec)...)
	}
	return out
}

// exactly checks that a body carries no field the case did not give: an optional field holds its
// one allowed value, and any other one is null or zero.
func exactly(got map[string]any, spec BodySpec) []verdict.Problem {
	var out []verdict.Problem
	for _, k := range slices.Sorted(maps.Keys(got)) {
		v := got[k]
		if _, given := spec.Want[k]; given || zero(v) {
			continue
		}
		if allowed, ok := spec.Optional[k]; ok {
			out = append(out, diff("body."+k, v, Normalise(allowed), false)...)
			continue
		}
		out = append(out, verdict.Problem{Expected: fmt.Sprintf("no body.%s: the case did not give it", k),
			Got: fmt.Sprintf("body.%s = %s, a value no part of this case asked for: state kept from an earlier request?", k, show(v)), Defect: StateKept})
	}
	return out
}

// zero reports whether a decoded JSON value is null or its type's zero value: a field that says
// no more than leaving it out would.
func zero(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case string:
		return x == ""
	case json.Number:
		r, ok := new(big.Rat).SetString(x.String())
		return ok && r.Sign() == 0
	case map[string]any:
		for _, inner := range x {
			if !zero(inner) {
				return false
			}
		}
		return true
	case []any:
		return len(x) == 0
	}
	return false
}

// Output checks that the candidate reported, field by field, what the mock sent in the case's
// last exchange; part selects the reported object from the response (a wrapper's body field).
func Output(o *Outcome, part string) []verdict.Problem {
	if p := Succeeded(o); p != nil {
		return p
	}
	if len(o.Entries) == 0 {
		return []verdict.Problem{{Expected: "a request to base_url", Got: "no request", Defect: NoRequest}}
	}
	var sent map[string]any
	dec := json.NewDecoder(bytes.NewReader(o.Entries[len(o.Entries)-1].Response))
	dec.UseNumber()
	if err := dec.Decode(&sent); err != nil {
		return []verdict.Problem{{Expected: "the mock's answer to compare with", Got: err.Error()}}
	}
	want := any(sent)
	if part != "" {
		want = sent[part]
	}
	var got any
	dec = json.NewDecoder(bytes.NewReader(o.Run.Response.Output))
	dec.UseNumber()
	if err := dec.Decode(&got); err != nil {
		return []verdict.Problem{{Expected: "an output object", Got: checks.Clip(string(o.Run.Response.Output), 80), Defect: OutputMismatch}}
	}
	return diff("output", got, want, true)
}

// FaultRefused checks a fault case: the candidate answers ok:false and, for an envelope, carries
// the provider's code.
func FaultRefused(o *Outcome, wantCode string, ifAccepted verdict.Defect) []verdict.Problem {
	if p := Answered(o); p != nil {
		return p
	}
	r := o.Run.Response
	switch {
	case r.OK:
		return []verdict.Problem{{Expected: "ok:false", Got: "ok:true: " + checks.Clip(string(r.Output), 80), Defect: ifAccepted}}
	case wantCode != "" && (r.Error == nil || r.Error.Code != wantCode):
		got := "no error object"
		if r.Error != nil {
			got = fmt.Sprintf("error.code %q", r.Error.Code)
		}
		return []verdict.Problem{{Expected: fmt.Sprintf("error.code %q", wantCode), Got: got, Defect: ErrorCodeLost}}
	}
	return nil
}

// diff compares two decoded JSON values field by field. With strictExtra, a field present in got
// but not in want (and not null) is a problem too.
func diff(where string, got, want any, strictExtra bool) []verdict.Problem {
	var out []verdict.Problem
	var walk func(path string, got, want any)
	walk = func(path string, got, want any) {
		switch w := want.(type) {
		case map[string]any:
			g, ok := got.(map[string]any)
			if !ok {
				out = append(out, mismatch(path, got, want))
				return
			}
			keys := make([]string, 0, len(w))
			for k := range w {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				gv, present := g[k]
				if !present && w[k] == nil {
					continue // sent as null, left out: the same to a client
				}
				if !present {
					out = append(out, verdict.Problem{Expected: fmt.Sprintf("%s.%s = %s", path, k, show(w[k])), Got: "no such field", Defect: defectAt(path)})
					continue
				}
				walk(path+"."+k, gv, w[k])
			}
			if strictExtra {
				for _, k := range slices.Sorted(maps.Keys(g)) {
					if _, ok := w[k]; !ok && g[k] != nil {
						out = append(out, verdict.Problem{Expected: fmt.Sprintf("no %s.%s (the provider did not send it)", path, k), Got: show(g[k]), Defect: OutputMismatch})
					}
				}
			}
		case []any:
			g, ok := got.([]any)
			if !ok || len(g) != len(w) {
				out = append(out, mismatch(path, got, want))
				return
			}
			for i := range w {
				walk(fmt.Sprintf("%s[%d]", path, i), g[i], w[i])
			}
		case json.Number:
			g, ok := got.(json.Number)
			if !ok || !sameNumber(g, w) {
				out = append(out, mismatch(path, got, want))
			}
		default:
			if got != want {
				out = append(out, mismatch(path, got, want))
			}
		}
	}
	walk(where, got, want)
	if len(out) > 12 {
		out = append(out[:12], verdict.Problem{Expected: "…", Got: fmt.Sprintf("%d more differences", len(out)-12), Defect: OutputMismatch})
	}
	return out
}

func mismatch(path string, got, want any) verdict.Problem {
	return verdict.Problem{Expected: fmt.Sprintf("%s = %s", path, show(want)), Got: show(got), Defect: defectAt(path)}
}

// defectAt is the defect of a difference at path: in a request body, the client sent other
// values than it was given; in an output, it reported other values than the provider sent.
func defectAt(path string) verdict.Defect {
	if strings.HasPrefix(path, "body") {
		return BodyMismatch
	}
	return OutputMismatch
}

func sameNumber(a, b json.Number) bool {
	x, ok1 := new(big.Rat).SetString(a.String())
	y, ok2 := new(big.Rat).SetString(b.String())
	return ok1 && ok2 && x.Cmp(y) == 0
}

// show renders a JSON value with its type visible ("62" and 62 differ).
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return checks.Clip(string(b), 60)
}

// Normalise turns a Go value into the shape a JSON decoder with UseNumber gives.
func Normalise(v any) any {
	b, _ := json.Marshal(v)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out any
	_ = dec.Decode(&out)
	return out
}
