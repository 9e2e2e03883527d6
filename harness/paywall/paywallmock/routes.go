// Package paywallmock is Paywall's part of payconform's mock: POST /api/paywall/temptoken/sdk and
// the plain /api/paywall/temptoken, with both public headers checked, property names matched
// case-insensitively as ASP.NET Core does, tokens that expire, the Paywall envelope, and the
// mutants that make it wrong on purpose. It registers itself with harness/mock when imported.
package paywallmock

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/payconform/payconform/harness/contract"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/provider"
)

func init() {
	mock.Register(mock.Provider{Name: paywall.Provider.Name, Mutants: allMutants, Routes: newRoutes, Samples: samples})
}

// turkey is the +03:00 offset the documentation's example ExpiryDateTime carries.
var turkey = time.FixedZone("+03:00", 3*60*60)

// paywallExpiryLayout is .NET's round-trip format, as the documentation's example shows it
// (2024-06-13T22:25:08.0404774+03:00).
const paywallExpiryLayout = "2006-01-02T15:04:05.0000000-07:00"

// Routes is one server's Paywall routes and their state; tests read it with Server.State.
type Routes struct {
	key, client string
	doc         *contract.Document
	nextID      atomic.Int64
	tokens      *mock.ExpiringSet
	// granted is when the last token went out (unix nanoseconds), for a mutant.
	granted atomic.Int64
}

// TokenValid reports whether the routes issued a token that has not expired at now.
func (h *Routes) TokenValid(token string, now time.Time) bool { return h.tokens.Valid(token, now) }

func newRoutes(host *mock.Host) ([]mock.Route, any, error) {
	h := &Routes{key: host.Var(paywall.EnvAPIKeyPublic), client: host.Var(paywall.EnvAPIClientPublic), doc: contract.For(paywall.Provider),
		tokens: mock.NewExpiringSet(100_000)}
	h.nextID.Store(14533993) // the documentation's example TempTokenId is 14533994
	return []mock.Route{
		{Method: http.MethodPost, Path: paywall.SdkPath, Operation: paywall.OpTempTokenSdk, Handle: func(c *mock.Call) { h.tempToken(c, true) }},
		{Method: http.MethodPost, Path: paywall.TempTokenPath, Operation: "paywall.temptoken", Handle: func(c *mock.Call) { h.tempToken(c, false) }},
	}, h, nil
}

type exchange struct {
	*mock.Call
	h   *Routes
	sdk bool
}

func (h *Routes) tempToken(c *mock.Call, sdk bool) {
	x := &exchange{Call: c, h: h, sdk: sdk}
	envelope := func() (int, []byte) {
		msg := "Unexpected parameters"
		body, _ := json.Marshal(paywall.Envelope{ErrorCodeType: 1, ErrorMessage: &msg, ErrorCode: paywall.CodeUnexpectedParameters, Message: &msg})
		return http.StatusBadRequest, body
	}
	c.SetEnvelope(envelope, func() (int, []byte) {
		// Result false with ErrorCode 1 (failure) on HTTP 200: the envelope says what happened,
		// whatever the status.
		msg := "Failure"
		body, _ := json.Marshal(paywall.Envelope{ErrorCodeType: 1, ErrorMessage: &msg, ErrorCode: paywall.CodeFailure, Message: &msg})
		return http.StatusOK, body
	})
	if c.ReadErr != nil || c.TooLarge {
		x.unexpected(fmt.Sprintf("body unreadable or over %d bytes", c.Limit))
		return
	}
	trusted := x.Has(TrustAfterGrant) && time.Since(time.Unix(0, h.granted.Load())) < time.Minute
	if !trusted && !(x.Has(PlainUnauthenticated) && !sdk) && !x.authenticate() {
		return
	}
	req, ok := x.decode()
	if !ok {
		return
	}
	h.granted.Store(time.Now().UnixNano())
	x.answer(req)
}

func (x *exchange) authenticate() bool {
	key, client := x.Request.Header.Get(paywall.KeyHeader), x.Request.Header.Get(paywall.ClientHeader)
	x.Auth.Scheme = "apikeypublic+apiclientpublic"
	x.Auth.KeyID = paywall.RedactHeader(key)
	var reason, defect string
	code := paywall.CodeMerchantNotFound
	switch {
	case key == "" && !x.Has(AcceptMissingKey):
		reason, defect, code = "apikeypublic header missing", "MISSING_KEY_HEADER", paywall.CodeHeaderMissing
	case client == "" && !x.Has(AcceptMissingClient):
		reason, defect, code = "apiclientpublic header missing", "MISSING_CLIENT_HEADER", paywall.CodeHeaderMissing
	case key == "" || client == "":
		// a mutant let a missing header through
	case x.matches(key, x.h.key) && (x.matches(client, x.h.client) || x.Has(CheckKeyOnly)):
	case x.Has(RefusalWithToken):
		// The token is issued before the values are checked, and goes out with the refusal.
		body, _ := json.Marshal(map[string]any{"ErrorCodeType": 1, "ErrorMessage": "Merchant not found", "ErrorCode": paywall.CodeMerchantNotFound, "Result": false,
			"Message": "Merchant not found", "Body": map[string]any{"TempTokenId": x.h.nextID.Add(1), "Token": newGUID()}})
		x.Auth.Reason = "unknown public key values (mutant: the token went out with the refusal)"
		x.reply(http.StatusUnauthorized, body, x.Auth.Reason)
		return false
	case key == x.h.client && client == x.h.key:
		if !x.Has(AcceptSwapped) && !x.Has(AcceptAnyKeys) {
			reason, defect = "apikeypublic and apiclientpublic swapped", "SWAPPED_HEADERS"
		}
	default:
		if !x.Has(AcceptAnyKeys) {
			reason, defect = "unknown public key values", "WRONG_PUBLIC_KEYS"
		}
	}
	x.Auth.OK, x.Auth.Reason, x.Auth.Defect = reason == "", reason, defect
	if reason == "" {
		return true
	}
	x.fail(http.StatusUnauthorized, code, "Merchant not found or header missing", reason)
	return false
}

// matches compares a header's value with the merchant's, loosely when a mutant says so.
func (x *exchange) matches(got, want string) bool {
	n := min(len(got), len(want))
	switch {
	case got == want:
		return true
	case x.Has(CaseInsensitiveKeys):
		return strings.EqualFold(got, want)
	case x.Has(PrefixMatch):
		return n > 0 && got[:n] == want[:n]
	case x.Has(CompareAllButFirst):
		return len(got) == len(want) && n > 1 && got[1:] == want[1:]
	case x.Has(SuffixMatch):
		return strings.HasSuffix(got, want)
	}
	return false
}

func (x *exchange) decode() (paywall.SdkRequest, bool) {
	var req paywall.SdkRequest
	if x.Has(ServerErrorOnMalformedJSON) && !json.Valid(x.Body) {
		x.Reply(http.StatusInternalServerError, "text/html; charset=utf-8", mock.ServerErrorPage, "malformed JSON (mutant: 5xx)")
		return req, false
	}
	if !utf8.Valid(x.Body) {
		x.unexpected("body is not valid UTF-8")
		return req, false
	}
	canonical, err := x.canonical(x.Body)
	if err != nil {
		x.unexpected(err.Error())
		return req, false
	}
	doc, path := x.h.doc, paywall.SdkPath
	if !x.sdk {
		path = paywall.TempTokenPath
	}
	r := x.Request
	if r.URL.Path != path { // the route matched a path the contract spells otherwise
		u := *r.URL
		u.Path = path
		r = r.WithContext(r.Context())
		r.URL = &u
	}
	value, err := doc.ValidateRequest(r.Context(), r, canonical)
	if err != nil {
		if err = x.forgive(err); err != nil {
			x.unexpected(err.Error())
			return req, false
		}
	}
	// The validator has decoded the body already; decode it again only when a mutant let an
	// invalid one through.
	var ok bool
	if req, ok = paywall.RequestFromValue(value); !ok {
		if req, err = paywall.ParseRequest(canonical); err != nil {
			x.unexpected(err.Error())
			return req, false
		}
	}
	switch {
	case !x.sdk && x.Has(PlainNeedsNewBooleans) && !(hasName(canonical, "ClientSdk") && hasName(canonical, "ScopeBased")):
		x.unexpected("ClientSdk and ScopeBased are compulsory (the newer plain TempToken page's table)")
		return req, false
	case x.sdk && req.ScopeBased && req.Scope == nil && !x.Has(ScopeUnchecked):
		x.unexpected("ScopeBased is true but Scope is missing")
		return req, false
	case x.sdk && req.IncludeMasterpassSession && req.MasterpassSession == nil && !x.Has(MasterpassSessionOptional):
		x.unexpected("IncludeMasterpassSession is true but MasterpassSession is missing")
		return req, false
	}
	return req, true
}

// canonical rewrites the body's property names to the documented PascalCase (see
// paywall.CanonicalNames). Mutants read names case-sensitively, coerce string booleans, or fill
// in missing booleans here.
func (x *exchange) canonical(body []byte) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil || m == nil {
		return nil, errors.New("body is not a JSON object")
	}
	out, changed := m, false
	if !x.Has(PascalCaseOnly) {
		var err error
		if out, changed, err = paywall.CanonicalNames(m); err != nil {
			return nil, err
		}
	}
	if x.Has(CoerceStrings) || x.Has(CoerceNewBooleans) {
		for k, v := range out {
			if !x.Has(CoerceStrings) && k != "ClientSdk" && k != "ScopeBased" {
				continue
			}
			switch string(v) {
			case `"true"`:
				out[k], changed = json.RawMessage("true"), true
			case `"false"`:
				out[k], changed = json.RawMessage("false"), true
			}
		}
	}
	if x.Has(NullAsFalse) {
		for k, v := range out {
			if string(v) == "null" && k != "MasterpassSession" {
				out[k], changed = json.RawMessage("false"), true
			}
		}
	}
	var defaulted []string
	switch {
	case !x.sdk:
	case x.Has(DefaultFalseBooleans):
		defaulted = []string{"ClientCardSave", "ThreeDSession", "ClientSdk", "ScopeBased"}
	case x.Has(DefaultNewBooleans):
		defaulted = []string{"ClientSdk", "ScopeBased"}
	}
	for _, n := range defaulted {
		if _, ok := out[n]; !ok {
			out[n], changed = json.RawMessage("false"), true
		}
	}
	if !changed {
		return body, nil // already in the documented casing: validate the bytes as received
	}
	return json.Marshal(out)
}

// forgive drops the contract violations a mutant ignores; what is left is still an error.
func (x *exchange) forgive(err error) error {
	var vs contract.Violations
	if !errors.As(err, &vs) {
		return err
	}
	var kept contract.Violations
	for _, v := range vs {
		switch {
		case v.Where == "/ExpiryMin" && x.Has(AcceptExpiryOutOfRange):
		case v.Where == "/Scope" && x.Has(ScopeUnchecked):
		default:
			kept = append(kept, v)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return kept
}

func (x *exchange) answer(req paywall.SdkRequest) {
	now := x.Now()
	minutes := req.ExpiryMin
	if x.Has(ExpiryIgnored) {
		minutes = 30
	}
	expiry := now.Add(time.Duration(minutes) * time.Minute)
	token, id := newGUID(), x.h.nextID.Add(1)
	switch {
	case x.Has(NonGUIDToken):
		token = "tmp_" + provider.RandomHex(16)
	case x.Has(ConstantToken):
		token, id = "22ae3b5a-8eb0-41cc-88c7-219e25b95441", 14533994 // the documentation's example
	}
	x.h.tokens.Add(token, expiry, now)
	zone := turkey
	if x.Has(UTCExpiry) {
		zone = time.UTC
	}
	body := &paywall.TempTokenBody{
		TempTokenID:    id,
		Token:          token,
		ExpiryDateTime: expiry.In(zone).Format(paywallExpiryLayout),
		Scope:          &paywall.TokenScope{ClientCardSave: req.ClientCardSave, ThreeDSession: req.ThreeDSession},
	}
	if x.Has(UTCExpiry) {
		body.ExpiryDateTime = expiry.UTC().Format("2006-01-02T15:04:05.0000000Z")
	}
	if x.Has(ExpiredOnIssue) {
		body.ExpiryDateTime = now.Add(-time.Hour).In(zone).Format(paywallExpiryLayout)
	}
	if x.Has(ZeroTokenID) {
		body.TempTokenID = 0
	}
	if x.sdk {
		body.Scope.ClientSdk, body.Scope.ScopeBased, body.Scope.Scope = paywall.Ptr(req.ClientSdk), paywall.Ptr(req.ScopeBased), req.Scope
	}
	switch {
	case x.Has(ScopeNotEchoed):
		body.Scope.ClientCardSave, body.Scope.ThreeDSession = !req.ClientCardSave, !req.ThreeDSession
	case x.Has(ScopeBasedNotEchoed):
		body.Scope.ScopeBased, body.Scope.Scope = nil, nil
	}
	if (req.IncludeMasterpassSession || x.Has(AlwaysMasterpass)) && !x.Has(NeverMasterpass) {
		body.Masterpass = &paywall.MasterpassInfo{
			SessionID: newGUID(), SessionExpiryDate: now.Add(30 * time.Minute).In(turkey).Format(paywallExpiryLayout),
			MasterpassToken: provider.RandomHex(24), MasterpassMerchantID: "payconform-mock", MasterpassTerminalGroupID: "payconform-mock",
			IsTest: true,
		}
	}
	env := paywall.Envelope{ErrorCodeType: 1, ErrorCode: paywall.CodeSuccess, Result: true, Message: x.echo(""), Body: body}
	if x.Has(SuccessWithErrorCode) {
		env.ErrorCode = paywall.CodeFailure
	}
	out, _ := json.Marshal(env)
	switch {
	case body.Masterpass != nil && x.Has(MasterpassAllNull):
		out = bytes.Replace(out, mustJSON(body.Masterpass), []byte(`{"SessionId":null,"SessionExpiryDate":null,"MasterpassToken":null,"MasterpassMerchantId":null,"MasterpassTerminalGroupId":null,"IsProd":null,"IsTest":null,"IsUat":null}`), 1)
	case x.Has(NullOptionalFields) && body.Masterpass == nil:
		// A correct answer that writes an unset Scope as null and an unasked Masterpass as an
		// object of nulls, as a serializer of a class with nullable members does.
		out = bytes.Replace(out, []byte(`"Masterpass":null`), []byte(`"Masterpass":{"SessionId":null,"MasterpassToken":null,"IsTest":null}`), 1)
		if req.Scope == nil {
			out = bytes.Replace(out, []byte(`"ScopeBased":`), []byte(`"Scope":null,"ScopeBased":`), 1)
		}
	}
	if x.Has(SuccessWithErrorMessage) {
		out = bytes.Replace(out, []byte(`"ErrorCodeType":1,"ErrorMessage":null`), []byte(`"ErrorMessage":"Unexpected parameters"`), 1)
	}
	if x.Has(ResultAsString) {
		out = bytes.Replace(out, []byte(`"Result":true`), []byte(`"Result":"true"`), 1)
	}
	x.reply(http.StatusOK, out, "")
}

// reply sends a JSON answer, after a byte order mark when the BOM mutant is on.
func (x *exchange) reply(status int, body []byte, refusal string) {
	if x.Has(ByteOrderMark) {
		body = append([]byte("\xef\xbb\xbf"), body...)
	}
	x.Reply(status, "application/json; charset=utf-8", body, refusal)
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func (x *exchange) unexpected(why string) {
	x.fail(http.StatusBadRequest, paywall.CodeUnexpectedParameters, "Unexpected parameters", why)
}

// fail answers with the envelope, Result false.
func (x *exchange) fail(status, code int, message, why string) {
	if x.Has(GenericErrorCode) {
		code = paywall.CodeGeneral
	}
	env := paywall.Envelope{ErrorCodeType: 1, ErrorMessage: paywall.Ptr(message), ErrorCode: code, Result: false, Message: x.echo(message)}
	x.reply(status, mustJSON(env), fmt.Sprintf("%d ErrorCode %d: %s", status, code, why))
}

// echo is message, with the public values the request sent when the echoing mutant is on.
func (x *exchange) echo(message string) *string {
	if x.Has(EchoHeaders) {
		message += fmt.Sprintf(" (%s=%s, %s=%s)", paywall.KeyHeader, x.Request.Header.Get(paywall.KeyHeader), paywall.ClientHeader, x.Request.Header.Get(paywall.ClientHeader))
	}
	return &message
}

// newGUID is a random (version 4) GUID.
func newGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// hasName reports whether a JSON object's body has a property name.
func hasName(body []byte, name string) bool {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return false
	}
	_, ok := m[name]
	return ok
}
