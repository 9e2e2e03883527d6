package mock

import (
	"fmt"
	"net/http"
	"sync/atomic"
)

// Injection makes every provider route answer wrongly on purpose, to see what a client under
// test does with it (the certification's fault cases). The request is still verified and
// journaled as usual; only the answer changes.
type Injection int32

const (
	NoInjection Injection = iota
	// InjectEnvelope answers with the provider's failure envelope, as the provider documents it
	// (its status, its error object, its code).
	InjectEnvelope
	// InjectEnvelope200 answers with the provider's failure on HTTP 200, for providers whose
	// documented failures may also come on 200 (a code or a result flag in the body).
	InjectEnvelope200
	// InjectServerError answers HTTP 500 with an HTML page.
	InjectServerError
	// InjectMalformed answers HTTP 200, application/json, with the body cut in half.
	InjectMalformed
	// InjectWrongContentType answers the normal body with Content-Type text/html.
	InjectWrongContentType
)

// Injections lists every injection but NoInjection.
var Injections = []Injection{InjectEnvelope, InjectEnvelope200, InjectServerError, InjectMalformed, InjectWrongContentType}

var injectionNames = map[Injection]string{
	NoInjection: "none", InjectEnvelope: "envelope", InjectEnvelope200: "envelope-200", InjectServerError: "server-error",
	InjectMalformed: "malformed-json", InjectWrongContentType: "wrong-content-type",
}

func (f Injection) String() string { return injectionNames[f] }

// ParseInjection reads an injection's name.
func ParseInjection(s string) (Injection, error) {
	for f, name := range injectionNames {
		if name == s {
			return f, nil
		}
	}
	return NoInjection, fmt.Errorf("parse injection %q: want none, envelope, envelope-200, server-error, malformed-json or wrong-content-type", s)
}

// injectionSwitch holds the active injection.
type injectionSwitch struct{ v atomic.Int32 }

// SetInjection makes every provider route answer with f until it is set back to NoInjection.
func (s *Server) SetInjection(f Injection) { s.injection.v.Store(int32(f)) }

// Injected is the injection routes answer with now.
func (s *Server) Injected() Injection { return Injection(s.injection.v.Load()) }

// faulty rewrites an answer according to the active injection.
func (c *Call) faulty(status int, contentType string, body []byte) (int, string, []byte, string) {
	if c.entry.Provider == "unknown" {
		return status, contentType, body, "" // not a provider route: nothing to fake
	}
	switch c.s.Injected() {
	case InjectEnvelope:
		if c.envelope != nil {
			st, b := c.envelope()
			return st, "application/json; charset=utf-8", b, "fault: envelope"
		}
	case InjectEnvelope200:
		e := c.on200
		if e == nil {
			e = c.envelope
		}
		if e != nil {
			_, b := e()
			return http.StatusOK, "application/json; charset=utf-8", b, "fault: envelope on HTTP 200"
		}
	case InjectServerError:
		return http.StatusInternalServerError, "text/html; charset=utf-8", ServerErrorPage, "fault: server error"
	case InjectMalformed:
		return http.StatusOK, "application/json; charset=utf-8", body[:len(body)/2], "fault: malformed JSON"
	case InjectWrongContentType:
		return status, "text/html; charset=utf-8", body, "fault: wrong Content-Type"
	}
	return status, contentType, body, ""
}
