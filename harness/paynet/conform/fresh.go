package conform

import (
	"io"

	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/paynet"
)

// A hosted judge hands every session fresh cases: the agent and the dealer's user are the
// session's generated ones, and a case's own user gets a random part, keeping the characters it
// carries on purpose.
func init() {
	certify.RegisterFresh(paynet.OpGetAuthKey, func(c certify.Case, rnd io.Reader) certify.Case {
		prepare := c.Prepare
		if prepare == nil {
			return c
		}
		suffix := "-" + certify.RandomHex(rnd, 6)
		c.Prepare = func(vars map[string]string) any {
			in := prepare(vars).(paynet.AuthRequest)
			if in.UserID != vars[paynet.EnvUserID] {
				in.UserID += suffix
			}
			return in
		}
		return c
	})
}
