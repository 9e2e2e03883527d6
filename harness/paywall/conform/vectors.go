package conform

import (
	"context"
	"sync"

	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paywall"
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
		// missing-client or wrong-keys.
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
		opts = append(opts, WithHeader(paywall.KeyHeader, c.APIKeyPublic+"-wrong"), WithHeader(paywall.ClientHeader, c.APIClientPublic+"-wrong"))
	}
	return c.Post(ctx, t.PathOf(), []byte(t.Input.Body), opts...)
}
