// Package redact removes known secrets from text that leaves the harness: a target's answer
// quoted in a failure, a candidate's stderr or error message, a skip reason. It masks each secret
// in every form it is commonly leaked in: as is, base64 (standard, unpadded, URL-safe; of the
// secret alone and of the HTTP Basic pair "secret:"), hex (both cases), URL-encoded and
// JSON-escaped.
package redact

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
)

// Mask replaces a secret in text.
const Mask = "[REDACTED]"

// MinLength is the shortest secret masked: shorter values would mask ordinary words.
const MinLength = 6

// Form is one way a secret may be written out.
type Form struct {
	Name string
	Text string
}

// Forms lists the ways a secret may be written out, the secret itself first.
func Forms(s string) []Form {
	jsonEscaped, _ := json.Marshal(s)
	forms := []Form{
		{"plain", s},
		{"base64", base64.StdEncoding.EncodeToString([]byte(s))},
		{"base64 unpadded", base64.RawStdEncoding.EncodeToString([]byte(s))},
		{"base64url", base64.URLEncoding.EncodeToString([]byte(s))},
		{"base64url unpadded", base64.RawURLEncoding.EncodeToString([]byte(s))},
		{"base64 of secret:", base64.StdEncoding.EncodeToString([]byte(s + ":"))},
		{"hex", hex.EncodeToString([]byte(s))},
		{"HEX", strings.ToUpper(hex.EncodeToString([]byte(s)))},
		{"URL query-encoded", url.QueryEscape(s)},
		{"URL path-encoded", url.PathEscape(s)},
		{"JSON-escaped", strings.Trim(string(jsonEscaped), `"`)},
		{"JSON-escaped, slashes", strings.ReplaceAll(strings.Trim(string(jsonEscaped), `"`), "/", `\/`)},
	}
	return slices.CompactFunc(forms, func(a, b Form) bool { return a.Text == b.Text })
}

// Redactor masks a fixed set of secrets.
type Redactor struct {
	replacer *strings.Replacer
	secrets  []string
}

// New builds a Redactor for secrets; empty and short values (under MinLength bytes) are ignored.
func New(secrets ...string) *Redactor {
	var forms, kept []string
	for _, s := range secrets {
		if len(s) < MinLength {
			continue
		}
		kept = append(kept, s)
		for _, f := range Forms(s) {
			forms = append(forms, f.Text)
		}
	}
	// Longer forms first, so that a base64 form is masked whole, not around a shorter match.
	slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) })
	forms = slices.Compact(forms)
	pairs := make([]string, 0, 2*len(forms))
	for _, f := range forms {
		pairs = append(pairs, f, Mask)
	}
	return &Redactor{replacer: strings.NewReplacer(pairs...), secrets: kept}
}

// String masks every secret in s.
func (r *Redactor) String(s string) string {
	if r == nil || r.replacer == nil {
		return s
	}
	return r.replacer.Replace(s)
}

// Find reports the first secret form s holds, for checks that a text carries none.
func Find(s string, secrets ...string) (Form, bool) {
	for _, secret := range secrets {
		if len(secret) < MinLength {
			continue
		}
		for _, f := range Forms(secret) {
			if strings.Contains(s, f.Text) {
				return f, true
			}
		}
	}
	return Form{}, false
}
