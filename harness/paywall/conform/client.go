package conform

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/verdict"
)

// Credentials are the merchant's two public values.
type Credentials struct {
	APIKeyPublic    string
	APIClientPublic string
}

// ClientFault is a set of known ways a Paywall client gets the request wrong.
type ClientFault uint32

const (
	OmitFalseBooleans ClientFault = 1 << iota
	BooleansAsStrings
	SwappedHeaders
	NoKeyHeader
	NoClientHeader
)

var faultDefects = map[ClientFault]verdict.Defect{
	OmitFalseBooleans: verdict.RegisterDefect(verdict.Defect{Class: "OMITEMPTY_FALSE",
		Words: "the client drops false booleans (Go's omitempty); Paywall requires all four"}),
	BooleansAsStrings: verdict.RegisterDefect(verdict.Defect{Class: "BOOL_AS_STRING",
		Words: `the client sends booleans as strings ("true")`}),
	SwappedHeaders: verdict.RegisterDefect(verdict.Defect{Class: "SWAPPED_HEADERS",
		Words: "the client puts the public key in apiclientpublic and the public client in apikeypublic"}),
	NoKeyHeader: verdict.RegisterDefect(verdict.Defect{Class: "MISSING_KEY_HEADER",
		Words: "the client leaves out the apikeypublic header"}),
	NoClientHeader: verdict.RegisterDefect(verdict.Defect{Class: "MISSING_CLIENT_HEADER",
		Words: "the client leaves out the apiclientpublic header"}),
}

// Defects that vectors flag and no client fault stands for.
var (
	ExpiryOutOfRange = verdict.RegisterDefect(verdict.Defect{Class: "EXPIRY_OUT_OF_RANGE",
		Words: "the client asks for an ExpiryMin outside 0..1440"})
	ScopeOutOfRange = verdict.RegisterDefect(verdict.Defect{Class: "SCOPE_OUT_OF_RANGE",
		Words: "the client sends a Scope outside 0..3"})
	ScopeMissing = verdict.RegisterDefect(verdict.Defect{Class: "SCOPE_MISSING",
		Words: "the client sets ScopeBased without a Scope"})
	MasterpassSessionMissing = verdict.RegisterDefect(verdict.Defect{Class: "MASTERPASS_SESSION_MISSING",
		Words: "the client sets IncludeMasterpassSession without a MasterpassSession"})
	WrongKeys = verdict.RegisterDefect(verdict.Defect{Class: "WRONG_PUBLIC_KEYS",
		Words: "the client sends public key values the server does not know"})
)

// Defect returns the defect of a single fault.
func (f ClientFault) Defect() verdict.Defect { return faultDefects[f] }

// Has reports whether every fault in g is in f.
func (f ClientFault) Has(g ClientFault) bool { return g != 0 && f&g == g }

// Client asks for temporary tokens and keeps each exchange for judging.
type Client struct {
	// BaseURL is the scheme and host (https://test-payment-api.itspaywall.com).
	BaseURL string
	Credentials
	HTTP   *http.Client
	Faults ClientFault
}

// RequestOption changes one request.
type RequestOption func(*request)

type request struct {
	exchange.Edits
	faults ClientFault
}

// WithFaults sends the request with the given client faults.
func WithFaults(f ClientFault) RequestOption { return func(r *request) { r.faults |= f } }

// WithHeader sets a header.
func WithHeader(name, value string) RequestOption {
	return func(r *request) { r.SetHeader(name, value) }
}

// WithoutHeader removes a header the client would otherwise send.
func WithoutHeader(name string) RequestOption { return func(r *request) { r.DropHeader(name) } }

// TempTokenSdk asks for an SDK token.
func (c *Client) TempTokenSdk(ctx context.Context, req paywall.SdkRequest, opts ...RequestOption) (*exchange.Exchange, error) {
	r := c.options(opts)
	body := req.Encode(paywall.Encoding{OmitFalseBooleans: r.faults.Has(OmitFalseBooleans), BooleansAsStrings: r.faults.Has(BooleansAsStrings)})
	return c.post(ctx, paywall.SdkPath, body, r)
}

// Post sends body, exactly as given, to path.
func (c *Client) Post(ctx context.Context, path string, body []byte, opts ...RequestOption) (*exchange.Exchange, error) {
	return c.post(ctx, path, body, c.options(opts))
}

func (c *Client) options(opts []RequestOption) request {
	r := request{faults: c.Faults}
	for _, o := range opts {
		o(&r)
	}
	return r
}

func (c *Client) post(ctx context.Context, path string, body []byte, r request) (*exchange.Exchange, error) {
	req, err := http.NewRequest(http.MethodPost, strings.TrimSuffix(c.BaseURL, "/")+path, nil)
	if err != nil {
		return nil, fmt.Errorf("build temptoken request: %w", err)
	}
	key, client := c.APIKeyPublic, c.APIClientPublic
	if r.faults.Has(SwappedHeaders) {
		key, client = client, key
	}
	if !r.faults.Has(NoKeyHeader) {
		req.Header.Set(paywall.KeyHeader, key)
	}
	if !r.faults.Has(NoClientHeader) {
		req.Header.Set(paywall.ClientHeader, client)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	r.Apply(req.Header)
	return exchange.Do(ctx, c.HTTP, req, body)
}
