package mock

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/payconform/payconform/harness/mockapi"
)

// call carries one provider request through its handler and into the journal.
type call struct {
	s     *Server
	w     http.ResponseWriter
	r     *http.Request
	mut   MutantSet
	entry mockapi.Entry
	body  []byte
	// envelope is the provider's failure envelope, for FaultEnvelope.
	envelope envelopeFault
}

// begin reads the body (at most limit bytes; a larger one sets tooLarge) and starts the journal
// entry, with the request's headers redacted by redact.
func (s *Server) begin(w http.ResponseWriter, r *http.Request, provider, operation string, redact func(http.Header) http.Header, limit int64) (c *call, tooLarge bool, err error) {
	c = &call{s: s, w: w, r: r, mut: s.switches.load()}
	c.entry = mockapi.Entry{
		Time: s.now(), Provider: provider, Operation: operation,
		Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, RemoteAddr: r.RemoteAddr,
		Header: redact(r.Header),
	}
	c.body, err = io.ReadAll(io.LimitReader(r.Body, limit+1))
	c.entry.BodySize, c.entry.Body = len(c.body), keepBody(c.body)
	return c, int64(len(c.body)) > limit, err
}

// reply writes the answer and journals the exchange. refusal is "" for a success. An active
// fault (Server.SetFault) replaces the answer.
func (c *call) reply(status int, contentType string, body []byte, refusal string) {
	if st, ct, b, why := c.faulty(status, contentType, body); why != "" {
		status, contentType, body = st, ct, b
		refusal = why + "; " + refusal
	}
	writeRaw(c.w, status, contentType, body)
	c.entry.Status = status
	c.entry.Refusal = refusal
	c.entry.ResponseHeader = http.Header{"Content-Type": {contentType}}
	c.entry.Response = keepBody(body)
	if refusal != "" {
		c.s.log.Info("refused", "provider", c.entry.Provider, "operation", c.entry.Operation, "status", status, "why", refusal,
			"authorization", c.entry.Header.Get("Authorization"))
	}
	c.s.journal.Add(c.entry)
}

// replyJSON encodes v and replies with it.
func (c *call) replyJSON(status int, v any, refusal string) {
	body, err := json.Marshal(v)
	if err != nil {
		body, status, refusal = []byte(`{"error":"payconform mock defect: encode response"}`), http.StatusInternalServerError, fmt.Sprint("encode: ", err)
	}
	c.reply(status, "application/json; charset=utf-8", body, refusal)
}

// serverErrorPage is what the *-5xx-on-malformed-json mutants answer with.
var serverErrorPage = []byte("<html><body><h1>500 Internal Server Error</h1></body></html>")
