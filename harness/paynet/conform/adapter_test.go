package conform_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/refadapter"
)

// The reference adapter's Paynet operation: what it sends under each mutant candidate's defect,
// and how it reads Paynet's answers.
func TestTheReferenceAdapter(t *testing.T) {
	const key = "sck_live_2"
	var seen *http.Request
	var seenBody string
	status, answer := 200, `{"session_key":"s-1","code":0,"message":"successful"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen, seenBody = r, string(b)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(answer))
	}))
	defer srv.Close()
	call := func(defect, input string) candidate.Response {
		a := &refadapter.Adapter{Defect: defect, HTTP: srv.Client()}
		return a.Handle(context.Background(), candidate.Request{Operation: paynet.OpGetAuthKey, BaseURL: srv.URL,
			Credentials: map[string]string{"secret_key": key}}, json.RawMessage(input))
	}
	const in = `{"agent_id":"123","user_id":"u"}`
	for _, tc := range []struct {
		defect, auth, mobile, path, body string
	}{
		{"", "Basic " + key, "2", paynet.GetAuthKeyPath, in},
		{"paynet-bearer", "Bearer " + key, "2", paynet.GetAuthKeyPath, in},
		{"paynet-basic-base64", "Basic c2NrX2xpdmVfMjo=", "2", paynet.GetAuthKeyPath, in},
		{"paynet-no-paynetmobile", "Basic " + key, "", paynet.GetAuthKeyPath, in},
		{"paynet-numeric-ids", "Basic " + key, "2", paynet.GetAuthKeyPath, `{"agent_id":123,"user_id":"u"}`},
		{"paynet-scheme-lower-case", "basic " + key, "2", paynet.GetAuthKeyPath, in},
		{"paynet-scheme-two-spaces", "Basic  " + key, "2", paynet.GetAuthKeyPath, in},
		{refadapter.WrongPath, "Basic " + key, "2", paynet.GetAuthKeyPath + paynet.GetAuthKeyPath, in},
	} {
		resp := call(tc.defect, in)
		if !resp.OK || string(resp.Output) != `{"code":0,"message":"successful","session_key":"s-1"}` {
			t.Errorf("%s: %+v %s", tc.defect, resp, resp.Output)
		}
		if seen.Header.Get("Authorization") != tc.auth || seen.Header.Get(paynet.MobileHeader) != tc.mobile || seen.URL.Path != tc.path || seenBody != tc.body {
			t.Errorf("%s: sent %s %s %v %s", tc.defect, seen.Method, seen.URL.Path, seen.Header, seenBody)
		}
	}
	for _, tc := range []struct {
		status     int
		answer     string
		ok         bool
		code, mesg string
	}{
		{401, `{"type":"authorization_error","message":"yanlış","code":401,"result_code":7}`, false, "7", "yanlış"},
		{200, `{"code":5,"message":"no"}`, false, "5", "no"},
		{200, `{"code":"0"}`, false, "BAD_CODE", ""},
		{200, `{"code":0,"session_key":"k"}`, true, "", ""},
	} {
		status, answer = tc.status, tc.answer
		resp := call("", in)
		if resp.OK != tc.ok || !tc.ok && (resp.Error == nil || resp.Error.Code != tc.code || resp.Error.Message != tc.mesg) {
			t.Errorf("HTTP %d %s: %+v %+v", tc.status, tc.answer, resp, resp.Error)
		}
	}
	if resp := call("", `["not an object"]`); resp.OK || resp.Error == nil || resp.Error.Code != "BAD_INPUT" {
		t.Errorf("bad input: %+v", resp)
	}
}
