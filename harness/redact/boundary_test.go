package redact_test

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/redact"
)

// M is the mask, short for the tables below.
const M = redact.Mask

// Secrets written at the detector's limits: a length, an offset, a parity, a character class
// or a decoding at its edge. The random property tests rarely land exactly on an edge; each
// case here does, and names the edge. (Each was written for a mutant that outlived the other
// tests: README, Mutation testing.)
func TestSecretsAtTheDetectorsEdges(t *testing.T) {
	const s11 = "sck_Zq9wXy1" // under NearLength: no near forms, so only the decoding finds it
	for _, tc := range []struct {
		name    string
		secrets []string
		text    string
		want    string
	}{
		// Near forms.
		{"upper case of a 12-byte secret is 6 bytes (dotless ı), MinLength exactly",
			[]string{"ıııııı"}, "key IIIIII.", "key " + M + "."},
		{"one character replaced in a 12-byte secret: halves of exactly MinLength",
			[]string{"abcdefghijkl"}, "x abcdefXhijkl y", "x " + M + " y"},
		{"one character replaced, the only halfway left of the middle (a 4-byte character across it)",
			[]string{"abcdef𝄞ghijk"}, "x abcdef𝄞gXijk y", "x " + M + " y"},
		{"one character replaced, the only halfway right of the middle",
			[]string{"abcde𝄞fghijk"}, "x abcde𝄞fgXijk y", "x " + M + " y"},

		// The literal search's last gram.
		{"a 6-byte secret ending the text, one byte in (its last gram is the text's)",
			[]string{"s3cr3t"}, "xs3cr3t", "x" + M},

		// Masks.
		{"two secrets side by side are one mask",
			[]string{"first-secret", "second-secret"}, "k=first-secretsecond-secret;", "k=" + M + ";"},

		// Cut short by an ellipsis.
		{"a 7-byte secret cut to its first MinLength bytes",
			[]string{"pk_7x9Q"}, "k=pk_7x9… more", "k=" + M + "… more"},
		{"a 10-byte secret cut one byte short, at the text's start",
			[]string{"tok_Zq9wXy"}, "tok_Zq9wX… (clipped)", M + "… (clipped)"},
		{"a text clipped at both ends: the cut secret is after the second ellipsis",
			[]string{"sk_live_Zq9wXy12abc"}, "…key sk_live_Zq9w…", "…key " + M + "…"},

		// Query strings.
		{"a 6-byte secret with a space, the whole text in query-string form",
			[]string{"my key"}, "my+key", M},

		// JSON escapes.
		{"a \\u escape that ends the text", []string{s11}, `"k":"sck_Zq9wXy\u0031`, `"k":"` + M},
		{"a \\u escape cut short at the end of the text, after the secret", []string{s11}, s11 + ` \u00`, M + ` \u00`},

		// HTML character references: named ones with a digit, a 'z', an 'A', a 'Z' in the name.
		{"&frac12; (a name with digits)", []string{"ab½cdefg"}, "ab&frac12;cdefg", M},
		{"&zcaron; (a name with a z)", []string{"abžcdefg"}, "<p>ab&zcaron;cdefg</p>", "<p>" + M + "</p>"},
		{"&Aacute; (a name with an A)", []string{"abÁcdefg"}, "ab&Aacute;cdefg", M},
		{"&Zcaron; (a name with a Z)", []string{"abŽcdefg"}, "ab&Zcaron;cdefg", M},
		{"a decimal reference zero-padded past 40 bytes (HTML reads any number of digits)",
			[]string{"ab+cdefg"}, "ab&#" + strings.Repeat("0", 40) + "43;cdefg", M},
		{"a hex reference zero-padded past 40 bytes",
			[]string{"ab+cdefg"}, "ab&#x" + strings.Repeat("0", 40) + "2B;cdefg", M},

		// Base64 runs.
		{"a padded base64 blob is masked with its padding",
			[]string{"sck_Zq9wXy12a"}, "x " + base64.StdEncoding.EncodeToString([]byte("sck_Zq9wXy12a")) + " y", "x " + M + " y"},
		{"padding is two characters at most: a third '=' is not the run's",
			[]string{"sck_Zq9wXy12a"}, "x " + base64.StdEncoding.EncodeToString([]byte("sck_Zq9wXy12a")) + "= y", "x " + M + "= y"},
		{"a base64 run of exactly 11 characters, the whole text (a 6-byte secret, one character percent-encoded)",
			[]string{"abAcde"}, base64.RawStdEncoding.EncodeToString([]byte("ab%41cde")), M},
		{"a base64 blob of text that starts with £ (0xC2, the lowest two-byte start)",
			[]string{s11}, "x " + base64.StdEncoding.EncodeToString([]byte("£ sck_Zq9w%58y1")) + " y", "x " + M + " y"},
		{"a base64 blob of text that starts with U+FFFD",
			[]string{s11}, "x " + base64.StdEncoding.EncodeToString([]byte("\uFFFD sck_Zq9w%58y1")) + " y", "x " + M + " y"},
		{"a PHP-escaped base64 blob (/ as \\/) of a JSON text, the secret \\u-escaped inside, padded",
			[]string{"sck_???_Zq9wXy1"}, `{"b":"eyJrIjoic2NrXz8\/P19acTl3XHUwMDU4eTEifQ=="}`, `{"b":"` + M + `"}`},

		// Hex runs of mixed case (the literal hex forms are all lower or all upper case).
		{"a 12-digit mixed-case hex run, a 6-byte secret", []string{"zzzzzz"}, "id 7A7a7A7a7A7a.", "id " + M + "."},
		{"mixed-case hex at an even offset of a hex run", []string{s11}, "id=" + mixedHex(s11) + " .", "id=" + M + " ."},
		{"mixed-case hex at an odd offset of a hex run, ending with it", []string{s11}, "id=a" + mixedHex(s11) + " .", "id=a" + M + " ."},
	} {
		r := redact.New(tc.secrets...)
		if got := r.String(tc.text); got != tc.want {
			t.Errorf("%s:\n  text %q\n  got  %q\n  want %q", tc.name, tc.text, got, tc.want)
		}
		if _, ok := r.Find(tc.text); !ok {
			t.Errorf("%s: Find missed it in %q", tc.name, tc.text)
		}
	}
}

// mixedHex is the hex of s with every other letter digit in upper case.
func mixedHex(s string) string {
	b := []byte(hex.EncodeToString([]byte(s)))
	upper := false
	for i, c := range b {
		if 'a' <= c && c <= 'f' {
			if upper {
				b[i] = c - 'a' + 'A'
			}
			upper = !upper
		}
	}
	return string(b)
}

// Texts one step past a near form stay as they are: the false-positive rule at its edge.
func TestTwoCharactersApartInOneHalfStays(t *testing.T) {
	const secret = "sck_Secret-Value-0042" // halves "sck_Secret" and "-Value-0042"
	r := redact.New(secret)
	// The right half's first character and another of it replaced.
	for _, far := range []string{"sck_SecretXValuY-0042", "sck_SecretXValue-004Y"} {
		if got := r.String("echo: " + far + "."); got != "echo: "+far+"." {
			t.Errorf("%q is two characters apart and must stay: %q", far, got)
		}
	}
}

// When two forms start at the same byte, Find reports the longer run: a padded base64 blob of
// the secret alone is its stable characters and, decoded, the whole blob.
func TestFindReportsTheLongerOfTwoRunsThatStartTogether(t *testing.T) {
	const secret = "sck_Zq9wXy12a"
	blob := base64.StdEncoding.EncodeToString([]byte(secret)) // 20 characters, "==" included
	text := "x " + blob + " y"
	m, ok := redact.Find(text, secret)
	if !ok || m.Form != "plain, in a base64 run" || text[m.Start:m.End] != blob {
		t.Errorf("Find = %+v, %v; want the whole blob %q as \"plain, in a base64 run\"", m, ok, blob)
	}
}

// Decoding goes four encodings deep (the package comment's promise) and no deeper: each
// level multiplies the work a hostile text can ask for. A secret encoded four times is
// found; five percent-encodings deep, or six base64 or hex layers deep (the literal forms
// find the fifth), it is past the bound.
func TestDecodingStopsFourEncodingsDeep(t *testing.T) {
	const secret = "sck_Zq9wAy12"
	b64, hx := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }, func(s string) string { return hex.EncodeToString([]byte(s)) }
	nest := func(s string, f func(string) string, n int) string {
		for range n {
			s = f(s)
		}
		return s
	}
	for _, tc := range []struct {
		name  string
		text  string
		found bool
	}{
		{"A four times percent-encoded", "k=sck_Zq9w%25252541y12 .", true},
		{"A five times percent-encoded", "k=sck_Zq9w%2525252541y12 .", false},
		{"base64, five layers", "k=" + nest(secret, b64, 5) + " .", true},
		{"base64, six layers", "k=" + nest(secret, b64, 6) + " .", false},
		{"hex, five layers", "k=" + nest(secret, hx, 5) + " .", true},
		{"hex, six layers", "k=" + nest(secret, hx, 6) + " .", false},
	} {
		if _, ok := redact.Find(tc.text, secret); ok != tc.found {
			t.Errorf("%s: Find found it: %v, want %v", tc.name, ok, tc.found)
		}
	}
}
