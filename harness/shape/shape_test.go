package shape_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/shape"
)

func answer(status int, contentType, body string) entry.ExchangeEntry {
	return entry.ExchangeEntry{Method: "POST", URL: "https://api.example.com/v1/pay?token=abc", Status: status,
		ResponseHeader: map[string][]string{"Content-Type": {contentType}}, ResponseBody: body}
}

func lines(es []shape.Element) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.String()
	}
	return out
}

// An answer's shape is its status, media type, error codes, and every field's path and type,
// in path order: nested objects, arrays of objects, nulls; the query string is not part of the
// endpoint.
func TestOfRecordsPathsTypesAndCodes(t *testing.T) {
	body := `{"status":"failure","errorCode":"1000","items":[{"id":1,"tags":["a"]},{"id":2,"note":null}],"Body":{"ok":true}}`
	got := lines(shape.Of(answer(200, "application/json; charset=utf-8", body), []string{"errorCode"}, nil))
	want := []string{
		"POST /v1/pay 200",
		"POST /v1/pay 200 as application/json",
		`POST /v1/pay 200 with errorCode="1000"`,
		`POST /v1/pay 200 errorCode="1000": $ object`,
		`POST /v1/pay 200 errorCode="1000": $.Body object`,
		`POST /v1/pay 200 errorCode="1000": $.Body.ok boolean`,
		`POST /v1/pay 200 errorCode="1000": $.errorCode string`,
		`POST /v1/pay 200 errorCode="1000": $.items array`,
		`POST /v1/pay 200 errorCode="1000": $.items[*] object`,
		`POST /v1/pay 200 errorCode="1000": $.items[*].id number`,
		`POST /v1/pay 200 errorCode="1000": $.items[*].note null`,
		`POST /v1/pay 200 errorCode="1000": $.items[*].tags array`,
		`POST /v1/pay 200 errorCode="1000": $.items[*].tags[*] string`,
		`POST /v1/pay 200 errorCode="1000": $.status string`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// No value is kept: not a name, a card number, a token; a code field whose value does not look
// like a code is kept as such, and numeric codes as numbers.
func TestOfKeepsNoValue(t *testing.T) {
	values := []string{"Ayşe Yılmaz", "5528790000000008", "tok_9f8e7d6c5b4a", "ayse@example.com", "free text with spaces"}
	body := `{"name":"Ayşe Yılmaz","card":"5528790000000008","token":"tok_9f8e7d6c5b4a","mail":"ayse@example.com","code":"free text with spaces","result_code":7}`
	es := shape.Of(answer(401, "application/json", body), []string{"code", "result_code"}, nil)
	all := strings.Join(lines(es), "\n")
	for _, v := range values {
		if strings.Contains(all, v) {
			t.Errorf("the shape keeps the value %q:\n%s", v, all)
		}
	}
	if !strings.Contains(all, `with code="(not a code)" result_code=7`) {
		t.Errorf("codes not as expected:\n%s", all)
	}
}

// A clipped body gives its status and media type only; a body that is not JSON is "text"; an
// empty one has no type; an answer that never came has no shape.
func TestOfBodiesThatAreNotWhole(t *testing.T) {
	clipped := answer(200, "application/json", `{"a":1,"b":`)
	clipped.Clipped = true
	if got := lines(shape.Of(clipped, nil, nil)); !slices.Equal(got, []string{"POST /v1/pay 200", "POST /v1/pay 200 as application/json"}) {
		t.Errorf("clipped: %v", got)
	}
	if got := lines(shape.Of(answer(500, "text/html", "<html>oops</html>"), nil, nil)); !slices.Contains(got, "POST /v1/pay 500: $ text") {
		t.Errorf("HTML page: %v", got)
	}
	if got := lines(shape.Of(answer(204, "", ""), nil, nil)); !slices.Equal(got, []string{"POST /v1/pay 204", "POST /v1/pay 204 as (none)", "POST /v1/pay 204: $ "}) {
		t.Errorf("empty: %v", got)
	}
	if got := shape.Of(entry.ExchangeEntry{Method: "POST", URL: "http://x/", Error: "connection refused"}, nil, nil); got != nil {
		t.Errorf("no answer: %v", got)
	}
}

// A key, a code or a path that holds a secret is replaced, not kept.
func TestOfMasksSecrets(t *testing.T) {
	const secret = "sk_live_canary_5f1e2d3c4b5a69788796a5b4"
	mask := func(s string) string { return strings.ReplaceAll(s, secret, "***") }
	e := answer(200, "application/json", `{"`+secret+`":1,"errorCode":"`+secret[:30]+`"}`)
	e.URL = "https://api.example.com/v1/" + secret
	all := strings.Join(lines(shape.Of(e, []string{"errorCode"}, mask)), "\n")
	if strings.Contains(all, secret) || strings.Contains(all, secret[:30]) {
		t.Errorf("a secret reached the shape:\n%s", all)
	}
	for _, want := range []string{"[(masked key)]", "(path withheld)"} {
		if !strings.Contains(all, want) {
			t.Errorf("want %s in\n%s", want, all)
		}
	}
}

// Hostile bodies are bounded: deep nesting and wide objects give at most MaxElements fields.
func TestOfIsBounded(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000)
	wide := "{" + strings.Repeat(`"k":1,`, 0)
	var b strings.Builder
	b.WriteString("{")
	for i := range 20000 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"k` + strings.Repeat("x", i%50) + string(rune('a'+i%26)) + `":[` + strings.Repeat("[", i%20) + "1" + strings.Repeat("]", i%20) + "]")
	}
	b.WriteString("}")
	wide = b.String()
	for name, body := range map[string]string{"deep": deep, "wide": wide} {
		es := shape.Of(answer(200, "application/json", body), nil, nil)
		fields := 0
		for _, e := range es {
			if e.Kind == shape.Field {
				fields++
				if depth := strings.Count(e.Path, ".") + strings.Count(e.Path, "[*]"); depth > shape.MaxDepth {
					t.Errorf("%s: %s is deeper than %d", name, e.Path, shape.MaxDepth)
				}
			}
		}
		if fields == 0 || fields > shape.MaxElements {
			t.Errorf("%s: %d fields, want 1..%d", name, fields, shape.MaxElements)
		}
	}
}
