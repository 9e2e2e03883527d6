package conform_test

import (
	"context"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/checks/checkstest"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/paywall/conform"
)

// FuzzAnswers judges arbitrary temptoken answers with every check the suite makes of one.
func FuzzAnswers(f *testing.F) {
	ctx := context.Background()
	code := paywall.CodeUnexpectedParameters
	req := paywall.SdkRequest{ClientCardSave: true, ScopeBased: true, Scope: paywall.Ptr(2), ExpiryMin: 30}
	checkstest.FuzzAnswers(f, conform.Shape, func(ex *exchange.Exchange) {
		_, _ = conform.Decode(ex)
		body, _ := conform.Succeeded(ctx, paywall.SdkPath, ex)
		_ = conform.Framing(ctx, paywall.SdkPath, ex)
		_ = conform.Refused(ex, conform.KeyNotChecked)
		_ = conform.RefusedWithCode(ctx, paywall.SdkPath, ex, &code)
		_ = conform.TokenIsGUID(body)
		_ = conform.ExpiryFollows(body, time.Now(), 30)
		_ = conform.ExpiryInTurkeyTime(body)
		_ = conform.ScopeEchoed(body, req, true)
		_ = conform.MasterpassWhenAsked(ctx, ex)
		_ = conform.ExpiryNotPast(body, time.Now(), 30)
		_ = conform.MasterpassOnlyWhenAsked(body)
		_ = conform.TokenIDPositive(body)
	},
		`{"ErrorCodeType":1,"ErrorMessage":null,"ErrorCode":0,"Result":true,"Message":"","Body":{"TempTokenId":14533994,"Token":"22ae3b5a-8eb0-41cc-88c7-219e25b95441","ExpiryDateTime":"2024-06-13T22:25:08.0404774+03:00","Scope":{"ClientCardSave":true,"ThreeDSession":false}}}`,
		`{"ErrorCodeType":1,"ErrorMessage":"Unexpected parameters","ErrorCode":2,"Result":false}`,
		`{"Result":"true","Body":{"Token":"t"}}`, `{"Result":false,"Body":{"Token":"t"}}`, `{"Result":true,"ErrorCode":1,"Body":{"Token":"t","Scope":[]}}`,
		`{"Result":false,"ErrorCode":12,"Body":{"Masterpass":{"SessionId":"s","MasterpassToken":null}}}`, `{"Result":true,"Body":{"Token":"t","Masterpass":{"SessionId":null}}}`)
}
