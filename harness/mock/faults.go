package mock

import (
	"fmt"
	"net/http"
	"sync/atomic"
)

// Fault makes every provider route answer wrongly on purpose, to see what a client under test
// does with it (DESIGN section 5, fault cases). The request is still verified and journaled as
// usual; only the answer changes.
type Fault int32

const (
	NoFault Fault = iota
	// FaultEnvelope answers with the provider's failure envelope: iyzico status failure,
	// errorCode "1000" on HTTP 200; Paynet 401, result code 7; Paywall Result false, ErrorCode 2.
	FaultEnvelope
	// FaultServerError answers HTTP 500 with an HTML page.
	FaultServerError
	// FaultMalformed answers HTTP 200, application/json, with the body cut in half.
	FaultMalformed
	// FaultWrongContentType answers the normal body with Content-Type text/html.
	FaultWrongContentType
)

var faultNames = map[Fault]string{
	NoFault: "none", FaultEnvelope: "envelope", FaultServerError: "server-error",
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
	return NoFault, fmt.Errorf("parse fault %q: want none, envelope, server-error, malformed-json or wrong-content-type", s)
}

// faultSwitch holds the active fault.
type faultSwitch struct{ v atomic.Int32 }

// SetFault makes every provider route answer with f until it is set back to NoFault.
func (s *Server) SetFault(f Fault) { s.fault.v.Store(int32(f)) }

// ActiveFault is the fault routes answer with now.
func (s *Server) ActiveFault() Fault { return Fault(s.fault.v.Load()) }

// envelopeFault is a provider's failure envelope: status, content type, body.
type envelopeFault func() (int, []byte)

// faulty rewrites an answer according to the active fault.
func (c *call) faulty(status int, contentType string, body []byte) (int, string, []byte, string) {
	if c.entry.Provider == "unknown" {
		return status, contentType, body, "" // not a provider route: nothing to fake
	}
	switch Fault(c.s.fault.v.Load()) {
	case FaultEnvelope:
		if c.envelope != nil {
			st, b := c.envelope()
			return st, "application/json; charset=utf-8", b, "fault: envelope"
		}
	case FaultServerError:
		return http.StatusInternalServerError, "text/html; charset=utf-8", serverErrorPage, "fault: server error"
	case FaultMalformed:
		return http.StatusOK, "application/json; charset=utf-8", body[:len(body)/2], "fault: malformed JSON"
	case FaultWrongContentType:
		return status, "text/html; charset=utf-8", body, "fault: wrong Content-Type"
	}
	return status, contentType, body, ""
}
