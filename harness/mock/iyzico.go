package mock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/mockapi"
)

// iyzicoRoutes serves POST /payment/bin/check the way iyzico documents it: HTTP 200 for success
// and failure alike, status telling them apart, errorCode a string.
type iyzicoRoutes struct {
	s    *Server
	cfg  IyzicoConfig
	bins map[string]int // binNumber → index in iyzico.MockBINs
}

func newIyzico(s *Server, cfg IyzicoConfig) *iyzicoRoutes {
	h := &iyzicoRoutes{s: s, cfg: cfg, bins: map[string]int{}}
	for i, b := range iyzico.MockBINs {
		h.bins[b.BinNumber] = i
	}
	return h
}

func (h *iyzicoRoutes) register(mux *http.ServeMux) {
	mux.HandleFunc("POST "+iyzico.BinCheckPath, h.binCheck)
}

// iyzicoMessages are the failure messages, Turkish first, by errorCode.
var iyzicoMessages = map[string][2]string{
	iyzico.ErrInvalidSignature: {"Geçersiz imza", "Invalid signature"},
	iyzico.ErrAPIKeyNotFound:   {"api bilgileri bulunamadı", "API information not found"},
	errMissingAuthorization:    {"Authorization header string gönderilmesi zorunludur", "Authorization header string is required"},
	iyzico.ErrInvalidRequest:   {"Geçersiz istek", "Invalid request"},
}

// errMissingAuthorization is the code iyzico gives a request without Authorization, as quoted in
// iyzico/iyzipay-node#128.
const errMissingAuthorization = "1009"

// iyzicoExchange is one bin/check on its way through the handler.
type iyzicoExchange struct {
	*call
	h      *iyzicoRoutes
	locale string
	convID string
}

func (h *iyzicoRoutes) binCheck(w http.ResponseWriter, r *http.Request) {
	limit := int64(MaxBody)
	if h.s.switches.load().Has(IyzicoNoSizeLimit) {
		limit = 64 << 20
	}
	c, tooLarge, err := h.s.begin(w, r, "iyzico", "iyzico.bin_check", redactIyzicoHeader, limit)
	x := &iyzicoExchange{call: c, h: h, locale: "tr"}
	c.envelope = func() (int, []byte) {
		body, _ := json.Marshal(iyzico.BinCheckResponse{Status: iyzico.StatusFailure, ErrorCode: iyzico.ErrInvalidSignature,
			ErrorMessage: iyzicoMessages[iyzico.ErrInvalidSignature][0], Locale: x.locale, SystemTime: h.s.now().UnixMilli(), ConversationID: x.convID})
		return http.StatusOK, body
	}
	switch {
	case err != nil:
		x.fail(iyzico.ErrInvalidRequest, "the request body could not be read")
		return
	case tooLarge:
		x.fail(iyzico.ErrInvalidRequest, fmt.Sprintf("the request body exceeds %d bytes", limit))
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
func (x *iyzicoExchange) peekEcho() {
	var echo struct {
		Locale         any `json:"locale"`
		ConversationID any `json:"conversationId"`
	}
	if json.Unmarshal(x.body, &echo) != nil {
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
func (x *iyzicoExchange) authenticate() bool {
	var serverFaults iyzico.Fault
	if x.mut.Has(IyzicoSignWithoutPath) {
		serverFaults |= iyzico.PathNotSigned
	}
	if x.mut.Has(IyzicoSignWithQuery) {
		serverFaults |= iyzico.QueryStringSigned
	}
	if x.mut.Has(IyzicoSignReserialisedBody) {
		serverFaults |= iyzico.BodyReserialised
	}
	v := iyzico.Verifier{Secret: x.secret, ServerFaults: serverFaults}
	res := v.Verify(iyzico.Request{
		Authorization: x.r.Header.Get("Authorization"),
		XIyziRnd:      x.r.Header.Get(iyzico.RndHeader),
		Target:        x.r.RequestURI,
		Body:          x.body,
	})
	x.entry.Auth = mockapi.AuthRecord{Scheme: iyzico.Scheme, KeyID: res.APIKey, Nonce: res.RandomKey, OK: res.OK(), Reason: string(res.Reason)}
	if d := res.Defect.Defect(); d.Class != "" {
		x.entry.Auth.Defect = d.Class
	}
	res.Warnings.Each(func(f iyzico.Fault) { x.entry.Auth.Warnings = append(x.entry.Auth.Warnings, f.Defect().Class) })

	switch {
	case res.OK():
		return true
	case res.Reason == iyzico.MissingHeader && x.mut.Has(IyzicoAcceptUnauthenticated),
		(res.Reason == iyzico.WrongScheme || res.Reason == iyzico.LegacySchemeUsed) && x.mut.Has(IyzicoAcceptAnyScheme),
		res.Reason == iyzico.SignatureMismatch && x.mut.Has(IyzicoAcceptAnySignature):
		x.entry.Auth.OK = true
		return true
	}

	code := iyzico.ErrInvalidSignature
	switch res.Reason {
	case iyzico.MissingHeader:
		code = errMissingAuthorization
	case iyzico.UnknownAPIKey:
		code = iyzico.ErrAPIKeyNotFound
	}
	if code == iyzico.ErrInvalidSignature && x.mut.Has(IyzicoErrorCodeGeneric) {
		code = iyzico.ErrInvalidRequest
	}
	x.fail(code, res.Err().Error())
	return false
}

func (x *iyzicoExchange) secret(apiKey string) (string, bool) {
	if apiKey == x.h.cfg.APIKey || x.mut.Has(IyzicoAcceptUnknownKey) {
		return x.h.cfg.SecretKey, true
	}
	return "", false
}

// decode validates the body against the contract and reads the request.
func (x *iyzicoExchange) decode() (iyzico.BinCheckRequest, bool) {
	var req iyzico.BinCheckRequest
	if x.mut.Has(IyzicoServerErrorOnMalformedJSON) && !json.Valid(x.body) {
		x.reply(http.StatusInternalServerError, "text/html; charset=utf-8", serverErrorPage, "malformed JSON (mutant: 5xx)")
		return req, false
	}
	if x.mut.Has(IyzicoLenientInput) {
		return x.decodeLeniently(), true
	}
	if !utf8.Valid(x.body) {
		x.fail(iyzico.ErrInvalidRequest, "the request body is not valid UTF-8")
		return req, false
	}
	value, err := iyzico.Contract.ValidateRequest(x.r.Context(), x.r, x.body)
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
func (x *iyzicoExchange) decodeLeniently() iyzico.BinCheckRequest {
	var v any
	_ = json.Unmarshal(x.body, &v)
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

func (x *iyzicoExchange) answer(req iyzico.BinCheckRequest) {
	i, known := x.h.bins[req.BinNumber]
	if !known {
		x.fail(iyzico.ErrInvalidRequest, "binNumber is not in the payconform mock's BIN table")
		return
	}
	if x.mut.Has(IyzicoWrongBINData) {
		i = (i + 1) % len(iyzico.MockBINs)
	}
	bin := iyzico.MockBINs[i]
	now := x.h.s.now()
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
	if x.mut.Has(IyzicoNoEcho) {
		resp.ConversationID = "payconform-mock"
		resp.Locale = map[string]string{"tr": "en", "en": "tr"}[resp.Locale]
	}
	if x.mut.Has(IyzicoDropCardFamily) {
		resp.CardFamily = ""
	}
	if x.mut.Has(IyzicoSystemTimeSeconds) {
		resp.SystemTime = now.Unix()
	}
	body, _ := json.Marshal(resp)
	if x.mut.Has(IyzicoBankCodeString) {
		body = bytes.Replace(body, []byte(`"bankCode":`+strconv.FormatInt(bin.BankCode, 10)), []byte(`"bankCode":"`+strconv.FormatInt(bin.BankCode, 10)+`"`), 1)
	}
	x.reply(http.StatusOK, "application/json; charset=utf-8", body, "")
}

// fail answers with iyzico's failure envelope, on HTTP 200 as iyzico does.
func (x *iyzicoExchange) fail(code, detail string) {
	msgs := iyzicoMessages[code]
	msg := msgs[0]
	if x.locale == "en" {
		msg = msgs[1]
	}
	body, _ := json.Marshal(iyzico.BinCheckResponse{
		Status:         iyzico.StatusFailure,
		ErrorCode:      code,
		ErrorMessage:   msg,
		Locale:         x.locale,
		SystemTime:     x.h.s.now().UnixMilli(),
		ConversationID: x.convID,
	})
	x.reply(http.StatusOK, "application/json; charset=utf-8", body, code+": "+detail)
}

// redactIyzicoHeader copies a request's headers with the signature masked: the journal shows
// which key and randomKey a request used, never a replayable signature.
func redactIyzicoHeader(h http.Header) http.Header {
	out := h.Clone()
	if a := h.Get("Authorization"); a != "" {
		out.Set("Authorization", iyzico.RedactAuthorization(a))
	}
	return out
}
