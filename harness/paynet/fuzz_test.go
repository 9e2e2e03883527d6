package paynet_test

import (
	"testing"

	"github.com/payconform/payconform/harness/paynet"
)

// FuzzVerify feeds arbitrary Authorization values to Paynet's credential check: it accepts only
// "Basic " and the secret key byte for byte, and names a fault only for a value that carries the
// key. Never a panic.
func FuzzVerify(f *testing.F) {
	const secret = "sck_0123456789abcdef"
	for _, seed := range []string{paynet.Authorization(secret), paynet.Base64UserPassAuthorization(secret), "Bearer " + secret,
		"basic " + secret, "Basic " + secret + " ", "Basic", "", "Basic SCK_0123456789ABCDEF", "Basic sck_0123456789abcde"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, header string) {
		reason, fault := paynet.Verify(header, secret)
		if (reason == paynet.Accepted) != (header == "Basic "+secret) {
			t.Fatalf("Verify(%q) = %q: only the raw key after Basic is accepted", header, reason)
		}
		if reason == paynet.Accepted && fault != 0 {
			t.Fatalf("Verify(%q) accepted with fault %v", header, fault)
		}
	})
}
