package conform_test

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mockapi"
	"github.com/payconform/payconform/harness/refadapter"
	"github.com/payconform/payconform/harness/vectorset"
)

// verifying serves a certification's verifying mock and returns how to reach it.
func verifying(t *testing.T) (string, mock.Config, *mock.Server) {
	t.Helper()
	cfg := mock.Config{JournalSize: 64, Verifying: true}
	cfg.Generate()
	srv, err := mock.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = mock.Serve(ctx, ln, srv); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return "http://" + ln.Addr().String(), cfg, srv
}

// The reference adapter's bin/check, under each mutant candidate's defect, sends what the
// verifying mock names as that defect; with none, it is served and reports the answer.
func TestTheReferenceAdapterBinCheck(t *testing.T) {
	base, cfg, srv := verifying(t)
	creds := map[string]string{"api_key": cfg.Var(iyzico.EnvAPIKey), "secret_key": cfg.Var(iyzico.EnvSecretKey)}
	call := func(defect string, in iyzico.BinCheckRequest) (candidate.Response, mockapi.Entry) {
		srv.Journal().Clear()
		input, _ := json.Marshal(in)
		a := &refadapter.Adapter{Defect: defect, HTTP: &http.Client{}}
		resp := a.Handle(context.Background(), candidate.Request{Operation: iyzico.OpBinCheck, BaseURL: base, Credentials: creds}, input)
		entries := srv.Journal().Entries()
		if len(entries) == 0 {
			t.Fatalf("%s: no request", defect)
		}
		return resp, entries[len(entries)-1]
	}
	turkish := iyzico.BinCheckRequest{Locale: "tr", ConversationID: "çğıöşü", BinNumber: "554960"}
	resp, e := call("", turkish)
	if !resp.OK || !e.Auth.OK || !strings.Contains(string(resp.Output), `"bankName":"Garanti Bankası"`) || e.Path != iyzico.BinCheckPath {
		t.Fatalf("the reference: %+v %s; %+v", resp, resp.Output, e.Auth)
	}
	for defect, class := range map[string]string{
		"iyzico-path-not-signed":   "PATH_NOT_SIGNED",
		"iyzico-uppercase-hex":     "UPPERCASE_HEX",
		"iyzico-body-reserialised": "BODY_RESERIALISED",
		"iyzico-escaped-non-ascii": "NON_ASCII_ESCAPED",
		"iyzico-token-reordered":   "TOKEN_LAYOUT",
	} {
		resp, e := call(defect, turkish)
		if resp.OK || e.Auth.OK || e.Auth.Defect != class || resp.Error == nil || resp.Error.Code != "1000" {
			t.Errorf("%s: ok %t, the mock's verdict %+v, error %+v; want refused as %s", defect, resp.OK, e.Auth, resp.Error, class)
		}
	}
	for defect, class := range map[string]string{"iyzico-rnd-mismatch": "RND_MISMATCH", "iyzico-scheme-spelled": "SCHEME_SPELLING"} {
		resp, e := call(defect, turkish)
		if !resp.OK || !slices.Contains(e.Auth.Warnings, class) {
			t.Errorf("%s: ok %t, the mock's verdict %+v; want served with the warning %s", defect, resp.OK, e.Auth, class)
		}
	}
	none := iyzico.BinCheckRequest{Locale: "tr", BinNumber: "554960"}
	for _, tc := range []struct {
		defect string
		in     iyzico.BinCheckRequest
		check  func(e mockapi.Entry) bool
	}{
		{"iyzico-drop-locale", turkish, func(e mockapi.Entry) bool { return !strings.Contains(string(e.Body), "locale") }},
		{"iyzico-state-kept", none, func(e mockapi.Entry) bool { return strings.Contains(string(e.Body), `"conversationId":"€ 𝄞 ü"`) }},
		{"iyzico-state-kept", turkish, func(e mockapi.Entry) bool { return strings.Contains(string(e.Body), `"conversationId":"çğıöşü"`) }},
		{"iyzico-null-optional", none, func(e mockapi.Entry) bool { return strings.HasPrefix(string(e.Body), `{"conversationId":null,`) }},
		{"iyzico-null-optional", turkish, func(e mockapi.Entry) bool { return !strings.Contains(string(e.Body), "null") }},
		{"iyzico-no-content-type", turkish, func(e mockapi.Entry) bool { return e.Header.Get("Content-Type") == "" }},
		{refadapter.WrongPath, turkish, func(e mockapi.Entry) bool { return e.Path == iyzico.BinCheckPath+"/" }},
		{"", turkish, func(e mockapi.Entry) bool {
			return e.Header.Get("Content-Type") == "application/json" && e.Header.Get(iyzico.RndHeader) == e.Auth.Nonce && e.Auth.Nonce != ""
		}},
	} {
		if _, e := call(tc.defect, tc.in); !tc.check(e) {
			t.Errorf("%s: sent %s %v %s", tc.defect, e.Path, e.Header, e.Body)
		}
	}
	_, first := call("iyzico-random-key-reused", turkish)
	_, second := call("iyzico-random-key-reused", turkish)
	_, fresh := call("", turkish)
	_, fresher := call("", turkish)
	if first.Auth.Nonce != second.Auth.Nonce || first.Auth.Nonce == "" || fresh.Auth.Nonce == fresher.Auth.Nonce {
		t.Errorf("randomKeys: reused %q %q, fresh %q %q", first.Auth.Nonce, second.Auth.Nonce, fresh.Auth.Nonce, fresher.Auth.Nonce)
	}
	a := &refadapter.Adapter{HTTP: &http.Client{}}
	for _, op := range []string{iyzico.OpBinCheck, iyzico.OpSign} {
		if resp := a.Handle(context.Background(), candidate.Request{Operation: op, BaseURL: base, Credentials: creds}, json.RawMessage(`[1]`)); resp.OK || resp.Error == nil || resp.Error.Code != "BAD_INPUT" {
			t.Errorf("%s, bad input: %+v", op, resp)
		}
	}
}

// iyzico.sign reproduces every valid signing vector (computed with openssl); each signing
// defect changes it, and IYZ-CERT-01's judge names the defect.
func TestTheReferenceAdapterSigns(t *testing.T) {
	var judge certify.JudgeFunc
	for _, op := range certify.Operations() {
		for _, c := range op.Checks {
			if c.Requirement == "IYZ-CERT-01" {
				judge = c.Judge
			}
		}
	}
	cases := conform.SignCases()
	if judge == nil || len(cases) == 0 {
		t.Fatal("no IYZ-CERT-01 check or no signing case")
	}
	sign := func(defect string, c certify.Case) *certify.Outcome {
		input, _ := json.Marshal(c.Input)
		resp := (&refadapter.Adapter{Defect: defect}).Handle(context.Background(), candidate.Request{Operation: iyzico.OpSign, Credentials: c.Credentials}, input)
		return &certify.Outcome{Case: c, Run: candidate.Run{Response: resp}}
	}
	for _, c := range cases {
		v := c.Vector.(conform.SignTest)
		if v.Result != vectorset.Valid {
			t.Errorf("%s: a signing case from a vector that is not valid", c.ID)
		}
		o := sign("", c)
		var out struct{ Authorization string }
		_ = json.Unmarshal(o.Run.Response.Output, &out)
		if out.Authorization != v.Expected.Authorization {
			t.Errorf("%s: %s, want %s", c.ID, out.Authorization, v.Expected.Authorization)
		}
		if p := judge(context.Background(), nil, o); p != nil {
			t.Errorf("%s: the reference fails IYZ-CERT-01: %+v", c.ID, p)
		}
	}
	for defect, class := range map[string]string{"iyzico-path-not-signed": "PATH_NOT_SIGNED", "iyzico-uppercase-hex": "UPPERCASE_HEX", "iyzico-token-reordered": "TOKEN_LAYOUT"} {
		failed := 0
		for _, c := range cases {
			p := judge(context.Background(), nil, sign(defect, c))
			if len(p) > 0 {
				failed++
				if p[0].Defect.Class != class {
					t.Errorf("%s on %s: %+v, want %s", defect, c.ID, p, class)
				}
			}
		}
		if failed == 0 {
			t.Errorf("%s fails no signing case", defect)
		}
	}
	broken := &certify.Outcome{Case: cases[0], Run: candidate.Run{Response: candidate.Response{OK: true, Output: []byte(`{"auth":"x"}`)}}}
	if p := judge(context.Background(), nil, broken); len(p) == 0 {
		t.Error("an output without authorization passes")
	}
	if p := judge(context.Background(), nil, &certify.Outcome{Case: cases[0], Run: candidate.Run{Response: candidate.Response{OK: false}}}); len(p) == 0 {
		t.Error("ok:false passes")
	}
}

// IYZ-CERT-05 finds a randomKey used twice anywhere in the run; IYZ-CERT-06 reads the mock's
// warning about x-iyzi-rnd.
func TestTheRunWideChecks(t *testing.T) {
	var c05, c06 certify.Check
	for _, op := range certify.Operations() {
		for _, c := range op.Checks {
			switch c.Requirement {
			case "IYZ-CERT-05":
				c05 = c
			case "IYZ-CERT-06":
				c06 = c
			}
		}
	}
	entry := func(nonce string, warnings ...string) mockapi.Entry {
		return mockapi.Entry{Operation: iyzico.OpBinCheck, Auth: mockapi.AuthRecord{Nonce: nonce, Warnings: warnings}}
	}
	outcome := func(id string, entries ...mockapi.Entry) *certify.Outcome {
		return &certify.Outcome{Case: certify.Case{ID: id}, Entries: entries}
	}
	ctx := context.Background()
	if p := c05.Whole(ctx, nil, []*certify.Outcome{outcome("a", entry("r1"), entry("r2")), outcome("b", entry("r3"), entry(""), entry(""))}); p != nil {
		t.Errorf("fresh randomKeys: %+v", p)
	}
	other := entry("r1")
	other.Operation = "paynet.get_auth_key"
	if p := c05.Whole(ctx, nil, []*certify.Outcome{outcome("a", entry("r1")), outcome("b", other)}); p != nil {
		t.Errorf("another operation's nonce: %+v", p)
	}
	p := c05.Whole(ctx, nil, []*certify.Outcome{outcome("a", entry("r1")), outcome("b", entry("r2")), outcome("c", entry("r1"), entry("r2"))})
	if len(p) != 2 || p[0].Defect.Class != "RANDOM_KEY_REUSED" || p[0].Got != `randomKey "r1" in case c, already used in case a` || !strings.Contains(p[1].Got, "already used in case b") {
		t.Errorf("reused randomKeys: %+v", p)
	}
	if p := c06.Judge(ctx, nil, outcome("a", entry("r1", "SCHEME_SPELLING"))); p != nil {
		t.Errorf("another warning: %+v", p)
	}
	if p := c06.Judge(ctx, nil, outcome("a", entry("r1", "RND_MISMATCH"), entry("r2"))); len(p) != 1 || p[0].Defect.Class != "RND_MISMATCH" {
		t.Errorf("an x-iyzi-rnd mismatch: %+v", p)
	}
}

// IYZ-CERT-04 holds each case's body to its values: conversationId when the case gives one and
// never otherwise, the case's locale, and tr (the documented default) sent or left out.
func TestTheBodyCheck(t *testing.T) {
	var judge certify.JudgeFunc
	for _, op := range certify.Operations() {
		for _, c := range op.Checks {
			if c.Requirement == "IYZ-CERT-04" {
				judge = c.Judge
			}
		}
	}
	byID := map[string]certify.Case{}
	for _, c := range conform.BinCheckCases {
		byID[strings.TrimPrefix(c.ID, iyzico.OpBinCheck+".")] = c
	}
	headers := http.Header{"Content-Type": {"application/json"}, "Authorization": {"IYZWSv2 x"}}
	for _, tc := range []struct {
		id, body, defect string
	}{
		{"ok.plain", `{"locale":"tr","conversationId":"cert-1","binNumber":"554960"}`, ""},
		{"ok.plain", `{"conversationId":"cert-1","binNumber":"554960"}`, ""},
		{"ok.plain", `{"locale":"en","conversationId":"cert-1","binNumber":"554960"}`, "CLIENT_BODY_MISMATCH"},
		{"ok.plain", `{"locale":"tr","binNumber":"554960"}`, "CLIENT_BODY_MISMATCH"},
		{"ok.escapes", `{"locale":"en","conversationId":"a/b<c>&d","binNumber":"542119"}`, ""},
		{"ok.escapes", `{"conversationId":"a/b<c>&d","binNumber":"542119"}`, "CLIENT_BODY_MISMATCH"},
		{"ok.no-conversation", `{"locale":"tr","binNumber":"554960"}`, ""},
		{"ok.no-conversation", `{"locale":"tr","conversationId":"€ 𝄞 ü","binNumber":"554960"}`, "CLIENT_STATE_KEPT"},
	} {
		o := &certify.Outcome{Case: byID[tc.id], Entries: []mockapi.Entry{{Method: "POST", Path: iyzico.BinCheckPath, Header: headers, Body: mockapi.Bytes(tc.body)}}}
		p := judge(context.Background(), nil, o)
		switch {
		case tc.defect == "" && p != nil:
			t.Errorf("%s %s: %+v", tc.id, tc.body, p)
		case tc.defect != "" && (len(p) == 0 || p[0].Defect.Class != tc.defect):
			t.Errorf("%s %s: %+v, want %s", tc.id, tc.body, p, tc.defect)
		}
	}
}
