package mock

import (
	"fmt"
	"net/http"
	"sync/atomic"
)

// Fault makes every provider route answer wrongly on purpose, to see what a client under test
// does with it (docs/design.md, "Certifying a client"). The request is still verified and
// journaled as usual; only the answer changes.
type Fault int32

const (
	NoFault Fault = iota
	// FaultEnvelope answers with the provider's failure envelope, as the provider documents it
	// (iyzico: status failure, errorCode "1000" on HTTP 200; Paynet: HTTP 401, result code 7).
	FaultEnvelope
	// FaultEnvelope200 answers with the provider's failure on HTTP 200, for providers whose
	// documented failures may also come on 200 (Paynet's code, Paywall's Result).
	FaultEnvelope200
	// FaultServerError answers HTTP 500 with an HTML page.
	FaultServerError
	// FaultMalformed answers HTTP 200, application/json, with the body cut in half.
	FaultMalformed
	// FaultWrongContentType answers the normal body with Content-Type text/html.
	FaultWrongContentType
)

// Faults lists every fault but NoFault.
var Faults = []Fault{FaultEnvelope, FaultEnvelope200, FaultServerError, FaultMalformed, FaultWrongContentType}

var faultNames = map[Fault]string{
	NoFault: "none", FaultEnvelope: "envelope", FaultEnvelope200: "envelope-200", FaultServerError: "server-error",
	FaultMalformed: "malformed-json", FaultWrongContentType: "wrong-content-type",
}

func (f Fault) String() string { return faultNames[f] }

// ParseFault reads a fault's name.
func ParseFault(s string) (Fault, error) {
	for f, name := range faultNames {
		if name == s {
			return f, nil
		}
	}
	return NoFault, fmt.Errorf("parse fault %q: want none, envelope, envelope-200, server-error, malformed-json or wrong-content-type", s)
}

// faultSwitch holds the active fault.
type faultSwitch struct{ v atomic.Int32 }

// SetFault makes every provider route answer with f until it is set back to NoFault.
func (s *Server) SetFault(f Fault) { s.fault.v.Store(int32(f)) }

// ActiveFault is the fault routes answer with now.
func (s *Server) ActiveFault() Fault { return Fault(s.fault.v.Load()) }

// faulty rewrites an answer according to the active fault.
func (c *Call) faulty(status int, contentType string, body []byte) (int, string, []byte, string) {
	if c.entry.Provider == "unknown" {
		return status, contentType, body, "" // not a provider route: nothing to fake
	}
	switch Fault(c.s.fault.v.Load()) {
	case FaultEnvelope:
		if c.envelope != nil {
			st, b := c.envelope()
			return st, "application/json; charset=utf-8", b, "fault: envelope"
		}
	case FaultEnvelope200:
		e := c.on200
		if e == nil {
			e = c.envelope
		}
		if e != nil {
			_, b := e()
			return http.StatusOK, "application/json; charset=utf-8", b, "fault: envelope on HTTP 200"
		}
	case FaultServerError:
		return http.StatusInternalServerError, "text/html; charset=utf-8", ServerErrorPage, "fault: server error"
	case FaultMalformed:
		return http.StatusOK, "application/json; charset=utf-8", body[:len(body)/2], "fault: malformed JSON"
	case FaultWrongContentType:
		return status, "text/html; charset=utf-8", body, "fault: wrong Content-Type"
	}
	return status, contentType, body, ""
}
