package paynet

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/verdict"
)

// Authorization is the header value Paynet documents: "Basic " and the raw secret key, not
// base64(user:pass). https://doc.paynet.com.tr/authentication: "Authorization: Basic ".$secret_key
func Authorization(secretKey string) string { return "Basic " + secretKey }

// Fault is a set of known ways a Paynet client gets the request wrong. A client with faults (the
// mutant candidates, the suite's negatives) builds the defective request; the verifier names them.
type Fault uint32

const (
	Base64UserPass Fault = 1 << iota
	BearerScheme
	NoPaynetMobile
	WrongContentType
	NumericIDs
	NoAuthorization
	faultEnd
)

var faultDefects = map[Fault]verdict.Defect{
	Base64UserPass: verdict.RegisterDefect(verdict.Defect{Class: "BASIC_BASE64",
		Words: "the client sends Basic base64(key:) as HTTP Basic authentication does; Paynet wants the raw key after Basic"}),
	BearerScheme: verdict.RegisterDefect(verdict.Defect{Class: "BEARER_SCHEME",
		Words: "the client sends the key as a Bearer token; Paynet wants Basic <secret_key>"}),
	NoPaynetMobile: verdict.RegisterDefect(verdict.Defect{Class: "MISSING_PAYNETMOBILE",
		Words: "the client leaves out the PaynetMobile header"}),
	WrongContentType: checks.WrongContentType,
	NumericIDs: verdict.RegisterDefect(verdict.Defect{Class: "NUMERIC_ID",
		Words: "the client sends agent_id or user_id as a JSON number; both are strings"}),
	NoAuthorization: checks.MissingAuthorization,
}

// UnknownAgent is flagged by vectors that ask for an agent the server does not know.
var UnknownAgent = verdict.RegisterDefect(verdict.Defect{Class: "UNKNOWN_AGENT",
	Words: "the client asks for an agent_id the server does not know"})

// Defect returns the defect of a single fault.
func (f Fault) Defect() verdict.Defect { return faultDefects[f] }

// Has reports whether every fault in g is in f.
func (f Fault) Has(g Fault) bool { return g != 0 && f&g == g }

// Reason is why the verifier refused a request's credentials.
type Reason string

const (
	Accepted      Reason = ""
	MissingHeader Reason = "missing Authorization header"
	WrongScheme   Reason = "wrong scheme"
	EncodedKey    Reason = "key sent base64-encoded"
	WrongSecret   Reason = "wrong secret key"
)

// Verify checks an Authorization value against the merchant's secret key. A refusal comes with
// the likely client fault when the verifier can tell it.
func Verify(header, secretKey string) (Reason, Fault) {
	if header == "" {
		return MissingHeader, NoAuthorization
	}
	scheme, value, _ := strings.Cut(header, " ")
	switch {
	case strings.EqualFold(scheme, "Bearer"):
		if value == secretKey {
			return WrongScheme, BearerScheme
		}
		return WrongScheme, 0
	case scheme != "Basic":
		return WrongScheme, 0
	case value == secretKey:
		return Accepted, 0
	}
	if raw, err := base64.StdEncoding.DecodeString(value); err == nil {
		user, _, _ := strings.Cut(string(raw), ":")
		if user == secretKey {
			return EncodedKey, Base64UserPass
		}
	}
	return WrongSecret, 0
}

// Base64UserPassAuthorization is what an HTTP Basic client sends: base64(key + ":").
func Base64UserPassAuthorization(secretKey string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(secretKey+":"))
}

// RedactAuthorization keeps the scheme and masks the key: for Paynet the header is the secret.
func RedactAuthorization(h string) string {
	if h == "" {
		return "(none)"
	}
	scheme, rest, _ := strings.Cut(h, " ")
	if len(scheme) > 16 {
		scheme = scheme[:16] + "…"
	}
	return fmt.Sprintf("%s <masked, %d chars>", scheme, len(rest))
}
