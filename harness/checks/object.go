package checks

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/redact"
	"github.com/payconform/payconform/harness/verdict"
)

// Object is a JSON object read field by field, so that a problem names the field that failed
// and why, instead of a decoder's message about a Go struct.
type Object map[string]json.RawMessage

// FieldError is one field of an answer that could not be read as the provider documents it.
type FieldError struct {
	Field string
	Want  string
	Got   string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("field %s: want %s, got %s", e.Field, e.Want, e.Got)
}

// ParseObject reads a body as one JSON object. Its error says what the body was instead. A
// leading UTF-8 byte order mark is skipped, as RFC 8259 section 8.1 lets a parser do
// ("implementations that parse JSON texts MAY ignore the presence of a byte order mark"); BOM
// reports it.
func ParseObject(body []byte) (Object, error) {
	body = WithoutBOM(body)
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, fmt.Errorf("the body is not JSON: %v at byte %d", syn, syn.Offset)
		}
		return nil, fmt.Errorf("the body is not JSON: %v", err)
	}
	if dec.More() {
		return nil, errors.New("the body holds more than one JSON value")
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, fmt.Errorf("the body is %s, not a JSON object", kind(v))
	}
	var o Object
	_ = json.Unmarshal(body, &o)
	return o, nil
}

// Has reports whether name is present and not null.
func (o Object) Has(name string) bool {
	v, ok := o[name]
	return ok && string(v) != "null"
}

// String reads a string field; ok is false when it is absent or null.
func (o Object) String(name string) (s string, ok bool, err *FieldError) {
	if !o.Has(name) {
		return "", false, nil
	}
	if json.Unmarshal(o[name], &s) != nil {
		return "", true, o.fieldError(name, "a string")
	}
	return s, true, nil
}

// Bool reads a boolean field.
func (o Object) Bool(name string) (b bool, ok bool, err *FieldError) {
	if !o.Has(name) {
		return false, false, nil
	}
	if json.Unmarshal(o[name], &b) != nil {
		return false, true, o.fieldError(name, "a boolean")
	}
	return b, true, nil
}

// Int reads an integer field.
func (o Object) Int(name string) (n int64, ok bool, err *FieldError) {
	if !o.Has(name) {
		return 0, false, nil
	}
	if json.Unmarshal(o[name], &n) != nil {
		return 0, true, o.fieldError(name, "an integer")
	}
	return n, true, nil
}

// Object reads an object field.
func (o Object) Object(name string) (Object, bool, *FieldError) {
	if !o.Has(name) {
		return nil, false, nil
	}
	var inner Object
	if v := bytes.TrimSpace(o[name]); len(v) == 0 || v[0] != '{' || json.Unmarshal(v, &inner) != nil {
		return nil, true, o.fieldError(name, "an object")
	}
	return inner, true, nil
}

func (o Object) fieldError(name, want string) *FieldError {
	var v any
	dec := json.NewDecoder(bytes.NewReader(o[name]))
	dec.UseNumber()
	_ = dec.Decode(&v)
	return &FieldError{Field: name, Want: want, Got: describe(v)}
}

// describe names a JSON value with its type, so that "62" and 62 read apart.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the string %q", Clip(x, 40))
	case bool:
		return fmt.Sprintf("the boolean %t", x)
	case json.Number:
		return "the number " + x.String()
	case map[string]any:
		return "an object"
	case []any:
		return fmt.Sprintf("an array of %d", len(x))
	}
	return fmt.Sprint(v)
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "a JSON array"
	case string:
		return "a JSON string"
	case bool:
		return "a JSON boolean"
	case json.Number:
		return "a JSON number"
	}
	return "a JSON value"
}

// RefusalShape tells a provider's refusal from anything else. Grants and Claims judge what an
// answer gives and says; Refused recognises the provider's documented failure.
type RefusalShape struct {
	// Refused reports whether the answer is the provider's documented failure (its envelope).
	Refused func(ex *exchange.Exchange) bool
	// Grants reports what the answer hands out that only a success may (card data, a session
	// key, a token), whatever its status and envelope say.
	Grants func(ex *exchange.Exchange) (what string, ok bool)
	// Claims reports a success the envelope claims without handing anything out (status
	// "success", Result true); nil when the provider's envelope has no such claim.
	Claims func(ex *exchange.Exchange) (what string, ok bool)
}

// Bypass is an answer that grants what only authenticated requests may get.
var Bypass = verdict.RegisterDefect(verdict.Defect{Class: "AUTHENTICATION_BYPASS",
	Words: "the server grants a request it had to refuse: an authentication bypass"})

// NotRefused is an answer that is neither a refusal nor a grant.
var NotRefused = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_DID_NOT_REFUSE",
	Words: "the server did not recognisably refuse: its answer is neither the provider's failure nor a 4xx"})

// Answer is what an answer to a request that had to be refused amounts to.
type Answer int

const (
	// NotARefusal is neither a refusal nor a grant: a 3xx, a 5xx, an unreadable 2xx.
	NotARefusal Answer = iota
	// Refusal is a 4xx, or the provider's failure envelope below 500, that hands nothing out.
	Refusal
	// Grant hands out what a success grants, whatever else the answer says.
	Grant
	// ClaimedSuccess is a 2xx whose envelope claims a success.
	ClaimedSuccess
)

// Classify judges grants first, in one place for every provider: an answer that hands out card
// data, a session key or a token grants it, even beside status "failure", a code other than 0,
// Result false or a 4xx status. Then a 4xx, or the provider's failure envelope below 500, is a
// refusal; a 2xx whose envelope claims a success grants the request too. what names the grant.
func Classify(ex *exchange.Exchange, shape RefusalShape) (Answer, string) {
	if what, ok := shape.Grants(ex); ok {
		return Grant, what
	}
	switch {
	case ex.Status >= 400 && ex.Status < 500:
		return Refusal, ""
	case ex.Status < 500 && shape.Refused(ex):
		return Refusal, ""
	}
	if ex.Status >= 200 && ex.Status < 300 && shape.Claims != nil {
		if what, ok := shape.Claims(ex); ok {
			return ClaimedSuccess, what
		}
	}
	return NotARefusal, ""
}

// MustRefuse checks that a request the server had to refuse was refused, recognisably and
// without handing anything out (Classify). A grant is named an authentication bypass (or
// ifGranted, when given), whatever the envelope around it says; a 3xx, a 5xx or an answer the
// harness cannot read is no refusal, and says what came instead.
func MustRefuse(ex *exchange.Exchange, shape RefusalShape, ifGranted verdict.Defect) []verdict.Problem {
	answer, what := Classify(ex, shape)
	d := ifGranted
	if d.Class == "" {
		d = Bypass
	}
	const want = "a refusal (the provider's failure, or a 4xx) that hands nothing out"
	switch answer {
	case Refusal:
		return nil
	case Grant:
		got := fmt.Sprintf("HTTP %d with %s: the request was granted, an authentication bypass", ex.Status, what)
		if ex.Status >= 300 || shape.Refused(ex) {
			got = fmt.Sprintf("HTTP %d with %s beside a refusal (%s): what a success grants was handed out, an authentication bypass whatever the envelope says", ex.Status, what, DescribeBody(ex))
		}
		return []verdict.Problem{{Expected: want, Got: got, Defect: d}}
	case ClaimedSuccess:
		return []verdict.Problem{{Expected: want, Got: fmt.Sprintf("HTTP %d with %s: the request was granted, an authentication bypass", ex.Status, what), Defect: d}}
	}
	d = NotRefused
	if ex.ServerError() {
		d = ServerError
	}
	got := fmt.Sprintf("the server did not refuse; its answer was HTTP %d (%s)", ex.Status, DescribeBody(ex))
	if loc := ex.Header.Get("Location"); loc != "" && ex.Status >= 300 && ex.Status < 400 {
		got = fmt.Sprintf("the server did not refuse; it answered HTTP %d %s, redirecting to %s", ex.Status, http.StatusText(ex.Status), Clip(loc, 80))
	}
	return []verdict.Problem{{Expected: want, Got: got, Defect: d}}
}

// SecretInAnswer is an answer that carries a credential.
var SecretInAnswer = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_ECHOES_CREDENTIAL",
	Words: "the server writes a credential it was sent, or holds, into its answer"})

// NoSecretIn checks that an answer, its headers and body, carries none of secrets in any of the
// forms it is commonly leaked in. The problem names the form, never the value.
func NoSecretIn(ex *exchange.Exchange, ifFound verdict.Defect, secrets ...string) []verdict.Problem {
	if ifFound.Class == "" {
		ifFound = SecretInAnswer
	}
	var text strings.Builder
	for name, values := range ex.Header {
		fmt.Fprintf(&text, "%s: %s\n", name, strings.Join(values, ", "))
	}
	text.Write(ex.Body)
	if m, ok := redact.Find(text.String(), secrets...); ok {
		return []verdict.Problem{{Expected: "no credential in the answer", Got: fmt.Sprintf("HTTP %d whose answer holds a credential (%s form)", ex.Status, m.Form), Defect: ifFound}}
	}
	return nil
}
