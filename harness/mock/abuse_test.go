package mock_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mock/mocktest"
	"github.com/payconform/payconform/harness/mockapi"
)

// serve runs the mock on a loopback port and returns its host:port.
func serve(t *testing.T, cfg mock.Config) (*mock.Server, string) {
	t.Helper()
	s, base := mocktest.Serve(t, cfg)
	return s, strings.TrimPrefix(base, "http://")
}

// With no token configured the admin API is still closed: a token is generated.
func TestAdminTokenIsAlwaysRequired(t *testing.T) {
	s := mocktest.NewServer(t)
	if s.Config().AdminToken == "" {
		t.Fatal("no admin token was generated")
	}
	r, _ := http.NewRequest(http.MethodGet, mock.AdminPrefix+"journal", nil)
	if w := mocktest.Do(s, r); w.Code != http.StatusUnauthorized {
		t.Errorf("journal without the token: %d, want 401", w.Code)
	}
	r.Header.Set(mock.AdminTokenHeader, s.Config().AdminToken)
	if w := mocktest.Do(s, r); w.Code != http.StatusOK {
		t.Errorf("journal with the token: %d, want 200", w.Code)
	}
}

// A header block over MaxHeaderBytes is refused before any handler runs (431), and the journal
// keeps a bounded, marked part of a large header that fits.
func TestLargeHeadersAreBounded(t *testing.T) {
	s, addr := serve(t, mock.Config{})
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+mock.Samples()[0].Path, strings.NewReader(`{}`))
	req.Header.Set("X-Big", strings.Repeat("a", 2*mock.MaxHeaderBytes))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a %d-byte header: HTTP %d, want 431", 2*mock.MaxHeaderBytes, resp.StatusCode)
	}

	r := echo(s, strings.Repeat("x", 3*mock.MaxJournalBody))
	r.Header.Set("X-Big", strings.Repeat("b", 3*mock.MaxJournalHeader))
	mocktest.Do(s, r)
	e := s.Journal().Entries()
	last := e[len(e)-1]
	size := 0
	for k, vs := range last.Header {
		size += len(k)
		for _, v := range vs {
			size += len(v)
		}
	}
	if size > mock.MaxJournalHeader+8 || len(last.Body) > mock.MaxJournalBody || len(last.Response) > mock.MaxJournalBody {
		t.Errorf("entry keeps %d header bytes, %d body bytes, %d answer bytes; want at most %d, %d, %d",
			size, len(last.Body), len(last.Response), mock.MaxJournalHeader, mock.MaxJournalBody, mock.MaxJournalBody)
	}
	if strings.Join(last.Truncated, ",") != "header,body" || last.BodySize != 3*mock.MaxJournalBody {
		t.Errorf("truncated %v, body size %d: want header and body marked, the full size counted", last.Truncated, last.BodySize)
	}
}

// A client that sends its headers and then a body too slowly is cut off by ReadTimeout: it
// cannot hold a connection, and a connection slot, for ever.
func TestSlowBodyIsCutOff(t *testing.T) {
	_, addr := serve(t, mock.Config{ReadTimeout: 300 * time.Millisecond})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{", mock.Samples()[0].Path)
	_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second)) // a bound for the test, not the assertion
	_, err = io.ReadAll(conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the mock still held the connection of a client that never finished its body")
	}
}

// With every connection slot held by an idle client, the mock still serves once the idle
// connections time out: a flood of idle keep-alive connections cannot starve it.
func TestIdleConnectionsDoNotStarveTheMock(t *testing.T) {
	_, addr := serve(t, mock.Config{ReadTimeout: 300 * time.Millisecond, MaxConns: 2})
	for range 2 {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
	}
	client := &http.Client{Timeout: 20 * time.Second}
	resp, err := client.Get("http://" + addr + mock.AdminPrefix + "health")
	if err != nil {
		t.Fatalf("health, with two idle connections holding both slots: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("health: %d", resp.StatusCode)
	}
}

// The journal serves pages, and shows a UTF-8 body as text.
func TestJournalPagesAndText(t *testing.T) {
	s := mocktest.NewServer(t)
	for i := range 5 {
		mocktest.Do(s, echo(s, fmt.Sprintf(`{"message":"çağrı %d"}`, i)))
	}
	get := func(query string) (int, []byte) {
		r, _ := http.NewRequest(http.MethodGet, mock.AdminPrefix+"journal"+query, nil)
		r.Header.Set(mock.AdminTokenHeader, s.Config().AdminToken)
		w := mocktest.Do(s, r)
		return w.Code, w.Body.Bytes()
	}
	code, body := get("?after=2&limit=2")
	var page []mockapi.Entry
	if err := json.Unmarshal(body, &page); code != 200 || err != nil || len(page) != 2 || page[0].Seq != 3 || page[1].Seq != 4 {
		t.Fatalf("page after 2, limit 2: HTTP %d, %v, %+v", code, err, page)
	}
	if !strings.Contains(string(body), `"body":"{\"message\":\"çağrı 2\"}"`) {
		t.Errorf("the body is not shown as text: %s", body)
	}
	if code, _ := get("?limit=-1"); code != http.StatusBadRequest {
		t.Errorf("limit=-1: HTTP %d, want 400", code)
	}
	var raw mockapi.Bytes
	if err := json.Unmarshal([]byte(`{"base64":"/w=="}`), &raw); err != nil || string(raw) != "\xff" {
		t.Errorf("a non-UTF-8 body reads back as %q, %v", raw, err)
	}
	out, _ := json.Marshal(mockapi.Bytes("\xff"))
	if string(out) != `{"base64":"/w=="}` {
		t.Errorf("a non-UTF-8 body is written as %s", out)
	}
}
