package conform_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/checks/checkstest"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
)

// FuzzAnswers judges arbitrary bin/check answers with every check the suite makes of one, and
// holds each verdict to what it claims: a success is never a refusal too; a refusal's envelope
// check passes only iyzico's failure with the code asked for; an echo, BIN or clock check that
// passes saw the values it wants; an answer that carries the HMAC the server computed for the
// request is always named a signing oracle.
func FuzzAnswers(f *testing.F) {
	ctx := context.Background()
	const secret = "payconform-kat-secret-key"
	checkstest.FuzzAnswers(f, conform.Shape, func(t *testing.T, ex *exchange.Exchange) {
		resp, decodeErr := conform.Decode(ex)
		var object map[string]json.RawMessage
		isObject := json.Unmarshal(withoutBOM(ex.Body), &object) == nil && object != nil
		if isObject && decodeErr != nil {
			t.Fatalf("a JSON object does not decode: %v", decodeErr)
		}
		_, succeeded := conform.Succeeded(ctx, ex)
		refused := conform.Refused(ex, conform.SignatureNotChecked)
		_ = conform.Framing(ctx, ex)
		if len(succeeded) == 0 {
			if len(refused) == 0 {
				t.Fatalf("HTTP %d %q is both a success and a refusal", ex.Status, ex.Body)
			}
			if resp.Status != "success" || ex.Status >= 500 || object["errorCode"] != nil && string(object["errorCode"]) != "null" {
				t.Fatalf("HTTP %d %q passed as a success", ex.Status, ex.Body)
			}
		}
		envelope := conform.Envelope(ctx, ex, iyzico.ErrInvalidSignature)
		switch {
		case len(refused) != 0 && envelope != nil:
			t.Fatalf("HTTP %d %q: no refusal, yet its envelope was judged: %v", ex.Status, ex.Body, envelope)
		case len(refused) == 0 && envelope == nil && (resp.Status != "failure" || resp.ErrorCode != iyzico.ErrInvalidSignature):
			t.Fatalf("HTTP %d %q passed as iyzico's failure with errorCode %s", ex.Status, ex.Body, iyzico.ErrInvalidSignature)
		}
		if conform.Echoes(resp, iyzico.BinCheckRequest{Locale: "tr", ConversationID: "c"}) == nil && (resp.ConversationID != "c" || resp.Locale != "tr") {
			t.Fatalf("%q passed as an echo of conversationId c, locale tr", ex.Body)
		}
		bin := iyzico.DocumentedBIN
		if conform.MatchesBIN(resp, bin) == nil && (resp.BinNumber != bin.BinNumber || resp.CardType != bin.CardType || resp.BankName != bin.BankName ||
			resp.CardFamily != bin.CardFamily || resp.CardAssociation != bin.CardAssociation || resp.BankCode == nil || *resp.BankCode != 62 || resp.Commercial == nil || *resp.Commercial != 0) {
			t.Fatalf("%q passed as the documented BIN", ex.Body)
		}
		now := time.Now()
		if conform.SystemTimeFresh(resp, now, time.Minute) == nil {
			if d := time.UnixMilli(resp.SystemTime).Sub(now); d < -time.Minute || d > time.Minute {
				t.Fatalf("systemTime %d, %s off, passed as fresh", resp.SystemTime, d)
			}
		}
		_ = conform.NoSigningOracle(ex, secret)
		// The answer, with the signature the server computed for the request appended, is a
		// signing oracle whatever else it holds.
		leak := *ex
		leak.URL = "https://sandbox-api.iyzipay.com" + iyzico.BinCheckPath
		leak.RequestHeader = http.Header{}
		leak.RequestHeader.Set(iyzico.RndHeader, "rnd-1")
		leak.RequestBody = []byte(`{"binNumber":"554960"}`)
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte("rnd-1" + iyzico.BinCheckPath + `{"binNumber":"554960"}`))
		leak.Body = append(append([]byte{}, ex.Body...), hex.EncodeToString(mac.Sum(nil))...)
		if p := conform.NoSigningOracle(&leak, secret); len(p) != 1 || p[0].Defect != conform.SigningOracle {
			t.Fatalf("%q with the expected signature appended is not a signing oracle: %v", leak.Body, p)
		}
	},
		`{"status":"success","locale":"tr","systemTime":1,"conversationId":"c","binNumber":"554960","cardType":"CREDIT_CARD","bankCode":62,"commercial":0}`,
		`{"status":"failure","errorCode":"1000","errorMessage":"Geçersiz imza"}`,
		`{"status":"failure","errorCode":1000}`, `{"status":"success","bankCode":"62","errorCode":"11"}`,
		`{"status":"failure","errorCode":"1000","cardType":"CREDIT_CARD","bankName":"Garanti Bankası"}`,
		`{"status":"success","locale":"tr","conversationId":"c","binNumber":"554960","cardType":"CREDIT_CARD","cardAssociation":"MASTER_CARD","cardFamily":"Bonus","bankName":"Garanti Bankası","bankCode":62,"commercial":0}`)
}

func withoutBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}
