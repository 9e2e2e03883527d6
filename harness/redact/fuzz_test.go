package redact_test

import (
	"encoding/base64"
	"encoding/hex"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/payconform/payconform/harness/redact"
)

// FuzzString feeds a secret and a text to the detector. Properties beyond "no panic":
//   - every form the oracle writes, put into the text, is found by Find and leaves String's
//     output in no form the oracle knows;
//   - the false-positive rule: a text is returned unchanged when nothing in it can hold the
//     secret (see plainText).
func FuzzString(f *testing.F) {
	for _, seed := range [][2]string{
		{"sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW", `{"status":"failure","errorCode":"1000","errorMessage":"Geçersiz imza"}`},
		{"pk_LEAKCANARY-paywall-key-90ab", `{"ErrorMessage":"\u0130\u015flem","Message":"x %41 &amp; y…","Token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2ln"}`},
		{"a%41&amp;\\u002B:ü", "plain words only, nothing else here"},
		{"123456", "id 1234567890abcdef 313233343536"},
		{"pass phrase+1", "q=a+b&c=%20"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, secret, text string) {
		if len(secret) < redact.MinLength || len(secret) > 64 || !utf8.ValidString(secret) || len(text) > 4096 || strings.Contains(secret, redact.Mask) {
			return
		}
		h := fnv.New64a()
		h.Write([]byte(secret + "\x00" + text))
		rng := rand.New(rand.NewPCG(h.Sum64(), 0))
		r := redact.New(secret)

		at := len(text) / 2
		for _, enc := range encodings {
			if !enc.promised(secret) {
				continue
			}
			w := enc.write(rng, secret)
			in := text[:at] + " " + w.text + " " + text[at:]
			if _, ok := r.Find(in); !ok {
				t.Fatalf("Find missed the secret written %s: %q", enc.name, in)
			}
			if left := survivors(r.String(in), append(w.leaks, secret)...); len(left) > 0 {
				t.Fatalf("String left %q of the secret written %s: %q", left, enc.name, in)
			}
		}

		if plainText(text, secret) {
			if got := r.String(text); got != text {
				t.Fatalf("a text that cannot hold the secret was changed:\n%q\n%q", text, got)
			}
			if m, ok := r.Find(text); ok {
				t.Fatalf("Find saw a %s in a text that cannot hold the secret: %q", m.Form, text)
			}
		}
	})
}

// plainText is the false-positive rule's premise: text holds nothing the detector decodes (no
// % \ & escape introducers, no '+' when the secret holds a space, no ellipsis to read a start
// before, no base64 run of 11 characters or more that is UTF-8 text once decoded, no hex run of
// 12 digits or more), and shares no MinLength bytes with the secret or any literal form of it
// (the secret in each case, its hex, its base64 and base64url at each byte offset). Such a
// text must come back unchanged.
func plainText(text, secret string) bool {
	if strings.ContainsAny(text, `%\&=[({`+"\r\n\x00\x08\x1b") || strings.Contains(text, redact.Ellipsis) || strings.Contains(text, "...") || strings.Contains(secret, " ") && strings.Contains(text, "+") {
		return false
	}
	// Text past ASCII may hold invisible or compatibility characters (folded, dropped); a
	// run of six or more short words may be a byte list or characters spaced out.
	if !isASCII(text) || shortWords(text) {
		return false
	}
	base64Class := func(c byte) bool {
		return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("+/-_", c) >= 0
	}
	hexClass := func(c byte) bool { return strings.IndexByte("0123456789abcdefABCDEF", c) >= 0 }
	for _, run := range classRuns(text, base64Class) {
		if len(run) >= 11 {
			if len(run)%4 == 1 {
				run = run[:len(run)-1]
			}
			d, err := base64.RawStdEncoding.DecodeString(strings.NewReplacer("-", "+", "_", "/").Replace(run))
			if err == nil && utf8.Valid(d) {
				return false
			}
		}
	}
	for _, run := range classRuns(text, hexClass) {
		if len(run) >= 12 {
			return false
		}
	}
	// A base32 run: 10 letters and digits or more, in one case.
	for _, run := range classRuns(text, func(c byte) bool { return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }) {
		if len(run) >= 10 && (strings.ToUpper(run) == run || strings.ToLower(run) == run) {
			return false
		}
	}
	forms := []string{secret, strings.ToUpper(secret), strings.ToLower(secret), swapCase(secret), hex.EncodeToString([]byte(secret)), strings.ToUpper(hex.EncodeToString([]byte(secret)))}
	for offset := range 3 {
		in := append(make([]byte, offset), secret...)
		forms = append(forms, base64.StdEncoding.EncodeToString(in), base64.URLEncoding.EncodeToString(in))
	}
	for _, form := range forms {
		for i := 0; i+redact.MinLength <= len(form); i++ {
			if strings.Contains(text, form[i:i+redact.MinLength]) {
				return false
			}
		}
	}
	return true
}

// classRuns are the maximal runs of s's bytes in class.
func classRuns(s string, class func(byte) bool) []string {
	var out []string
	for i := 0; i < len(s); {
		if !class(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && class(s[j]) {
			j++
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

func isASCII(s string) bool {
	for _, c := range []byte(s) {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// shortWords reports whether text holds six words of eight characters or fewer in a row,
// between spaces, commas, semicolons, colons, dashes or tabs: what a byte list, a list of code
// points or characters spaced out are made of.
func shortWords(text string) bool {
	n := 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(" ,;:-\t", r) }) {
		if len(w) <= 8 {
			n++
			if n >= 6 {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}
