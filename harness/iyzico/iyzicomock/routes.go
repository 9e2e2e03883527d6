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
	bins   map[string]int // binNumber → index in iyzico.MockBINs
	doc    *contract.Document
}

func newRoutes(h *mock.Host) ([]mock.Route, any, error) {
	r := &routes{h: h, apiKey: h.Var(iyzico.EnvAPIKey), secret: h.Var(iyzico.EnvSecretKey), bins: map[string]int{}, doc: contract.For(iyzico.Provider)}
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
		LenientBase64: iyzico.DecodeLenient, AcceptIncompleteToken: iyzico.FillMissing} {
		if x.Has(m) {
			lenient |= l
		}
	}
	v := iyzico.Verifier{Secret: x.secretFor, ServerFaults: serverFaults, Leniency: lenient}
	res := v.Verify(iyzico.Request{
		Authorization: x.Request.Header.Get("Authorization"),
		XIyziRnd:      x.Request.Header.Get(iyzico.RndHeader),
		Target:        x.Request.RequestURI,
		Body:          x.Body,
	})
	*x.Auth = mockapi.AuthRecord{Scheme: iyzico.Scheme, KeyID: res.APIKey, Nonce: res.RandomKey, OK: res.OK(), Reason: string(res.Reason), Defect: res.Defect.Class()}
	res.Warnings.Each(func(f iyzico.Fault) { x.Auth.Warnings = append(x.Auth.Warnings, f.Class()) })

	switch {
	case res.OK():
		return true
	case res.Reason == iyzico.MissingHeader && x.Has(AcceptUnauthenticated),
		(res.Reason == iyzico.WrongScheme || res.Reason == iyzico.LegacySchemeUsed) && x.Has(AcceptAnyScheme),
		res.Reason == iyzico.SignatureMismatch && x.Has(AcceptAnySignature):
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
	if apiKey == x.r.apiKey || x.Has(AcceptUnknownKey) || (apiKey == "" && x.Has(AcceptIncompleteToken)) {
		return x.r.secret, true
	}
	return "", false
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
	if x.Has(DropCardFamily) {
		resp.CardFamily = ""
	}
	if x.Has(SystemTimeSeconds) {
		resp.SystemTime = now.Unix()
	}
	body, _ := json.Marshal(resp)
	if x.Has(BankCodeString) {
		body = bytes.Replace(body, []byte(`"bankCode":`+strconv.FormatInt(bin.BankCode, 10)), []byte(`"bankCode":"`+strconv.FormatInt(bin.BankCode, 10)+`"`), 1)
	}
	contentType := "application/json; charset=utf-8"
	if x.Has(SuccessAsText) {
		contentType = "text/plain; charset=utf-8"
	}
	x.Reply(http.StatusOK, contentType, body, "")
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
	if x.Has(BadRequestPlain) && code == iyzico.ErrInvalidRequest {
		x.Reply(http.StatusBadRequest, "text/plain; charset=utf-8", []byte("Bad Request"), code+": "+detail+" (mutant: plain 400)")
		return
	}
	body, _ := json.Marshal(iyzico.BinCheckResponse{
		Status:         iyzico.StatusFailure,
		ErrorCode:      code,
		ErrorMessage:   msg,
		Locale:         x.locale,
		SystemTime:     x.Now().UnixMilli(),
		ConversationID: x.convID,
	})
	x.Reply(http.StatusOK, "application/json; charset=utf-8", body, code+": "+detail)
}
