// Package toyprovider is payconform's test-only provider: a tiny HMAC-signed echo endpoint of
// payconform's own design, whole in one folder, registered by one import line. It exists to prove
// that adding a provider touches nothing generic: its descriptor, mock routes and mutants,
// catalogue, vectors, contract, certification and reference-adapter operation all live here,
// and its suite (suite/), certification suite (certsuite/) and adapter (adapter/) each pull it
// in with `import _ "github.com/payconform/payconform/internal/toyprovider"`.
//
// The wire format: POST /toy/v1/echo with a JSON body {"message": "..."}, X-Toy-Key naming the
// key, and X-Toy-Signature the lowercase hex HMAC-SHA256(secret, "POST " + path + "\n" + body)
// over the exact body bytes. The answer is {"ok": true, "message": ..., "digest": sha256 hex}.
package toyprovider

import (
	"crypto/hmac"
	"crypto/sha256"
	"embed"
	"encoding/hex"

	"github.com/payconform/payconform/harness/provider"
)

// Wire constants.
const (
	EchoPath        = "/toy/v1/echo"
	KeyHeader       = "X-Toy-Key"
	SignatureHeader = "X-Toy-Signature"
	OpEcho          = "toy.echo"

	EnvBaseURL = "TOY_BASE_URL"
	EnvKeyID   = "TOY_KEY_ID"
	EnvSecret  = "TOY_SECRET"
)

//go:embed toy.openapi.yaml vectors.json
var files embed.FS

// Provider is the toy's descriptor.
var Provider = provider.Register(provider.Descriptor{
	Name:   "toy",
	Prefix: "TOY",
	Title:  "payconform's test-only HMAC-signed echo",
	Vars: []provider.Var{
		{Name: EnvBaseURL, Kind: provider.BaseURL, Doc: "toy base URL"},
		{Name: EnvKeyID, Kind: provider.Identifier, Doc: "the key's id", Generate: func() string { return "toy-" + provider.RandomHex(4) }},
		{Name: EnvSecret, Kind: provider.Secret, Doc: "the HMAC key", Generate: func() string { return provider.RandomHex(16) }},
	},
	ContractFS:        files,
	ContractFile:      "toy.openapi.yaml",
	CredentialHeaders: []string{SignatureHeader},
	RedactHeader:      func(_, v string) string { return provider.Mask(v) },
	Operations: []provider.Operation{
		{Name: OpEcho, Network: true, Credentials: map[string]string{"key_id": EnvKeyID, "secret": EnvSecret},
			Doc: "send a signed POST /toy/v1/echo and report the answer"},
	},
})

// Sign is the signature of a request to path with body.
func Sign(secret, path string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("POST " + path + "\n"))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// SignBodyOnly is what a client that leaves the path out signs (the TOY_PATH_NOT_SIGNED defect).
func SignBodyOnly(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// Digest is the echo's digest of a message.
func Digest(message string) string {
	sum := sha256.Sum256([]byte(message))
	return hex.EncodeToString(sum[:])
}

// EchoRequest and EchoResponse are the wire types.
type EchoRequest struct {
	Message string `json:"message"`
}

type EchoResponse struct {
	OK      bool   `json:"ok"`
	Message string `json:"message,omitempty"`
	Digest  string `json:"digest,omitempty"`
	Error   string `json:"error,omitempty"`
}
