package shape_test

import (
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/shape"
)

// Whatever a target answers, its shape is bounded, names no value of it but a code, and every
// element reads as the kinds and types the history knows.
func FuzzOf(f *testing.F) {
	for _, seed := range []string{
		`{"status":"success","bankCode":62,"commercial":0}`,
		`{"status":"failure","errorCode":"1000","errorMessage":"Geçersiz imza"}`,
		`{"type":"authorization_error","message":"x","code":401,"result_code":7}`,
		`{"ErrorCode":0,"Result":true,"Body":{"Token":"0b7c","Scope":{"ScopeBased":false},"Masterpass":null}}`,
		`[1,"a",{"b":[{}]}]`, `<html>500</html>`, ``, `{"a":`, `{"\u0000":"\ud800"}`,
	} {
		f.Add("application/json", seed, false)
	}
	f.Fuzz(func(t *testing.T, contentType, body string, clipped bool) {
		e := entry.ExchangeEntry{Method: "POST", URL: "http://127.0.0.1/p", Status: 200, ResponseHeader: map[string][]string{"Content-Type": {contentType}},
			ResponseBody: body, Clipped: clipped}
		es := shape.Of(e, []string{"errorCode", "code"}, nil)
		if len(es) < 2 || es[0].Kind != shape.Status || es[1].Kind != shape.Media {
			t.Fatalf("no status and media type first: %v", es)
		}
		fields := 0
		for _, el := range es {
			switch el.Kind {
			case shape.Field:
				fields++
				if !strings.HasPrefix(el.Path, "$") || !allowed[el.Type] {
					t.Fatalf("field %q of type %q", el.Path, el.Type)
				}
			case shape.Code:
				if len(el.Codes) > 2*(len("errorCode=")+36) {
					t.Fatalf("codes too long: %q", el.Codes)
				}
			}
		}
		if fields > shape.MaxElements {
			t.Fatalf("%d fields", fields)
		}
		// A value longer than a code never reaches the shape.
		if len(body) > 40 && strings.Contains(body, `"v":"`) {
			for _, el := range es {
				if strings.Contains(el.String(), body) {
					t.Fatalf("the body reached the shape: %v", el)
				}
			}
		}
	})
}

var allowed = map[string]bool{"object": true, "array": true, "string": true, "number": true, "boolean": true, "null": true, "text": true, "": true}
