package conform_test

import (
	"context"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/checks/checkstest"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/paynet/conform"
)

// FuzzAnswers judges arbitrary get_auth_key answers with every check the suite makes of one.
func FuzzAnswers(f *testing.F) {
	ctx := context.Background()
	checkstest.FuzzAnswers(f, conform.Shape, func(ex *exchange.Exchange) {
		_, _ = conform.Decode(ex)
		resp, _ := conform.Succeeded(ctx, ex)
		_ = conform.Complete(ex)
		_ = conform.Refused(ex, conform.KeyNotChecked)
		_ = conform.Envelope(ctx, ex, 401, paynet.TypeAuthorization, paynet.ResultUnauthorized)
		_ = conform.Echoes(resp, paynet.AuthRequest{AgentID: "1", UserID: "u"})
		_ = conform.ExpiryReadable(resp)
		_ = conform.ExpiryInFuture(resp, time.Now())
		_ = conform.ExpiryInFutureTurkeyTime(resp, time.Now())
	},
		`{"session_key":"sk_1","expired_date":"2026-11-23T16:00:00+03:00","agent_id":"1","user_id":"u","code":0,"message":"successful"}`,
		`{"type":"authorization_error","message":"API anahtarınız yanlış","code":401,"result_code":7}`,
		`{"code":7,"message":"x"}`, `{"session_key":"sk","code":"0"}`, `{"session_key":"sk","expired_date":"23.11.2026 16:00:00","code":1}`,
		`{"type":"authorization_error","message":"x","code":401,"result_code":7,"session_key":"sk_1"}`)
}
