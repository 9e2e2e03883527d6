package mock

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/payconform/payconform/harness/mockapi"
)

// ReasonHeader carries, on every refusal, the mock's reason in plain words, the way Prism's
// sl-violations header does: a client author sees why without reading the mock's log.
const ReasonHeader = "X-Payconform-Reason"

// Call carries one provider request through its route and into the journal.
type Call struct {
	s *Server
	w http.ResponseWriter
	// Request is the request as received; its body has been read into Body.
	Request *http.Request
	// Body is the raw body, at most the route's MaxBody bytes.
	Body []byte
	// TooLarge is set when the body was larger than Limit, the most the route reads.
	TooLarge bool
	Limit    int64
	// ReadErr is set when the body could not be read.
	ReadErr error
	// Auth is the verdict on the request's credentials, which the route fills in for the journal.
	Auth *mockapi.AuthRecord

	mut      MutantSet
	entry    mockapi.Entry
	envelope Envelope
	on200    Envelope
}

// Envelope is a provider's failure answer: status and body (JSON).
type Envelope func() (status int, body []byte)

// begin reads the body (at most limit bytes) and starts the journal entry, with the request's
// headers redacted by redact.
func (s *Server) begin(w http.ResponseWriter, r *http.Request, provider, operation string, redact func(http.Header) http.Header, limit int64) *Call {
	c := &Call{s: s, w: w, Request: r, mut: s.switches.load(), Limit: limit}
	c.entry = mockapi.Entry{
		Time: s.now(), Provider: provider, Operation: operation,
		Method: clipText(r.Method, 32), Path: clipText(r.URL.Path, 1024), Query: clipText(r.URL.RawQuery, 1024), RemoteAddr: r.RemoteAddr,
	}
	var cut bool
	if c.entry.Header, cut = keepHeader(redact(r.Header)); cut {
		c.entry.Truncated = append(c.entry.Truncated, "header")
	}
	c.Auth = &c.entry.Auth
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	c.ReadErr = err
	if int64(len(body)) > limit {
		c.TooLarge = true
		body = body[:limit]
	}
	c.Body = body
	c.entry.BodySize = len(body)
	if c.entry.Body, cut = c.s.keep(body); cut {
		c.entry.Truncated = append(c.entry.Truncated, "body")
	}
	return c
}

// Has reports whether a mutant is active for this request.
func (c *Call) Has(m *Mutant) bool { return c.mut.Has(m) }

// Now is the mock's clock.
func (c *Call) Now() time.Time { return c.s.now() }

// SetEnvelope gives the provider's failure answer for the injections: the one the provider
// documents, and the same failure delivered on HTTP 200 (nil when the documented one already
// comes on 200).
func (c *Call) SetEnvelope(documented, on200 Envelope) { c.envelope, c.on200 = documented, on200 }

// Reply writes the answer and journals the exchange. refusal is "" for a success; a refusal is
// also sent to the client in the X-Payconform-Reason header. An active injection
// (Server.SetInjection) replaces the answer.
func (c *Call) Reply(status int, contentType string, body []byte, refusal string) {
	if st, ct, b, why := c.faulty(status, contentType, body); why != "" {
		status, contentType, body = st, ct, b
		refusal = strings.TrimSuffix(why+"; "+refusal, "; ")
	}
	if refusal != "" {
		c.w.Header().Set(ReasonHeader, headerSafe(refusal))
	}
	writeRaw(c.w, status, contentType, body)
	c.entry.Status = status
	c.entry.Refusal = refusal
	c.entry.ResponseHeader = http.Header{"Content-Type": {contentType}}
	var cut bool
	if c.entry.Response, cut = c.s.keep(body); cut {
		c.entry.Truncated = append(c.entry.Truncated, "response")
	}
	if refusal != "" {
		c.s.log.Info("refused", "provider", c.entry.Provider, "operation", c.entry.Operation, "status", status, "why", refusal)
	}
	c.s.journal.Add(c.entry)
}

// ReplyJSON encodes v and replies with it.
func (c *Call) ReplyJSON(status int, v any, refusal string) {
	body, err := json.Marshal(v)
	if err != nil {
		body, status, refusal = []byte(`{"error":"payconform mock defect: encode response"}`), http.StatusInternalServerError, fmt.Sprint("encode: ", err)
	}
	c.Reply(status, "application/json; charset=utf-8", body, refusal)
}

// ServerErrorPage is what the *-5xx-on-malformed-json mutants answer with.
var ServerErrorPage = []byte("<html><body><h1>500 Internal Server Error</h1></body></html>")

// headerSafe makes text fit in one header line: printable ASCII, at most 512 bytes.
func headerSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
		case r < 0x80:
			b.WriteRune(r)
		default:
			b.WriteString(fmt.Sprintf("\\u%04x", r))
		}
		if b.Len() > 512 {
			return b.String()[:512] + "..."
		}
	}
	return b.String()
}

// clipText bounds a request line part the journal keeps.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
