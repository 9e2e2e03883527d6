package mock

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/payconform/payconform/harness/contract"
	"github.com/payconform/payconform/harness/paywall"
)

// PaywallConfig is the one merchant the Paywall routes know.
type PaywallConfig struct {
	APIKeyPublic    string
	APIClientPublic string
}

// paywallExpiryLayout is .NET's round-trip format, as the documentation's example shows it
// (2024-06-13T22:25:08.0404774+03:00).
const paywallExpiryLayout = "2006-01-02T15:04:05.0000000-07:00"

type paywallRoutes struct {
	s       *Server
	cfg     PaywallConfig
	nextID  atomic.Int64
	tokens  *expiringSet
	maxBody int64
}

func newPaywall(s *Server, cfg PaywallConfig) *paywallRoutes {
	h := &paywallRoutes{s: s, cfg: cfg, tokens: newExpiringSet(100_000), maxBody: MaxBody}
	h.nextID.Store(14533993) // the documentation's example TempTokenId is 14533994
	return h
}

func (h *paywallRoutes) register(mux *http.ServeMux) {
	mux.HandleFunc("POST "+paywall.SdkPath, func(w http.ResponseWriter, r *http.Request) { h.tempToken(w, r, true) })
	mux.HandleFunc("POST "+paywall.TempTokenPath, func(w http.ResponseWriter, r *http.Request) { h.tempToken(w, r, false) })
}

type paywallExchange struct {
	*call
	h   *paywallRoutes
	sdk bool
}

func (h *paywallRoutes) tempToken(w http.ResponseWriter, r *http.Request, sdk bool) {
	op := "paywall.temptoken_sdk"
	if !sdk {
		op = "paywall.temptoken"
	}
	c, tooLarge, err := h.s.begin(w, r, "paywall", op, redactPaywallHeader, h.maxBody)
	x := &paywallExchange{call: c, h: h, sdk: sdk}
	c.envelope = func() (int, []byte) {
		msg := "Unexpected parameters"
		body, _ := json.Marshal(paywall.Envelope{ErrorCodeType: 1, ErrorMessage: &msg, ErrorCode: paywall.CodeUnexpectedParameters, Message: &msg})
		return http.StatusBadRequest, body
	}
	if err != nil || tooLarge {
		x.unexpected(fmt.Sprintf("body unreadable or over %d bytes", h.maxBody))
		return
	}
	if !x.authenticate() {
		return
	}
	req, ok := x.decode()
	if !ok {
		return
	}
	x.answer(req)
}

func (x *paywallExchange) authenticate() bool {
	key, client := x.r.Header.Get(paywall.KeyHeader), x.r.Header.Get(paywall.ClientHeader)
	x.entry.Auth.Scheme = "apikeypublic+apiclientpublic"
	x.entry.Auth.KeyID = paywall.RedactHeader(key)
	want := x.h.cfg
	var reason, defect string
	code := paywall.CodeMerchantNotFound
	switch {
	case key == "" && !x.mut.Has(PaywallAcceptMissingKey):
		reason, defect, code = "apikeypublic header missing", "MISSING_KEY_HEADER", paywall.CodeHeaderMissing
	case client == "" && !x.mut.Has(PaywallAcceptMissingClient):
		reason, defect, code = "apiclientpublic header missing", "MISSING_CLIENT_HEADER", paywall.CodeHeaderMissing
	case key == "" || client == "":
		// a mutant let a missing header through
	case key == want.APIKeyPublic && client == want.APIClientPublic:
	case key == want.APIClientPublic && client == want.APIKeyPublic:
		if !x.mut.Has(PaywallAcceptSwapped) && !x.mut.Has(PaywallAcceptAnyKeys) {
			reason, defect = "apikeypublic and apiclientpublic swapped", "SWAPPED_HEADERS"
		}
	default:
		if !x.mut.Has(PaywallAcceptAnyKeys) {
			reason, defect = "unknown public key values", "WRONG_PUBLIC_KEYS"
		}
	}
	x.entry.Auth.OK, x.entry.Auth.Reason, x.entry.Auth.Defect = reason == "", reason, defect
	if reason == "" {
		return true
	}
	x.fail(http.StatusUnauthorized, code, "Merchant not found or header missing", reason)
	return false
}

func (x *paywallExchange) decode() (paywall.SdkRequest, bool) {
	var req paywall.SdkRequest
	if x.mut.Has(PaywallServerErrorOnMalformedJSON) && !json.Valid(x.body) {
		x.reply(http.StatusInternalServerError, "text/html; charset=utf-8", serverErrorPage, "malformed JSON (mutant: 5xx)")
		return req, false
	}
	if !utf8.Valid(x.body) {
		x.unexpected("body is not valid UTF-8")
		return req, false
	}
	canonical, err := x.canonical(x.body)
	if err != nil {
		x.unexpected(err.Error())
		return req, false
	}
	doc, path := paywall.Contract, paywall.SdkPath
	if !x.sdk {
		path = paywall.TempTokenPath
	}
	r := x.r
	if r.URL.Path != path { // the route matched a path the contract spells otherwise
		u := *r.URL
		u.Path = path
		r = r.WithContext(r.Context())
		r.URL = &u
	}
	if _, err := doc.ValidateRequest(r.Context(), r, canonical); err != nil {
		if err = x.forgive(err); err != nil {
			x.unexpected(err.Error())
			return req, false
		}
	}
	req, err = paywall.ParseRequest(canonical)
	if err != nil {
		x.unexpected(err.Error())
		return req, false
	}
	switch {
	case x.sdk && req.ScopeBased && req.Scope == nil && !x.mut.Has(PaywallScopeUnchecked):
		x.unexpected("ScopeBased is true but Scope is missing")
		return req, false
	case x.sdk && req.IncludeMasterpassSession && req.MasterpassSession == nil && !x.mut.Has(PaywallMasterpassSessionOptional):
		x.unexpected("IncludeMasterpassSession is true but MasterpassSession is missing")
		return req, false
	}
	return req, true
}

// canonical rewrites the body's property names to the documented PascalCase (see
// paywall.CanonicalNames). Mutants read names case-sensitively, coerce string booleans, or fill
// in missing booleans here.
func (x *paywallExchange) canonical(body []byte) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil || m == nil {
		return nil, errors.New("body is not a JSON object")
	}
	out, changed := m, false
	if !x.mut.Has(PaywallPascalCaseOnly) {
		var err error
		if out, changed, err = paywall.CanonicalNames(m); err != nil {
			return nil, err
		}
	}
	if x.mut.Has(PaywallCoerceStrings) {
		for k, v := range out {
			switch string(v) {
			case `"true"`:
				out[k], changed = json.RawMessage("true"), true
			case `"false"`:
				out[k], changed = json.RawMessage("false"), true
			}
		}
	}
	if x.mut.Has(PaywallDefaultFalseBooleans) && x.sdk {
		for _, n := range []string{"ClientCardSave", "ThreeDSession", "ClientSdk", "ScopeBased"} {
			if _, ok := out[n]; !ok {
				out[n], changed = json.RawMessage("false"), true
			}
		}
	}
	if !changed {
		return body, nil // already in the documented casing: validate the bytes as received
	}
	return json.Marshal(out)
}

// forgive drops the contract violations a mutant ignores; what is left is still an error.
func (x *paywallExchange) forgive(err error) error {
	var vs contract.Violations
	if !errors.As(err, &vs) {
		return err
	}
	var kept contract.Violations
	for _, v := range vs {
		switch {
		case v.Where == "/ExpiryMin" && x.mut.Has(PaywallAcceptExpiryOutOfRange):
		case v.Where == "/Scope" && x.mut.Has(PaywallScopeUnchecked):
		default:
			kept = append(kept, v)
		}
	}
	if len(kept) == 0 {
		return nil
	}
	return kept
}

func (x *paywallExchange) answer(req paywall.SdkRequest) {
	now := x.s.now()
	minutes := req.ExpiryMin
	if x.mut.Has(PaywallExpiryIgnored) {
		minutes = 30
	}
	expiry := now.Add(time.Duration(minutes) * time.Minute)
	token := newGUID()
	if x.mut.Has(PaywallNonGUIDToken) {
		token = "tmp_" + randomHex(16)
	}
	x.h.tokens.add(token, expiry, now)
	zone := turkey
	if x.mut.Has(PaywallUTCExpiry) {
		zone = time.UTC
	}
	body := &paywall.TempTokenBody{
		TempTokenID:    x.h.nextID.Add(1),
		Token:          token,
		ExpiryDateTime: expiry.In(zone).Format(paywallExpiryLayout),
		Scope:          &paywall.TokenScope{ClientCardSave: req.ClientCardSave, ThreeDSession: req.ThreeDSession},
	}
	if x.mut.Has(PaywallUTCExpiry) {
		body.ExpiryDateTime = expiry.UTC().Format("2006-01-02T15:04:05.0000000Z")
	}
	if x.mut.Has(PaywallZeroTokenID) {
		body.TempTokenID = 0
	}
	if x.sdk {
		body.Scope.ClientSdk, body.Scope.ScopeBased, body.Scope.Scope = paywall.Ptr(req.ClientSdk), paywall.Ptr(req.ScopeBased), req.Scope
	}
	if x.mut.Has(PaywallScopeNotEchoed) {
		body.Scope.ClientCardSave, body.Scope.ThreeDSession = !req.ClientCardSave, !req.ThreeDSession
	}
	if req.IncludeMasterpassSession || x.mut.Has(PaywallAlwaysMasterpass) {
		body.Masterpass = &paywall.MasterpassInfo{
			SessionID: newGUID(), SessionExpiryDate: now.Add(30 * time.Minute).In(turkey).Format(paywallExpiryLayout),
			MasterpassToken: randomHex(24), MasterpassMerchantID: "payconform-mock", MasterpassTerminalGroupID: "payconform-mock",
			IsTest: true,
		}
	}
	env := paywall.Envelope{ErrorCodeType: 1, ErrorCode: paywall.CodeSuccess, Result: true, Message: paywall.Ptr(""), Body: body}
	out, _ := json.Marshal(env)
	if x.mut.Has(PaywallResultAsString) {
		out = bytes.Replace(out, []byte(`"Result":true`), []byte(`"Result":"true"`), 1)
	}
	x.reply(http.StatusOK, "application/json; charset=utf-8", out, "")
}

func (x *paywallExchange) unexpected(why string) {
	x.fail(http.StatusBadRequest, paywall.CodeUnexpectedParameters, "Unexpected parameters", why)
}

// fail answers with the envelope, Result false.
func (x *paywallExchange) fail(status, code int, message, why string) {
	if x.mut.Has(PaywallGenericErrorCode) {
		code = paywall.CodeGeneral
	}
	env := paywall.Envelope{ErrorCodeType: 1, ErrorMessage: paywall.Ptr(message), ErrorCode: code, Result: false, Message: paywall.Ptr(message)}
	x.replyJSON(status, env, fmt.Sprintf("%d ErrorCode %d: %s", status, code, why))
}

// PaywallTokenValid reports whether the mock issued a temporary token that has not expired.
func (s *Server) PaywallTokenValid(token string) bool { return s.paywall.tokens.valid(token, s.now()) }

// redactPaywallHeader masks the two credential headers, keeping four characters of each.
func redactPaywallHeader(h http.Header) http.Header {
	out := h.Clone()
	for _, name := range []string{paywall.KeyHeader, paywall.ClientHeader} {
		if v := h.Get(name); v != "" {
			out.Set(name, paywall.RedactHeader(v))
		}
	}
	return out
}

// newGUID is a random (version 4) GUID.
func newGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
