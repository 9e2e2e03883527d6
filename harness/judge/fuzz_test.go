package judge

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/certify"
)

// FuzzRouteCandidates reads any header value as the mock front does: the words it looks up are
// bounded in number and length, and a credential carried as it is, after a scheme, or inside a
// base64 token (IYZWSv2, HTTP Basic) is among them.
func FuzzRouteCandidates(f *testing.F) {
	f.Add("Basic sck_0123456789abcdef0123456789abcdef", "sck_0123456789abcdef0123456789abcdef")
	f.Add("IYZWSv2 "+base64.StdEncoding.EncodeToString([]byte("apiKey:sandbox-payconform-0123456789ab&randomKey:1&signature:ff")), "sandbox-payconform-0123456789ab")
	f.Add("pk_0123456789abcdef0123456789abcdef", "pk_0123456789abcdef0123456789abcdef")
	f.Add(strings.Repeat("a ", 500), "")
	f.Fuzz(func(t *testing.T, value, key string) {
		got := routeCandidates(value)
		if len(got) > maxRouteWords*8 {
			t.Fatalf("%d candidates from one value", len(got))
		}
		for _, c := range got {
			if len(c) < minRouteKey {
				t.Fatalf("candidate %q is shorter than a route key", c)
			}
		}
		if len(key) < minRouteKey || len(key) > 200 || strings.ContainsAny(key, " \t\r\n\v\f\u0085\u00a0&:=") {
			return
		}
		for _, header := range []string{"Basic " + key, "Basic " + base64.StdEncoding.EncodeToString([]byte(key+":")), key,
			"IYZWSv2 " + base64.StdEncoding.EncodeToString([]byte("apiKey:"+key+"&randomKey:1&signature:00"))} {
			found := false
			for _, c := range routeCandidates(header) {
				found = found || c == key
			}
			if !found {
				t.Fatalf("the key %q is not found in %q", key, header)
			}
		}
	})
}

// FuzzStoredAnswer turns any answer a vendor could post into an outcome as grading does: it never
// panics, and it is either a clean answer or a protocol failure of the case.
func FuzzStoredAnswer(f *testing.F) {
	f.Add(`{"case":"c","stdout":"{\"ok\":true,\"output\":{}}"}`)
	f.Add(`{"case":"c","stdout":"garbage","error":{"kind":"timeout","detail":"x"}}`)
	f.Add(`{"notRun":"not run: x"}`)
	f.Add(`{"case":"c","stdout":"{\"ok\":\"yes\"}"}`)
	f.Fuzz(func(t *testing.T, data string) {
		var a storedAnswer
		if json.Unmarshal([]byte(data), &a) != nil {
			return
		}
		o := outcome(certify.Case{ID: "c", Operation: "iyzico.bin_check"}, a, nil)
		var pe *candidate.ProtocolError
		if o.Err != nil && !errors.As(o.Err, &pe) {
			t.Fatalf("an answer became a %T, not a protocol failure: %v", o.Err, o.Err)
		}
		if o.NotRun == "" && o.Err == nil && o.Unsupported() && o.Run.Response.OK {
			t.Fatal("an answer is both ok and unsupported")
		}
	})
}
