package checks_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/exchange"
)

// shape is a provider in miniature: {"ok":false} is its failure envelope, a "key" field is what
// a success grants, and {"ok":true} claims a success.
var shape = checks.RefusalShape{
	Refused: func(ex *exchange.Exchange) bool {
		o, err := checks.ParseObject(ex.Body)
		ok, present, _ := o.Bool("ok")
		return err == nil && present && !ok
	},
	Grants: func(ex *exchange.Exchange) (string, bool) {
		o, err := checks.ParseObject(ex.Body)
		key, _, _ := o.String("key")
		return "a key", err == nil && key != ""
	},
	Claims: func(ex *exchange.Exchange) (string, bool) {
		o, err := checks.ParseObject(ex.Body)
		ok, _, _ := o.Bool("ok")
		return "ok true", err == nil && ok
	},
}

func answer(status int, body string) *exchange.Exchange {
	return &exchange.Exchange{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)}
}

// A grant is a grant whatever the envelope says: judged before the failure envelope and before
// the status, so a refusal that also hands out the key is an authentication bypass.
func TestGrantsAreJudgedFirst(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   checks.Answer
		bypass bool
	}{
		{200, `{"ok":false}`, checks.Refusal, false},
		{401, `{"ok":false}`, checks.Refusal, false},
		{401, `problem`, checks.Refusal, false},
		{200, `{"ok":false,"key":"k-1"}`, checks.Grant, true},
		{401, `{"ok":false,"key":"k-1"}`, checks.Grant, true},
		{403, `{"key":"k-1"}`, checks.Grant, true},
		{200, `{"ok":true}`, checks.ClaimedSuccess, true},
		{200, `{"ok":true,"key":""}`, checks.ClaimedSuccess, true},
		{302, `{}`, checks.NotARefusal, false},
		{500, `{"ok":false}`, checks.NotARefusal, false},
		{200, "\xef\xbb\xbf" + `{"ok":false}`, checks.Refusal, false},
	} {
		got, _ := checks.Classify(answer(tc.status, tc.body), shape)
		if got != tc.want {
			t.Errorf("HTTP %d %s: classified %v, want %v", tc.status, tc.body, got, tc.want)
		}
		problems := checks.MustRefuse(answer(tc.status, tc.body), shape, checks.Bypass)
		if (tc.want == checks.Refusal) != (len(problems) == 0) {
			t.Errorf("HTTP %d %s: MustRefuse %v", tc.status, tc.body, problems)
		}
		if tc.bypass && (len(problems) != 1 || problems[0].Defect != checks.Bypass || !strings.Contains(problems[0].Got, "authentication bypass")) {
			t.Errorf("HTTP %d %s: %v, want an authentication bypass", tc.status, tc.body, problems)
		}
	}
	p := checks.MustRefuse(answer(200, `{"ok":false,"key":"k-1"}`), shape, checks.Bypass)
	if !strings.Contains(p[0].Got, "beside a refusal") {
		t.Errorf("a grant inside a failure envelope does not say so: %s", p[0].Got)
	}
}

// A body that starts with a byte order mark is read (RFC 8259 lets a parser ignore it) and named.
func TestBOMIsNamed(t *testing.T) {
	ex := answer(401, "\xef\xbb\xbf"+`{"ok":false}`)
	if _, err := checks.ParseObject(ex.Body); err != nil {
		t.Errorf("a body with a BOM does not parse: %v", err)
	}
	if d := checks.DescribeBody(ex); !strings.Contains(d, "byte order mark") {
		t.Errorf("DescribeBody does not name the BOM: %s", d)
	}
	if p := checks.BOM(ex); len(p) != 1 || p[0].Defect != checks.BOMAdded {
		t.Errorf("BOM: %v", p)
	}
	if p := checks.BOM(answer(200, `{}`)); p != nil {
		t.Errorf("BOM without one: %v", p)
	}
}

// A verdict on a retried exchange says it was retried, and why.
func TestNotedSaysARetryHappened(t *testing.T) {
	ex := answer(200, `{"ok":true}`)
	problems := checks.MustRefuse(ex, shape, checks.Bypass)
	if got := checks.Noted(ex, problems); got[0].Got != problems[0].Got {
		t.Errorf("an exchange sent once is noted as retried: %s", got[0].Got)
	}
	ex.Attempts, ex.Retried = 2, "HTTP 503 on attempt 1, waited 1ms; sent again, re-signed with a fresh randomKey"
	got := checks.Noted(ex, problems)
	if !strings.Contains(got[0].Got, "attempt 2") || !strings.Contains(got[0].Got, "HTTP 503 on attempt 1") || strings.Contains(problems[0].Got, "attempt") {
		t.Errorf("noted %q (the original %q)", got[0].Got, problems[0].Got)
	}
}
