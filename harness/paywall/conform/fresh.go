package conform

import (
	"encoding/json"
	"io"

	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/paywall"
)

// A hosted judge hands every session fresh cases: an ExpiryMin that is not a bound the case
// tests (0, 1, 1440) is drawn anew, and a Masterpass session gets a fresh reference, user and
// phone.
func init() {
	certify.RegisterFresh(paywall.OpTempTokenSdk, func(c certify.Case, rnd io.Reader) certify.Case {
		raw, ok := c.Input.(json.RawMessage)
		if !ok {
			return c
		}
		var req paywall.SdkRequest
		if json.Unmarshal(raw, &req) != nil {
			return c
		}
		if req.ExpiryMin > 1 && req.ExpiryMin < 1440 {
			req.ExpiryMin = 2 + certify.RandomInt(rnd, 1438)
		}
		if m := req.MasterpassSession; m != nil {
			fresh := *m
			fresh.ReferenceCode = "cert-ref-" + certify.RandomHex(rnd, 6)
			fresh.UserID = certify.RandomDigits(rnd, 11)
			fresh.UserPhone = "905" + certify.RandomDigits(rnd, 9)
			req.MasterpassSession = &fresh
		}
		c.Input = json.RawMessage(req.Encode(paywall.Encoding{}))
		return c
	})
}
