package paynet_test

import (
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/paynet"
)

// The header is read as RFC 9110 reads credentials: Basic in any case, one or more spaces, the
// key. What else differs is named as what it is; "wrong secret key" only when the key is wrong.
func TestInspectNamesTheRealDifference(t *testing.T) {
	const key = "sck_0123456789abcdef"
	for _, tc := range []struct {
		header  string
		reason  paynet.Reason
		spelled bool
		detail  string
	}{
		{"Basic " + key, paynet.Accepted, false, ""},
		{"basic " + key, paynet.Accepted, true, ""},
		{"BASIC   " + key, paynet.Accepted, true, ""},
		{"Basic\t" + key, paynet.Malformed, false, "not separated from Basic by a space"},
		{"Basic" + key, paynet.Malformed, false, "not separated from Basic by a space"},
		{`Basic "` + key + `"`, paynet.Malformed, false, "in quotes"},
		{"Basic " + key + "\t", paynet.Malformed, false, "whitespace"},
		{"Bearer " + key, paynet.WrongScheme, false, "under Bearer"},
		{paynet.Base64UserPassAuthorization(key), paynet.EncodedKey, false, "base64"},
		{"Basic sck_0123456789abcdeg", paynet.WrongSecret, false, "not the merchant's"},
		{"Token " + key, paynet.WrongScheme, false, "scheme"},
	} {
		r := paynet.Inspect(tc.header, key)
		if r.Reason != tc.reason || r.Spelled != tc.spelled || !strings.Contains(r.Detail, tc.detail) {
			t.Errorf("Inspect(%q) = %+v; want %q, spelled %t, detail with %q", tc.header, r, tc.reason, tc.spelled, tc.detail)
		}
		if strings.Contains(r.Detail, key) {
			t.Errorf("Inspect(%q) writes the key into its detail", tc.header)
		}
	}
}
