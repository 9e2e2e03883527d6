package paynet

import (
	"encoding/base64"
	"strings"

	"github.com/payconform/payconform/harness/provider"
)

// Authorization is the header value Paynet documents: "Basic " and the raw secret key, not
// base64(user:pass). https://doc.paynet.com.tr/authentication: "Authorization: Basic ".$secret_key
func Authorization(secretKey string) string { return "Basic " + secretKey }

// ClientFault is a set of known ways a Paynet client gets the request wrong. A client with
// faults (the mutant candidates, the suite's negatives) builds the defective request; the
// verifier names them.
type ClientFault uint32

const (
	Base64UserPass ClientFault = 1 << iota
	BearerScheme
	NoPaynetMobile
	WrongContentType
	NumericIDs
	NoAuthorization
	faultEnd
)

// faultInfo gives each fault its defect class (the vector flag and label) and plain words.
// WRONG_CONTENT_TYPE and MISSING_AUTHORIZATION are classes every provider shares.
var faultInfo = map[ClientFault]struct{ class, words string }{
	Base64UserPass:   {"BASIC_BASE64", "the client sends Basic base64(key:) as HTTP Basic authentication does; Paynet wants the raw key after Basic"},
	BearerScheme:     {"BEARER_SCHEME", "the client sends the key as a Bearer token; Paynet wants Basic <secret_key>"},
	NoPaynetMobile:   {"MISSING_PAYNETMOBILE", "the client leaves out the PaynetMobile header"},
	WrongContentType: {"WRONG_CONTENT_TYPE", "the client sends a Content-Type other than application/json"},
	NumericIDs:       {"NUMERIC_ID", "the client sends agent_id or user_id as a JSON number; both are strings"},
	NoAuthorization:  {"MISSING_AUTHORIZATION", "the client sends no Authorization header"},
}

// Class is the defect class of a single fault; "" for none or several.
func (f ClientFault) Class() string { return faultInfo[f].class }

// Words say what a client with the single fault f does wrong.
func (f ClientFault) Words() string { return faultInfo[f].words }

// Faults lists every single fault.
func Faults() []ClientFault {
	var out []ClientFault
	for f := ClientFault(1); f < faultEnd; f <<= 1 {
		out = append(out, f)
	}
	return out
}

// Has reports whether every fault in g is in f.
func (f ClientFault) Has(g ClientFault) bool { return g != 0 && f&g == g }

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
func Verify(header, secretKey string) (Reason, ClientFault) {
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
	return scheme + " " + provider.Mask(rest)
}
