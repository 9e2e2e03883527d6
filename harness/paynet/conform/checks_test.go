package conform_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/paynet/conform"
	"github.com/payconform/payconform/harness/verdict"
)

func answer(status int, body string) *exchange.Exchange {
	return &exchange.Exchange{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)}
}

// A complete success, as the PayPOS create-session page lists its fields.
const granted = `{"session_key":"sk_1","expired_date":"2099-11-23T16:00:00+03:00","agent_id":"1","company_code":"c","user_id":"u","user_unique_id":"x","is_okc_inquiry":false,"object_name":"o","code":0,"message":"successful"}`

// Decode reads every field the page documents, and names the field whose type decides a grant.
func TestDecode(t *testing.T) {
	r, err := conform.Decode(answer(200, granted))
	want := paynet.AuthResponse{SessionKey: "sk_1", ExpiredDate: "2099-11-23T16:00:00+03:00", AgentID: "1", CompanyCode: "c", UserID: "u", UserUniqueID: "x", ObjectName: "o", Code: 0, Message: "successful"}
	if err != nil || r.SessionKey != want.SessionKey || r.ExpiredDate != want.ExpiredDate || r.AgentID != want.AgentID || r.CompanyCode != want.CompanyCode ||
		r.UserID != want.UserID || r.UserUniqueID != want.UserUniqueID || r.ObjectName != want.ObjectName || r.Code != 0 || r.Message != want.Message {
		t.Errorf("Decode = %+v, %v", r, err)
	}
	if r, err := conform.Decode(answer(200, `{"session_key":"k","agent_id":12}`)); err != nil || r.Code != -1 || r.AgentID != "12" {
		t.Errorf("no code, a numeric agent_id: %+v %v", r, err)
	}
	for body, field := range map[string]string{`{"session_key":1,"code":0}`: "field session_key", `{"session_key":"k","code":"0"}`: "field code", `[]`: "read get_auth_key answer"} {
		if _, err := conform.Decode(answer(200, body)); err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("%s: %v, want %q", body, err, field)
		}
	}
}

// Paynet's refusal: its error object (a documented type, or a result code other than 0), or a
// code other than 0; a session_key is a grant whatever stands beside it.
func TestShape(t *testing.T) {
	for _, tc := range []struct {
		body             string
		refused, granted bool
	}{
		{`{"type":"api_error"}`, true, false},
		{`{"type":"invalid_request_error"}`, true, false},
		{`{"type":"authorization_error"}`, true, false},
		{`{"type":"no_data_error"}`, true, false},
		{`{"type":"other_error"}`, false, false},
		{`{"result_code":7}`, true, false},
		{`{"result_code":0}`, false, false},
		{`{"code":7}`, true, false},
		{`{"code":0}`, false, false},
		{`{"code":"7"}`, false, false},
		{`{}`, false, false},
		{`not json`, false, false},
		{`{"session_key":"k","code":0}`, false, true},
		{`{"session_key":"k","code":401,"type":"authorization_error"}`, true, true},
		{`{"session_key":"","code":7}`, true, false},
		{`{"session_key":7}`, false, true},
		{`{"session_key":null,"code":0}`, false, false},
	} {
		ex := answer(200, tc.body)
		_, granted := conform.Shape.Grants(ex)
		if conform.Shape.Refused(ex) != tc.refused || granted != tc.granted {
			t.Errorf("%s: refused %t, granted %t; want %t, %t", tc.body, conform.Shape.Refused(ex), granted, tc.refused, tc.granted)
		}
	}
	if what, _ := conform.Shape.Grants(answer(200, `{"session_key":"k"}`)); what != "a session_key" {
		t.Errorf("the grant is named %q", what)
	}
}

// Succeeded: HTTP 200, an AuthResponse, code 0, a session_key, as the contract gives them.
func TestSucceeded(t *testing.T) {
	ctx := context.Background()
	if r, p := conform.Succeeded(ctx, answer(200, granted)); p != nil || r.SessionKey != "sk_1" {
		t.Errorf("a success: %+v", p)
	}
	for _, tc := range []struct {
		status int
		body   string
		defect verdict.Defect
		got    string
	}{
		{201, granted, verdict.Defect{}, "HTTP 201"},
		{200, `{"session_key":1,"code":0}`, checks.NotConformant, "field session_key"},
		{200, `{"code":5,"message":"no","session_key":"sk"}`, checks.SuccessWithError, `code 5, message "no", beside a session_key`},
		{200, `{"code":5,"message":"no"}`, verdict.Defect{}, `code 5, message "no"`},
		{200, `{"code":0,"message":"ok"}`, verdict.Defect{}, "none"},
	} {
		_, p := conform.Answered(answer(tc.status, tc.body))
		if len(p) == 0 || p[0].Defect != tc.defect || !strings.Contains(p[0].Got, tc.got) {
			t.Errorf("HTTP %d %s: %+v", tc.status, tc.body, p)
		}
		if _, s := conform.Succeeded(ctx, answer(tc.status, tc.body)); len(s) < len(p) {
			t.Errorf("HTTP %d %s: Succeeded found less than Answered", tc.status, tc.body)
		}
	}
	if _, p := conform.Answered(answer(200, `{"code":5}`)); len(p) != 2 || p[1].Expected != "a non-empty session_key" {
		t.Errorf("neither code 0 nor a key: %+v", p)
	}
}

func TestEnvelope(t *testing.T) {
	ctx := context.Background()
	const refusal = `{"type":"authorization_error","message":"API anahtarınız yanlış","code":401,"result_code":7}`
	if p := conform.Envelope(ctx, answer(401, refusal), 401, paynet.TypeAuthorization, paynet.ResultUnauthorized); p != nil {
		t.Errorf("the documented refusal: %+v", p)
	}
	if p := conform.Envelope(ctx, answer(200, granted), 401, paynet.TypeAuthorization, 7); p != nil {
		t.Errorf("not a refusal, judged: %+v", p)
	}
	for _, tc := range []struct {
		status int
		body   string
	}{
		{403, refusal},
		{401, strings.Replace(refusal, "authorization_error", "api_error", 1)},
		{401, strings.Replace(refusal, `"result_code":7`, `"result_code":8`, 1)},
	} {
		p := conform.Envelope(ctx, answer(tc.status, tc.body), 401, paynet.TypeAuthorization, 7)
		last := p[len(p)-1]
		if len(p) == 0 || last.Defect != conform.WrongEnvelope || last.Expected != "HTTP 401, type authorization_error, result_code 7" || !strings.Contains(last.Got, "(API anahtarınız yanlış)") {
			t.Errorf("HTTP %d %s: %+v", tc.status, tc.body, p)
		}
	}
	p := conform.Envelope(ctx, answer(401, "<html>"), 401, paynet.TypeAuthorization, 7)
	if len(p) == 0 || p[len(p)-1].Defect != conform.WrongEnvelope || !strings.Contains(p[len(p)-1].Got, "the body is not JSON") {
		t.Errorf("a 401 that is not JSON: %+v", p)
	}
}

func TestCompleteAndEchoes(t *testing.T) {
	if p := conform.Complete(answer(200, granted)); p != nil {
		t.Errorf("complete: %+v", p)
	}
	p := conform.Complete(answer(200, `{"session_key":"k","code":0,"message":"m"}`))
	if len(p) != 1 || p[0].Defect != conform.AnswerIncomplete || p[0].Got != "no expired_date, agent_id, company_code, user_id, user_unique_id, is_okc_inquiry, object_name" {
		t.Errorf("incomplete: %+v", p)
	}
	if p := conform.Complete(answer(200, `nope`)); p != nil {
		t.Errorf("not JSON is Answered's business: %+v", p)
	}
	req := paynet.AuthRequest{AgentID: "1", UserID: "u"}
	if p := conform.Echoes(paynet.AuthResponse{AgentID: "1", UserID: "u"}, req); p != nil {
		t.Errorf("an echo: %+v", p)
	}
	p = conform.Echoes(paynet.AuthResponse{AgentID: "2", UserID: "v"}, req)
	if len(p) != 2 || p[0].Expected != `agent_id "1"` || p[0].Got != `"2"` || p[1].Expected != `user_id "u"` || p[0].Defect != checks.NoEcho {
		t.Errorf("no echo: %+v", p)
	}
}

func TestExpiry(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) // 15:00 in Turkey
	for _, tc := range []struct {
		date                         string
		readable, future, futureTurk bool
	}{
		{"2026-11-23T16:00:00+03:00", true, true, true},
		{"2026-11-23T14:00:00+03:00", true, false, true},
		{"2026-11-23T12:00:00Z", true, false, true}, // exactly now: not after it
		{"2026-11-23T12:00:00.5Z", true, true, true},
		{"2026-11-23 16:00:00", true, true, true},
		{"2026-11-23 14:59:59", true, true, false},
		{"2026-11-23T15:00:00.0000000", true, true, false},
		{"23.11.2026 15:30:00", true, true, true},
		{"tomorrow", false, true, true},
	} {
		r := paynet.AuthResponse{ExpiredDate: tc.date}
		if got := conform.ExpiryReadable(r) == nil; got != tc.readable {
			t.Errorf("%s: readable %t", tc.date, got)
		}
		if got := conform.ExpiryInFuture(r, now) == nil; got != tc.future {
			t.Errorf("%s: in the future (with an offset) %t", tc.date, got)
		}
		if got := conform.ExpiryInFutureTurkeyTime(r, now) == nil; got != tc.futureTurk {
			t.Errorf("%s: in the future (Turkey time) %t", tc.date, got)
		}
	}
	p := conform.ExpiryInFutureTurkeyTime(paynet.AuthResponse{ExpiredDate: "2026-11-23 14:00:00"}, now)
	if len(p) != 1 || p[0].Defect != conform.ExpiryZoneless || p[0].Got != "2026-11-23 14:00:00 (1h0m0s ago)" || !strings.Contains(p[0].Expected, "after 2026-11-23 15:00:00") {
		t.Errorf("a past Turkey time: %+v", p)
	}
	p = conform.ExpiryInFuture(paynet.AuthResponse{ExpiredDate: "2026-11-23T14:00:00+03:00"}, now)
	if len(p) != 1 || p[0].Defect != conform.ExpiredOnIssue || p[0].Expected != "expired_date after 2026-11-23T12:00:00Z" {
		t.Errorf("a past instant: %+v", p)
	}
	e, err := conform.ParseExpiry("2026-11-23 16:00:00")
	if err != nil || e.HasOffset || !e.Time.Equal(time.Date(2026, 11, 23, 13, 0, 0, 0, time.UTC)) {
		t.Errorf("Turkey time: %+v %v", e, err)
	}
	if _, err := conform.ParseExpiry(strings.Repeat("x", 100)); err == nil || strings.Count(err.Error(), "x") > 45 {
		t.Errorf("an unreadable date's error is not clipped: %v", err)
	}
}

// The certification's cases ask for the mock's agent, and the mock's own user unless the case
// names another.
func TestCertificationCases(t *testing.T) {
	vars := map[string]string{paynet.EnvAgentID: "4242", paynet.EnvUserID: "mock-user"}
	want := []paynet.AuthRequest{{AgentID: "4242", UserID: "mock-user"}, {AgentID: "4242", UserID: "kullanıcı-ş-ğ"}, {AgentID: "4242", UserID: "a/b<c>&d"}}
	if len(conform.Cases) != len(want) {
		t.Fatalf("%d cases", len(conform.Cases))
	}
	for i, c := range conform.Cases {
		if got := c.Prepare(vars); got != want[i] || c.Operation != paynet.OpGetAuthKey || !strings.HasPrefix(c.ID, paynet.OpGetAuthKey+".ok.") {
			t.Errorf("%s: %+v", c.ID, got)
		}
	}
}

// A success without a code is reported as such, not as an error code beside the session key
// (red team, 2026-12-02: it read "code -1 ... the server's success also carries an error").
func TestASuccessWithoutACodeSaysSo(t *testing.T) {
	_, problems := conform.Answered(answer(200, `{"session_key":"k","message":"ok"}`))
	if len(problems) != 1 || problems[0].Got != "no code field, beside a session_key" || problems[0].Defect == checks.SuccessWithError {
		t.Errorf("problems %+v", problems)
	}
	_, problems = conform.Answered(answer(200, `{"session_key":"k","code":5,"message":"x"}`))
	if len(problems) != 1 || problems[0].Defect != checks.SuccessWithError {
		t.Errorf("an error code beside a session key: %+v", problems)
	}
}

// An expired_date past, with its offset written +0300 or as WCF's /Date(...)/, fails the MUST
// all the same (red team, 2026-12-02: it escaped as "no offset").
func TestAPastExpiryInAnotherZonedFormFails(t *testing.T) {
	now := time.Date(2026, 12, 2, 19, 0, 0, 0, time.UTC)
	for _, past := range []string{"2026-11-30T19:18:10+0300", "/Date(1796055490000+0300)/", "2026-11-30 19:18:10+03:00"} {
		if p := conform.ExpiryInFuture(paynet.AuthResponse{ExpiredDate: past}, now); len(p) != 1 {
			t.Errorf("%s: %+v", past, p)
		}
	}
	if p := conform.ExpiryInFuture(paynet.AuthResponse{ExpiredDate: "2026-12-02T23:00:00+0300"}, now); p != nil {
		t.Errorf("a future expiry: %+v", p)
	}
}
