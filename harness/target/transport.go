package target

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/payconform/payconform/harness/exchange"
)

// Policy is how patient a target's client is.
type Policy struct {
	// Timeout bounds each request, retries included.
	Timeout time.Duration
	// Attempts is how many times a request is sent when the target answers 429 or 5xx.
	Attempts int
	// Backoff is the wait before the first retry; it doubles for each retry after it, unless the
	// target sends Retry-After, which wins up to MaxWait.
	Backoff time.Duration
	MaxWait time.Duration
	// Breaker opens the circuit after this many consecutive requests that could not be answered:
	// later requests fail at once, as infrastructure errors, instead of each waiting out its
	// timeout against a target that is down.
	Breaker int
}

// PolicyFor is the policy of a target kind, with PAYCONFORM_REQUEST_TIMEOUT,
// PAYCONFORM_RETRIES and PAYCONFORM_RETRY_BACKOFF overriding it. Sandboxes and custom servers get
// three attempts; payconform's own mock gets one, since a retry would only hide a mutant.
func PolicyFor(kind Kind, getenv func(string) string) (Policy, error) {
	p := Policy{Timeout: RequestTimeout, Attempts: 3, Backoff: 500 * time.Millisecond, MaxWait: 30 * time.Second, Breaker: 5}
	if kind == Mock || kind == Container {
		p.Attempts = 1
	}
	if v := getenv("PAYCONFORM_REQUEST_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return p, setting("PAYCONFORM_REQUEST_TIMEOUT=%q: want a positive duration with its unit, such as 15s or 1m30s", v)
		}
		p.Timeout = d
	}
	if v := getenv("PAYCONFORM_RETRIES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 10 {
			return p, setting("PAYCONFORM_RETRIES=%q: want a whole number of retries from 0 to 10", v)
		}
		p.Attempts = n + 1
	}
	if v := getenv("PAYCONFORM_RETRY_BACKOFF"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return p, setting("PAYCONFORM_RETRY_BACKOFF=%q: want a duration with its unit, such as 500ms or 2s", v)
		}
		p.Backoff = d
	}
	return p, nil
}

// CircuitOpenError is a request the client did not send, because the target failed too many
// requests in a row.
type CircuitOpenError struct{ Failures int }

func (e *CircuitOpenError) Error() string {
	return fmt.Sprintf("not sent: the target failed %d requests in a row, so the rest are not asked", e.Failures)
}

// UnavailableError is a target that answered 429, 502, 503 or 504 on every attempt.
type UnavailableError struct {
	Status   int
	Attempts int
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("HTTP %d (%s) on all %d attempts", e.Status, http.StatusText(e.Status), e.Attempts)
}

// retrying sends a request up to Attempts times while the target answers 429 or 5xx, and keeps
// count of consecutive requests that could not be answered.
type retrying struct {
	base   http.RoundTripper
	policy Policy
	sleep  func(time.Duration)

	mu       sync.Mutex
	failures int
}

func (t *retrying) RoundTrip(req *http.Request) (*http.Response, error) {
	t.mu.Lock()
	open := t.policy.Breaker > 0 && t.failures >= t.policy.Breaker
	failures := t.failures
	t.mu.Unlock()
	if open {
		return nil, &CircuitOpenError{Failures: failures}
	}
	resp, err := t.send(req)
	if err != nil || outage(resp.StatusCode) {
		t.answered(false)
	}
	if err == nil && outage(resp.StatusCode) {
		resp.Body.Close()
		return nil, &UnavailableError{Status: resp.StatusCode, Attempts: max(t.policy.Attempts, 1)}
	}
	if err == nil {
		// The request counts as answered once its body is: a target that sends its headers
		// and then stalls the body, until the timeout, has not answered.
		resp.Body = &watchedBody{ReadCloser: resp.Body, done: t.answered}
	}
	return resp, err
}

// answered keeps count of consecutive requests that could not be answered.
func (t *retrying) answered(ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if ok {
		t.failures = 0
	} else {
		t.failures++
	}
}

// watchedBody tells done, once, whether the body could be read: true at its end or when it is
// closed before it (the reader had enough), false on a read error (a timeout, a reset).
type watchedBody struct {
	io.ReadCloser
	done func(ok bool)
	once sync.Once
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.once.Do(func() { b.done(err == io.EOF) })
	}
	return n, err
}

func (b *watchedBody) Close() error {
	b.once.Do(func() { b.done(true) })
	return b.ReadCloser.Close()
}

func (t *retrying) send(req *http.Request) (*http.Response, error) {
	trace := exchange.TraceOf(req.Context())
	r := req
	for attempt := 1; ; attempt++ {
		trace.Sent(r.Header)
		resp, err := t.base.RoundTrip(r)
		if err != nil || !retryable(resp.StatusCode) || attempt >= t.policy.Attempts {
			return resp, err
		}
		wait := t.wait(attempt, resp.Header.Get("Retry-After"))
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		// A retry is a new request: the client renews what a new request must change (a fresh
		// randomKey, the signature over it) in a copy of the last one, so that a server with a
		// replay guard does not refuse the resend and have the refusal blamed on it.
		next := req.Clone(req.Context())
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, fmt.Errorf("resend body: %w", err)
			}
			next.Body = body
		}
		next.Header = r.Header.Clone()
		trace.Retry(fmt.Sprintf("HTTP %d on attempt %d, waited %s", resp.StatusCode, attempt, wait.Round(time.Millisecond)), next.Header)
		r = next
		timer := time.NewTimer(wait)
		select {
		case <-req.Context().Done():
			timer.Stop()
			return nil, req.Context().Err()
		case <-timer.C:
		}
	}
}

// wait is Retry-After (seconds or an HTTP date) when the target gives one, else the backoff for
// this attempt; never more than MaxWait.
func (t *retrying) wait(attempt int, retryAfter string) time.Duration {
	d := t.policy.Backoff << (attempt - 1)
	if s, err := strconv.Atoi(retryAfter); err == nil && s >= 0 {
		d = time.Duration(s) * time.Second
	} else if at, err := http.ParseTime(retryAfter); err == nil {
		d = time.Until(at)
	}
	return min(max(d, 0), t.policy.MaxWait)
}

// retryable statuses are retried; after the last attempt a 500 is judged like any answer, while
// the outages (429, 502, 503, 504) mean the target could not be asked.
func retryable(status int) bool { return status == http.StatusTooManyRequests || status >= 500 }

func outage(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}
