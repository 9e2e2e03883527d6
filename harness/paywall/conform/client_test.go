package conform_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/mockapi"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/paywall/conform"
	"github.com/payconform/payconform/harness/refadapter"
)

// server keeps the last request it got and answers with answer.
type server struct {
	mu     sync.Mutex
	req    *http.Request
	body   string
	status int
	answer string
}

func serve(t *testing.T) (*server, *httptest.Server) {
	t.Helper()
	s := &server{status: 200, answer: `{"Result":true,"ErrorCode":0,"Body":{"Token":"t-1","TempTokenId":9}}`}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		defer s.mu.Unlock()
		s.req, s.body = r, string(b)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(s.status)
		_, _ = w.Write([]byte(s.answer))
	}))
	t.Cleanup(srv.Close)
	return s, srv
}

func (s *server) last() (*http.Request, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.req, s.body
}

const (
	keyPublic    = "pk_test_1"
	clientPublic = "pc_test_1"
)

func TestTheClientWritesEachFault(t *testing.T) {
	s, srv := serve(t)
	c := &conform.Client{BaseURL: srv.URL + "/", HTTP: srv.Client(), Credentials: conform.Credentials{APIKeyPublic: keyPublic, APIClientPublic: clientPublic}}
	req := paywall.SdkRequest{ClientCardSave: true, ExpiryMin: 30}
	for _, tc := range []struct {
		name         string
		faults       conform.ClientFault
		opts         []conform.RequestOption
		key, client  string
		body         string
		contentType  string
		acceptJSON   bool
		headerCounts [2]int
	}{
		{"documented", 0, nil, keyPublic, clientPublic, `{"ClientCardSave":true,"ThreeDSession":false,"ClientSdk":false,"ScopeBased":false,"ExpiryMin":30`, "application/json", true, [2]int{1, 1}},
		{"omitempty", conform.OmitFalseBooleans, nil, keyPublic, clientPublic, `{"ClientCardSave":true,"ExpiryMin":30`, "application/json", true, [2]int{1, 1}},
		{"strings", conform.BooleansAsStrings, nil, keyPublic, clientPublic, `{"ClientCardSave":"true","ThreeDSession":"false"`, "application/json", true, [2]int{1, 1}},
		{"swapped", conform.SwappedHeaders, nil, clientPublic, keyPublic, "", "application/json", true, [2]int{1, 1}},
		{"no key header", conform.NoKeyHeader, nil, "", clientPublic, "", "application/json", true, [2]int{0, 1}},
		{"no client header", conform.NoClientHeader, nil, keyPublic, "", "", "application/json", true, [2]int{1, 0}},
		{"options", 0, []conform.RequestOption{conform.WithFaults(conform.NoKeyHeader), conform.WithHeader(paywall.ClientHeader, "other"), conform.WithoutHeader("Content-Type")}, "", "other", "", "", true, [2]int{0, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.Faults = tc.faults
			if _, err := c.TempTokenSdk(context.Background(), req, tc.opts...); err != nil {
				t.Fatal(err)
			}
			r, body := s.last()
			if r.URL.Path != paywall.SdkPath || r.Method != http.MethodPost {
				t.Errorf("%s %s", r.Method, r.URL.Path)
			}
			if r.Header.Get("apikeypublic") != tc.key || r.Header.Get("apiclientpublic") != tc.client ||
				len(r.Header.Values("apikeypublic")) != tc.headerCounts[0] || len(r.Header.Values("apiclientpublic")) != tc.headerCounts[1] {
				t.Errorf("headers %v", r.Header)
			}
			if r.Header.Get("Content-Type") != tc.contentType || (r.Header.Get("Accept") == "application/json") != tc.acceptJSON {
				t.Errorf("Content-Type %q, Accept %q", r.Header.Get("Content-Type"), r.Header.Get("Accept"))
			}
			if !strings.HasPrefix(body, tc.body) {
				t.Errorf("body %s, want it to start %s", body, tc.body)
			}
		})
	}
	c.Faults = 0
	if _, err := c.Post(context.Background(), paywall.TempTokenPath, []byte(`{"x":`)); err != nil {
		t.Fatal(err)
	}
	if r, body := s.last(); r.URL.Path != paywall.TempTokenPath || body != `{"x":` {
		t.Errorf("Post: %s %s", r.URL.Path, body)
	}
	bad := &conform.Client{BaseURL: "http://[::1", HTTP: srv.Client()}
	if _, err := bad.TempTokenSdk(context.Background(), req); err == nil || !strings.Contains(err.Error(), "build temptoken request") {
		t.Errorf("a base URL that does not parse: %v", err)
	}
}

func TestClientFaults(t *testing.T) {
	both := conform.SwappedHeaders | conform.NoKeyHeader
	if !both.Has(conform.SwappedHeaders) || !both.Has(both) || both.Has(conform.NoClientHeader) || both.Has(0) || both.Has(conform.SwappedHeaders|conform.NoClientHeader) {
		t.Error("Has")
	}
	for f, class := range map[conform.ClientFault]string{conform.OmitFalseBooleans: "OMITEMPTY_FALSE", conform.BooleansAsStrings: "BOOL_AS_STRING",
		conform.SwappedHeaders: "SWAPPED_HEADERS", conform.NoKeyHeader: "MISSING_KEY_HEADER", conform.NoClientHeader: "MISSING_CLIENT_HEADER"} {
		if f.Defect().Class != class {
			t.Errorf("fault %d names %q, want %s", f, f.Defect().Class, class)
		}
	}
}

// Each vector sends the credentials it describes, to its path, with its exact body.
func TestEveryVectorSendsWhatItDescribes(t *testing.T) {
	s, srv := serve(t)
	c := &conform.Client{BaseURL: srv.URL, HTTP: srv.Client(), Credentials: conform.Credentials{APIKeyPublic: keyPublic, APIClientPublic: clientPublic}}
	for _, v := range conform.Vectors().Tests() {
		if _, err := v.Send(context.Background(), c); err != nil {
			t.Fatalf("#%d: %v", v.ID, err)
		}
		r, body := s.last()
		wantPath := v.Input.Path
		if wantPath == "" {
			wantPath = paywall.SdkPath
		}
		if body != v.Input.Body || r.URL.Path != wantPath || v.PathOf() != wantPath {
			t.Errorf("#%d: %s %s", v.ID, r.URL.Path, body)
		}
		key, client := r.Header.Values("apikeypublic"), r.Header.Values("apiclientpublic")
		one := func(vs []string, want string) bool { return len(vs) == 1 && vs[0] == want }
		near := func(vs []string, right string) bool { return len(vs) == 1 && vs[0] != right && vs[0] != "" }
		var ok bool
		switch h := v.Input.Headers; {
		case h == "correct" || h == "":
			ok = one(key, keyPublic) && one(client, clientPublic)
		case h == "swapped":
			ok = one(key, clientPublic) && one(client, keyPublic)
		case h == "missing-key":
			ok = len(key) == 0 && one(client, clientPublic)
		case h == "missing-client":
			ok = one(key, keyPublic) && len(client) == 0
		case h == "wrong-keys":
			ok = one(key, conform.WrongKeyPublic) && one(client, conform.WrongClientPublic)
		case h == "right-key-wrong-client":
			ok = one(key, keyPublic) && one(client, conform.WrongClientPublic)
		case h == "wrong-key-right-client":
			ok = one(key, conform.WrongKeyPublic) && one(client, clientPublic)
		case strings.HasPrefix(h, "key-"):
			ok = near(key, keyPublic) && one(client, clientPublic)
		case strings.HasPrefix(h, "client-"):
			ok = one(key, keyPublic) && near(client, clientPublic)
		}
		if !ok {
			t.Errorf("#%d %s: apikeypublic %q, apiclientpublic %q", v.ID, v.Input.Headers, key, client)
		}
	}
}

func TestTheReferenceAdapter(t *testing.T) {
	s, srv := serve(t)
	call := func(defect string, in paywall.SdkRequest) candidate.Response {
		a := &refadapter.Adapter{Defect: defect, HTTP: srv.Client()}
		return a.Handle(context.Background(), candidate.Request{Operation: paywall.OpTempTokenSdk, BaseURL: srv.URL,
			Credentials: map[string]string{"api_key_public": keyPublic, "api_client_public": clientPublic}}, in.Encode(paywall.Encoding{}))
	}
	in := paywall.SdkRequest{ThreeDSession: true, ExpiryMin: 5}
	for _, tc := range []struct {
		defect, path, key, contentType string
		body                           func(m map[string]json.RawMessage) bool
	}{
		{"", paywall.SdkPath, keyPublic, "application/json", func(m map[string]json.RawMessage) bool {
			return string(m["ClientCardSave"]) == "false" && m["Scope"] == nil && m["MasterpassSession"] == nil
		}},
		{"paywall-omitempty", paywall.SdkPath, keyPublic, "application/json", func(m map[string]json.RawMessage) bool {
			_, sent := m["ClientCardSave"]
			return !sent && string(m["ThreeDSession"]) == "true"
		}},
		{"paywall-swapped-headers", paywall.SdkPath, clientPublic, "application/json", func(map[string]json.RawMessage) bool { return true }},
		{"paywall-no-content-type", paywall.SdkPath, keyPublic, "", func(map[string]json.RawMessage) bool { return true }},
		{"paywall-state-kept", paywall.SdkPath, keyPublic, "application/json", func(m map[string]json.RawMessage) bool {
			return string(m["Scope"]) == "3" && strings.Contains(string(m["MasterpassSession"]), `"ReferenceCode":"cert-ref-1"`)
		}},
		{"paywall-null-optional", paywall.SdkPath, keyPublic, "application/json", func(m map[string]json.RawMessage) bool {
			return string(m["Scope"]) == "null" && string(m["MasterpassSession"]) == "null" && string(m["IncludeMasterpassSession"]) == "false" && string(m["ThreeDSession"]) == "true"
		}},
		{refadapter.WrongPath, paywall.TempTokenPath, keyPublic, "application/json", func(map[string]json.RawMessage) bool { return true }},
	} {
		resp := call(tc.defect, in)
		if !resp.OK || string(resp.Output) != `{"TempTokenId":9,"Token":"t-1"}` {
			t.Errorf("%s: %+v %s", tc.defect, resp, resp.Output)
		}
		r, body := s.last()
		var m map[string]json.RawMessage
		_ = json.Unmarshal([]byte(body), &m)
		if r.URL.Path != tc.path || r.Header.Get("apikeypublic") != tc.key || r.Header.Get("Content-Type") != tc.contentType || !tc.body(m) {
			t.Errorf("%s: sent %s %v %s", tc.defect, r.URL.Path, r.Header, body)
		}
	}
	// A set Scope or Masterpass session is kept, even by the state-keeping client.
	kept := paywall.SdkRequest{ScopeBased: true, Scope: paywall.Ptr(1), ExpiryMin: 5}
	call("paywall-state-kept", kept)
	if _, body := s.last(); !strings.Contains(body, `"Scope":1`) {
		t.Errorf("the case's own Scope was replaced: %s", body)
	}
	call("paywall-null-optional", kept)
	if _, body := s.last(); !strings.Contains(body, `"Scope":1`) {
		t.Errorf("the case's own Scope was nulled: %s", body)
	}
	for _, tc := range []struct {
		status int
		answer string
		ok     bool
		code   string
	}{
		{200, `{"Result":false,"ErrorCode":2,"Message":"Unexpected parameters"}`, false, "2"},
		{200, `{"Result":true,"ErrorCode":4}`, false, "4"},
		{400, `{"Result":false,"ErrorCode":12}`, false, "12"},
		{200, `{"Result":true,"ErrorCode":0}`, true, ""},
	} {
		s.mu.Lock()
		s.status, s.answer = tc.status, tc.answer
		s.mu.Unlock()
		resp := call("", in)
		if resp.OK != tc.ok || !tc.ok && (resp.Error == nil || resp.Error.Code != tc.code) {
			t.Errorf("HTTP %d %s: %+v %+v", tc.status, tc.answer, resp, resp.Error)
		}
	}
	a := &refadapter.Adapter{HTTP: srv.Client()}
	if resp := a.Handle(context.Background(), candidate.Request{Operation: paywall.OpTempTokenSdk, BaseURL: srv.URL}, json.RawMessage(`[1]`)); resp.OK || resp.Error == nil || resp.Error.Code != "BAD_INPUT" {
		t.Errorf("bad input: %+v", resp)
	}
}

// PWL-CERT-03 holds a body to the case's values, names under any case, and names a false
// boolean left out as the omitempty defect.
func TestTheBodyCheck(t *testing.T) {
	var judge certify.JudgeFunc
	for _, op := range certify.Operations() {
		for _, c := range op.Checks {
			if c.Requirement == "PWL-CERT-03" {
				judge = c.Judge
			}
		}
	}
	if judge == nil {
		t.Fatal("no PWL-CERT-03 check is registered")
	}
	c := conform.Cases[1] // every boolean false, ExpiryMin 30
	headers := http.Header{"Apikeypublic": {keyPublic}, "Apiclientpublic": {clientPublic}, "Content-Type": {"application/json"}}
	for body, want := range map[string]string{
		`{"ClientCardSave":false,"ThreeDSession":false,"ClientSdk":false,"ScopeBased":false,"ExpiryMin":30}`:                           "",
		`{"clientCardSave":false,"threeDSession":false,"clientSdk":false,"scopeBased":false,"expiryMin":30}`:                           "",
		`{"ClientCardSave":false,"ThreeDSession":false,"ClientSdk":false,"ExpiryMin":30}`:                                              "OMITEMPTY_FALSE",
		`{"ClientCardSave":false,"ThreeDSession":false,"ClientSdk":false,"ScopeBased":false,"ExpiryMin":31}`:                           "CLIENT_BODY_MISMATCH",
		`{"ClientCardSave":false,"ThreeDSession":false,"ClientSdk":false,"ScopeBased":false,"ExpiryMin":30,"Scope":3,"ScopeBasedX":1}`: "CLIENT_STATE_KEPT",
		`[]`: "MALFORMED_JSON",
		`{"ClientCardSave":false,"clientcardsave":true,"ThreeDSession":false,"ClientSdk":false,"ScopeBased":false,"ExpiryMin":30}`: "MALFORMED_JSON",
	} {
		o := &certify.Outcome{Case: c, Entries: []mockapi.Entry{{Method: "POST", Path: paywall.SdkPath, Header: headers, Body: mockapi.Bytes(body)}}}
		p := judge(context.Background(), nil, o)
		switch {
		case want == "" && len(p) != 0:
			t.Errorf("%s: %+v", body, p)
		case want != "" && (len(p) == 0 || p[0].Defect.Class != want):
			t.Errorf("%s: %+v, want %s first", body, p, want)
		}
	}
}

func TestDistinctTokens(t *testing.T) {
	a, b := paywall.TempTokenBody{Token: "t1", TempTokenID: 1}, paywall.TempTokenBody{Token: "t2", TempTokenID: 2}
	if p := conform.DistinctTokens(a, b); p != nil {
		t.Errorf("two tokens: %+v", p)
	}
	if p := conform.DistinctTokens(a, paywall.TempTokenBody{Token: "t1", TempTokenID: 2}); len(p) != 1 || p[0].Defect != conform.TokenReused || p[0].Got != "the same Token twice" {
		t.Errorf("one Token twice: %+v", p)
	}
	if p := conform.DistinctTokens(a, a); len(p) != 2 || p[1].Got != "TempTokenId 1 twice" {
		t.Errorf("one token twice: %+v", p)
	}
}
