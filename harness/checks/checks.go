// Package checks holds the judgements every provider's suite makes of an exchange, whatever the
// provider: is it a 5xx, does it conform to the contract, what did the body look like. Provider
// packages add their own (echoes, envelopes) on top.
package checks

import (
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
		Words: "the client sends a credential nearly right: in another case, a character added or dropped, or one of two values wrong"})
)

// Conforms checks an exchange against the contract operation for method and path: documented
// status, media type and body schema. Each violation is one problem.
func Conforms(ctx context.Context, doc *contract.Document, method, path string, ex *exchange.Exchange) []verdict.Problem {
	err := doc.ValidateResponse(ctx, method, path, ex.Status, ex.Header, ex.Body)
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
	return fmt.Sprintf("%s, %d bytes: %q", ct, len(ex.Body), Clip(string(ex.Body), 80))
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
