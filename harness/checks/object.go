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

// ParseObject reads a body as one JSON object. Its error says what the body was instead.
func ParseObject(body []byte) (Object, error) {
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

// RefusalShape tells a provider's refusal from anything else: refused reports whether the
// answer is the provider's documented failure (its envelope), and token reports whether a 2xx
// answer carries what a success would grant (a session key, a token, card data).
type RefusalShape struct {
	Refused func(ex *exchange.Exchange) bool
	Granted func(ex *exchange.Exchange) (what string, ok bool)
}

// Bypass is an answer that grants what only authenticated requests may get.
var Bypass = verdict.RegisterDefect(verdict.Defect{Class: "AUTHENTICATION_BYPASS",
	Words: "the server grants a request it had to refuse: an authentication bypass"})

// NotRefused is an answer that is neither a refusal nor a grant.
var NotRefused = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_DID_NOT_REFUSE",
	Words: "the server did not recognisably refuse: its answer is neither the provider's failure nor a 4xx"})

// MustRefuse checks that a request the server had to refuse was refused, recognisably: with the
// provider's failure envelope (below 500) or with a 4xx. A 2xx that grants what a success would
// is named an authentication bypass (or ifGranted, when given); a 3xx, a 5xx or an answer the
// harness cannot read is no refusal, and says what came instead.
func MustRefuse(ex *exchange.Exchange, shape RefusalShape, ifGranted verdict.Defect) []verdict.Problem {
	switch {
	case ex.Status >= 400 && ex.Status < 500:
		return nil
	case ex.Status < 500 && shape.Refused(ex):
		return nil
	}
	if ex.Status >= 200 && ex.Status < 300 {
		if what, ok := shape.Granted(ex); ok {
			d := ifGranted
			if d.Class == "" {
				d = Bypass
			}
			return []verdict.Problem{{Expected: "a refusal (the provider's failure, or a 4xx)",
				Got: fmt.Sprintf("HTTP %d with %s: the request was granted, an authentication bypass", ex.Status, what), Defect: d}}
		}
	}
	d := NotRefused
	if ex.ServerError() {
		d = ServerError
	}
	got := fmt.Sprintf("the server did not refuse; its answer was HTTP %d (%s)", ex.Status, DescribeBody(ex))
	if loc := ex.Header.Get("Location"); loc != "" && ex.Status >= 300 && ex.Status < 400 {
		got = fmt.Sprintf("the server did not refuse; it answered HTTP %d %s, redirecting to %s", ex.Status, http.StatusText(ex.Status), Clip(loc, 80))
	}
	return []verdict.Problem{{Expected: "a refusal (the provider's failure, or a 4xx)", Got: got, Defect: d}}
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
