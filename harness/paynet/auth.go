package paynet

import (
	"encoding/base64"
	"fmt"
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
	SchemeSpelled
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
	SchemeSpelled:    {"BASIC_SPELLING", "the client writes the Basic scheme in another case, or puts more than one space before the key: RFC 9110 allows both, Paynet's examples show Basic and one space"},
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
	// Malformed is the right key in a header that is not Basic, spaces and the key: quoted, or
	// with other whitespace around it.
	Malformed   Reason = "malformed Authorization header"
	WrongSecret Reason = "wrong secret key"
)

// Result is the verifier's answer about one Authorization value.
type Result struct {
	Reason Reason
	// Fault is the likely client fault behind a refusal, when the verifier can tell.
	Fault ClientFault
	// Spelled is set when an accepted value writes the scheme in another case, or puts more
	// than one space before the key: RFC 9110 reads both as Basic, Paynet's examples show
	// "Basic " and the key.
	Spelled bool
	// Detail says what differs in words, never with the key in it.
	Detail string
}

// Inspect checks an Authorization value against the merchant's secret key, reading it as RFC
// 9110 section 11.4 writes credentials: a case-insensitive scheme (section 11.1), one or more
// spaces, and the rest. A refusal names what really differs: the scheme, the framing around a
// right key, or the key itself; "wrong secret key" only when the key is wrong.
func Inspect(header, secretKey string) Result {
	if header == "" {
		return Result{Reason: MissingHeader, Fault: NoAuthorization}
	}
	scheme, rest, hasSpace := strings.Cut(header, " ")
	value := strings.TrimLeft(rest, " ")
	switch {
	case hasSpace && strings.EqualFold(scheme, "Bearer"):
		if value == secretKey {
			return Result{Reason: WrongScheme, Fault: BearerScheme, Detail: "the key is sent under Bearer, not Basic"}
		}
		return Result{Reason: WrongScheme, Detail: "scheme Bearer, want Basic"}
	case !hasSpace || !strings.EqualFold(scheme, "Basic"):
		if len(header) > len("Basic") && strings.EqualFold(header[:len("Basic")], "Basic") && strings.TrimSpace(header[len("Basic"):]) == secretKey {
			return Result{Reason: Malformed, Detail: "the key is right, but not separated from Basic by a space"}
		}
		return Result{Reason: WrongScheme, Detail: fmt.Sprintf("scheme %q, want Basic", clip(scheme, 16))}
	case value == secretKey:
		return Result{Reason: Accepted, Spelled: scheme != "Basic" || value != rest}
	case strings.TrimSpace(value) == secretKey:
		return Result{Reason: Malformed, Detail: "the key is right, with other whitespace around it"}
	case len(value) > 2 && strings.Trim(value, `"'`) == secretKey:
		return Result{Reason: Malformed, Detail: "the key is right, in quotes"}
	}
	if raw, err := base64.StdEncoding.DecodeString(value); err == nil {
		user, _, _ := strings.Cut(string(raw), ":")
		if user == secretKey {
			return Result{Reason: EncodedKey, Fault: Base64UserPass, Detail: "the key is right, sent as base64(key:), HTTP Basic's user:password form"}
		}
	}
	return Result{Reason: WrongSecret, Detail: "the key after Basic is not the merchant's"}
}

// Verify is Inspect's reason and fault.
func Verify(header, secretKey string) (Reason, ClientFault) {
	r := Inspect(header, secretKey)
	return r.Reason, r.Fault
}

// Key is the value after the scheme and its spaces, "" when the header has none.
func Key(header string) string {
	_, rest, _ := strings.Cut(header, " ")
	return strings.TrimLeft(rest, " ")
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
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
