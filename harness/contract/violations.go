package contract

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Violation is one way a message departs from the contract.
type Violation struct {
	// Message is "request" or "response".
	Message string
	// Where is a JSON pointer into the body ("/bankCode"), or "status", "Content-Type",
	// "header <name>", "body".
	Where string
	// Expected and Got are short, in words a reader can compare. Got never holds more than a
	// clipped piece of the offending value.
	Expected string
	Got      string
	// Err is kin-openapi's error, for errors.As.
	Err error
}

func (v Violation) String() string {
	s := fmt.Sprintf("%s %s: expected %s", v.Message, v.Where, v.Expected)
	if v.Got != "" {
		s += ", got " + v.Got
	}
	return s
}

// Violations is every departure kin-openapi found in one message.
type Violations []Violation

func (vs Violations) Error() string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.String()
	}
	return strings.Join(parts, "; ")
}

// Unwrap exposes kin-openapi's errors to errors.Is and errors.As.
func (vs Violations) Unwrap() []error {
	out := make([]error, 0, len(vs))
	for _, v := range vs {
		if v.Err != nil {
			out = append(out, v.Err)
		}
	}
	return out
}

// collect flattens kin-openapi's error tree into violations.
func collect(message string, err error) Violations {
	var out Violations
	var walk func(where string, err error)
	walk = func(where string, err error) {
		var me openapi3.MultiError
		var reqErr *openapi3filter.RequestError
		var respErr *openapi3filter.ResponseError
		var schemaErr *openapi3.SchemaError
		switch {
		case errors.As(err, &me):
			for _, e := range me {
				walk(where, e)
			}
		case errors.As(err, &reqErr):
			w := "body"
			if reqErr.Parameter != nil {
				w = reqErr.Parameter.In + " " + reqErr.Parameter.Name
			}
			if reqErr.Err != nil && (isSchemaErr(reqErr.Err)) {
				walk(w, reqErr.Err)
				return
			}
			out = append(out, requestViolation(message, w, reqErr))
		case errors.As(err, &respErr):
			if respErr.Err != nil && isSchemaErr(respErr.Err) {
				walk("body", respErr.Err)
				return
			}
			out = append(out, responseViolation(message, respErr))
		case errors.As(err, &schemaErr):
			out = append(out, schemaViolation(message, schemaErr))
		default:
			out = append(out, Violation{Message: message, Where: where, Expected: "a message the contract allows", Got: err.Error(), Err: err})
		}
	}
	walk("body", err)
	slices.SortStableFunc(out, func(a, b Violation) int { return strings.Compare(a.Where, b.Where) })
	return slices.CompactFunc(out, func(a, b Violation) bool { return a.String() == b.String() })
}

func isSchemaErr(err error) bool {
	var me openapi3.MultiError
	var se *openapi3.SchemaError
	return errors.As(err, &me) || errors.As(err, &se)
}

func requestViolation(message, where string, e *openapi3filter.RequestError) Violation {
	v := Violation{Message: message, Where: where, Err: e}
	switch {
	case errors.Is(e.Err, openapi3filter.ErrInvalidRequired):
		v.Expected, v.Got = "a value (required)", "none"
	case strings.HasPrefix(e.Reason, "header Content-Type has unexpected value"):
		v.Where, v.Expected = "Content-Type", "a media type the operation accepts ("+mediaTypes(e)+")"
		v.Got = quoteOrNone(e.Input.Request.Header.Get("Content-Type"))
	case e.Reason == "failed to decode request body":
		v.Expected, v.Got = "a body that decodes as its media type", clipErr(e.Err)
	default:
		v.Expected, v.Got = "a request the contract allows", e.Error()
	}
	return v
}

func responseViolation(message string, e *openapi3filter.ResponseError) Violation {
	v := Violation{Message: message, Where: "body", Err: e}
	switch {
	case strings.HasPrefix(e.Reason, "status is not supported"):
		v.Where, v.Expected = "status", "a documented status ("+statuses(e)+")"
		v.Got = fmt.Sprint(e.Input.Status)
	case strings.HasPrefix(e.Reason, "response header Content-Type has unexpected value"):
		v.Where, v.Expected = "Content-Type", "a documented media type"
		v.Got = quoteOrNone(e.Input.Header.Get("Content-Type"))
	case e.Reason == "failed to decode response body":
		v.Expected, v.Got = "a body that decodes as its media type", clipErr(e.Err)
	default:
		v.Expected, v.Got = "a response the contract allows", e.Error()
	}
	return v
}

func schemaViolation(message string, e *openapi3.SchemaError) Violation {
	where := "/" + strings.Join(e.JSONPointer(), "/")
	v := Violation{Message: message, Where: where, Err: e, Got: describe(e.Value)}
	s := e.Schema
	switch e.SchemaField {
	case "type":
		v.Expected = "type " + s.Type.Slice()[0]
		if s.Format != "" {
			v.Expected += " (" + s.Format + ")"
		}
	case "required":
		// kin-openapi already points at the missing property.
		v.Expected, v.Got = "the property (required)", "no such property"
	case "enum":
		v.Expected = "one of " + describe(s.Enum)
	case "additionalProperties":
		v.Expected, v.Got = "no undocumented properties", e.Reason
	default:
		v.Expected = e.SchemaField + ": " + e.Reason
	}
	return v
}

func mediaTypes(e *openapi3filter.RequestError) string {
	if e.RequestBody == nil {
		return "none"
	}
	var out []string
	for mt := range e.RequestBody.Content {
		out = append(out, mt)
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

func statuses(e *openapi3filter.ResponseError) string {
	if e.Input == nil || e.Input.RequestValidationInput == nil {
		return "?"
	}
	var out []string
	for code := range e.Input.RequestValidationInput.Route.Operation.Responses.Map() {
		out = append(out, code)
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

// describe renders a JSON value briefly, with its JSON type, so that "62" and 62 look different.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("string %q", clip(x, 40))
	case bool:
		return fmt.Sprintf("boolean %t", x)
	case float64, json.Number, int, int64:
		return fmt.Sprintf("number %v", x)
	case map[string]any:
		return "an object"
	case []any:
		if len(x) > 0 {
			if _, scalar := x[0].(map[string]any); !scalar {
				b, _ := json.Marshal(x)
				return clip(string(b), 80)
			}
		}
		return fmt.Sprintf("an array of %d", len(x))
	default:
		return clip(fmt.Sprint(x), 40)
	}
}

func quoteOrNone(s string) string {
	if s == "" {
		return "none"
	}
	return fmt.Sprintf("%q", clip(s, 60))
}

func clipErr(err error) string {
	if err == nil {
		return ""
	}
	return clip(err.Error(), 120)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
