// Package certify certifies a client under test: it plays the providers with a verifying mock,
// drives the candidate through the candidate protocol case by case, and judges both every request
// the mock recorded and every answer the candidate gave. The certify suite (suites/certify) turns
// the judgements into specs; harness/report turns the run into a certificate.
package certify

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/paywall"
)

// Case is one invocation of the candidate.
type Case struct {
	ID        string
	Operation string
	// Title is what the spec entry says of the case.
	Title string
	// Input is the operation's input, encoded as the protocol carries it.
	Input any
	// Fault is what the mock answers with instead of its normal answer.
	Fault mock.Fault
	// Sign is the vector an iyzico.sign case comes from.
	Sign *iyzico.SignTest
}

// SignInput is the input of iyzico.sign.
type SignInput struct {
	RandomKey string `json:"random_key"`
	Path      string `json:"path"`
	Body      string `json:"body"`
}

// SignCases are the valid signing vectors with a known secret, one case each.
func SignCases() []Case {
	var out []Case
	for _, v := range iyzico.SignVectors.Tests() {
		v := v
		out = append(out, Case{
			ID:        fmt.Sprintf("iyzico.sign.vector.%d", v.ID),
			Operation: candidate.OpIyzicoSign,
			Title:     iyzico.SignVectors.TestName(v.Meta),
			Input:     SignInput{RandomKey: v.Input.RandomKey, Path: v.Input.Path, Body: string(v.Input.BodyBytes())},
			Sign:      &v,
		})
	}
	return out
}

// BinCheckCases vary conversationId over the characters that JSON escapes differently between
// languages (/, <, >, &, non-ASCII), both locales and every BIN of the mock's table.
var BinCheckCases = []Case{
	binCheck("ok.plain", "plain conversationId, documented BIN", "tr", "cert-1", "554960"),
	binCheck("ok.turkish", "Turkish letters in conversationId", "tr", "çğıöşü-ÇĞİÖŞÜ", "554960"),
	binCheck("ok.escapes", "/ < > & in conversationId (escaped differently by Go, PHP, Python and Java)", "en", "a/b<c>&d", "542119"),
	binCheck("ok.nonascii", "non-ASCII beyond Turkish (€ and a character outside the BMP)", "en", "€ 𝄞 ü", "454671"),
	binCheck("ok.no-conversation", "no conversationId at all", "tr", "", "554960"),
}

// PaynetCases ask for session keys for the mock's dealer, varying the user.
var PaynetCases = []Case{
	paynetCase("ok.plain", "the dealer's user", "{user}"),
	paynetCase("ok.turkish", "Turkish letters in user_id", "kullanıcı-ş-ğ"),
	paynetCase("ok.escapes", "/ < > & in user_id", "a/b<c>&d"),
}

// PaywallCases cover the option combinations that matter, false booleans (which an omitempty
// encoder drops) included.
var PaywallCases = []Case{
	paywallCase("ok.documented", "the documentation's sample options", paywall.SdkRequest{ClientCardSave: true, ThreeDSession: false, ClientSdk: true, ScopeBased: false, ExpiryMin: 1440}),
	paywallCase("ok.all-false", "every boolean false", paywall.SdkRequest{ExpiryMin: 30}),
	paywallCase("ok.threed", "3D only, ExpiryMin 0", paywall.SdkRequest{ThreeDSession: true, ExpiryMin: 0}),
	paywallCase("ok.scope-0", "ScopeBased, Scope 0 (a zero an omitempty encoder drops)", paywall.SdkRequest{ClientSdk: true, ScopeBased: true, Scope: paywall.Ptr(0), ExpiryMin: 30}),
	paywallCase("ok.scope-3", "ScopeBased, Scope 3", paywall.SdkRequest{ClientCardSave: true, ScopeBased: true, Scope: paywall.Ptr(3), ExpiryMin: 1}),
	paywallCase("ok.masterpass", "IncludeMasterpassSession with a MasterpassSession", paywall.SdkRequest{ClientCardSave: true, ClientSdk: true, ExpiryMin: 60, IncludeMasterpassSession: true,
		MasterpassSession: &paywall.MasterpassSession{ReferenceCode: "cert-ref-1", UserID: "72812393211", UserPhone: "905123456710", Force3D: false, PhoneVerifiedByMerchant: true}}),
}

// FaultCases are one case per fault for an operation, built from its first success case.
func FaultCases(ok Case) map[mock.Fault]Case {
	out := map[mock.Fault]Case{}
	for _, f := range []mock.Fault{mock.FaultEnvelope, mock.FaultServerError, mock.FaultMalformed, mock.FaultWrongContentType} {
		c := ok
		c.ID = strings.Replace(ok.ID, ".ok.", ".fault.", 1) + "." + f.String()
		c.Title = "the mock answers with " + faultTitles[f]
		c.Fault = f
		out[f] = c
	}
	return out
}

var faultTitles = map[mock.Fault]string{
	mock.FaultEnvelope:         "the provider's failure envelope",
	mock.FaultServerError:      "HTTP 500 and an HTML page",
	mock.FaultMalformed:        "HTTP 200 and truncated JSON",
	mock.FaultWrongContentType: "a valid body labelled text/html",
}

func binCheck(id, title, locale, conv, bin string) Case {
	return Case{ID: "iyzico.bin_check." + id, Operation: candidate.OpIyzicoBinCheck, Title: title,
		Input: iyzico.BinCheckRequest{Locale: locale, ConversationID: conv, BinNumber: bin}}
}

// paynetCase's user may be {user}, the mock's configured one; the agent is always the mock's.
func paynetCase(id, title, user string) Case {
	return Case{ID: "paynet.get_auth_key." + id, Operation: candidate.OpPaynetAuthKey, Title: title,
		Input: paynet.AuthRequest{AgentID: "{agent}", UserID: user}}
}

func paywallCase(id, title string, req paywall.SdkRequest) Case {
	return Case{ID: "paywall.temptoken_sdk." + id, Operation: candidate.OpPaywallToken, Title: title, Input: req}
}

// protocolInput is the case's input as the protocol carries it, with the session's agent and
// user in place of the placeholders.
func (c Case) protocolInput(cfg mock.Config) any {
	switch in := c.Input.(type) {
	case paynet.AuthRequest:
		if in.AgentID == "{agent}" {
			in.AgentID = cfg.Paynet.AgentID
		}
		if in.UserID == "{user}" {
			in.UserID = cfg.Paynet.UserID
		}
		return in
	case paywall.SdkRequest:
		return json.RawMessage(in.Encode(paywall.Encoding{}))
	}
	return c.Input
}

// Report entry names the certificate reads back.
const (
	EntryDescription = "payconform.candidate.describe"
	EntryStderr      = "payconform.candidate.stderr"
)

// DescriptionEntry is the candidate's describe output, or why there is none.
type DescriptionEntry struct {
	Description candidate.Description `json:"description"`
	Error       string                `json:"error,omitempty"`
}

// UnsupportedPrefix starts the skip reason of a declined operation; the certificate counts them.
const UnsupportedPrefix = "not certified for "

// UnsupportedReason is the skip reason of a declined operation.
func UnsupportedReason(op string) string {
	return UnsupportedPrefix + op + ": the candidate answered unsupported"
}

// PaynetInput is a Paynet case's input with the session's agent and user in place.
func (s *Session) PaynetInput(c Case) paynet.AuthRequest {
	return c.protocolInput(s.Config).(paynet.AuthRequest)
}

// PaywallWant is the body a Paywall case must send: every field of its input, false booleans
// included (an omitempty encoder drops them).
func PaywallWant(c Case) map[string]any {
	var out map[string]any
	_ = json.Unmarshal(c.Input.(paywall.SdkRequest).Encode(paywall.Encoding{}), &out)
	return out
}
