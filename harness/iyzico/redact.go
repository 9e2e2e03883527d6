package iyzico

import (
	"fmt"
	"strings"

	"github.com/payconform/payconform/harness/provider"
)

// RedactAuthorization shows an Authorization value with its scheme, apiKey and randomKey and
// the signature masked, so that a report can show which request it was without enabling a replay.
// Values it cannot parse keep their scheme and lose the rest.
func RedactAuthorization(h string) string {
	if h == "" {
		return "(none)"
	}
	tok, reason, _, _ := ParseAuthorization(h)
	if reason == Accepted || reason == MissingField {
		return Scheme + " [apiKey:" + tok.APIKey + "&randomKey:" + tok.RandomKey + "&signature:" + fingerprint(tok.Signature) + "]"
	}
	scheme, rest, _ := strings.Cut(h, " ")
	if len(scheme) > 16 {
		scheme = scheme[:len(Scheme)] + "…"
	}
	return scheme + " " + provider.Mask(rest)
}

// fingerprint shows the first six characters of a signature and its length: enough to tell two
// signatures apart, or to see upper-case hex, far too little to replay a request.
func fingerprint(sig string) string {
	if len(sig) <= 12 {
		return provider.Mask(sig)
	}
	return fmt.Sprintf("%s…<%d chars>", sig[:6], len(sig))
}
