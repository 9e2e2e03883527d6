package iyzico_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/payconform/payconform/harness/iyzico"
)

func TestEscapeNonASCIIRoundTrips(t *testing.T) {
	raw := []byte(`{"conversationId":"çğ € 𝄞 a/b","locale":"tr"}`)
	escaped := iyzico.EscapeNonASCII(raw)
	if want := `{"conversationId":"\u00e7\u011f \u20ac \ud834\udd1e a/b","locale":"tr"}`; string(escaped) != want {
		t.Fatalf("EscapeNonASCII = %s, want %s", escaped, want)
	}
	if back := iyzico.UnescapeNonASCII(escaped); string(back) != string(raw) {
		t.Fatalf("UnescapeNonASCII = %s, want %s", back, raw)
	}
	var a, b any
	if json.Unmarshal(raw, &a) != nil || json.Unmarshal(escaped, &b) != nil || !reflect.DeepEqual(a, b) {
		t.Fatal("the escaped body means something else")
	}
}

// A client that signs the escaped body and sends it raw is named, in either direction.
func TestVerifierNamesNonASCIIEscaped(t *testing.T) {
	creds := iyzico.Credentials{APIKey: "k", SecretKey: "s"}
	for _, body := range [][]byte{[]byte(`{"c":"çğ"}`), []byte(`{"c":"\u00e7\u011f"}`)} {
		signed := iyzico.EscapeNonASCII(body)
		if string(signed) == string(body) {
			signed = iyzico.UnescapeNonASCII(body)
		}
		h := iyzico.Signer{Credentials: creds}.Sign("r1", "/payment/bin/check", signed)
		res := iyzico.Verifier{Secret: func(string) (string, bool) { return "s", true }}.Verify(iyzico.Request{Authorization: h.Authorization, Target: "/payment/bin/check", Body: body})
		if res.OK() || res.Defect != iyzico.NonASCIIEscaped {
			t.Errorf("body %s signed as %s: %+v, want a refusal naming NON_ASCII_ESCAPED", body, signed, res)
		}
	}
}
