package conform_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/paywall/conform"
	"github.com/payconform/payconform/harness/verdict"
)

func answer(status int, body string) *exchange.Exchange {
	return &exchange.Exchange{Status: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(body)}
}

// The documentation's example answer.
const example = `{"ErrorCodeType":1,"ErrorMessage":null,"ErrorCode":0,"Result":true,"Message":"","Body":{"TempTokenId":14533994,"Token":"22ae3b5a-8eb0-41cc-88c7-219e25b95441","ExpiryDateTime":"2024-06-13T22:25:08.0404774+03:00","Scope":{"ClientCardSave":true,"ThreeDSession":false}}}`

func TestDecode(t *testing.T) {
	e, err := conform.Decode(answer(200, example))
	if err != nil || !e.Result || e.ErrorCode != 0 || e.ErrorMessage != nil || e.Message == nil || *e.Message != "" || e.Body == nil ||
		e.Body.TempTokenID != 14533994 || e.Body.Token != "22ae3b5a-8eb0-41cc-88c7-219e25b95441" || e.Body.ExpiryDateTime != "2024-06-13T22:25:08.0404774+03:00" ||
		e.Body.Scope == nil || !e.Body.Scope.ClientCardSave || e.Body.Masterpass != nil {
		t.Errorf("Decode = %+v, %v", e, err)
	}
	e, err = conform.Decode(answer(200, `{"Result":false,"ErrorCode":2,"ErrorMessage":"Unexpected parameters"}`))
	if err != nil || e.Result || e.ErrorCode != 2 || e.ErrorMessage == nil || *e.ErrorMessage != "Unexpected parameters" || e.Body != nil {
		t.Errorf("a refusal: %+v, %v", e, err)
	}
	e, _ = conform.Decode(answer(200, `{"Result":true,"Body":{"Token":"t","Scope":[],"Masterpass":{"SessionId":null,"MasterpassToken":null}}}`))
	if e.Body == nil || e.Body.Scope != nil || e.Body.Masterpass != nil {
		t.Errorf("a Scope of another type, a Masterpass of nulls: %+v", e.Body)
	}
	e, _ = conform.Decode(answer(200, `{"Result":true,"Body":{"Token":"t","Masterpass":{"SessionId":"s"}}}`))
	if e.Body.Masterpass == nil || e.Body.Masterpass.SessionID != "s" {
		t.Errorf("a Masterpass session: %+v", e.Body)
	}
	e, _ = conform.Decode(answer(200, `{"Result":true,"Body":{"Token":"t","Masterpass":"s"}}`))
	if e.Body.Masterpass == nil {
		t.Error("a Masterpass that is not an object is read as none")
	}
	for body, field := range map[string]string{
		`{"Result":"true"}`:                  "field Result",
		`{"Result":true,"ErrorCode":"0"}`:    "field ErrorCode",
		`{"Result":true,"Body":"t"}`:         "field Body",
		`{"Result":true,"Body":{"Token":1}}`: "field Body.Token",
		`[]`:                                 "read temptoken answer",
	} {
		if _, err := conform.Decode(answer(200, body)); err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("%s: %v, want %q", body, err, field)
		}
	}
}

func TestShape(t *testing.T) {
	for _, tc := range []struct {
		body                      string
		refused, granted, claimed bool
		what                      string
	}{
		{`{"Result":false,"ErrorCode":2}`, true, false, false, ""},
		{`{"Result":"false"}`, false, false, false, ""},
		{`{"Result":true}`, false, false, true, ""},
		{`{}`, false, false, false, ""},
		{`nope`, false, false, false, ""},
		{`{"Result":false,"Body":{"Token":"t"}}`, true, true, false, "a Token"},
		{`{"Body":{"Token":""}}`, false, false, false, ""},
		{`{"Body":{"Masterpass":{"SessionId":"s"}}}`, false, true, false, "a Masterpass session (SessionId)"},
		{`{"Body":{"Masterpass":{"SessionId":"","MasterpassToken":"m"}}}`, false, true, false, "a Masterpass session (MasterpassToken)"},
		{`{"Body":{"Masterpass":{"SessionId":null,"MasterpassToken":""}}}`, false, false, false, ""},
	} {
		ex := answer(200, tc.body)
		what, granted := conform.Shape.Grants(ex)
		_, claimed := conform.Shape.Claims(ex)
		if conform.Shape.Refused(ex) != tc.refused || granted != tc.granted || claimed != tc.claimed || what != tc.what {
			t.Errorf("%s: refused %t, granted %t (%q), claimed %t", tc.body, conform.Shape.Refused(ex), granted, what, claimed)
		}
	}
	if !conform.AllNull(nil) || !conform.AllNull(checks.Object{"a": []byte("null")}) || conform.AllNull(checks.Object{"a": []byte("null"), "b": []byte(`""`)}) {
		t.Error("AllNull")
	}
}

func TestSucceeded(t *testing.T) {
	ctx := context.Background()
	if b, p := conform.Succeeded(ctx, paywall.SdkPath, answer(200, example)); p != nil || b.TempTokenID != 14533994 {
		t.Errorf("the example: %+v", p)
	}
	for _, tc := range []struct {
		status int
		body   string
		defect verdict.Defect
		got    string
	}{
		{502, example, verdict.Defect{}, "HTTP 502"},
		{200, `{"Result":"true"}`, checks.NotConformant, "field Result"},
		{200, `{"Result":true,"ErrorCode":4,"Message":"m","ErrorMessage":"e"}`, checks.SuccessWithError, "Result true beside ErrorCode 4 (e)"},
		{200, `{"Result":false,"ErrorCode":2,"Message":"Unexpected parameters"}`, verdict.Defect{}, `HTTP 200, Result false, ErrorCode 2, Message "Unexpected parameters"`},
		{200, `{"Result":false,"ErrorCode":0}`, verdict.Defect{}, "Result false, ErrorCode 0"},
		{200, `{"Result":true,"ErrorCode":0}`, checks.NotConformant, "none"},
		{200, `{"Result":true,"ErrorCode":0,"Body":{"Token":""}}`, checks.NotConformant, "none"},
	} {
		_, p := conform.Succeeded(ctx, paywall.SdkPath, answer(tc.status, tc.body))
		if len(p) != 1 || p[0].Defect != tc.defect || !strings.Contains(p[0].Got, tc.got) {
			t.Errorf("HTTP %d %s: %+v", tc.status, tc.body, p)
		}
	}
	if _, p := conform.Succeeded(ctx, paywall.SdkPath, answer(200, `{"Result":true,"ErrorCode":0,"Body":{"Token":"t","TempTokenId":"7"}}`)); len(p) == 0 || p[0].Defect != checks.NotConformant {
		t.Errorf("a TempTokenId of another type: %+v", p)
	}
}

func TestFraming(t *testing.T) {
	ctx := context.Background()
	if p := conform.Framing(ctx, paywall.SdkPath, answer(200, example)); p != nil {
		t.Errorf("the example: %+v", p)
	}
	p := conform.Framing(ctx, paywall.SdkPath, answer(200, `{"Result":true,"ErrorCode":0,"ErrorMessage":"oops","Body":{"Token":"t"}}`))
	if len(p) != 2 || p[0].Defect != conform.AnswerIncomplete || p[0].Got != "no Body.ExpiryDateTime, Body.Scope, Body.TempTokenId, ErrorCodeType, Message" ||
		p[1].Defect != checks.SuccessWithError || p[1].Got != `ErrorMessage "oops"` {
		t.Errorf("an incomplete answer: %+v", p)
	}
	if p := conform.Framing(ctx, paywall.SdkPath, &exchange.Exchange{Status: 201, Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte("x")}); len(p) == 0 {
		t.Error("another status and media type pass")
	}
}

func TestRefusedWithCode(t *testing.T) {
	ctx := context.Background()
	two, one := paywall.CodeUnexpectedParameters, paywall.CodeFailure
	refusal := `{"ErrorCodeType":1,"ErrorMessage":"Unexpected parameters","ErrorCode":2,"Result":false,"Message":"Beklenmeyen"}`
	if p := conform.RefusedWithCode(ctx, paywall.SdkPath, answer(200, refusal), &two); p != nil {
		t.Errorf("the documented refusal: %+v", p)
	}
	if p := conform.RefusedWithCode(ctx, paywall.SdkPath, answer(200, refusal), nil); p != nil {
		t.Errorf("any code: %+v", p)
	}
	p := conform.RefusedWithCode(ctx, paywall.SdkPath, answer(200, refusal), &one)
	if len(p) != 1 || p[0].Defect != conform.WrongErrorCode || p[0].Expected != "ErrorCode 1" || p[0].Got != "HTTP 200, ErrorCode 2 (Beklenmeyen)" {
		t.Errorf("another code: %+v", p)
	}
	if p := conform.RefusedWithCode(ctx, paywall.SdkPath, answer(200, example), &two); p != nil {
		t.Errorf("a success is Refused's business: %+v", p)
	}
	p = conform.RefusedWithCode(ctx, paywall.SdkPath, answer(401, `<html>`), &two)
	if len(p) == 0 || p[len(p)-1].Defect != checks.NotConformant || p[len(p)-1].Expected != "the Paywall envelope with Result false" {
		t.Errorf("a 401 that is not the envelope: %+v", p)
	}
}

func TestTokenAndExpiry(t *testing.T) {
	for token, ok := range map[string]bool{"22ae3b5a-8eb0-41cc-88c7-219e25b95441": true, "22AE3B5A-8EB0-41CC-88C7-219E25B95441": true,
		"22ae3b5a8eb041cc88c7219e25b95441": false, "{22ae3b5a-8eb0-41cc-88c7-219e25b95441}": false, "": false} {
		p := conform.TokenIsGUID(paywall.TempTokenBody{Token: token})
		if (p == nil) != ok || !ok && p[0].Defect != conform.NotAGUID {
			t.Errorf("Token %q: %+v", token, p)
		}
	}
	for id, ok := range map[int64]bool{1: true, 0: false, -1: false} {
		if p := conform.TokenIDPositive(paywall.TempTokenBody{TempTokenID: id}); (p == nil) != ok {
			t.Errorf("TempTokenId %d: %+v", id, p)
		}
	}
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration, zone *time.Location) paywall.TempTokenBody {
		return paywall.TempTokenBody{ExpiryDateTime: now.Add(d).In(zone).Format("2006-01-02T15:04:05.0000000Z07:00")}
	}
	turkey := time.FixedZone("", 3*3600)
	for _, tc := range []struct {
		offset           time.Duration
		follows, notPast bool
	}{
		{30 * time.Minute, true, true},
		{32 * time.Minute, true, true},
		{28 * time.Minute, true, true},
		{33 * time.Minute, false, true},
		{27 * time.Minute, false, true},
		{0, false, false},
		{time.Millisecond, false, true},
		{-time.Hour, false, false},
	} {
		b := at(tc.offset, turkey)
		if got := conform.ExpiryFollows(b, now, 30) == nil; got != tc.follows {
			t.Errorf("%s: follows %t", b.ExpiryDateTime, got)
		}
		if got := conform.ExpiryNotPast(b, now, 30) == nil; got != tc.notPast {
			t.Errorf("%s: not past %t", b.ExpiryDateTime, got)
		}
	}
	if p := conform.ExpiryNotPast(at(-time.Hour, turkey), now, 0); p != nil {
		t.Errorf("ExpiryMin 0 may be past: %+v", p)
	}
	p := conform.ExpiryNotPast(at(-time.Hour, turkey), now, 30)
	if len(p) != 1 || p[0].Defect != conform.ExpiredOnIssue || !strings.HasSuffix(p[0].Got, "1h0m0s in the past") {
		t.Errorf("an expired token: %+v", p)
	}
	p = conform.ExpiryFollows(at(time.Hour, turkey), now, 30)
	if len(p) != 1 || p[0].Defect != conform.ExpiryIgnored || !strings.HasSuffix(p[0].Got, "(30m0s off)") || !strings.Contains(p[0].Expected, "now + 30 min") {
		t.Errorf("an hour: %+v", p)
	}
	for _, bad := range []string{"2026-11-23 12:30:00", "soon"} {
		b := paywall.TempTokenBody{ExpiryDateTime: bad}
		if p := conform.ExpiryFollows(b, now, 30); len(p) != 1 || p[0].Defect != conform.ExpiryIgnored || p[0].Err == nil {
			t.Errorf("%s: %+v", bad, p)
		}
		if conform.ExpiryNotPast(b, now, 30) != nil || conform.ExpiryInTurkeyTime(b) != nil {
			t.Errorf("%s: judged past or zoned", bad)
		}
	}
	if p := conform.ExpiryInTurkeyTime(at(0, turkey)); p != nil {
		t.Errorf("+03:00: %+v", p)
	}
	if p := conform.ExpiryInTurkeyTime(at(0, time.UTC)); len(p) != 1 || p[0].Defect != conform.OffsetNotTurkey {
		t.Errorf("Z: %+v", p)
	}
}

func TestScopeEchoed(t *testing.T) {
	yes, no := true, false
	three, two := 3, 2
	req := paywall.SdkRequest{ClientCardSave: true, ClientSdk: true, ScopeBased: true, Scope: &three}
	full := paywall.TempTokenBody{Scope: &paywall.TokenScope{ClientCardSave: true, ClientSdk: &yes, ScopeBased: &yes, Scope: &three}}
	if p := conform.ScopeEchoed(full, req, true); p != nil {
		t.Errorf("an echo: %+v", p)
	}
	if p := conform.ScopeEchoed(paywall.TempTokenBody{}, req, true); len(p) != 1 || p[0].Got != "none" || p[0].Defect != conform.ScopeNotEchoed {
		t.Errorf("no Scope: %+v", p)
	}
	partial := paywall.TempTokenBody{Scope: &paywall.TokenScope{ClientCardSave: true, ThreeDSession: true, ClientSdk: &no, Scope: &two}}
	p := conform.ScopeEchoed(partial, req, true)
	var got []string
	for _, q := range p {
		got = append(got, q.Expected+" / "+q.Got)
	}
	want := []string{"Scope.ThreeDSession false / true", "Scope.ClientSdk true / false", "Scope.ScopeBased true / (absent)", "Scope.Scope 3 / 2"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if p := conform.ScopeEchoed(partial, req, false); len(p) != 1 {
		t.Errorf("the plain temptoken echoes only the two booleans: %+v", p)
	}
	notScoped := req
	notScoped.ScopeBased = false
	partial.Scope.ThreeDSession, partial.Scope.ClientSdk, partial.Scope.ScopeBased = false, &yes, &no
	if p := conform.ScopeEchoed(partial, notScoped, true); p != nil {
		t.Errorf("Scope is not echoed when ScopeBased is false: %+v", p)
	}
}

func TestMasterpass(t *testing.T) {
	ctx := context.Background()
	for body, got := range map[string]string{
		`{"Result":true,"Body":{"Token":"t","Masterpass":{"SessionId":"s","MasterpassToken":"m"}}}`: "",
		`nope`: "the body is not JSON",
		`{"Result":true,"Body":{"Token":"t","Masterpass":"s"}}`:                                    "field Masterpass: want an object",
		`{"Result":true,"Body":{"Token":"t"}}`:                                                     "Masterpass null or absent",
		`{"Result":true,"Body":{"Token":"t","Masterpass":null}}`:                                   "Masterpass null or absent",
		`{"Result":true,"Body":{"Token":"t","Masterpass":{"SessionId":null}}}`:                     "every field is null",
		`{"Result":true,"Body":{"Token":"t","Masterpass":{"SessionId":"s","MasterpassToken":""}}}`: "Masterpass without a MasterpassToken",
		`{"Result":true,"Body":{"Token":"t","Masterpass":{"SessionId":"","MasterpassToken":"m"}}}`: "Masterpass without a SessionId",
	} {
		p := conform.MasterpassWhenAsked(ctx, answer(200, body))
		switch {
		case got == "" && p != nil:
			t.Errorf("%s: %+v", body, p)
		case got != "" && (len(p) == 0 || p[len(p)-1].Defect != conform.MasterpassMismatch || !strings.Contains(p[len(p)-1].Got, got)):
			t.Errorf("%s: %+v, want %q", body, p, got)
		}
	}
	if p := conform.MasterpassWhenAsked(ctx, answer(200, `{"Result":true,"Body":{"Token":"t","Masterpass":{"SessionId":5,"MasterpassToken":"m"}}}`)); len(p) == 0 || p[0].Defect != conform.MasterpassMismatch || !strings.Contains(p[0].Expected, "Masterpass") {
		t.Errorf("a SessionId of another type: %+v", p)
	}
	if p := conform.MasterpassOnlyWhenAsked(paywall.TempTokenBody{}); p != nil {
		t.Errorf("none: %+v", p)
	}
	if p := conform.MasterpassOnlyWhenAsked(paywall.TempTokenBody{Masterpass: &paywall.MasterpassInfo{}}); len(p) != 1 || p[0].Defect != conform.MasterpassMismatch {
		t.Errorf("one unasked: %+v", p)
	}
}

// An ExpiryDateTime past, with its offset written +0300, fails the MUST all the same (red team,
// 2026-12-02: it escaped, since it did not parse as RFC 3339).
func TestAPastExpiryWithACompactOffsetFails(t *testing.T) {
	now := time.Date(2026, 12, 2, 19, 0, 0, 0, time.UTC)
	if p := conform.ExpiryNotPast(paywall.TempTokenBody{ExpiryDateTime: "2026-11-30T19:18:10.1234567+0300"}, now, 30); len(p) != 1 {
		t.Errorf("past: %+v", p)
	}
	if p := conform.ExpiryNotPast(paywall.TempTokenBody{ExpiryDateTime: "2026-12-02T22:30:00+0300"}, now, 30); p != nil {
		t.Errorf("future: %+v", p)
	}
}
