// Package judgeapi holds the wire types of the hosted judge's JSON API and of its transparency
// log, which the judge (harness/judge) and the vendor's side (harness/judgeclient, payconform
// certify --judge and payconform verify --log) share. Every path hangs under the judge's URL:
// the API under APIPrefix, the log under LogPrefix; the verifying mock answers every other path.
package judgeapi

import (
	"encoding/json"
	"time"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/report"
)

// Where the judge's own routes live. The verifying mock answers every path but these, the
// public pages (/ and /sessions/) and the admin actions.
const (
	APIPrefix   = "/judge/v1/"
	LogPrefix   = "/log/v1/"
	AdminPrefix = "/admin/v1/"
	PagePrefix  = "/sessions/"
)

// Bounds on what the judge reads.
const (
	MaxRequest = 64 << 10
	MaxAnswer  = 2 << 20
	// MaxStdout and MaxStderr bound what an answer carries of the adapter's output.
	MaxStdout = 1 << 20
	MaxStderr = 64 << 10
)

// Info is GET APIPrefix+"info": what a vendor's side needs before it opens a session.
type Info struct {
	// URL is the judge's public URL, the base_url of every network case.
	URL string `json:"url"`
	// Audience is the audience an OIDC token must be issued for; empty when the judge takes
	// no OIDC token.
	Audience string `json:"audience,omitempty"`
	Version  string `json:"version"`
	// KeyID is the judge's signing key's id; LogOrigin the log's origin line.
	KeyID     string `json:"keyId"`
	LogOrigin string `json:"logOrigin"`
}

// Open is POST APIPrefix+"sessions", authenticated by an API token or an OIDC token
// (Authorization: Bearer ...): the subject the vendor's side computed.
type Open struct {
	Subject report.Subject `json:"subject"`
}

// Opened is a new session. Secret authenticates every later call of the session
// (Authorization: Bearer SECRET); it is shown once.
type Opened struct {
	Session string    `json:"session"`
	Secret  string    `json:"secret"`
	BaseURL string    `json:"baseUrl"`
	Expires time.Time `json:"expires"`
	Cases   int       `json:"cases"`
	Page    string    `json:"page"`
}

// Describe is POST APIPrefix+"sessions/ID/describe": the adapter's describe, and how the
// vendor's side ran it (the vendor's word: the judge cannot check it).
type Describe struct {
	Description candidate.Description `json:"description"`
	Error       string                `json:"error,omitempty"`
	Isolation   report.Isolation      `json:"isolation"`
}

// Case is one case handed out by POST APIPrefix+"sessions/ID/next": the candidate request's
// fields. Done says there is no case left (or the session's deadline passed).
type Case struct {
	Done        bool              `json:"done,omitempty"`
	ID          string            `json:"id,omitempty"`
	Operation   string            `json:"operation,omitempty"`
	Title       string            `json:"title,omitempty"`
	BaseURL     string            `json:"baseUrl,omitempty"`
	Credentials map[string]string `json:"credentials,omitempty"`
	Input       json.RawMessage   `json:"input,omitempty"`
}

// Answer is POST APIPrefix+"sessions/ID/answers": what the adapter wrote for the case handed
// out. The judge reads Stdout with the protocol's own parser; Error is the protocol failure the
// vendor's runner saw (a timeout, a non-zero exit, an answer to another id).
type Answer struct {
	Case       string       `json:"case"`
	Stdout     string       `json:"stdout"`
	Stderr     string       `json:"stderr,omitempty"`
	Exit       int          `json:"exit"`
	DurationMS int64        `json:"durationMs"`
	Error      *AnswerError `json:"error,omitempty"`
}

// AnswerError is a candidate.ProtocolError on the wire.
type AnswerError struct {
	Kind   candidate.ProtocolFault `json:"kind"`
	Detail string                  `json:"detail"`
}

// Finished is POST APIPrefix+"sessions/ID/finish" (and GET APIPrefix+"sessions/ID"): the
// signed certificate, its envelope and its log index.
type Finished struct {
	Certificate report.Certificate `json:"certificate"`
	Envelope    json.RawMessage    `json:"envelope"`
	LogIndex    uint64             `json:"logIndex"`
	Page        string             `json:"page"`
}

// Error is every refusal's body.
type Error struct {
	Error string `json:"error"`
}

// Proof is GET LogPrefix+"proof?index=I&size=S" (inclusion) or "consistency?from=A&to=B".
type Proof struct {
	Index  uint64   `json:"index,omitempty"`
	Size   uint64   `json:"size"`
	From   uint64   `json:"from,omitempty"`
	Hashes []string `json:"hashes"`
}

// Entry is one log entry, from GET LogPrefix+"entries?start=A&end=B" or
// LogPrefix+"revocations?session=ID".
type Entry struct {
	Index   uint64    `json:"index"`
	Kind    string    `json:"kind"`
	Session string    `json:"session,omitempty"`
	Data    []byte    `json:"data"`
	Time    time.Time `json:"time"`
}

// MaxEntries bounds one page of entries.
const MaxEntries = 256

// Revocation is the data of a revocation entry.
type Revocation struct {
	Type string `json:"type"`
	// Session and Index name the revoked certificate; Token the revoked token's id.
	Session string    `json:"session,omitempty"`
	Index   *uint64   `json:"index,omitempty"`
	Token   string    `json:"token,omitempty"`
	Reason  string    `json:"reason"`
	Time    time.Time `json:"time"`
}

// Revocation types.
const (
	RevokeCertificateType = "https://payconform.dev/judge/revoke-certificate/v1"
	RevokeTokenType       = "https://payconform.dev/judge/revoke-token/v1"
)
