package conform

import (
	"io"
	"strings"

	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/iyzico"
)

// A hosted judge hands every session fresh cases (docs/design.md, The hosted judge): a bin/check
// carries a conversationId no earlier session saw, and a signing case fresh keys, so that no
// answer can be looked up in the vector file or replayed from another session.
func init() {
	certify.RegisterFresh(iyzico.OpBinCheck, freshBinCheck)
	certify.RegisterFresh(iyzico.OpSign, freshSign)
}

// freshBinCheck adds a random part to the case's conversationId, keeping the characters it
// carries on purpose; a case without one stays without one.
func freshBinCheck(c certify.Case, rnd io.Reader) certify.Case {
	in, ok := c.Input.(iyzico.BinCheckRequest)
	if !ok || in.ConversationID == "" {
		return c
	}
	in.ConversationID += "-" + certify.RandomHex(rnd, 8)
	c.Input = in
	return c
}

// freshSign keeps a signing vector's path and body (their bytes are what it tests: escapes,
// non-ASCII, a query string, a large body) and draws a new apiKey, secretKey and randomKey. The
// expected header is computed here, by the harness's own signer, which the vectors' openssl
// check holds to the published algorithm; it is never sent to the candidate. A vector whose
// randomKey carries '~', '?' or '>' (so that URL-safe base64 would write the token otherwise)
// gets a fresh randomKey of those characters and digits, drawn again, a bounded number of
// times, until the token's base64 holds '+' or '/'.
func freshSign(c certify.Case, rnd io.Reader) certify.Case {
	v, ok := c.Vector.(SignTest)
	if !ok {
		return c
	}
	special := strings.ContainsAny(v.Input.RandomKey, "~?>")
	for attempt := 0; ; attempt++ {
		v.Input.APIKey = "sandbox-fresh-" + certify.RandomHex(rnd, 12)
		v.Input.SecretKey = "sandbox-fresh-" + certify.RandomHex(rnd, 16)
		v.Input.RandomKey = certify.RandomDigits(rnd, 12) + certify.RandomHex(rnd, 4)
		if special {
			v.Input.RandomKey = "rnd" + pick(rnd, "~?>0123456789", 14)
		}
		signed := iyzico.Signer{Credentials: iyzico.Credentials{APIKey: v.Input.APIKey, SecretKey: v.Input.SecretKey}}.Sign(v.Input.RandomKey, v.Input.Path, v.Input.BodyBytes())
		token := strings.TrimPrefix(signed.Authorization, iyzico.Scheme+" ")
		if !special || strings.ContainsAny(token, "+/") || attempt == 63 {
			v.Expected.Authorization = signed.Authorization
			break
		}
	}
	v.Expected.Signature = iyzico.Signature(v.Input.SecretKey, v.Input.RandomKey, iyzico.URIPath(v.Input.Path), v.Input.BodyBytes())
	c.Vector = v
	c.Input = SignOpInput{RandomKey: v.Input.RandomKey, Path: v.Input.Path, Body: string(v.Input.BodyBytes())}
	c.Credentials = map[string]string{"api_key": v.Input.APIKey, "secret_key": v.Input.SecretKey}
	return c
}

// pick is n characters of alphabet drawn from rnd.
func pick(rnd io.Reader, alphabet string, n int) string {
	out := make([]byte, n)
	for i := range out {
		out[i] = alphabet[certify.RandomInt(rnd, len(alphabet))]
	}
	return string(out)
}
