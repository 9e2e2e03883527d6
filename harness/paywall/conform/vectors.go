package conform

import (
	"context"
	"strings"
	"sync"

	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/nearmiss"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/target"
	"github.com/payconform/payconform/harness/vectorset"
	"github.com/payconform/payconform/vectors"
)

// VectorsFile is Paywall's vector file under vectors/.
const VectorsFile = "paywall/temptoken_sdk.json"

// RequestTest is a temptoken request and what the server should do with it.
type RequestTest struct {
	vectorset.Meta
	Input struct {
		// Headers says how the credentials are sent: correct, swapped, missing-key,
		// missing-client, wrong-keys (two other values), one right and one wrong
		// (right-key-wrong-client, wrong-key-right-client), or one nearly right: key-<kind> or
		// client-<kind> for a near miss of apikeypublic or apiclientpublic (harness/nearmiss:
		// other-case, suffix, truncated, and, keeping the length, first-replaced,
		// middle-replaced, last-replaced).
		Headers string `json:"headers"`
		// Path is the operation; empty means temptoken/sdk.
		Path string `json:"path,omitempty"`
		// Body is the exact body sent.
		Body string `json:"body"`
	} `json:"input"`
	Expected struct {
		Accepted  bool `json:"accepted"`
		ErrorCode *int `json:"errorCode,omitempty"`
	} `json:"expected"`
}

// The values the wrong-key vectors send: not the merchant's, nor near them.
const (
	WrongKeyPublic    = "payconform-not-the-public-key"
	WrongClientPublic = "payconform-not-the-public-client"
)

// Vectors is the embedded vector file, loaded on first use: after every defect has registered,
// and in time for Ginkgo to build tables from it during tree construction.
var Vectors = sync.OnceValue(func() *vectorset.File[RequestTest] {
	return vectorset.MustLoad[RequestTest](vectors.FS, VectorsFile)
})

// PathOf is the vector's operation path.
func (t RequestTest) PathOf() string {
	if t.Input.Path == "" {
		return paywall.SdkPath
	}
	return t.Input.Path
}

// Send sends the vector's request with c's credentials.
func (t RequestTest) Send(ctx context.Context, c *Client) (*exchange.Exchange, error) {
	var opts []RequestOption
	switch t.Input.Headers {
	case "swapped":
		opts = append(opts, WithFaults(SwappedHeaders))
	case "missing-key":
		opts = append(opts, WithFaults(NoKeyHeader))
	case "missing-client":
		opts = append(opts, WithFaults(NoClientHeader))
	case "wrong-keys":
		opts = append(opts, WithHeader(paywall.KeyHeader, WrongKeyPublic), WithHeader(paywall.ClientHeader, WrongClientPublic))
	case "right-key-wrong-client":
		opts = append(opts, WithHeader(paywall.ClientHeader, WrongClientPublic))
	case "wrong-key-right-client":
		opts = append(opts, WithHeader(paywall.KeyHeader, WrongKeyPublic))
	default:
		header, value, kind := paywall.KeyHeader, c.APIKeyPublic, t.Input.Headers
		if rest, ok := strings.CutPrefix(kind, "client-"); ok {
			header, value, kind = paywall.ClientHeader, c.APIClientPublic, "key-"+rest
		}
		if nearmiss.Known(kind) {
			near, err := target.NearMiss(kind, value)
			if err != nil {
				return nil, err
			}
			opts = append(opts, WithHeader(header, near))
		}
	}
	return c.Post(ctx, t.PathOf(), []byte(t.Input.Body), opts...)
}
