// Package mockapi holds the wire types of the mock's admin API, which the in-process mock, the
// container image and their clients (harness/target, the certification runner) share.
package mockapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
	"unicode/utf8"
)

// AdminPrefix is where the admin API lives on the mock.
const AdminPrefix = "/_payconform/"

// Entry is one request the mock served, with its verdict and answer. Credentials in headers are
// redacted before an entry is stored.
type Entry struct {
	Seq        uint64      `json:"seq"`
	Time       time.Time   `json:"time"`
	Provider   string      `json:"provider"`
	Operation  string      `json:"operation"`
	Method     string      `json:"method"`
	Path       string      `json:"path"`
	Query      string      `json:"query,omitempty"`
	RemoteAddr string      `json:"remoteAddr"`
	Header     http.Header `json:"header"`
	Body       Bytes       `json:"body"`
	BodySize   int         `json:"bodySize"`
	// Truncated names the parts the journal kept only the start of ("header", "body",
	// "response"): an entry is bounded, whatever a client sends.
	Truncated []string `json:"truncated,omitempty"`

	// Auth is the verifier's verdict on the request's credentials.
	Auth AuthRecord `json:"auth"`
	// Refusal is why the mock refused the request ("" when it answered with success).
	Refusal string `json:"refusal,omitempty"`

	Status         int         `json:"status"`
	ResponseHeader http.Header `json:"responseHeader,omitempty"`
	Response       Bytes       `json:"response"`
}

// Bytes is a body in the journal. It reads as text: a JSON string when the bytes are UTF-8, and
// {"base64": "..."} otherwise, so that a person reading the journal sees the JSON that was sent.
type Bytes []byte

// MarshalJSON writes the body as a string, or as {"base64": ...} when it is not UTF-8.
func (b Bytes) MarshalJSON() ([]byte, error) {
	if utf8.Valid(b) {
		return json.Marshal(string(b))
	}
	return json.Marshal(map[string][]byte{"base64": b})
}

// UnmarshalJSON reads either form.
func (b *Bytes) UnmarshalJSON(data []byte) error {
	var text string
	if err := json.Unmarshal(data, &text); err == nil {
		*b = Bytes(text)
		return nil
	}
	var raw struct {
		Base64 []byte `json:"base64"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("journal body: want a string or {\"base64\": ...}: %w", err)
	}
	*b = raw.Base64
	return nil
}

// AuthRecord is what the verifier found, in terms every provider shares.
type AuthRecord struct {
	Scheme string `json:"scheme,omitempty"`
	// KeyID is the non-secret part of the credential (a key id), or a masked prefix of it.
	KeyID string `json:"keyId,omitempty"`
	// Nonce is the request's nonce, for schemes that sign one.
	Nonce    string   `json:"nonce,omitempty"`
	OK       bool     `json:"ok"`
	Reason   string   `json:"reason,omitempty"`
	Defect   string   `json:"defect,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
}

// Mutants is the body of GET and PUT /_payconform/mutants.
type Mutants struct {
	Active    []string     `json:"active"`
	Available []MutantInfo `json:"available,omitempty"`
}

// MutantInfo describes one mock switch.
type MutantInfo struct {
	Name        string   `json:"name"`
	Provider    string   `json:"provider"`
	Description string   `json:"description"`
	Kills       []string `json:"kills,omitempty"`
	Warns       []string `json:"warns,omitempty"`
}
