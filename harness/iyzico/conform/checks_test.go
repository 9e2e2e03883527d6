package conform_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
	"github.com/payconform/payconform/harness/verdict"
)

func answer(status int, body string) *exchange.Exchange {
	return &exchange.Exchange{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)}
}

// The answer iyzico-java's BinNumberTest reads from the sandbox for BIN 554960.
const documented = `{"status":"success","locale":"tr","systemTime":1700000000000,"conversationId":"c-1","binNumber":"554960","cardType":"CREDIT_CARD","cardAssociation":"MASTER_CARD","cardFamily":"Bonus","bankName":"Garanti Bankası","bankCode":62,"commercial":0}`

func TestDecode(t *testing.T) {
	r, err := conform.Decode(answer(200, "\xef\xbb\xbf"+documented))
	if err != nil || r.Status != "success" || r.Locale != "tr" || r.SystemTime != 1700000000000 || r.ConversationID != "c-1" || r.BinNumber != "554960" ||
		r.CardType != "CREDIT_CARD" || r.CardAssociation != "MASTER_CARD" || r.CardFamily != "Bonus" || r.BankName != "Garanti Bankası" ||
		r.BankCode == nil || *r.BankCode != 62 || r.Commercial == nil || *r.Commercial != 0 {
		t.Errorf("Decode = %+v, %v", r, err)
	}
	r, err = conform.Decode(answer(200, `{"status":"failure","errorCode":1000,"errorMessage":"Geçersiz imza","errorGroup":"x","bankCode":"62","systemTime":"soon"}`))
	if err != nil || r.ErrorCode != "1000" || r.ErrorMessage != "Geçersiz imza" || r.ErrorGroup != "x" || r.BankCode == nil || *r.BankCode != 62 || r.SystemTime != 0 || r.Commercial != nil {
		t.Errorf("lenient Decode = %+v, %v", r, err)
	}
	for _, body := range []string{`null`, `[]`, `{"a":`} {
		if _, err := conform.Decode(answer(200, body)); err == nil {
			t.Errorf("%s decodes", body)
		}
	}
}

func TestShape(t *testing.T) {
	for _, tc := range []struct {
		body                      string
		refused, granted, claimed bool
		what                      string
	}{
		{`{"status":"failure","errorCode":"1000"}`, true, false, false, ""},
		{`{"status":"success"}`, false, false, true, ""},
		{`{"status":"Success"}`, false, false, false, ""},
		{`{}`, false, false, false, ""},
		{`<html>`, false, false, false, ""},
		{`{"status":"failure","cardType":"CREDIT_CARD"}`, true, true, false, "card data (cardType)"},
		{`{"cardAssociation":"MASTER_CARD","cardFamily":"Bonus","bankName":"Garanti"}`, false, true, false, "card data (cardAssociation, cardFamily, bankName)"},
		{`{"bankCode":62}`, false, true, false, "card data (bankCode)"},
		{`{"bankCode":0,"cardType":""}`, false, false, false, ""},
	} {
		ex := answer(200, tc.body)
		what, granted := conform.Shape.Grants(ex)
		claim, claimed := conform.Shape.Claims(ex)
		if conform.Shape.Refused(ex) != tc.refused || granted != tc.granted || claimed != tc.claimed || what != tc.what {
			t.Errorf("%s: refused %t, granted %t (%q), claimed %t", tc.body, conform.Shape.Refused(ex), granted, what, claimed)
		}
		if claimed && claim != `status "success"` {
			t.Errorf("the claim is named %q", claim)
		}
	}
}

func TestSucceeded(t *testing.T) {
	ctx := context.Background()
	if r, p := conform.Succeeded(ctx, answer(200, documented)); p != nil || r.BankName != "Garanti Bankası" {
		t.Errorf("a success: %+v", p)
	}
	for _, tc := range []struct {
		status int
		body   string
		defect verdict.Defect
		got    string
	}{
		{500, documented, verdict.Defect{}, "HTTP 500"},
		{200, `<html>`, checks.NotConformant, "the body is not JSON"},
		{200, `{"status":"failure","errorCode":"1000","errorMessage":"Geçersiz imza"}`, verdict.Defect{}, `HTTP 200, status "failure", errorCode "1000", errorMessage "Geçersiz imza"`},
	} {
		_, p := conform.Answered(answer(tc.status, tc.body))
		if len(p) != 1 || p[0].Defect != tc.defect || !strings.Contains(p[0].Got, tc.got) {
			t.Errorf("HTTP %d %s: %+v", tc.status, tc.body, p)
		}
	}
	withError := strings.Replace(documented, `"status":"success",`, `"status":"success","errorCode":"11",`, 1)
	_, p := conform.Succeeded(ctx, answer(200, withError))
	found := false
	for _, q := range p {
		if q.Defect == checks.SuccessWithError && strings.HasPrefix(q.Got, `errorCode "11" beside status "success"`) {
			found = true
		}
	}
	if !found {
		t.Errorf("a success with an errorCode: %+v", p)
	}
	if p := conform.Framing(ctx, answer(200, documented)); p != nil {
		t.Errorf("framing of a success: %+v", p)
	}
	if p := conform.Framing(ctx, &exchange.Exchange{Status: 200, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(documented)}); len(p) != 1 {
		t.Errorf("framing of text/html: %+v", p)
	}
}

func TestEnvelope(t *testing.T) {
	ctx := context.Background()
	const refusal = `{"status":"failure","errorCode":"1000","errorMessage":"Geçersiz imza","locale":"tr","systemTime":1700000000000}`
	if p := conform.Envelope(ctx, answer(200, refusal), "1000"); p != nil {
		t.Errorf("the documented refusal: %+v", p)
	}
	if p := conform.Envelope(ctx, answer(200, refusal), ""); p != nil {
		t.Errorf("any code: %+v", p)
	}
	if p := conform.Envelope(ctx, answer(200, documented), "1000"); p != nil {
		t.Errorf("a success is Refused's business: %+v", p)
	}
	p := conform.Envelope(ctx, answer(200, strings.Replace(refusal, `"1000"`, `"11"`, 1)), "1000")
	if len(p) != 1 || p[0].Defect != conform.WrongErrorCode || p[0].Got != `errorCode "11" (Geçersiz imza)` {
		t.Errorf("another code: %+v", p)
	}
	p = conform.Envelope(ctx, answer(401, `<html>no</html>`), "1000")
	if len(p) == 0 || p[len(p)-1].Defect != checks.NotConformant || !strings.Contains(p[len(p)-1].Expected, `status "failure"`) {
		t.Errorf("a 401 that is not iyzico's envelope: %+v", p)
	}
	p = conform.Envelope(ctx, answer(200, "\xef\xbb\xbf"+refusal), "1000")
	if len(p) != 1 || p[0].Defect != checks.BOMAdded {
		t.Errorf("a refusal after a BOM: %+v", p)
	}
}

func TestEchoesBINAndTime(t *testing.T) {
	req := iyzico.BinCheckRequest{Locale: "tr", ConversationID: "c-1"}
	if p := conform.Echoes(iyzico.BinCheckResponse{Locale: "tr", ConversationID: "c-1"}, req); p != nil {
		t.Errorf("an echo: %+v", p)
	}
	if p := conform.Echoes(iyzico.BinCheckResponse{Locale: "en"}, iyzico.BinCheckRequest{}); p != nil {
		t.Errorf("no locale asked for: %+v", p)
	}
	p := conform.Echoes(iyzico.BinCheckResponse{Locale: "en", ConversationID: "c-2"}, req)
	if len(p) != 2 || p[0].Got != `"c-2"` || p[0].Expected != `conversationId "c-1"` || p[1].Expected != `locale "tr"` || p[1].Defect != checks.NoEcho {
		t.Errorf("no echo: %+v", p)
	}
	r, _ := conform.Decode(answer(200, documented))
	if p := conform.MatchesBIN(r, iyzico.DocumentedBIN); p != nil {
		t.Errorf("the documented BIN: %+v", p)
	}
	r.BankName, r.BankCode, r.Commercial = "Akbank", nil, nil
	p = conform.MatchesBIN(r, iyzico.DocumentedBIN)
	if len(p) != 3 || p[0].Expected != "bankName Garanti Bankası" || p[0].Got != "Akbank" || p[1].Got != "(absent)" || p[2].Expected != "commercial 0" || p[0].Defect != conform.WrongBINData {
		t.Errorf("another bank: %+v", p)
	}
	now := time.UnixMilli(1_700_000_000_000)
	for offset, fresh := range map[time.Duration]bool{0: true, time.Minute: true, -time.Minute: true, time.Minute + time.Millisecond: false, -time.Minute - time.Millisecond: false} {
		got := conform.SystemTimeFresh(iyzico.BinCheckResponse{SystemTime: now.Add(offset).UnixMilli()}, now, time.Minute)
		if (got == nil) != fresh {
			t.Errorf("systemTime %s off: %+v", offset, got)
		}
	}
	p = conform.SystemTimeFresh(iyzico.BinCheckResponse{SystemTime: 1_700_000_000}, now, time.Minute)
	if len(p) != 1 || p[0].Defect != conform.ClockSkew || !strings.HasPrefix(p[0].Got, "1700000000 (") || p[0].Expected != "systemTime within 1m0s of 1700000000000" {
		t.Errorf("seconds, not milliseconds: %+v", p)
	}
}

// A refusal that carries the HMAC the server computed for the request, in any form, is a signing
// oracle; the signature the request itself carried is not.
func TestNoSigningOracle(t *testing.T) {
	const secret, rnd, body = "sandbox-secret-1", "rnd-123", `{"binNumber":"554960"}`
	mac := func(msg string) []byte {
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(msg))
		return m.Sum(nil)
	}
	request := func(answerBody string) *exchange.Exchange {
		ex := answer(200, answerBody)
		ex.URL = "https://sandbox-api.iyzipay.com" + iyzico.BinCheckPath + "?x=1"
		ex.RequestBody = []byte(body)
		ex.RequestHeader = http.Header{}
		ex.RequestHeader.Set(iyzico.RndHeader, rnd)
		return ex
	}
	full := mac(rnd + iyzico.BinCheckPath + body)
	for form, leak := range map[string]string{
		"hex":                     hex.EncodeToString(full),
		"upper-case hex":          strings.ToUpper(hex.EncodeToString(full)),
		"base64 of the digest":    base64.StdEncoding.EncodeToString(full),
		"base64url of the digest": base64.URLEncoding.EncodeToString(full),
		"without the path":        hex.EncodeToString(mac(rnd + body)),
		"with the query":          hex.EncodeToString(mac(rnd + iyzico.BinCheckPath + "?x=1" + body)),
		"base64 of the hex":       base64.StdEncoding.EncodeToString([]byte(hex.EncodeToString(full))),
		"JSON-escaped":            strings.ReplaceAll(hex.EncodeToString(full), "a", `\u0061`),
	} {
		p := conform.NoSigningOracle(request(`{"status":"failure","errorMessage":"expected `+leak+`"}`), "other-secret", secret)
		if len(p) != 1 || p[0].Defect != conform.SigningOracle || strings.Contains(p[0].Got, leak) {
			t.Errorf("%s: %+v", form, p)
		}
	}
	if p := conform.NoSigningOracle(request(`{"status":"failure","errorCode":"1000"}`), "", secret); p != nil {
		t.Errorf("a plain refusal: %+v", p)
	}
	// The request's own signature, echoed, discloses nothing new.
	ex := request(`{"status":"failure","echo":"` + hex.EncodeToString(full) + `"}`)
	ex.RequestHeader.Set("Authorization", iyzico.Signer{Credentials: iyzico.Credentials{APIKey: "k", SecretKey: secret}}.Sign(rnd, iyzico.BinCheckPath, []byte(body)).Authorization)
	if p := conform.NoSigningOracle(ex, secret); p != nil {
		t.Errorf("the request's own signature: %+v", p)
	}
	// Nor does a signature the request carried inside a longer one, or under another scheme,
	// echoed (red team, 2026-12-02: "received signature <sig>0" failed IYZ-AUTH-16).
	right := hex.EncodeToString(full)
	token := "apiKey:k&randomKey:" + rnd + "&signature:"
	for name, header := range map[string]string{
		"a digit appended": "IYZWSv2 " + base64.StdEncoding.EncodeToString([]byte(token+right+"0")),
		"0x before it":     "IYZWSv2 " + base64.StdEncoding.EncodeToString([]byte(token+"0x"+right)),
		"under Bearer":     "Bearer " + base64.StdEncoding.EncodeToString([]byte(token+right)),
	} {
		ex := request(`{"status":"failure","errorMessage":"Geçersiz imza: received ` + header + `"}`)
		ex.RequestHeader.Set("Authorization", header)
		if p := conform.NoSigningOracle(ex, secret); p != nil {
			t.Errorf("%s, echoed: %+v", name, p)
		}
	}
	// A request one digit off that gets the right signature back is an oracle still.
	ex = request(`{"status":"failure","errorMessage":"expected ` + right + `"}`)
	ex.RequestHeader.Set("Authorization", "IYZWSv2 "+base64.StdEncoding.EncodeToString([]byte(token+conform.EditDigit(right, 63))))
	if p := conform.NoSigningOracle(ex, secret); len(p) != 1 {
		t.Errorf("the right signature given back to a request one digit off: %+v", p)
	}
}

// An integer written with an exponent is read as the number it is (red team, 2026-12-02:
// systemTime 1.796228106685e12 was read as 0 and warned of as 500 000 hours off).
func TestDecodeReadsAnExactExponent(t *testing.T) {
	r, err := conform.Decode(answer(200, `{"status":"success","systemTime":1.796228106685e12,"bankCode":6.2E1,"commercial":0E0}`))
	if err != nil || r.SystemTime != 1796228106685 || r.BankCode == nil || *r.BankCode != 62 || r.Commercial == nil || *r.Commercial != 0 {
		t.Errorf("%+v %v", r, err)
	}
	if r, _ := conform.Decode(answer(200, `{"bankCode":62.5}`)); r.BankCode != nil {
		t.Errorf("62.5 read as %d", *r.BankCode)
	}
}
