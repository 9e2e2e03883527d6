package conform_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/checks/checkstest"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/paynet/conform"
)

// FuzzAnswers judges arbitrary get_auth_key answers with every check the suite makes of one, and
// holds each verdict to what it claims: a success (HTTP 200, code 0, a session_key) is never a
// refusal too; an envelope check passes only the status, type and result code asked for; an
// echo, completeness or expiry check that passes saw what it wants.
func FuzzAnswers(f *testing.F) {
	ctx := context.Background()
	checkstest.FuzzAnswers(f, conform.Shape, func(t *testing.T, ex *exchange.Exchange) {
		_, _ = conform.Decode(ex)
		resp, succeeded := conform.Succeeded(ctx, ex)
		refused := conform.Refused(ex, conform.KeyNotChecked)
		if len(succeeded) == 0 {
			if len(refused) == 0 {
				t.Fatalf("HTTP %d %q is both a success and a refusal", ex.Status, ex.Body)
			}
			if ex.Status != http.StatusOK || resp.Code != paynet.ResultSuccessful || resp.SessionKey == "" {
				t.Fatalf("HTTP %d %q passed as a success", ex.Status, ex.Body)
			}
		}
		o, parseErr := checks.ParseObject(ex.Body)
		if conform.Complete(ex) == nil && parseErr == nil {
			for _, field := range []string{"session_key", "expired_date", "agent_id", "company_code", "user_id", "user_unique_id", "is_okc_inquiry", "object_name", "code", "message"} {
				if _, ok := o[field]; !ok {
					t.Fatalf("%q passed as complete without %s", ex.Body, field)
				}
			}
		}
		envelope := conform.Envelope(ctx, ex, 401, paynet.TypeAuthorization, paynet.ResultUnauthorized)
		switch {
		case len(refused) != 0 && envelope != nil:
			t.Fatalf("HTTP %d %q: no refusal, yet its envelope was judged: %v", ex.Status, ex.Body, envelope)
		case len(refused) == 0 && envelope == nil:
			typ, _, _ := o.String("type")
			rc, _, _ := o.Int("result_code")
			if ex.Status != 401 || typ != "authorization_error" || rc != 7 {
				t.Fatalf("HTTP %d %q passed as HTTP 401, authorization_error, result_code 7", ex.Status, ex.Body)
			}
		}
		if conform.Echoes(resp, paynet.AuthRequest{AgentID: "1", UserID: "u"}) == nil && (resp.AgentID != "1" || resp.UserID != "u") {
			t.Fatalf("%q passed as an echo of agent 1, user u", ex.Body)
		}
		_, parseExpiry := conform.ParseExpiry(resp.ExpiredDate)
		if (conform.ExpiryReadable(resp) == nil) != (parseExpiry == nil) {
			t.Fatalf("expired_date %q: readable is not what ParseExpiry says", resp.ExpiredDate)
		}
		now := time.Now()
		e, _ := conform.ParseExpiry(resp.ExpiredDate)
		if conform.ExpiryInFuture(resp, now) == nil && parseExpiry == nil && e.HasOffset && !e.Time.After(now) {
			t.Fatalf("expired_date %q passed as in the future", resp.ExpiredDate)
		}
		if conform.ExpiryInFutureTurkeyTime(resp, now) == nil && parseExpiry == nil && !e.HasOffset && !e.Time.After(now) {
			t.Fatalf("expired_date %q (Turkey time) passed as in the future", resp.ExpiredDate)
		}
	},
		`{"session_key":"sk_1","expired_date":"2026-11-23T16:00:00+03:00","agent_id":"1","user_id":"u","code":0,"message":"successful"}`,
		`{"session_key":"sk_1","expired_date":"2099-11-23 16:00:00","agent_id":"1","company_code":"c","user_id":"u","user_unique_id":"x","is_okc_inquiry":false,"object_name":"o","code":0,"message":"successful"}`,
		`{"type":"authorization_error","message":"API anahtarınız yanlış","code":401,"result_code":7}`,
		`{"code":7,"message":"x"}`, `{"session_key":"sk","code":"0"}`, `{"session_key":"sk","expired_date":"23.11.2026 16:00:00","code":1}`,
		`{"type":"authorization_error","message":"x","code":401,"result_code":7,"session_key":"sk_1"}`)
}
