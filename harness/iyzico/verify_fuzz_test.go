package iyzico_test

import (
	"testing"

	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
)

// FuzzVerify feeds arbitrary Authorization headers, x-iyzi-rnd values, targets and bodies to the
// verifier, seeded with every verify vector. It must never panic, and it may accept a request
// only when the signature is the one IYZWSv2 defines over exactly those bytes, in a token of
// exactly the documented layout, after a scheme RFC 9110 reads as IYZWSv2.
func FuzzVerify(f *testing.F) {
	for _, v := range conform.VerifyVectors().Tests() {
		authz := ""
		if v.Input.Authorization != nil {
			authz = *v.Input.Authorization
		}
		rnd := ""
		if v.Input.XIyziRnd != nil {
			rnd = *v.Input.XIyziRnd
		}
		f.Add(authz, rnd, v.Input.Path, []byte(v.Input.Body))
	}
	f.Add("IYZWSv2 ", "", "/", []byte(nil))
	f.Add("IYZWSv2 YXBpS2V5Og==", "", "/?", []byte("{}"))
	f.Add("iyzwsv2   YXBpS2V5Og==", "", "/", []byte("{}"))
	verifier := iyzico.Verifier{Secret: func(k string) (string, bool) {
		return "payconform-kat-secret-key", k == "payconform-kat-api-key"
	}}
	f.Fuzz(func(t *testing.T, authz, rnd, target string, body []byte) {
		res := verifier.Verify(iyzico.Request{Authorization: authz, XIyziRnd: rnd, Target: target, Body: body})
		if !res.OK() {
			if res.Reason == "" {
				t.Fatal("refused without a reason")
			}
			return
		}
		want := iyzico.Signature("payconform-kat-secret-key", res.RandomKey, iyzico.URIPath(target), body)
		if res.APIKey != "payconform-kat-api-key" || res.Signature != want {
			t.Fatalf("accepted %q for apiKey %q with signature %q; want %q", authz, res.APIKey, res.Signature, want)
		}
		if iyzico.Canonical(authz) != iyzico.Authorization(res.APIKey, res.RandomKey, res.Signature) {
			t.Fatalf("accepted %q, which is not IYZWSv2 and the documented token", authz)
		}
		if spelled := iyzico.Canonical(authz) != authz; spelled != res.Warnings.Has(iyzico.SchemeSpelled) {
			t.Fatalf("accepted %q with warnings %s", authz, res.Warnings)
		}
	})
}
