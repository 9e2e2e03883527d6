// Package mockapi holds the wire types of the mock's admin API, which the in-process mock, the
// container image and their clients (harness/target, the certification runner) share.
package mockapi

import (
	"net/http"
	"time"
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
	Body       []byte      `json:"body"`
	BodySize   int         `json:"bodySize"`

	// Auth is the verifier's verdict on the request's credentials.
	Auth AuthRecord `json:"auth"`
	// Refusal is why the mock refused the request ("" when it answered with success).
	Refusal string `json:"refusal,omitempty"`

	Status         int         `json:"status"`
	ResponseHeader http.Header `json:"responseHeader,omitempty"`
	Response       []byte      `json:"response"`
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
