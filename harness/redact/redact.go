// Package redact removes known secrets from text that leaves the harness: a target's answer
// quoted in a failure, a candidate's stderr or error message, a skip reason. It masks each secret
// in every form it is commonly leaked in: as is, base64 (standard, unpadded, URL-safe; of the
// secret alone and of the HTTP Basic pair "secret:"), hex (both cases), URL-encoded and
// JSON-escaped; and a long secret nearly (one character short, in another case), which gives
// it away as surely.
package redact

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"unicode"
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
	if len(s) >= 2*MinLength {
		// A credential nearly the secret gives the secret away too: payconform's own probes
		// send the key one character short and in another case, and a target may echo them.
		for _, near := range []Form{{"one character short", s[:len(s)-1]}, {"upper case", strings.ToUpper(s)}, {"lower case", strings.ToLower(s)}, {"case swapped", SwapCase(s)}} {
			if near.Text != s {
				forms = append(forms, near)
			}
		}
	}
	return compact(forms)
}

// compact drops repeated texts, keeping the first form of each.
func compact(forms []Form) []Form {
	seen := map[string]bool{}
	out := forms[:0]
	for _, f := range forms {
		if !seen[f.Text] {
			seen[f.Text] = true
			out = append(out, f)
		}
	}
	return out
}

// SwapCase swaps the case of every letter of s.
func SwapCase(s string) string {
	out := []rune(s)
	for i, r := range out {
		if u := unicode.ToUpper(r); u != r {
			out[i] = u
		} else {
			out[i] = unicode.ToLower(r)
		}
	}
	return string(out)
}

// Redactor masks a fixed set of secrets.
type Redactor struct {
	replacer *strings.Replacer
	secrets  []string
	forms    []string
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
	return &Redactor{replacer: strings.NewReplacer(pairs...), secrets: kept, forms: forms}
}

// Ellipsis is what a clipped text ends with (checks.Clip, the candidate runner's clip).
const Ellipsis = "…"

// String masks every secret in s, and the start of one cut short: text clipped before it was
// redacted ends in Ellipsis right after a secret's first characters, which give it away too.
func (r *Redactor) String(s string) string {
	if r == nil || r.replacer == nil {
		return s
	}
	s = r.replacer.Replace(s)
	if !strings.Contains(s, Ellipsis) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, Ellipsis)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(r.maskCutSecret(s[:i]))
		b.WriteString(Ellipsis)
		s = s[i+len(Ellipsis):]
	}
}

// maskCutSecret masks the longest start of a secret form (MinLength bytes or more) that text
// ends with.
func (r *Redactor) maskCutSecret(text string) string {
	best := 0
	for _, f := range r.forms {
		for k := min(len(f)-1, len(text)); k >= MinLength && k > best; k-- {
			if strings.HasSuffix(text, f[:k]) {
				best = k
				break
			}
		}
	}
	if best == 0 {
		return text
	}
	return text[:len(text)-best] + Mask
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
