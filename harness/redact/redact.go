// Package redact removes known secrets from text that leaves the harness: a candidate's stderr,
// a message that quotes what a client sent. It masks each secret and the forms it is most often
// leaked in (base64 of the secret alone, and of the HTTP Basic pair).
package redact

import (
	"encoding/base64"
	"slices"
	"strings"
)

// Mask replaces a secret in text.
const Mask = "[REDACTED]"

// Redactor masks a fixed set of secrets.
type Redactor struct {
	replacer *strings.Replacer
}

// New builds a Redactor for secrets; empty and very short values (under 6 bytes, which would mask
// ordinary words) are ignored.
func New(secrets ...string) *Redactor {
	var forms []string
	for _, s := range secrets {
		if len(s) < 6 {
			continue
		}
		for _, f := range []string{
			s,
			base64.StdEncoding.EncodeToString([]byte(s)),
			base64.RawStdEncoding.EncodeToString([]byte(s)),
			base64.URLEncoding.EncodeToString([]byte(s)),
			base64.RawURLEncoding.EncodeToString([]byte(s)),
			base64.StdEncoding.EncodeToString([]byte(s + ":")),
		} {
			forms = append(forms, f)
		}
	}
	// Longer forms first, so that a base64 form is masked whole, not around a shorter match.
	slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) })
	forms = slices.Compact(forms)
	pairs := make([]string, 0, 2*len(forms))
	for _, f := range forms {
		pairs = append(pairs, f, Mask)
	}
	return &Redactor{replacer: strings.NewReplacer(pairs...)}
}

// String masks every secret in s.
func (r *Redactor) String(s string) string {
	if r == nil || r.replacer == nil {
		return s
	}
	return r.replacer.Replace(s)
}
