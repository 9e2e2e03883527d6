// Package exchange sends one HTTP request to a target and keeps both halves, so that a check can
// judge the response against what was sent, and a failure can show both (redacted).
package exchange

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// MaxResponseBody bounds what is read of a response. No provider answers an auth call with more;
// a target that does is reported, not buffered without end.
const MaxResponseBody = 4 << 20

// Exchange is one request and the response to it.
type Exchange struct {
	Method        string
	URL           string
	RequestHeader http.Header
	RequestBody   []byte

	Status   int
	Header   http.Header
	Body     []byte
	Duration time.Duration
	// Truncated is an answer longer than MaxResponseBody: Body holds its first MaxResponseBody
	// bytes, and payconform read no more.
	Truncated bool

	// Attempts counts the times the request was sent: more than one when the client's transport
	// retried a 429 or 5xx. Retried says why and how, one clause per retry ("HTTP 503 on attempt
	// 1; sent again, re-signed with a fresh randomKey"); a verdict that rests on a retried
	// exchange repeats it. RequestHeader is the last attempt's.
	Attempts int
	Retried  string
}

// ContentType is the response's media type without parameters.
func (e *Exchange) ContentType() string {
	ct, _, _ := strings.Cut(e.Header.Get("Content-Type"), ";")
	return strings.ToLower(strings.TrimSpace(ct))
}

// ServerError reports a 5xx status.
func (e *Exchange) ServerError() bool { return e.Status >= 500 && e.Status <= 599 }

// TransportError means the target could not be asked: refused connection, reset, timeout, TLS
// failure, or a response too large to read. It is an infrastructure error, not a verdict on the
// target's conformance.
type TransportError struct {
	Method, URL string
	Err         error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("send %s %s: %s", e.Method, e.URL, Cause(e))
}

func (e *TransportError) Unwrap() error { return e.Err }

// IsTransport reports whether err is (or wraps) a TransportError.
func IsTransport(err error) bool {
	var te *TransportError
	return errors.As(err, &te)
}

// Cause is what went wrong in err, without the method and URL the client wraps around it
// ("dial tcp 127.0.0.1:1: connect: connection refused", "EOF"), so that errors with one cause
// read alike. A certificate the client could not verify carries what to do about it.
func Cause(err error) string {
	inner := err
	for {
		var te *TransportError
		var ue *url.Error
		switch {
		case errors.As(inner, &te) && te != inner:
			inner = te
			continue
		case errors.As(inner, &te):
			inner = te.Err
			continue
		case errors.As(inner, &ue):
			inner = ue.Err
			continue
		}
		break
	}
	if inner == nil {
		return ""
	}
	msg := inner.Error()
	if hint := tlsHint(inner); hint != "" {
		msg += "; " + hint
	}
	return msg
}

// tlsHint says what to do about a certificate the client refused.
func tlsHint(err error) string {
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.As(err, &unknown):
		return "the server's certificate is not signed by a CA this machine trusts: if it comes from your own CA, set PAYCONFORM_CA_FILE to that CA's PEM file (TLS verification is never turned off)"
	case errors.As(err, &hostname):
		return "the certificate does not name the host of the base URL: check the *_BASE_URL variable's host"
	case errors.As(err, &invalid):
		return "the server's certificate is not valid (expired, or not for serving): the target must fix it"
	case errors.As(err, &verify):
		return "the server's certificate could not be verified: if it comes from your own CA, set PAYCONFORM_CA_FILE to that CA's PEM file"
	}
	return ""
}

// Dropped reports whether err is a connection the target accepted and then closed or reset
// without an answer: the target was asked and did not answer, unlike a connection it refused,
// a timeout or a certificate the client refused.
func Dropped(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// Observer is told of every exchange Do finishes, answered or not (err is then a
// *TransportError). The conformance glue records each one as the evidence of the spec that sent
// it.
type Observer func(ex *Exchange, err error)

var observer atomic.Pointer[Observer]

// Observe makes every later Do call f when it finishes; nil stops it.
func Observe(f Observer) {
	if f == nil {
		observer.Store(nil)
		return
	}
	observer.Store(&f)
}

func notify(ex *Exchange, err error) {
	if f := observer.Load(); f != nil {
		(*f)(ex, err)
	}
}

// Do sends req with client and reads the whole response. The request body must be given as
// bytes so that the exchange holds exactly what went on the wire. The observer, if any, is told
// of the exchange when it is done.
func Do(ctx context.Context, client *http.Client, req *http.Request, body []byte) (ex *Exchange, err error) {
	ex, err = do(ctx, client, req, body)
	notify(ex, err)
	return ex, err
}

func do(ctx context.Context, client *http.Client, req *http.Request, body []byte) (*Exchange, error) {
	if client == nil {
		client = http.DefaultClient
	}
	trace := &Trace{renew: renewOf(ctx)}
	req = req.WithContext(context.WithValue(ctx, traceKey{}, trace))
	if body != nil {
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		req.ContentLength = int64(len(body))
	}
	ex := &Exchange{
		Method:        req.Method,
		URL:           req.URL.String(),
		RequestHeader: req.Header.Clone(),
		RequestBody:   body,
	}
	start := time.Now()
	resp, err := client.Do(req)
	ex.Attempts, ex.Retried = trace.result()
	if ex.Attempts == 0 && err == nil {
		ex.Attempts = 1 // a transport that keeps no trace sends once
	}
	if h := trace.lastHeader(); h != nil {
		ex.RequestHeader = h
	}
	if err != nil {
		ex.Duration = time.Since(start)
		return ex, &TransportError{Method: ex.Method, URL: ex.URL, Err: err}
	}
	defer resp.Body.Close()
	ex.Status = resp.StatusCode
	ex.Header = resp.Header
	ex.Body, err = io.ReadAll(io.LimitReader(resp.Body, MaxResponseBody+1))
	ex.Duration = time.Since(start)
	if err != nil {
		return ex, &TransportError{Method: ex.Method, URL: ex.URL, Err: fmt.Errorf("read response: %w", err)}
	}
	if len(ex.Body) > MaxResponseBody {
		// The target answered, at a length no documented answer has: the answer is judged, cut
		// to its first MaxResponseBody bytes, not taken for a target that could not be asked.
		ex.Body, ex.Truncated = ex.Body[:MaxResponseBody], true
	}
	return ex, nil
}

// Edits are the header changes a check makes to an otherwise correct request, to build a
// negative: values set after the client's own headers, and headers removed. Every provider's
// client embeds Edits in its request options.
type Edits struct {
	set  http.Header
	drop []string
}

// SetHeader sets a header after the client's own.
func (e *Edits) SetHeader(name, value string) {
	if e.set == nil {
		e.set = http.Header{}
	}
	e.set.Set(name, value)
}

// DropHeader removes a header the client would otherwise send.
func (e *Edits) DropHeader(name string) { e.drop = append(e.drop, name) }

// Apply makes the changes to h.
func (e *Edits) Apply(h http.Header) {
	for name, values := range e.set {
		h[name] = values
	}
	for _, name := range e.drop {
		h.Del(name)
	}
}

// Renew changes, in a copy of a request about to be sent again, what a new request must change
// (a fresh nonce and the signature over it), and says in a few words what it did. A provider's
// client gives one (WithRenew) for requests that carry a nonce: a retry is a new request, and a
// server with a replay guard rightly refuses the old one sent twice.
type Renew func(h http.Header) (how string)

type renewKey struct{}

// WithRenew makes every retry of requests sent with ctx go through renew first.
func WithRenew(ctx context.Context, renew Renew) context.Context {
	return context.WithValue(ctx, renewKey{}, renew)
}

func renewOf(ctx context.Context) Renew {
	r, _ := ctx.Value(renewKey{}).(Renew)
	return r
}

type traceKey struct{}

// Trace is what a client's transport records of one exchange: how many times the request went
// out, and why it went again. Do puts one in the request's context; a retrying transport finds
// it with TraceOf.
type Trace struct {
	renew Renew

	mu       sync.Mutex
	attempts int
	retries  []string
	header   http.Header
}

// TraceOf is the trace of the exchange a request belongs to, or nil.
func TraceOf(ctx context.Context) *Trace {
	t, _ := ctx.Value(traceKey{}).(*Trace)
	return t
}

// Sent counts one attempt, with the headers it carried.
func (t *Trace) Sent(h http.Header) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.attempts++
	t.header = h.Clone()
}

// Retry prepares h (a copy of the last attempt's headers) for the next attempt, and records why
// the request goes again (why) and how: renewed by the client, or sent again unchanged when the
// request carries no nonce to renew.
func (t *Trace) Retry(why string, h http.Header) {
	if t == nil {
		return
	}
	how := "sent again unchanged"
	if t.renew != nil {
		if did := t.renew(h); did != "" {
			how = "sent again, " + did
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.retries = append(t.retries, why+"; "+how)
}

func (t *Trace) result() (int, string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.attempts, strings.Join(t.retries, "; then ")
}

func (t *Trace) lastHeader() http.Header {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.attempts < 2 {
		return nil
	}
	return t.header
}
