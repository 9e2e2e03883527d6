package paynet_test

import (
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/paynet"
)

// FuzzVerify feeds arbitrary Authorization values to Paynet's credential check: it accepts only
// the Basic scheme (in any case, RFC 9110), one or more spaces and the secret key byte for byte,
// with a warning unless it is written "Basic " and the key; it says "wrong secret key" only when
// the key is wrong; it names a fault only for a value that carries the key. Never a panic.
func FuzzVerify(f *testing.F) {
	const secret = "sck_0123456789abcdef"
	for _, seed := range []string{paynet.Authorization(secret), paynet.Base64UserPassAuthorization(secret), "Bearer " + secret,
		"basic " + secret, "Basic  " + secret, "BASIC\t" + secret, `Basic "` + secret + `"`, "Basic " + secret + " ", "Basic", "", "Basic SCK_0123456789ABCDEF", "Basic sck_0123456789abcde"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, header string) {
		r := paynet.Inspect(header, secret)
		scheme, rest, _ := strings.Cut(header, " ")
		exact := strings.EqualFold(scheme, "Basic") && strings.TrimLeft(rest, " ") == secret
		if (r.Reason == paynet.Accepted) != exact {
			t.Fatalf("Inspect(%q) = %q: only Basic, spaces and the raw key are accepted", header, r.Reason)
		}
		if r.Reason == paynet.Accepted && (r.Fault != 0 || r.Spelled != (header != "Basic "+secret)) {
			t.Fatalf("Inspect(%q) accepted with fault %v, spelled %t", header, r.Fault, r.Spelled)
		}
		if r.Reason == paynet.WrongSecret && paynet.Key(header) == secret {
			t.Fatalf("Inspect(%q) says the secret key is wrong, and it is not", header)
		}
		if strings.Contains(r.Detail, secret) {
			t.Fatalf("Inspect(%q) writes the key into its detail", header)
		}
	})
}
