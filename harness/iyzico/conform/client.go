package conform

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/iyzico"
)

// Client sends signed iyzico requests and keeps each exchange for judging. It is deliberately
// small: the suites and the reference candidate need bin/check and raw signed posts, no more.
type Client struct {
	// BaseURL is the scheme and host, with no trailing slash (https://sandbox-api.iyzipay.com).
	BaseURL string
	Signer  iyzico.Signer
	HTTP    *http.Client
	// NewRandomKey draws the randomKey of each call; nil means NewRandomKey.
	NewRandomKey func() string
}

// RequestOption changes one request, mostly to build negatives.
type RequestOption func(*request)

type request struct {
	exchange.Edits
	signer        iyzico.Signer
	randomKey     string
	authorization *string
	query         string
	signedBody    []byte
	renew         exchange.Renew
}

// WithFaults signs the request with the given client faults.
func WithFaults(f iyzico.Fault) RequestOption { return func(r *request) { r.signer.Faults |= f } }

// WithCredentials signs with other keys (a wrong secret, an unknown apiKey).
func WithCredentials(c iyzico.Credentials) RequestOption {
	return func(r *request) { r.signer.Credentials = c }
}

// WithAuthorization sends this Authorization value instead of a signature.
func WithAuthorization(v string) RequestOption { return func(r *request) { r.authorization = &v } }

// WithoutAuthorization sends no Authorization header.
func WithoutAuthorization() RequestOption { return WithAuthorization("") }

// WithoutHeader removes a header the client would otherwise send (Content-Type).
func WithoutHeader(name string) RequestOption { return func(r *request) { r.DropHeader(name) } }

// WithSignedBody signs other bytes than the body sent: a tampered request.
func WithSignedBody(b []byte) RequestOption { return func(r *request) { r.signedBody = b } }

// WithRenew says how to renew a request given WithAuthorization when it has to be retried
// (nil: send it again unchanged). A request the client signs itself is re-signed with a fresh
// randomKey on a retry without being told.
func WithRenew(renew exchange.Renew) RequestOption { return func(r *request) { r.renew = renew } }

// WithQuery appends a query string to the request target. A correct signer leaves it out of the
// signed path.
func WithQuery(q string) RequestOption { return func(r *request) { r.query = q } }

// BinCheck sends a signed POST /payment/bin/check with req encoded by encoding/json.
func (c *Client) BinCheck(ctx context.Context, req iyzico.BinCheckRequest, opts ...RequestOption) (*exchange.Exchange, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, fmt.Errorf("encode bin/check request: %w", err)
	}
	return c.Post(ctx, iyzico.BinCheckPath, body, opts...)
}

// Post sends body, exactly as given, to path, signed over those bytes.
func (c *Client) Post(ctx context.Context, path string, body []byte, opts ...RequestOption) (*exchange.Exchange, error) {
	r := request{signer: c.Signer}
	for _, o := range opts {
		o(&r)
	}
	if r.randomKey == "" {
		r.randomKey = c.randomKey()
	}
	target := path
	if r.query != "" {
		target += "?" + r.query
	}
	req, err := http.NewRequest(http.MethodPost, strings.TrimSuffix(c.BaseURL, "/")+target, nil)
	if err != nil {
		return nil, fmt.Errorf("build request %s: %w", path, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	signedBody := body
	if r.signedBody != nil {
		signedBody = r.signedBody
	}
	signed := r.signer.Sign(r.randomKey, target, signedBody)
	switch {
	case r.authorization == nil:
		req.Header.Set("Authorization", signed.Authorization)
		// A retry is a new request: a fresh randomKey, signed again (IYZ-CERT-05 asks the same
		// of clients), so that a server with a replay guard serves it.
		r.renew = func(h http.Header) string {
			again := r.signer.Sign(c.randomKey(), target, signedBody)
			h.Set("Authorization", again.Authorization)
			if again.XIyziRnd != "" {
				h.Set(iyzico.RndHeader, again.XIyziRnd)
			}
			return "re-signed with a fresh randomKey"
		}
	case *r.authorization != "":
		req.Header.Set("Authorization", *r.authorization)
	}
	if signed.XIyziRnd != "" {
		req.Header.Set(iyzico.RndHeader, signed.XIyziRnd)
	}
	r.Apply(req.Header)
	if r.renew != nil {
		ctx = exchange.WithRenew(ctx, r.renew)
	}
	return exchange.Do(ctx, c.HTTP, req, body)
}

// randomKey draws a randomKey for one request.
func (c *Client) randomKey() string {
	if c.NewRandomKey != nil {
		return c.NewRandomKey()
	}
	return iyzico.NewRandomKey()
}
