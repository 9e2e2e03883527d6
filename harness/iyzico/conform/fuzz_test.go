package conform_test

import (
	"context"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/checks/checkstest"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
)

// FuzzAnswers judges arbitrary bin/check answers with every check the suite makes of one.
func FuzzAnswers(f *testing.F) {
	ctx := context.Background()
	checkstest.FuzzAnswers(f, conform.Shape, func(ex *exchange.Exchange) {
		_, _ = conform.Decode(ex)
		resp, _ := conform.Succeeded(ctx, ex)
		_ = conform.Framing(ctx, ex)
		_ = conform.Refused(ex, conform.SignatureNotChecked)
		_ = conform.Envelope(ctx, ex, iyzico.ErrInvalidSignature)
		_ = conform.Echoes(resp, iyzico.BinCheckRequest{Locale: "tr", ConversationID: "c"})
		_ = conform.MatchesBIN(resp, iyzico.DocumentedBIN)
		_ = conform.SystemTimeFresh(resp, time.Now(), time.Minute)
		_ = conform.NoSigningOracle(ex, "payconform-kat-secret-key")
	},
		`{"status":"success","locale":"tr","systemTime":1,"conversationId":"c","binNumber":"554960","cardType":"CREDIT_CARD","bankCode":62,"commercial":0}`,
		`{"status":"failure","errorCode":"1000","errorMessage":"Geçersiz imza"}`,
		`{"status":"failure","errorCode":1000}`, `{"status":"success","bankCode":"62","errorCode":"11"}`,
		`{"status":"failure","errorCode":"1000","cardType":"CREDIT_CARD","bankName":"Garanti Bankası"}`)
}
