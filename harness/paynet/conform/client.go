package conform

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paynet"
)

// Client calls get_auth_key and keeps each exchange for judging.
type Client struct {
	// BaseURL is the scheme and host (https://pts-api.paynet.com.tr).
	BaseURL   string
	SecretKey string
	HTTP      *http.Client
	// Faults make the client defective in known ways (negatives, mutant candidates).
	Faults paynet.ClientFault
}

// RequestOption changes one request.
type RequestOption func(*request)

type request struct {
	exchange.Edits
	faults        paynet.ClientFault
	authorization *string
}

// WithFaults sends the request with the given client faults.
func WithFaults(f paynet.ClientFault) RequestOption { return func(r *request) { r.faults |= f } }

// WithAuthorization sends this Authorization value.
func WithAuthorization(v string) RequestOption { return func(r *request) { r.authorization = &v } }

// WithHeader sets a header.
func WithHeader(name, value string) RequestOption {
	return func(r *request) { r.SetHeader(name, value) }
}

// WithoutHeader removes a header the client would otherwise send.
func WithoutHeader(name string) RequestOption { return func(r *request) { r.DropHeader(name) } }

// GetAuthKey asks for a session key.
func (c *Client) GetAuthKey(ctx context.Context, req paynet.AuthRequest, opts ...RequestOption) (*exchange.Exchange, error) {
	r := c.options(opts)
	var body []byte
	var err error
	if r.faults.Has(paynet.NumericIDs) {
		body, err = json.Marshal(map[string]json.RawMessage{"agent_id": numberOrString(req.AgentID), "user_id": numberOrString(req.UserID)})
	} else {
		body, err = json.Marshal(req)
	}
	if err != nil {
		return nil, fmt.Errorf("encode get_auth_key request: %w", err)
	}
	return c.post(ctx, body, r)
}

// Post sends body, exactly as given, to get_auth_key.
func (c *Client) Post(ctx context.Context, body []byte, opts ...RequestOption) (*exchange.Exchange, error) {
	return c.post(ctx, body, c.options(opts))
}

func (c *Client) options(opts []RequestOption) request {
	r := request{faults: c.Faults}
	for _, o := range opts {
		o(&r)
	}
	return r
}

func (c *Client) post(ctx context.Context, body []byte, r request) (*exchange.Exchange, error) {
	req, err := http.NewRequest(http.MethodPost, strings.TrimSuffix(c.BaseURL, "/")+paynet.GetAuthKeyPath, nil)
	if err != nil {
		return nil, fmt.Errorf("build get_auth_key request: %w", err)
	}
	auth := paynet.Authorization(c.SecretKey)
	switch {
	case r.faults.Has(paynet.NoAuthorization):
		auth = ""
	case r.faults.Has(paynet.Base64UserPass):
		auth = paynet.Base64UserPassAuthorization(c.SecretKey)
	case r.faults.Has(paynet.BearerScheme):
		auth = "Bearer " + c.SecretKey
	}
	if r.authorization != nil {
		auth = *r.authorization
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if !r.faults.Has(paynet.NoPaynetMobile) {
		req.Header.Set(paynet.MobileHeader, "2")
	}
	ct := "application/json"
	if r.faults.Has(paynet.WrongContentType) {
		ct = "text/plain"
	}
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Accept", "application/json")
	r.Apply(req.Header)
	return exchange.Do(ctx, c.HTTP, req, body)
}

// numberOrString is a JSON number when s is all digits (leading zeros dropped, as a client that
// holds the id as a number writes it: JSON allows none), else the JSON string s.
func numberOrString(s string) json.RawMessage {
	if s != "" && strings.Trim(s, "0123456789") == "" {
		if n := strings.TrimLeft(s, "0"); n != "" {
			return json.RawMessage(n)
		}
		return json.RawMessage("0")
	}
	b, _ := json.Marshal(s)
	return b
}
