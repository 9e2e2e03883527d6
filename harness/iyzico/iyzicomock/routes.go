// Package iyzicomock is iyzico's part of payconform's mock: POST /payment/bin/check served the way
// iyzico documents it (HTTP 200 for success and failure alike, status telling them apart,
// errorCode a string), the signature verified over the raw bytes received, and the mutants that
// make it wrong on purpose. It registers itself with harness/mock when imported.
package iyzicomock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/payconform/payconform/harness/contract"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mockapi"
)

func init() {
	mock.Register(mock.Provider{Name: iyzico.Provider.Name, Mutants: allMutants, Routes: newRoutes, Samples: samples})
}

// routes is one server's bin/check route.
type routes struct {
	h      *mock.Host
	apiKey string
	secret string
	// merchants are the server's apiKeys and their secrets: IYZICO_API_KEY's and, when set,
	// IYZICO_SECOND_API_KEY's.
	merchants map[string]string
	bins      map[string]int // binNumber → index in iyzico.MockBINs
	doc       *contract.Document
	// verified remembers what verified, for the mutants that trust it later and for the replay
	// guard: apiKey and randomKey ("k\x00rnd"), randomKey and signature ("p\x00rnd\x00sig").
	verified *mock.ExpiringSet
}

// memory is how long the routes remember a randomKey that verified.
const memory = 10 * time.Minute

func newRoutes(h *mock.Host) ([]mock.Route, any, error) {
	r := &routes{h: h, apiKey: h.Var(iyzico.EnvAPIKey), secret: h.Var(iyzico.EnvSecretKey), bins: map[string]int{}, doc: contract.For(iyzico.Provider),
		merchants: map[string]string{h.Var(iyzico.EnvAPIKey): h.Var(iyzico.EnvSecretKey)}, verified: mock.NewExpiringSet(100_000)}
	if k, s := h.Var(iyzico.EnvSecondAPIKey), h.Var(iyzico.EnvSecondSecretKey); k != "" && s != "" {
		r.merchants[k] = s
	}
	for i, b := range iyzico.MockBINs {
		r.bins[b.BinNumber] = i
	}
	return []mock.Route{{Method: http.MethodPost, Path: iyzico.BinCheckPath, Operation: iyzico.OpBinCheck, Handle: r.binCheck,
		BodyLimit: func(set mock.MutantSet) int64 {
			if set.Has(NoSizeLimit) {
				return 64 << 20
			}
			return mock.MaxBody
		}}}, r, nil
}

// messages are the failure messages, Turkish first, by errorCode.
var messages = map[string][2]string{
	iyzico.ErrInvalidSignature:     {"Geçersiz imza", "Invalid signature"},
	iyzico.ErrAPIKeyNotFound:       {"api bilgileri bulunamadı", "API information not found"},
	iyzico.ErrMissingAuthorization: {"Authorization header string gönderilmesi zorunludur", "Authorization header string is required"},
	iyzico.ErrInvalidRequest:       {"Geçersiz istek", "Invalid request"},
}

// exchange is one bin/check on its way through the handler.
type exchange struct {
	*mock.Call
	r      *routes
	locale string
	convID string
	bin    string
	// expected is the signature the server computed, which the signing-oracle mutant discloses.
	expected string
}

func (r *routes) binCheck(c *mock.Call) {
	x := &exchange{Call: c, r: r, locale: "tr"}
	c.SetEnvelope(func() (int, []byte) {
		body, _ := json.Marshal(iyzico.BinCheckResponse{Status: iyzico.StatusFailure, ErrorCode: iyzico.ErrInvalidSignature,
			ErrorMessage: messages[iyzico.ErrInvalidSignature][0], Locale: x.locale, SystemTime: c.Now().UnixMilli(), ConversationID: x.convID})
		return http.StatusOK, body
	}, nil)
	switch {
	case c.ReadErr != nil:
		x.fail(iyzico.ErrInvalidRequest, "the request body could not be read")
		return
	case c.TooLarge:
		x.fail(iyzico.ErrInvalidRequest, fmt.Sprintf("the request body exceeds %d bytes", c.Limit))
		return
	}
	x.peekEcho()
	if !x.authenticate() {
		return
	}
	req, ok := x.decode()
	if !ok {
		return
	}
	x.answer(req)
}

// peekEcho reads locale and conversationId for the failure envelope, as iyzico echoes them even
// when it refuses a request; a body that does not decode leaves the defaults.
func (x *exchange) peekEcho() {
	var echo struct {
		Locale         any `json:"locale"`
		ConversationID any `json:"conversationId"`
		BinNumber      any `json:"binNumber"`
	}
	if json.Unmarshal(x.Body, &echo) != nil {
		return
	}
	if l, ok := echo.Locale.(string); ok && (l == "tr" || l == "en") {
		x.locale = l
	}
	if c, ok := echo.ConversationID.(string); ok {
		x.convID = c
	}
	x.bin, _ = echo.BinNumber.(string)
}

// authenticate verifies the IYZWSv2 header over the raw bytes received.
func (x *exchange) authenticate() bool {
	var serverFaults iyzico.Fault
	if x.Has(SignWithoutPath) {
		serverFaults |= iyzico.PathNotSigned
	}
	if x.Has(SignWithQuery) {
		serverFaults |= iyzico.QueryStringSigned
	}
	if x.Has(SignReserialisedBody) {
		serverFaults |= iyzico.BodyReserialised
	}
	var lenient iyzico.Leniency
	for m, l := range map[*mock.Mutant]iyzico.Leniency{ComparePrefix: iyzico.ComparePrefix, CaseInsensitiveSignature: iyzico.CompareFold,
		LenientBase64: iyzico.DecodeLenient, AcceptIncompleteToken: iyzico.FillMissing,
		SignatureStartsWith: iyzico.CompareStart, SignatureAsNumber: iyzico.CompareNumber, SchemeUnchecked: iyzico.AnyScheme} {
		if x.Has(m) {
			lenient |= l
		}
	}
	v := iyzico.Verifier{Secret: x.secretFor, ServerFaults: serverFaults, Leniency: lenient}
	req := iyzico.Request{
		Authorization: x.Request.Header.Get("Authorization"),
		XIyziRnd:      x.Request.Header.Get(iyzico.RndHeader),
		Target:        x.Request.RequestURI,
		Body:          x.Body,
	}
	if x.Has(VerifyTrimmedBody) {
		req.Body = bytes.TrimSpace(req.Body)
	}
	if x.Has(VerifyWithoutBOM) {
		// and reads the body so too
		x.Body = bytes.TrimPrefix(x.Body, []byte("\xef\xbb\xbf"))
		req.Body = x.Body
	}
	res := v.Verify(req)
	*x.Auth = mockapi.AuthRecord{Scheme: iyzico.Scheme, KeyID: res.APIKey, Nonce: res.RandomKey, OK: res.OK(), Reason: string(res.Reason), Defect: res.Defect.Class()}
	res.Warnings.Each(func(f iyzico.Fault) { x.Auth.Warnings = append(x.Auth.Warnings, f.Class()) })
	if res.Reason == iyzico.SignatureMismatch {
		if secret, ok := x.secretFor(res.APIKey); ok {
			x.expected = iyzico.Signature(secret, res.RandomKey, iyzico.URIPath(req.Target), req.Body)
		}
	}

	switch {
	case res.OK() && x.Has(ReplayGuard) && x.r.verified.Valid("k\x00"+res.APIKey+"\x00"+res.RandomKey, x.Now()):
		x.Auth.OK, x.Auth.Reason = false, "randomKey used before"
		x.fail(iyzico.ErrInvalidSignature, "the randomKey was used before (a replay)")
		return false
	case res.OK():
		x.remember(res)
		return true
	case res.Reason == iyzico.MissingHeader && x.Has(AcceptUnauthenticated),
		(res.Reason == iyzico.WrongScheme || res.Reason == iyzico.LegacySchemeUsed) && x.Has(AcceptAnyScheme),
		res.Reason == iyzico.SignatureMismatch && x.Has(AcceptAnySignature),
		res.Reason == iyzico.SignatureMismatch && x.Has(TrustVerifiedRandomKey) && x.r.verified.Valid("k\x00"+res.APIKey+"\x00"+res.RandomKey, x.Now()),
		res.Reason == iyzico.SignatureMismatch && x.Has(CacheVerifiedSignature) && x.r.verified.Valid("p\x00"+res.RandomKey+"\x00"+res.Signature, x.Now()),
		res.Reason == iyzico.SignatureMismatch && x.Has(AnyMerchantSecret) && x.anyMerchantSigned(v, req),
		res.Reason == iyzico.SignatureMismatch && x.Has(SecondMerchantUnchecked) && res.APIKey != x.r.apiKey,
		res.Reason == iyzico.SignatureMismatch && x.Has(NonASCIIUnchecked) && !isASCII(req.Body):
		x.Auth.OK = true
		return true
	}

	code := iyzico.ErrInvalidSignature
	switch res.Reason {
	case iyzico.MissingHeader:
		code = iyzico.ErrMissingAuthorization
	case iyzico.UnknownAPIKey:
		code = iyzico.ErrAPIKeyNotFound
	}
	if code == iyzico.ErrInvalidSignature && x.Has(ErrorCodeGeneric) {
		code = iyzico.ErrInvalidRequest
	}
	x.fail(code, res.Err().Error())
	return false
}

func (x *exchange) secretFor(apiKey string) (string, bool) {
	if s, ok := x.r.merchants[apiKey]; ok {
		return s, true
	}
	if x.Has(AcceptUnknownKey) || (apiKey == "" && x.Has(AcceptIncompleteToken)) {
		return x.r.secret, true
	}
	if x.Has(APIKeyEndsMatch) {
		for k, s := range x.r.merchants {
			if len(k) == len(apiKey) && len(k) > 16 && k[:8] == apiKey[:8] && k[len(k)-8:] == apiKey[len(k)-8:] {
				return s, true
			}
		}
	}
	if x.Has(APIKeyEndsWith) {
		for k, s := range x.r.merchants {
			if strings.HasSuffix(apiKey, k) {
				return s, true
			}
		}
	}
	if x.Has(APIKeyPrefixMatch) {
		for k, s := range x.r.merchants {
			if n := min(len(k), len(apiKey)); n >= 8 && k[:n] == apiKey[:n] {
				return s, true
			}
		}
	}
	return "", false
}

// anyMerchantSigned is the any-merchant-secret mutant: the signature is checked under every
// merchant's secret, whichever apiKey the token names.
func (x *exchange) anyMerchantSigned(v iyzico.Verifier, req iyzico.Request) bool {
	for _, secret := range x.r.merchants {
		v.Secret = func(string) (string, bool) { return secret, true }
		if v.Verify(req).OK() {
			return true
		}
	}
	return false
}

// remember records what verified, when a mutant or the replay guard needs it.
func (x *exchange) remember(res iyzico.Result) {
	if !x.Has(TrustVerifiedRandomKey) && !x.Has(CacheVerifiedSignature) && !x.Has(ReplayGuard) {
		return
	}
	now := x.Now()
	x.r.verified.Add("k\x00"+res.APIKey+"\x00"+res.RandomKey, now.Add(memory), now)
	x.r.verified.Add("p\x00"+res.RandomKey+"\x00"+res.Signature, now.Add(memory), now)
}

// decode validates the body against the contract and reads the request.
func (x *exchange) decode() (iyzico.BinCheckRequest, bool) {
	var req iyzico.BinCheckRequest
	if x.Has(ServerErrorOnMalformedJSON) && !json.Valid(x.Body) {
		x.Reply(http.StatusInternalServerError, "text/html; charset=utf-8", mock.ServerErrorPage, "malformed JSON (mutant: 5xx)")
		return req, false
	}
	if x.Has(LenientInput) {
		return x.decodeLeniently(), true
	}
	if !utf8.Valid(x.Body) {
		x.fail(iyzico.ErrInvalidRequest, "the request body is not valid UTF-8")
		return req, false
	}
	value, err := x.r.doc.ValidateRequest(x.Request.Context(), x.Request, x.Body)
	if err != nil {
		x.fail(iyzico.ErrInvalidRequest, err.Error())
		return req, false
	}
	obj, _ := value.(map[string]any)
	req.BinNumber, _ = obj["binNumber"].(string)
	req.Locale, _ = obj["locale"].(string)
	req.ConversationID, _ = obj["conversationId"].(string)
	return req, true
}

// decodeLeniently is the iyzico-lenient-input mutant: whatever arrives becomes a request.
func (x *exchange) decodeLeniently() iyzico.BinCheckRequest {
	var v any
	_ = json.Unmarshal(x.Body, &v)
	obj, _ := v.(map[string]any)
	str := func(key, def string) string {
		switch s := obj[key].(type) {
		case string:
			return s
		case nil:
			return def
		default:
			return fmt.Sprint(s)
		}
	}
	return iyzico.BinCheckRequest{Locale: str("locale", ""), ConversationID: str("conversationId", ""), BinNumber: str("binNumber", iyzico.DocumentedBIN.BinNumber)}
}

func (x *exchange) answer(req iyzico.BinCheckRequest) {
	i, known := x.r.bins[req.BinNumber]
	if !known {
		x.fail(iyzico.ErrInvalidRequest, "binNumber is not in the payconform mock's BIN table")
		return
	}
	if x.Has(WrongBINData) {
		i = (i + 1) % len(iyzico.MockBINs)
	}
	bin := iyzico.MockBINs[i]
	now := x.Now()
	resp := iyzico.BinCheckResponse{
		Status:          iyzico.StatusSuccess,
		Locale:          x.locale,
		SystemTime:      now.UnixMilli(),
		ConversationID:  req.ConversationID,
		BinNumber:       req.BinNumber,
		CardType:        bin.CardType,
		CardAssociation: bin.CardAssociation,
		CardFamily:      bin.CardFamily,
		BankName:        bin.BankName,
		BankCode:        &bin.BankCode,
		Commercial:      &bin.Commercial,
	}
	if x.Has(NoEcho) {
		resp.ConversationID = "payconform-mock"
		resp.Locale = map[string]string{"tr": "en", "en": "tr"}[resp.Locale]
	}
	if r := []rune(resp.ConversationID); x.Has(EchoCut) && len(r) > 24 {
		resp.ConversationID = string(r[:24])
	}
	if x.Has(DropCardFamily) {
		resp.CardFamily = ""
	}
	if x.Has(SystemTimeSeconds) {
		resp.SystemTime = now.Unix()
	}
	body, _ := json.Marshal(resp)
	if x.Has(NullOptionalFields) {
		// A correct answer that writes what it leaves unset as null, as Jackson does by default.
		body = withNulls(body, "errorCode", "errorMessage", "errorGroup")
		if req.ConversationID == "" {
			body = withNulls(body, "conversationId")
		}
	}
	if x.Has(BankCodeString) {
		body = bytes.Replace(body, []byte(`"bankCode":`+strconv.FormatInt(bin.BankCode, 10)), []byte(`"bankCode":"`+strconv.FormatInt(bin.BankCode, 10)+`"`), 1)
	}
	if x.Has(DriftAddedField) {
		body = append([]byte(`{"cardProgram":"standard",`), body[1:]...)
	}
	if x.Has(DriftCommercialBoolean) {
		body = bytes.Replace(body, []byte(`"commercial":`+strconv.Itoa(bin.Commercial)), []byte(`"commercial":`+strconv.FormatBool(bin.Commercial != 0)), 1)
	}
	contentType := "application/json; charset=utf-8"
	if x.Has(SuccessAsText) {
		contentType = "text/plain; charset=utf-8"
	}
	x.reply(http.StatusOK, contentType, body, "")
}

// reply sends an answer, after a byte order mark when the BOM mutant is on.
func (x *exchange) reply(status int, contentType string, body []byte, refusal string) {
	if x.Has(ByteOrderMark) {
		body = append([]byte("\xef\xbb\xbf"), body...)
	}
	x.Reply(status, contentType, body, refusal)
}

// withNulls adds the named fields, as null, to a JSON object that lacks them.
func withNulls(body []byte, names ...string) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return body
	}
	for _, n := range names {
		if _, ok := m[n]; !ok {
			m[n] = json.RawMessage("null")
		}
	}
	out, _ := json.Marshal(m)
	return out
}

// fail answers with iyzico's failure envelope, on HTTP 200 as iyzico does.
func (x *exchange) fail(code, detail string) {
	msgs := messages[code]
	msg := msgs[0]
	if x.locale == "en" {
		msg = msgs[1]
	}
	if x.Has(EchoSecret) {
		msg += " (" + leaked(x.r.secret) + ")"
	}
	if x.Has(SigningOracle) && x.expected != "" {
		msg += " (expected signature " + x.expected + ")"
	}
	if x.Has(BadRequestPlain) && code == iyzico.ErrInvalidRequest {
		x.reply(http.StatusBadRequest, "text/plain; charset=utf-8", []byte("Bad Request"), code+": "+detail+" (mutant: plain 400)")
		return
	}
	resp := iyzico.BinCheckResponse{
		Status:         iyzico.StatusFailure,
		ErrorCode:      code,
		ErrorMessage:   msg,
		Locale:         x.locale,
		SystemTime:     x.Now().UnixMilli(),
		ConversationID: x.convID,
	}
	if i, known := x.r.bins[x.bin]; known && code == iyzico.ErrInvalidSignature && x.Has(FailureWithCardData) {
		// The BIN was looked up before the signature was checked, and its data went out with the
		// refusal.
		b := iyzico.MockBINs[i]
		resp.BinNumber, resp.CardType, resp.CardAssociation, resp.CardFamily, resp.BankName = b.BinNumber, b.CardType, b.CardAssociation, b.CardFamily, b.BankName
		resp.BankCode, resp.Commercial = &b.BankCode, &b.Commercial
	}
	body, _ := json.Marshal(resp)
	if x.Has(NullOptionalFields) {
		body = withNulls(body, "errorGroup", "binNumber", "cardType", "cardAssociation", "cardFamily", "bankName", "bankCode", "commercial")
	}
	x.reply(http.StatusOK, "application/json; charset=utf-8", body, code+": "+detail)
}

// isASCII reports whether b holds ASCII bytes only.
func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
