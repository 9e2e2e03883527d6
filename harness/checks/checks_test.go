package checks_test

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/verdict"
	"github.com/payconform/payconform/internal/toyprovider"
)

// The toy provider's contract (internal/toyprovider/toy.openapi.yaml): POST /toy/v1/echo answers
// 200 {ok: true, message, digest (64 hex)} or 400/401 {ok: false, error}, as application/json.
const okBody = `{"ok":true,"message":"hi","digest":"8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"}`

func conforms(status int, ct, body string) []verdict.Problem {
	ex := &exchange.Exchange{Status: status, Header: http.Header{"Content-Type": {ct}}, Body: []byte(body)}
	return checks.Conforms(context.Background(), toyprovider.Contract, http.MethodPost, toyprovider.EchoPath, ex)
}

func TestConforms(t *testing.T) {
	for name, ex := range map[string]struct {
		status   int
		ct, body string
	}{
		"a success":          {200, "application/json", okBody},
		"a success, charset": {200, "application/json; charset=utf-8", okBody},
		"a refusal":          {401, "application/json", `{"ok":false,"error":"bad_signature"}`},
		"a BOM, left out":    {401, "application/json", "\xef\xbb\xbf" + `{"ok":false,"error":"bad_signature"}`},
	} {
		if p := conforms(ex.status, ex.ct, ex.body); p != nil {
			t.Errorf("%s: %+v", name, p)
		}
	}
	for name, ex := range map[string]struct {
		status   int
		ct, body string
		where    string
	}{
		"a field missing":         {200, "application/json", `{"ok":true,"message":"hi"}`, "digest"},
		"a refusal on 200":        {200, "application/json", `{"ok":false,"error":"bad_signature"}`, ""},
		"an undocumented status":  {403, "application/json", `{"ok":false,"error":"bad_signature"}`, "status"},
		"an undocumented refusal": {401, "application/json", `{"ok":false,"error":"nope"}`, "error"},
		"another media type":      {200, "text/html", okBody, "Content-Type"},
	} {
		p := conforms(ex.status, ex.ct, ex.body)
		if len(p) == 0 {
			t.Errorf("%s: conforms", name)
			continue
		}
		for _, q := range p {
			if q.Defect != checks.NotConformant || q.Err == nil || !strings.Contains(q.Expected, ex.where) || !strings.Contains(q.Expected, ": ") {
				t.Errorf("%s: %+v", name, q)
			}
		}
	}
	// A path the contract does not have is no violation of it, but a harness mistake, named.
	ex := &exchange.Exchange{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(okBody)}
	p := checks.Conforms(context.Background(), toyprovider.Contract, http.MethodPost, "/toy/v1/other", ex)
	if len(p) != 1 || p[0].Expected != "a response the contract allows" || p[0].Err == nil || p[0].Defect.Class != "" || p[0].Got != p[0].Err.Error() {
		t.Errorf("a path outside the contract: %+v", p)
	}
	// Framing keeps only the status and media type; Body only the body, whatever those say.
	ctx := context.Background()
	for name, tc := range map[string]struct {
		status             int
		ct, body           string
		framing, bodyCount int
	}{
		"a bad body, well framed":   {200, "application/json", `{"ok":true}`, 0, 2},
		"a good body, badly framed": {200, "text/html", okBody, 1, 0},
		"a good body on 500":        {500, "", okBody, 1, 0},
		"a good body, no header":    {200, "", okBody, 1, 0},
	} {
		ex := &exchange.Exchange{Status: tc.status, Header: http.Header{}, Body: []byte(tc.body)}
		if tc.ct != "" {
			ex.Header.Set("Content-Type", tc.ct)
		}
		if tc.ct == "" && tc.status == 200 {
			ex.Header = nil
		}
		framing := checks.ConformsFraming(ctx, toyprovider.Contract, http.MethodPost, toyprovider.EchoPath, ex)
		body := checks.ConformsBody(ctx, toyprovider.Contract, http.MethodPost, toyprovider.EchoPath, ex)
		if len(framing) != tc.framing || len(body) != tc.bodyCount {
			t.Errorf("%s: framing %+v, body %+v", name, framing, body)
		}
		for _, p := range framing {
			if !strings.HasPrefix(p.Expected, "status:") && !strings.HasPrefix(p.Expected, "Content-Type:") {
				t.Errorf("%s: framing problem %q", name, p.Expected)
			}
		}
		if tc.ct != "" && ex.Header.Get("Content-Type") != tc.ct || ex.Status != tc.status {
			t.Errorf("%s: ConformsBody changed the exchange: %d %v", name, ex.Status, ex.Header)
		}
	}
}

func TestNotServerErrorAndDescribeBody(t *testing.T) {
	for _, status := range []int{200, 302, 401, 499, 600} {
		if p := checks.NotServerError(&exchange.Exchange{Status: status}); p != nil {
			t.Errorf("HTTP %d: %+v", status, p)
		}
	}
	for _, status := range []int{500, 503, 599} {
		p := checks.NotServerError(answer(status, `<html>down</html>`))
		if len(p) != 1 || p[0].Defect != checks.ServerError || p[0].Expected != "no 5xx" ||
			p[0].Got != `HTTP `+strconv.Itoa(status)+` (application/json, 17 bytes: "<html>down</html>")` {
			t.Errorf("HTTP %d: %+v", status, p)
		}
	}
	long := strings.Repeat("é", 60) // 120 bytes
	d := checks.DescribeBody(&exchange.Exchange{Header: http.Header{}, Body: []byte(long)})
	if d != `no Content-Type, 120 bytes: "`+strings.Repeat("é", 40)+`…"` {
		t.Errorf("DescribeBody: %s", d)
	}
	if d := checks.DescribeBody(&exchange.Exchange{Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte("\xef\xbb\xbfok")}); d != `text/plain, 5 bytes, starting with a UTF-8 byte order mark: "ok"` {
		t.Errorf("DescribeBody with a BOM: %s", d)
	}
}

func TestClipAndBOM(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"abc", 3, "abc"}, {"abcd", 3, "abc…"}, {"", 0, ""}, {"ü", 1, "…"}, {"aü", 2, "a…"}, {"aü", 3, "aü"},
	} {
		if got := checks.Clip(tc.s, tc.n); got != tc.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
	if !checks.HasBOM([]byte("\xef\xbb\xbf")) || checks.HasBOM([]byte("\xef\xbb")) || checks.HasBOM([]byte(" \xef\xbb\xbf")) {
		t.Error("HasBOM")
	}
	if string(checks.WithoutBOM([]byte("\xef\xbb\xbf\xef\xbb\xbfx"))) != "\xef\xbb\xbfx" || string(checks.WithoutBOM([]byte("x"))) != "x" {
		t.Error("WithoutBOM removes other than one leading BOM")
	}
	p := checks.BOM(answer(401, "\xef\xbb\xbf{}"))
	if len(p) != 1 || p[0].Got != "HTTP 401 whose body starts with the UTF-8 byte order mark EF BB BF" || !strings.Contains(p[0].Expected, "RFC 8259 section 8.1") {
		t.Errorf("BOM: %+v", p)
	}
}

func TestNotedLeavesUnretriedVerdictsAlone(t *testing.T) {
	problems := []verdict.Problem{{Got: "a"}, {Got: "b"}}
	if got := checks.Noted(nil, problems); len(got) != 2 || got[0].Got != "a" {
		t.Errorf("nil exchange: %+v", got)
	}
	retried := &exchange.Exchange{Attempts: 3, Retried: "HTTP 503 twice"}
	if got := checks.Noted(retried, nil); got != nil {
		t.Errorf("no problem: %+v", got)
	}
	got := checks.Noted(retried, problems)
	if got[0].Got != "a [the answer judged came on attempt 3: HTTP 503 twice]" || got[1].Got != "b [the answer judged came on attempt 3: HTTP 503 twice]" || problems[1].Got != "b" {
		t.Errorf("noted: %+v (the original %+v)", got, problems)
	}
}

func TestParseObject(t *testing.T) {
	for body, why := range map[string]string{
		``:                           "the body is not JSON: EOF",
		`{"a":`:                      "the body is not JSON",
		`{"a" 1}`:                    "at byte 6",
		`{} {}`:                      "the body holds more than one JSON value",
		`null`:                       "the body is null, not a JSON object",
		`[{}]`:                       "the body is a JSON array, not a JSON object",
		`"x"`:                        "the body is a JSON string, not a JSON object",
		`true`:                       "the body is a JSON boolean, not a JSON object",
		`1.5`:                        "the body is a JSON number, not a JSON object",
		"\xef\xbb\xbf\xef\xbb\xbf{}": "the body is not JSON",
	} {
		if _, err := checks.ParseObject([]byte(body)); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("ParseObject(%q): %v, want %q", body, err, why)
		}
	}
	o, err := checks.ParseObject([]byte("\xef\xbb\xbf" + `{"s":"x","b":false,"n":-7,"o":{"k":1},"null":null,"f":1.5,"big":1e3,"so":" {\"k\":1}","arr":[1,2]}` + " \n"))
	if err != nil {
		t.Fatal(err)
	}
	if s, ok, ferr := o.String("s"); s != "x" || !ok || ferr != nil {
		t.Errorf("String: %q %t %v", s, ok, ferr)
	}
	if b, ok, ferr := o.Bool("b"); b || !ok || ferr != nil {
		t.Errorf("Bool: %t %t %v", b, ok, ferr)
	}
	if n, ok, ferr := o.Int("n"); n != -7 || !ok || ferr != nil {
		t.Errorf("Int: %d %t %v", n, ok, ferr)
	}
	if inner, ok, ferr := o.Object("o"); !ok || ferr != nil || string(inner["k"]) != "1" {
		t.Errorf("Object: %v %t %v", inner, ok, ferr)
	}
	for _, name := range []string{"null", "absent"} {
		if o.Has(name) {
			t.Errorf("Has(%s)", name)
		}
		s, ok1, e1 := o.String(name)
		b, ok2, e2 := o.Bool(name)
		n, ok3, e3 := o.Int(name)
		inner, ok4, e4 := o.Object(name)
		if s != "" || b || n != 0 || inner != nil || ok1 || ok2 || ok3 || ok4 || e1 != nil || e2 != nil || e3 != nil || e4 != nil {
			t.Errorf("%s is read as present", name)
		}
	}
	for _, tc := range []struct {
		read func() *checks.FieldError
		want string
	}{
		{func() *checks.FieldError { _, _, e := o.String("n"); return e }, "field n: want a string, got the number -7"},
		{func() *checks.FieldError { _, _, e := o.Bool("s"); return e }, `field s: want a boolean, got the string "x"`},
		{func() *checks.FieldError { _, _, e := o.Int("f"); return e }, "field f: want an integer, got the number 1.5"},
		{func() *checks.FieldError { _, _, e := o.Int("o"); return e }, "field o: want an integer, got an object"},
		{func() *checks.FieldError { _, _, e := o.Object("s"); return e }, `field s: want an object, got the string "x"`},
		{func() *checks.FieldError { _, _, e := o.Object("so"); return e }, `field so: want an object, got the string " {\"k\":1}"`},
		{func() *checks.FieldError { _, _, e := o.Object("arr"); return e }, "field arr: want an object, got an array of 2"},
		{func() *checks.FieldError { _, _, e := o.String("b"); return e }, "field b: want a string, got the boolean false"},
		{func() *checks.FieldError { _, _, e := o.Bool("n"); return e }, "field n: want a boolean, got the number -7"},
	} {
		e := tc.read()
		if e == nil || e.Error() != tc.want {
			t.Errorf("got %v, want %s", e, tc.want)
		}
	}
	if n, ok, e := o.Int("big"); n != 0 || !ok || e == nil || e.Got != "the number 1e3" {
		t.Errorf("1e3 as an integer: %d %t %v", n, ok, e)
	}
	long, _ := checks.ParseObject([]byte(`{"s":"` + strings.Repeat("x", 50) + `"}`))
	if _, _, e := long.Int("s"); e == nil || e.Got != `the string "`+strings.Repeat("x", 40)+`…"` {
		t.Errorf("a long string is not clipped: %v", e)
	}
}

// A credential in an answer is found in any of its common forms, in the headers or the body,
// and the problem names the form, never the value.
func TestNoSecretIn(t *testing.T) {
	const secret = "sk_live_Zq8+/w=="
	for form, text := range map[string]string{
		"raw":     "key " + secret,
		"base64":  base64.StdEncoding.EncodeToString([]byte("user:" + secret)),
		"hex":     hex.EncodeToString([]byte(secret)),
		"percent": url.QueryEscape(secret),
	} {
		for _, where := range []string{"body", "header"} {
			ex := answer(401, `{"ok":false}`)
			if where == "body" {
				ex.Body = []byte(`{"ok":false,"debug":"` + text + `"}`)
			} else {
				ex.Header.Set("X-Debug", text)
			}
			p := checks.NoSecretIn(ex, verdict.Defect{}, "other-secret", secret)
			if len(p) != 1 || p[0].Defect != checks.SecretInAnswer || !strings.HasPrefix(p[0].Got, "HTTP 401 whose answer holds a credential (") ||
				strings.Contains(p[0].Got, secret) || strings.Contains(p[0].Got, text) {
				t.Errorf("%s in the %s: %+v", form, where, p)
			}
		}
	}
	d := verdict.Defect{Class: "SERVER_ECHOES_SECRET", Words: "x"}
	if p := checks.NoSecretIn(answer(200, `{"k":"`+secret+`"}`), d, secret); len(p) != 1 || p[0].Defect != d {
		t.Errorf("the defect given is not named: %+v", p)
	}
	if p := checks.NoSecretIn(answer(200, `{"ok":true,"message":"sk_live_Zq8"}`), verdict.Defect{}, secret); p != nil {
		t.Errorf("a prefix of the secret: %+v", p)
	}
}

// MustRefuse says what came instead of a refusal: a 5xx is a server error, a redirect names its
// destination, anything else did not refuse.
func TestMustRefuseNamesWhatCameInstead(t *testing.T) {
	p := checks.MustRefuse(answer(503, `{"ok":false}`), shape, verdict.Defect{})
	if len(p) != 1 || p[0].Defect != checks.ServerError || !strings.HasPrefix(p[0].Got, "the server did not refuse; its answer was HTTP 503 (application/json") {
		t.Errorf("a 5xx: %+v", p)
	}
	redirect := answer(302, ``)
	redirect.Header.Set("Location", "https://elsewhere.example/"+strings.Repeat("a", 100))
	p = checks.MustRefuse(redirect, shape, verdict.Defect{})
	if len(p) != 1 || p[0].Defect != checks.NotRefused || !strings.HasPrefix(p[0].Got, "the server did not refuse; it answered HTTP 302 Found, redirecting to https://elsewhere.example/aaa") || !strings.HasSuffix(p[0].Got, "…") {
		t.Errorf("a redirect: %+v", p)
	}
	multiple := answer(300, ``)
	multiple.Header.Set("Location", "/choose")
	if p := checks.MustRefuse(multiple, shape, verdict.Defect{}); len(p) != 1 || !strings.Contains(p[0].Got, "it answered HTTP 300 Multiple Choices, redirecting to /choose") {
		t.Errorf("a 300 with a Location: %+v", p)
	}
	if p := checks.MustRefuse(answer(300, `{"key":"k"}`), shape, verdict.Defect{}); len(p) != 1 || !strings.Contains(p[0].Got, "beside a refusal") {
		t.Errorf("a grant on a 300: %+v", p)
	}
	if p := checks.MustRefuse(answer(299, `{"key":"k"}`), shape, verdict.Defect{}); len(p) != 1 || strings.Contains(p[0].Got, "beside a refusal") {
		t.Errorf("a grant on a 299: %+v", p)
	}
	notModified := answer(304, ``)
	p = checks.MustRefuse(notModified, shape, verdict.Defect{})
	if len(p) != 1 || !strings.Contains(p[0].Got, "its answer was HTTP 304") {
		t.Errorf("a 3xx without Location: %+v", p)
	}
	located := answer(200, `{}`)
	located.Header.Set("Location", "/x")
	if p := checks.MustRefuse(located, shape, verdict.Defect{}); len(p) != 1 || !strings.Contains(p[0].Got, "its answer was HTTP 200") || p[0].Defect != checks.NotRefused {
		t.Errorf("a 200 with a Location: %+v", p)
	}
	// A grant names the defect given, or Bypass; a plain grant and one beside a refusal read apart.
	d := verdict.Defect{Class: "SERVER_KEY_NOT_CHECKED", Words: "w"}
	p = checks.MustRefuse(answer(200, `{"key":"k"}`), shape, d)
	if len(p) != 1 || p[0].Defect != d || p[0].Got != "HTTP 200 with a key: the request was granted, an authentication bypass" {
		t.Errorf("a grant: %+v", p)
	}
	p = checks.MustRefuse(answer(302, `{"key":"k"}`), shape, verdict.Defect{})
	if len(p) != 1 || p[0].Defect != checks.Bypass || !strings.Contains(p[0].Got, "beside a refusal") {
		t.Errorf("a grant on a 302: %+v", p)
	}
	p = checks.MustRefuse(answer(200, `{"ok":true}`), shape, d)
	if len(p) != 1 || p[0].Defect != d || p[0].Got != "HTTP 200 with ok true: the request was granted, an authentication bypass" {
		t.Errorf("a claimed success: %+v", p)
	}
	if a, what := checks.Classify(answer(200, `{"key":"k"}`), shape); a != checks.Grant || what != "a key" {
		t.Errorf("Classify names the grant: %v %q", a, what)
	}
}

// Classify's boundaries: 4xx is exactly 400 to 499; the failure envelope counts below 500; a
// claim counts on 2xx only; a provider without claims never claims.
func TestClassifyBoundaries(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   checks.Answer
	}{
		{399, `{}`, checks.NotARefusal}, {400, `{}`, checks.Refusal}, {499, `{}`, checks.Refusal}, {500, `{}`, checks.NotARefusal},
		{499, `{"ok":false}`, checks.Refusal}, {399, `{"ok":false}`, checks.Refusal}, {500, `{"ok":false}`, checks.NotARefusal}, {100, `{"ok":false}`, checks.Refusal},
		{199, `{"ok":true}`, checks.NotARefusal}, {200, `{"ok":true}`, checks.ClaimedSuccess}, {299, `{"ok":true}`, checks.ClaimedSuccess},
		{300, `{"ok":true}`, checks.NotARefusal}, {500, `{"key":"k"}`, checks.Grant},
	} {
		if got, _ := checks.Classify(answer(tc.status, tc.body), shape); got != tc.want {
			t.Errorf("HTTP %d %s: %v, want %v", tc.status, tc.body, got, tc.want)
		}
	}
	noClaims := shape
	noClaims.Claims = nil
	if got, what := checks.Classify(answer(200, `{"ok":true}`), noClaims); got != checks.NotARefusal || what != "" {
		t.Errorf("a provider without claims: %v %q", got, what)
	}
}
