// Package checks holds the judgements every provider's suite makes of an exchange, whatever the
// provider: is it a 5xx, does it conform to the contract, what did the body look like. Provider
// packages add their own (echoes, envelopes) on top.
package checks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/payconform/payconform/harness/contract"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/verdict"
)

// Server-side defects that any provider's target can have.
var (
	ServerError = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_ERROR_ON_BAD_INPUT",
		Words: "the server fails with a 5xx on a request it should refuse with its error envelope"})
	NotConformant = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_RESPONSE_NOT_CONFORMANT",
		Words: "the server's response departs from the contract"})
	NoAuthRequired = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_NO_AUTH_REQUIRED",
		Words: "the server does not require credentials"})
	SchemeNotChecked = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_SCHEME_NOT_CHECKED",
		Words: "the server does not check the Authorization scheme"})
	InputNotValidated = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_INPUT_NOT_VALIDATED",
		Words: "the server does not validate the request body against the contract"})
	NoEcho = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_NO_ECHO",
		Words: "the server does not echo the identifiers the request sent"})
	SuccessWithError = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_SUCCESS_WITH_ERROR",
		Words: "the server's success also carries an error, so a client cannot tell what happened"})
)

// Client-side defects that requests to any provider can have; vectors of every provider flag them.
var (
	WrongSecret = verdict.RegisterDefect(verdict.Defect{Class: "WRONG_SECRET",
		Words: "the client uses a secret key other than the one the server holds for it"})
	MissingAuthorization = verdict.RegisterDefect(verdict.Defect{Class: "MISSING_AUTHORIZATION",
		Words: "the client sends no Authorization header"})
	MissingField = verdict.RegisterDefect(verdict.Defect{Class: "MISSING_FIELD",
		Words: "the client leaves a required body field out, or sends it empty"})
	MalformedJSON = verdict.RegisterDefect(verdict.Defect{Class: "MALFORMED_JSON",
		Words: "the client sends a body that is not well-formed JSON"})
	WrongContentType = verdict.RegisterDefect(verdict.Defect{Class: "WRONG_CONTENT_TYPE",
		Words: "the client sends a Content-Type other than application/json"})
	KeyNearMiss = verdict.RegisterDefect(verdict.Defect{Class: "KEY_NEAR_MISS",
		Words: "the client sends a credential nearly right: in another case, a character added, dropped or replaced, or one of two values wrong"})
)

// Conforms checks an exchange against the contract operation for method and path: documented
// status, media type and body schema. Each violation is one problem.
//
// A leading byte order mark is left out first: RFC 8259 lets a parser ignore it, and BOM names it.
func Conforms(ctx context.Context, doc *contract.Document, method, path string, ex *exchange.Exchange) []verdict.Problem {
	err := doc.ValidateResponse(ctx, method, path, ex.Status, ex.Header, WithoutBOM(ex.Body))
	if err == nil {
		return nil
	}
	var vs contract.Violations
	if !errors.As(err, &vs) {
		return []verdict.Problem{{Expected: "a response the contract allows", Got: err.Error(), Err: err}}
	}
	out := make([]verdict.Problem, len(vs))
	for i, v := range vs {
		out[i] = verdict.Problem{Expected: v.Where + ": " + v.Expected, Got: v.Got, Defect: NotConformant, Err: v.Err}
	}
	return out
}

// NotServerError checks only that a request was not answered with a 5xx.
func NotServerError(ex *exchange.Exchange) []verdict.Problem {
	if ex.ServerError() {
		return []verdict.Problem{{Expected: "no 5xx", Got: fmt.Sprintf("HTTP %d (%s)", ex.Status, DescribeBody(ex)), Defect: ServerError}}
	}
	return nil
}

// DescribeBody says what came back in a few words: media type, size and the start of the body.
func DescribeBody(ex *exchange.Exchange) string {
	ct := ex.Header.Get("Content-Type")
	if ct == "" {
		ct = "no Content-Type"
	}
	bom := ""
	if HasBOM(ex.Body) {
		bom = ", starting with a UTF-8 byte order mark"
	}
	size := fmt.Sprintf("%d bytes", len(ex.Body))
	if ex.Truncated {
		size = fmt.Sprintf("more than %d bytes, of which payconform read the first %d", exchange.MaxResponseBody, len(ex.Body))
	}
	return fmt.Sprintf("%s, %s%s: %q", ct, size, bom, Clip(string(WithoutBOM(ex.Body)), 80))
}

// utf8BOM is the UTF-8 byte order mark, U+FEFF.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// HasBOM reports whether a body starts with a UTF-8 byte order mark.
func HasBOM(body []byte) bool { return bytes.HasPrefix(body, utf8BOM) }

// WithoutBOM is body without its leading UTF-8 byte order mark, if it has one.
func WithoutBOM(body []byte) []byte { return bytes.TrimPrefix(body, utf8BOM) }

// BOMAdded is an answer that starts with a byte order mark.
var BOMAdded = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_BOM",
	Words: "the server starts its JSON answer with a UTF-8 byte order mark, which RFC 8259 tells senders not to add (parsers may ignore it, and payconform does)"})

// BOM names a body that starts with a UTF-8 byte order mark. RFC 8259 section 8.1:
// "Implementations MUST NOT add a byte order mark (U+FEFF) to the beginning of a networked-
// transmitted JSON text", but a parser MAY ignore one; so it is a warning, never a refusal
// missed or a body unread.
func BOM(ex *exchange.Exchange) []verdict.Problem {
	if !HasBOM(ex.Body) {
		return nil
	}
	return []verdict.Problem{{Expected: "a JSON answer without a byte order mark (RFC 8259 section 8.1)",
		Got: fmt.Sprintf("HTTP %d whose body starts with the UTF-8 byte order mark EF BB BF", ex.Status), Defect: BOMAdded}}
}

// Noted says, in every problem found on an exchange that was retried, that the answer judged
// came after a retry, and why: a verdict that rests on a retried exchange says so.
func Noted(ex *exchange.Exchange, problems []verdict.Problem) []verdict.Problem {
	if ex == nil || ex.Retried == "" || len(problems) == 0 {
		return problems
	}
	out := make([]verdict.Problem, len(problems))
	for i, p := range problems {
		p.Got += fmt.Sprintf(" [the answer judged came on attempt %d: %s]", ex.Attempts, ex.Retried)
		out[i] = p
	}
	return out
}

// Clip shortens untrusted text before it goes into a message.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// ConformsBody checks only an answer's body against the contract operation's success schema,
// whatever its status and Content-Type say: the shape a client can read.
func ConformsBody(ctx context.Context, doc *contract.Document, method, path string, ex *exchange.Exchange) []verdict.Problem {
	body := *ex
	body.Status = 200
	body.Header = ex.Header.Clone()
	if body.Header == nil {
		body.Header = http.Header{}
	}
	body.Header.Set("Content-Type", "application/json")
	return Conforms(ctx, doc, method, path, &body)
}

// ConformsFraming checks only an answer's status and Content-Type against the contract.
func ConformsFraming(ctx context.Context, doc *contract.Document, method, path string, ex *exchange.Exchange) []verdict.Problem {
	var out []verdict.Problem
	for _, p := range Conforms(ctx, doc, method, path, ex) {
		if strings.HasPrefix(p.Expected, "status:") || strings.HasPrefix(p.Expected, "Content-Type:") {
			out = append(out, p)
		}
	}
	return out
}
