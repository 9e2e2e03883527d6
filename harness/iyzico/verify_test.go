package iyzico_test

import (
	"encoding/base64"
	"testing"

	"github.com/payconform/payconform/harness/iyzico"
)

var kat = iyzico.Credentials{APIKey: "payconform-kat-api-key", SecretKey: "payconform-kat-secret-key"}

func verifier() iyzico.Verifier {
	return iyzico.Verifier{Secret: func(k string) (string, bool) { return kat.SecretKey, k == kat.APIKey }}
}

// RFC 9110 reads the scheme case-insensitively, followed by one or more spaces: such a header is
// accepted, with a SCHEME_SPELLING warning; a tab, or no space at all, is not a separator.
func TestSchemeIsReadAsRFC9110Says(t *testing.T) {
	body := []byte(`{"binNumber":"554960"}`)
	good := iyzico.Signer{Credentials: kat}.Sign("r-1", iyzico.BinCheckPath, body).Authorization
	token := good[len("IYZWSv2 "):]
	for _, tc := range []struct {
		header string
		ok     bool
		warned bool
	}{
		{good, true, false},
		{"iyzwsv2 " + token, true, true},
		{"IYZWSV2 " + token, true, true},
		{"IYZWSv2   " + token, true, true},
		{"IYZWSv2\t" + token, false, false},
		{"IYZWSv2" + token, false, false},
		{"IYZWSv2 ", false, false},
	} {
		res := verifier().Verify(iyzico.Request{Authorization: tc.header, Target: iyzico.BinCheckPath, Body: body})
		if res.OK() != tc.ok || res.Warnings.Has(iyzico.SchemeSpelled) != tc.warned {
			t.Errorf("%q: ok %t (%s), warnings %s; want ok %t, warned %t", tc.header[:min(len(tc.header), 20)], res.OK(), res.Reason, res.Warnings, tc.ok, tc.warned)
		}
	}
	if got := iyzico.Canonical("iyzwsv2  " + token); got != good {
		t.Errorf("Canonical = %q, want %q", got, good)
	}
}

// The page gives one layout for the token: apiKey, randomKey and signature, in that order, and
// nothing else. Another order, or an extra field, is refused as TOKEN_LAYOUT, with the right
// signature inside.
func TestTokenLayoutIsTheDocumentedOne(t *testing.T) {
	body := []byte(`{"binNumber":"554960"}`)
	sig := iyzico.Signature(kat.SecretKey, "r-1", iyzico.BinCheckPath, body)
	for _, text := range []string{
		"randomKey:r-1&apiKey:" + kat.APIKey + "&signature:" + sig,
		"apiKey:" + kat.APIKey + "&signature:" + sig + "&randomKey:r-1",
		"apiKey:" + kat.APIKey + "&randomKey:r-1&signature:" + sig + "&extra:1",
	} {
		h := "IYZWSv2 " + base64.StdEncoding.EncodeToString([]byte(text))
		res := verifier().Verify(iyzico.Request{Authorization: h, Target: iyzico.BinCheckPath, Body: body})
		if res.Reason != iyzico.TokenLayout || res.Defect != iyzico.TokenReordered {
			t.Errorf("%s: %s %s, want a refusal for the token layout", text, res.Reason, res.Defect)
		}
	}
	reordered := iyzico.Signer{Credentials: kat, Faults: iyzico.TokenReordered}.Sign("r-1", iyzico.BinCheckPath, body)
	if res := verifier().Verify(iyzico.Request{Authorization: reordered.Authorization, Target: iyzico.BinCheckPath, Body: body}); res.Reason != iyzico.TokenLayout {
		t.Errorf("the TokenReordered signer's header: %s", res.Reason)
	}
}
