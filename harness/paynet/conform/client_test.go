package conform_test

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/paynet/conform"
	"github.com/payconform/payconform/harness/target"
)

// recorder is a server that keeps every request it gets and answers 200 {}.
type recorder struct {
	mu   sync.Mutex
	got  []*http.Request
	body []string
}

func record(t *testing.T) (*recorder, *httptest.Server) {
	t.Helper()
	r := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got, r.body = append(r.got, req), append(r.body, string(b))
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	return r, srv
}

func (r *recorder) last() (*http.Request, string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.got[len(r.got)-1], r.body[len(r.body)-1]
}

// The client writes the request Paynet documents, and each fault changes exactly its part.
func TestTheClientWritesEachFault(t *testing.T) {
	rec, srv := record(t)
	const key = "sck_live_1"
	c := &conform.Client{BaseURL: srv.URL + "/", SecretKey: key, HTTP: srv.Client()}
	req := paynet.AuthRequest{AgentID: "12345", UserID: "u-1"}
	for _, tc := range []struct {
		name                      string
		faults                    paynet.ClientFault
		opts                      []conform.RequestOption
		auth, mobile, ctype, body string
	}{
		{"documented", 0, nil, "Basic " + key, "2", "application/json", `{"agent_id":"12345","user_id":"u-1"}`},
		{"base64", paynet.Base64UserPass, nil, "Basic " + base64.StdEncoding.EncodeToString([]byte(key+":")), "2", "application/json", ""},
		{"bearer", paynet.BearerScheme, nil, "Bearer " + key, "2", "application/json", ""},
		{"no authorization", paynet.NoAuthorization, nil, "", "2", "application/json", ""},
		{"no PaynetMobile", paynet.NoPaynetMobile, nil, "Basic " + key, "", "application/json", ""},
		{"wrong Content-Type", paynet.WrongContentType, nil, "Basic " + key, "2", "text/plain", ""},
		{"numeric ids", paynet.NumericIDs, nil, "Basic " + key, "2", "application/json", `{"agent_id":12345,"user_id":"u-1"}`},
		{"an Authorization given", paynet.BearerScheme, []conform.RequestOption{conform.WithAuthorization("basic  " + key)}, "basic  " + key, "2", "application/json", ""},
		{"headers changed", 0, []conform.RequestOption{conform.WithHeader("PaynetMobile", "1"), conform.WithoutHeader("Accept")}, "Basic " + key, "1", "application/json", ""},
		{"faults as options", 0, []conform.RequestOption{conform.WithFaults(paynet.NoPaynetMobile), conform.WithFaults(paynet.BearerScheme)}, "Bearer " + key, "", "application/json", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.Faults = tc.faults
			ex, err := c.GetAuthKey(context.Background(), req, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			r, body := rec.last()
			if r.Method != http.MethodPost || r.URL.Path != "/v1/agent/get_auth_key" || ex.Status != 200 {
				t.Errorf("%s %s -> %d", r.Method, r.URL.Path, ex.Status)
			}
			if got := r.Header.Get("Authorization"); got != tc.auth || (tc.auth == "") != (len(r.Header.Values("Authorization")) == 0) {
				t.Errorf("Authorization %q, want %q", got, tc.auth)
			}
			if got := r.Header.Get("PaynetMobile"); got != tc.mobile {
				t.Errorf("PaynetMobile %q, want %q", got, tc.mobile)
			}
			if got := r.Header.Get("Content-Type"); got != tc.ctype {
				t.Errorf("Content-Type %q, want %q", got, tc.ctype)
			}
			if got := r.Header.Get("Accept"); (got == "application/json") == (tc.name == "headers changed") {
				t.Errorf("Accept %q", got)
			}
			if tc.body != "" && body != tc.body {
				t.Errorf("body %s, want %s", body, tc.body)
			}
		})
	}
	// Only an all-digit id becomes a number.
	c.Faults = paynet.NumericIDs
	for in, want := range map[paynet.AuthRequest]string{
		{AgentID: "", UserID: "0"}:      `{"agent_id":"","user_id":0}`,
		{AgentID: "12a", UserID: "-1"}:  `{"agent_id":"12a","user_id":"-1"}`,
		{AgentID: "007", UserID: "1.5"}: `{"agent_id":7,"user_id":"1.5"}`,
		{AgentID: "000", UserID: "10"}:  `{"agent_id":0,"user_id":10}`,
	} {
		if _, err := c.GetAuthKey(context.Background(), in); err != nil {
			t.Fatal(err)
		}
		if _, body := rec.last(); body != want {
			t.Errorf("numeric ids of %+v: %s, want %s", in, body, want)
		}
	}
	// Post sends its bytes as they are.
	c.Faults = 0
	if _, err := c.Post(context.Background(), []byte(`{"agent_id": 1,}`), conform.WithoutHeader("PaynetMobile")); err != nil {
		t.Fatal(err)
	}
	if r, body := rec.last(); body != `{"agent_id": 1,}` || r.Header.Get("PaynetMobile") != "" || r.Header.Get("Authorization") != "Basic "+key {
		t.Errorf("Post sent %s with %v", body, r.Header)
	}
	bad := &conform.Client{BaseURL: "http://[::1", SecretKey: key, HTTP: srv.Client()}
	if _, err := bad.GetAuthKey(context.Background(), req); err == nil || !strings.Contains(err.Error(), "build get_auth_key request") {
		t.Errorf("a base URL that does not parse: %v", err)
	}
}

// Each vector builds the request it describes, with the endpoint's credentials in place; one that
// names the second agent is not applicable without one.
func TestASecondAgentVectorNeedsASecondAgent(t *testing.T) {
	e := conform.Endpoint{Client: &conform.Client{BaseURL: "http://127.0.0.1:1", SecretKey: "k"}, AgentID: "1", UserID: "u"}
	for _, v := range conform.Vectors().Tests() {
		if !strings.Contains(v.Input.Body, "{second_agent_id}") {
			continue
		}
		var na *target.NotApplicableError
		if _, err := v.Send(context.Background(), e); !errors.As(err, &na) {
			t.Errorf("#%d without a second agent: %v", v.ID, err)
		}
	}
}

// Each vector builds the request it describes, with the endpoint's credentials in place.
func TestEveryVectorSendsWhatItDescribes(t *testing.T) {
	rec, srv := record(t)
	const key = "sck_live_Key9"
	e := conform.Endpoint{Client: &conform.Client{BaseURL: srv.URL, SecretKey: key, HTTP: srv.Client()}, AgentID: "4242", UserID: `u"1`, SecondAgentID: "4343"}
	if e.Request() != (paynet.AuthRequest{AgentID: "4242", UserID: `u"1`}) {
		t.Errorf("Request: %+v", e.Request())
	}
	for _, v := range conform.Vectors().Tests() {
		if _, err := v.Send(context.Background(), e); err != nil {
			t.Fatalf("#%d: %v", v.ID, err)
		}
		r, body := rec.last()
		if want := strings.NewReplacer("{agent_id}", "4242", "{user_id}", `u\"1`, "{second_agent_id}", "4343").Replace(v.Input.Body); body != want || string(v.Body(e)) != want {
			t.Errorf("#%d %s: body %s, want %s", v.ID, v.Comment, body, want)
		}
		auth := r.Header.Get("Authorization")
		switch v.Input.Authorization {
		case "raw", "":
			if auth != "Basic "+key {
				t.Errorf("#%d: Authorization %q", v.ID, auth)
			}
		case "base64-userpass":
			if auth != "Basic "+base64.StdEncoding.EncodeToString([]byte(key+":")) {
				t.Errorf("#%d: Authorization %q", v.ID, auth)
			}
		case "bearer":
			if auth != "Bearer "+key {
				t.Errorf("#%d: Authorization %q", v.ID, auth)
			}
		case "none":
			if auth != "" {
				t.Errorf("#%d: Authorization %q", v.ID, auth)
			}
		case "wrong-key":
			if auth != "Basic "+conform.WrongSecretKey {
				t.Errorf("#%d: Authorization %q", v.ID, auth)
			}
		default: // a near miss: the scheme, and a key that is not the key
			if !strings.HasPrefix(auth, "Basic ") || auth == "Basic "+key || strings.TrimPrefix(auth, "Basic ") == "" {
				t.Errorf("#%d %s: Authorization %q", v.ID, v.Input.Authorization, auth)
			}
		}
		if want := v.Input.PaynetMobile; (want == nil) != (len(r.Header.Values("PaynetMobile")) == 0) || want != nil && r.Header.Get("PaynetMobile") != *want {
			t.Errorf("#%d: PaynetMobile %v", v.ID, r.Header.Values("PaynetMobile"))
		}
		if want := v.Input.ContentType; (want == nil) != (len(r.Header.Values("Content-Type")) == 0) || want != nil && r.Header.Get("Content-Type") != *want {
			t.Errorf("#%d: Content-Type %v, want %v", v.ID, r.Header.Values("Content-Type"), want)
		}
	}
}

// Two answers with one session key are named with the defect given.
func TestDistinctSessionKeys(t *testing.T) {
	a, b := paynet.AuthResponse{SessionKey: "k1"}, paynet.AuthResponse{SessionKey: "k2"}
	if p := conform.DistinctSessionKeys(a, b, "two calls", conform.SessionKeyReused); p != nil {
		t.Errorf("two keys: %+v", p)
	}
	p := conform.DistinctSessionKeys(a, a, "two calls", conform.SessionKeyReused)
	if len(p) != 1 || p[0].Defect != conform.SessionKeyReused || p[0].Expected != "a different session_key for two calls" || p[0].Got != "the same session_key twice" {
		t.Errorf("one key twice: %+v", p)
	}
}
