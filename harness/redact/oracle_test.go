package redact_test

import (
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"github.com/payconform/payconform/harness/redact"
)

// The oracle: the ways a secret may be written into a text, each built here with the standard
// library's encoders or a few lines of its own, never with the package under test. A written
// form names the runs of the text that give the secret away; the tests assert that none of
// them survives redaction.

// written is a secret written out in one form.
type written struct {
	text  string
	leaks []string // runs of text that give the secret away
	// whole says the form is an encoded blob that may be masked whole (a base64 run).
	whole bool
	// joined says the leaks are read in the text joined across line breaks.
	joined bool
}

// encoding is one form the oracle writes.
type encoding struct {
	name string
	near bool // a near form: for secrets of redact.NearLength bytes or more only
	// delimited says the form must stand apart from the text around it (a base64 blob decoded
	// from its first character); the others may be glued to any text.
	delimited bool
	write     func(rng *rand.Rand, s string) written
	// applies, when set, says which secrets the form is promised for.
	applies func(s string) bool
}

// promised reports whether the detector promises to find enc for secret s.
func (enc encoding) promised(s string) bool {
	return (!enc.near || len(s) >= redact.NearLength) && (enc.applies == nil || enc.applies(s))
}

// realistic is what the tests draw secrets from: base64 and URL punctuation, the characters
// that encodings change (+ / = & : % " \ < >), Turkish letters, and one character outside the
// Basic Multilingual Plane (a surrogate pair in JSON).
var realistic = []rune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=&:%_-.~!*$@#?,;\"\\<>'üşğİıçöÜŞĞÇÖ€é𝄞")

// ordinary is what the text around a secret is drawn from: JSON and prose, without the
// characters that start an escape (% \ &) or the ellipsis, which would read the secret's first
// characters as part of an escape or as cut short.
var ordinary = []rune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.:;-_=+/\"{}[]()\nçşığüöİ")

func randomString(rng *rand.Rand, alphabet []rune, minLen, maxLen int) string {
	n := minLen + rng.IntN(maxLen-minLen+1)
	out := make([]rune, n)
	for i := range out {
		out[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(out)
}

// randomSecret is 6 to 64 characters of the realistic alphabet.
func randomSecret(rng *rand.Rand) string {
	return randomString(rng, realistic, 6, 64)
}

// encodings are every form the oracle writes.
var encodings = []encoding{
	{name: "plain", write: func(_ *rand.Rand, s string) written { return leak(s) }},
	{name: "one character short", near: true, write: func(_ *rand.Rand, s string) written { return leak(s[:len(s)-1]) }},
	{name: "upper case", near: true, write: func(_ *rand.Rand, s string) written { return leak(strings.ToUpper(s)) }},
	{name: "lower case", near: true, write: func(_ *rand.Rand, s string) written { return leak(strings.ToLower(s)) }},
	{name: "case swapped", near: true, write: func(_ *rand.Rand, s string) written { return leak(swapCase(s)) }},
	{name: "one character replaced", near: true, write: replaceOne, applies: func(s string) bool { return len(s) >= 15 || utf8.RuneCountInString(s) == len(s) }},
	{name: "base64", write: base64Of(base64.StdEncoding)},
	{name: "base64 unpadded", write: base64Of(base64.RawStdEncoding)},
	{name: "base64url", write: base64Of(base64.URLEncoding)},
	{name: "base64url unpadded", write: base64Of(base64.RawURLEncoding)},
	{name: "hex", write: hexOf(strings.ToLower)},
	{name: "HEX", write: hexOf(strings.ToUpper)},
	{name: "hex, mixed case", write: func(rng *rand.Rand, s string) written {
		return hexOf(func(h string) string { return mixCase(rng, h) })(rng, s)
	}},
	{name: "percent-encoded, some characters", write: escaped(percentMix)},
	{name: "JSON \\u-escaped, some characters", write: escaped(jsonMix)},
	{name: "HTML/XML character references, some characters", write: escaped(entityMix)},
	{name: "base64 of key:secret, percent-encoded", write: func(rng *rand.Rand, s string) written {
		return encodedBase64(rng, s, percentMix)
	}},
	{name: "base64 of key:secret, JSON-escaped", write: func(rng *rand.Rand, s string) written {
		return encodedBase64(rng, s, jsonMix)
	}},
	{name: "\\x, octal, \\U and \\u{} escapes (C, Go, Python, JavaScript, Rust), some characters", write: escaped(cMix)},
	{name: "%uXXXX (JavaScript escape()), some characters", write: escaped(percentUMix)},
	{name: "percent-encoded, then some characters of that \\u-escaped", write: func(rng *rand.Rand, s string) written {
		// Two encodings at once, as a query string inside a JSON string (.NET writes "%" as
		// \u0025): the inner encoding escapes its own introducer, the outer any character.
		prefix, suffix := context(rng), context(rng)
		x := mustEscapeSome(rng, mustEscapeSome(rng, s, percentMix), jsonMix)
		return written{text: escapeSome(rng, escapeSome(rng, prefix, percentMix), jsonMix) + x + escapeSome(rng, escapeSome(rng, suffix, percentMix), jsonMix), leaks: []string{x}}
	}},
	{name: "across a line break", write: func(rng *rand.Rand, s string) written {
		rs := []rune(s)
		i := splitPoint(rng, rs)
		text := string(rs[:i]) + []string{"\n", "\r\n", "\n    "}[rng.IntN(3)] + string(rs[i:])
		return written{text: text, leaks: []string{string(rs[:i]) + string(rs[i:])}, joined: true}
	}},
	{name: "base64 wrapped at 76 columns (MIME, GNU base64)", write: wrapped(76, "\n")},
	{name: "base64 wrapped at 64 columns (PEM), CR LF", write: wrapped(64, "\r\n")},
	{name: "base32", delimited: true, write: base32Of(base32.StdEncoding, strings.ToUpper)},
	{name: "base32, lower case, unpadded", delimited: true, write: base32Of(base32.StdEncoding.WithPadding(base32.NoPadding), strings.ToLower)},
	{name: "base32hex", delimited: true, write: base32Of(base32.HexEncoding, strings.ToUpper)},
	{name: "Go's fmt of a []byte", delimited: true, write: byteList("[", "%d", " ", "]", false)},
	{name: "Java's Arrays.toString of a byte[], signed", delimited: true, write: byteList("[", "%d", ", ", "]", true)},
	{name: "Python's list(bytes)", delimited: true, write: byteList("[", "%d", ", ", "]", false)},
	{name: "Node's Buffer", delimited: true, write: byteList("<Buffer ", "%02x", " ", ">", false)},
	{name: "Go's %#v of a []byte", delimited: true, write: byteList("[]byte{", "%#x", ", ", "}", false)},
	{name: "hex bytes with colons", delimited: true, write: byteList("", "%02X", ":", "", false)},
	{name: "UTF-16LE", write: func(_ *rand.Rand, s string) written { return leak(string(utf16LE(s))) }},
	{name: "base64 of UTF-16LE (.NET Encoding.Unicode, PowerShell)", write: func(rng *rand.Rand, s string) written {
		prefix, suffix := context(rng), context(rng)
		b := append(append(utf16LE(prefix), utf16LE(s)...), utf16LE(suffix)...)
		text := base64.StdEncoding.EncodeToString(b)
		return written{text: text, leaks: []string{secretChars(text, 2*len(utf16.Encode([]rune(prefix))), len(utf16LE(s)))}, whole: true}
	}},
	{name: "UTF-16LE in Go's %q (\\x escapes of bytes)", write: func(_ *rand.Rand, s string) written {
		q := fmt.Sprintf("%q", string(utf16LE(s)))
		return leak(q[1 : len(q)-1])
	}},
	{name: "upper case by Turkish rules", near: true, applies: func(s string) bool {
		return strings.ToUpperSpecial(unicode.TurkishCase, s) != strings.ToUpper(s)
	}, write: func(_ *rand.Rand, s string) written { return leak(strings.ToUpperSpecial(unicode.TurkishCase, s)) }},
	{name: "UTF-32BE", write: func(_ *rand.Rand, s string) written {
		var b []byte
		for _, c := range s {
			b = append(b, 0, byte(c>>16), byte(c>>8), byte(c))
		}
		return leak(string(b))
	}},
	{name: "in Windows-1254, percent-encoded (Java's URLEncoder)", applies: inCP1254, write: func(_ *rand.Rand, s string) written {
		b, _ := charmap.Windows1254.NewEncoder().String(s)
		return leak(url.QueryEscape(b))
	}},
	{name: "in Windows-1254, raw", applies: inCP1254, write: func(_ *rand.Rand, s string) written {
		b, _ := charmap.Windows1254.NewEncoder().String(s)
		return leak(b)
	}},
	{name: "UTF-8 read as Latin-1 (mojibake)", write: func(_ *rand.Rand, s string) written {
		var rs []rune
		for _, c := range []byte(s) {
			rs = append(rs, rune(c))
		}
		return leak(string(rs))
	}},
	{name: "NFD", write: func(_ *rand.Rand, s string) written { return leak(norm.NFD.String(s)) }},
	{name: "a zero-width space after every character", write: func(_ *rand.Rand, s string) written {
		return leak(strings.Join(strings.Split(s, ""), "\u200b"))
	}},
	{name: "an ANSI colour around every character", write: func(_ *rand.Rand, s string) written {
		var b strings.Builder
		for _, c := range s {
			fmt.Fprintf(&b, "\x1b[3%dm%c\x1b[0m", int(c)%8, c)
		}
		// The colour before the first character and the reset after the last are not the
		// secret's.
		text := b.String()
		return written{text: text, leaks: []string{text[len("\x1b[30m") : len(text)-len("\x1b[0m")]}}
	}},
	{name: "fullwidth (NFKC folds it back)", write: func(_ *rand.Rand, s string) written {
		return leak(strings.Map(func(c rune) rune {
			if 0x21 <= c && c <= 0x7e {
				return c + 0xFEE0
			}
			return c
		}, s))
	}},
	{name: "quoted-printable, every byte", write: func(_ *rand.Rand, s string) written {
		var b strings.Builder
		for _, c := range []byte(s) {
			fmt.Fprintf(&b, "=%02X", c)
		}
		return leak(b.String())
	}},
	{name: "CSS escapes, some characters", write: escaped(func(rng *rand.Rand, r rune, raw string) string {
		if raw != `\` && rng.IntN(2) == 0 {
			return raw
		}
		return fmt.Sprintf(`\%02x `, r)
	})},
	{name: "Perl \\x{} escapes, some characters", write: escaped(func(rng *rand.Rand, r rune, raw string) string {
		if raw != `\` && rng.IntN(2) == 0 {
			return raw
		}
		return fmt.Sprintf(`\x{%x}`, r)
	})},
	{name: "a string continued on the next line (\\ newline)", applies: func(s string) bool { return !strings.Contains(s, `\`) }, write: func(rng *rand.Rand, s string) written {
		rs := []rune(s)
		i := splitPoint(rng, rs)
		return leak(string(rs[:i]) + "\\\n    " + string(rs[i:]))
	}},
	{name: "Java's Arrays.toString of a char[]", delimited: true, applies: noneOf(", '\""), write: func(_ *rand.Rand, s string) written {
		items := strings.Join(strings.Split(s, ""), ", ")
		return written{text: "[" + items + "]", leaks: []string{items}}
	}},
	{name: "Python's list of a str", delimited: true, applies: noneOf("'\\"), write: func(_ *rand.Rand, s string) written {
		items := "'" + strings.Join(strings.Split(s, ""), "', '") + "'"
		return written{text: "[" + items + "]", leaks: []string{items}}
	}},
	{name: "JavaScript's String.fromCharCode", delimited: true, applies: func(s string) bool { return len(utf16.Encode([]rune(s))) == utf8.RuneCountInString(s) }, write: func(_ *rand.Rand, s string) written {
		var codes []string
		for _, c := range s {
			codes = append(codes, fmt.Sprint(int(c)))
		}
		items := strings.Join(codes, ",")
		return written{text: "String.fromCharCode(" + items + ")", leaks: []string{items}}
	}},
	{name: "its characters spaced out, quoted", delimited: true, applies: noneOf(" \"'=:`"), write: func(_ *rand.Rand, s string) written {
		spaced := strings.Join(strings.Split(s, ""), " ")
		return written{text: `"` + spaced + `"`, leaks: []string{spaced}}
	}},
	{name: "a binary byte list", delimited: true, write: byteList("", "%08b", " ", "", false)},
	{name: "xxd", delimited: true, write: func(rng *rand.Rand, s string) written { return hexDump(rng, s, true) }},
	{name: "hexdump -C", delimited: true, write: func(rng *rand.Rand, s string) written { return hexDump(rng, s, false) }},
	{name: "cut short by three dots", write: func(rng *rand.Rand, s string) written {
		k := 6 + rng.IntN(len(s)-5)
		return written{text: s[:k] + "...", leaks: []string{s[:k]}}
	}, applies: func(s string) bool { return utf8.ValidString(s[:6]) }},
	{name: "JWT, secret plain in the payload", write: func(rng *rand.Rand, s string) written { return jwt(rng, s, false) }},
	{name: "JWT, secret \\u-escaped in the payload", write: func(rng *rand.Rand, s string) written { return jwt(rng, s, true) }},
	{name: "base64 blob of a JSON text, secret \\u-escaped", delimited: true, write: func(rng *rand.Rand, s string) written {
		blob := base64.StdEncoding.EncodeToString([]byte(`{"user":"merchant","secret":"` + mustEscapeSome(rng, s, jsonMix) + `"}`))
		return written{text: `"` + blob + `"`, leaks: []string{blob}, whole: true}
	}},
}

func leak(s string) written { return written{text: s, leaks: []string{s}} }

// swapCase is the harness's own near-miss probe (target.NearMiss "key-other-case"): a
// character with an upper case becomes it, any other its lower case.
func swapCase(s string) string {
	var b strings.Builder
	for _, r := range s {
		if u := unicode.ToUpper(r); u != r {
			b.WriteRune(u)
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// replaceOne writes s with its first, middle or last character replaced by another; the
// characters that are the secret's give it away (a replaced first or last one is not).
func replaceOne(rng *rand.Rand, s string) written {
	rs := []rune(s)
	i := []int{0, len(rs) / 2, len(rs) - 1}[rng.IntN(3)]
	c := rs[i]
	for c == rs[i] {
		c = realistic[rng.IntN(len(realistic))]
	}
	rs[i] = c
	switch i {
	case 0:
		return written{text: string(rs), leaks: []string{string(rs[1:])}}
	case len(rs) - 1:
		return written{text: string(rs), leaks: []string{string(rs[:i])}}
	}
	return leak(string(rs))
}

func mixCase(rng *rand.Rand, s string) string {
	b := []byte(s)
	for i, c := range b {
		if rng.IntN(2) == 0 {
			b[i] = byte(unicode.ToUpper(rune(c)))
		}
	}
	return string(b)
}

// context is a random text of 0 to 5 characters, written before or after a secret inside a
// longer encoded text: its length sets the byte offset the secret sits at.
func context(rng *rand.Rand) string { return randomString(rng, realistic, 0, 5) }

// base64Of writes "prefix secret suffix" in enc, the secret at a random byte offset. The
// characters that give it away are those whose six bits all come from the secret's bytes.
func base64Of(enc *base64.Encoding) func(*rand.Rand, string) written {
	return func(rng *rand.Rand, s string) written {
		prefix, suffix := context(rng), context(rng)
		text := enc.EncodeToString([]byte(prefix + s + suffix))
		return written{text: text, leaks: []string{secretChars(text, len(prefix), len(s))}, whole: true}
	}
}

// secretChars is the run of base64 text whose characters hold bits of the n bytes from byte
// offset at only: character i holds bits 6i to 6i+5.
func secretChars(text string, at, n int) string {
	first := (8*at + 5) / 6
	last := (8 * (at + n)) / 6
	return text[first:last]
}

// hexOf writes "prefix secret suffix" in hex, cased by caseOf.
func hexOf(caseOf func(string) string) func(*rand.Rand, string) written {
	return func(rng *rand.Rand, s string) written {
		prefix, suffix := context(rng), context(rng)
		text := caseOf(hex.EncodeToString([]byte(prefix + s + suffix)))
		return written{text: text, leaks: []string{text[2*len(prefix) : 2*(len(prefix)+len(s))]}}
	}
}

// mix writes one character, escaped or not: must says it has to be escaped (the escape's own
// introducer, a JSON quote), rng picks for the others.
type mix func(rng *rand.Rand, r rune, raw string) string

// escaped writes "prefix secret suffix" with mix, at least one of the secret's characters
// escaped; the secret's run of the result gives it away.
func escaped(m mix) func(*rand.Rand, string) written {
	return func(rng *rand.Rand, s string) written {
		prefix, suffix := context(rng), context(rng)
		p, x, q := escapeSome(rng, prefix, m), mustEscapeSome(rng, s, m), escapeSome(rng, suffix, m)
		return written{text: p + x + q, leaks: []string{x}}
	}
}

func escapeSome(rng *rand.Rand, s string, m mix) string {
	var b strings.Builder
	for i, r := range s {
		_, size := utf8.DecodeRuneInString(s[i:])
		b.WriteString(m(rng, r, s[i:i+size]))
	}
	return b.String()
}

// mustEscapeSome is escapeSome with at least one character escaped.
func mustEscapeSome(rng *rand.Rand, s string, m mix) string {
	for {
		if out := escapeSome(rng, s, m); out != s {
			return out
		}
	}
}

func hexDigits(rng *rand.Rand, format string, v any) string {
	h := fmt.Sprintf(format, v)
	if rng.IntN(2) == 0 {
		return strings.ToUpper(h)
	}
	return strings.ToLower(h)
}

// percentMix percent-encodes each byte of raw, or not (RFC 3986 2.1): '%' always.
func percentMix(rng *rand.Rand, _ rune, raw string) string {
	if raw != "%" && rng.IntN(2) == 0 {
		return raw
	}
	var b strings.Builder
	for _, c := range []byte(raw) {
		b.WriteString("%" + hexDigits(rng, "%02x", c))
	}
	return b.String()
}

// jsonMix writes r as in a JSON string (RFC 8259 7): '"', '\' and control characters always
// escaped, the others plain or as \uXXXX (a surrogate pair outside the BMP), '/' also as \/.
func jsonMix(rng *rand.Rand, r rune, raw string) string {
	switch {
	case r == '"' || r == '\\':
		if rng.IntN(2) == 0 {
			return `\` + raw
		}
	case r == '/' && rng.IntN(3) == 0:
		return `\/`
	case r >= 0x20 && rng.IntN(2) == 0:
		return raw
	}
	if r > 0xFFFF {
		hi, lo := utf16.EncodeRune(r)
		return `\u` + hexDigits(rng, "%04x", hi) + `\u` + hexDigits(rng, "%04x", lo)
	}
	return `\u` + hexDigits(rng, "%04x", r)
}

// named are HTML named character references (WHATWG HTML, Named character references) for
// characters of the realistic alphabet.
var named = map[rune][]string{
	'&': {"&amp;"}, '<': {"&lt;"}, '>': {"&gt;"}, '"': {"&quot;"}, '\'': {"&apos;"}, '+': {"&plus;"},
	'/': {"&sol;"}, '=': {"&equals;"}, ':': {"&colon;"}, '%': {"&percnt;"}, 'ü': {"&uuml;"}, 'ş': {"&scedil;"},
	'ğ': {"&gbreve;"}, 'İ': {"&Idot;"}, 'ı': {"&imath;", "&inodot;"}, 'ç': {"&ccedil;"}, 'ö': {"&ouml;"}, '€': {"&euro;"},
}

// entityMix writes r as in HTML or XML text: '&' and '<' always as references, the others
// plain, decimal (&#43;), hex (&#x2B; &#X2b;) or named.
func entityMix(rng *rand.Rand, r rune, raw string) string {
	if r != '&' && r != '<' && (rng.IntN(2) == 0 || r < 0x20 || 0x7F <= r && r <= 0x9F) {
		return raw // control characters have no reference (HTML reads &#128; as €)
	}
	switch k := rng.IntN(4); {
	case k == 0:
		return fmt.Sprintf("&#%d;", r)
	case k == 1 || len(named[r]) == 0:
		return "&#" + []string{"x", "X"}[rng.IntN(2)] + hexDigits(rng, "%x", r) + ";"
	default:
		return named[r][rng.IntN(len(named[r]))]
	}
}

// encodedBase64 writes the HTTP Basic pair "key:secret" in base64, then escapes that with m,
// as a query string or a PHP JSON encoder would ('+', '/' and '=' escaped).
func encodedBase64(rng *rand.Rand, s string, m mix) written {
	key := context(rng) + ":"
	blob := base64.StdEncoding.EncodeToString([]byte(key + s))
	stable := secretChars(blob, len(key), len(s))
	i := (8*len(key) + 5) / 6
	before, secret, after := escapeSome(rng, blob[:i], m), escapeSome(rng, stable, m), escapeSome(rng, blob[i+len(stable):], m)
	return written{text: before + secret + after, leaks: []string{secret}, whole: true}
}

// jwt writes a JWT (RFC 7519) whose payload claims hold the secret, plain or \u-escaped: the
// payload segment gives it away.
func jwt(rng *rand.Rand, s string, escape bool) written {
	claim := s
	if escape {
		claim = mustEscapeSome(rng, s, jsonMix)
	} else {
		claim = strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
	}
	seg := base64.RawURLEncoding.EncodeToString
	sig := make([]byte, 32)
	for i := range sig {
		sig[i] = byte(rng.Uint32())
	}
	payload := seg([]byte(`{"sub":"merchant-` + fmt.Sprint(rng.IntN(1000)) + `","key":"` + claim + `","exp":1777637800}`))
	return written{text: seg([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + payload + "." + seg(sig), leaks: []string{payload}, whole: true}
}

// wrapped writes "prefix secret suffix" in base64 wrapped at width columns with eol, after a
// long enough prefix that the secret's characters cross a line break.
func wrapped(width int, eol string) func(*rand.Rand, string) written {
	return func(rng *rand.Rand, s string) written {
		prefix := randomString(rng, realistic, 30, 60)
		text := base64.StdEncoding.EncodeToString([]byte(prefix + s + context(rng)))
		stable := secretChars(text, len(prefix), len(s))
		var b strings.Builder
		for i := 0; i < len(text); i += width {
			if i > 0 {
				b.WriteString(eol)
			}
			b.WriteString(text[i:min(i+width, len(text))])
		}
		return written{text: b.String(), leaks: []string{stable}, whole: true, joined: true}
	}
}

// cMix writes one character as C, Go, Python, JavaScript or Rust may escape it: \xHH for
// each UTF-8 byte or, for Latin-1, the character's own \xHH (Python and JavaScript strings);
// octal \NNN for each byte; \UXXXXXXXX; \u{X…}.
func cMix(rng *rand.Rand, r rune, raw string) string {
	if raw != `\` && rng.IntN(2) == 0 {
		return raw
	}
	var b strings.Builder
	switch k := rng.IntN(5); {
	case k == 0 && r < 0x100 && r >= 0x80:
		b.WriteString(`\x` + hexDigits(rng, "%02x", r))
	case k <= 1:
		for _, c := range []byte(raw) {
			b.WriteString(`\x` + hexDigits(rng, "%02x", c))
		}
	case k == 2:
		for _, c := range []byte(raw) {
			fmt.Fprintf(&b, `\%03o`, c)
		}
	case k == 3:
		b.WriteString(`\U` + hexDigits(rng, "%08x", r))
	default:
		b.WriteString(`\u{` + hexDigits(rng, "%x", r) + `}`)
	}
	return b.String()
}

// percentUMix writes one character as JavaScript's escape() does: %XX up to U+00FF, %uXXXX
// past it (a surrogate pair outside the BMP), or plain.
func percentUMix(rng *rand.Rand, r rune, raw string) string {
	if raw != "%" && rng.IntN(2) == 0 {
		return raw
	}
	switch {
	case r < 0x100:
		return "%" + hexDigits(rng, "%02x", r)
	case r > 0xFFFF:
		hi, lo := utf16.EncodeRune(r)
		return "%u" + hexDigits(rng, "%04x", hi) + "%u" + hexDigits(rng, "%04x", lo)
	}
	return "%u" + hexDigits(rng, "%04x", r)
}

// base32Of writes "prefix secret suffix" in enc, cased by caseOf: the encoded run gives the
// secret away.
func base32Of(enc *base32.Encoding, caseOf func(string) string) func(*rand.Rand, string) written {
	return func(rng *rand.Rand, s string) written {
		text := caseOf(enc.EncodeToString([]byte(context(rng) + s + context(rng))))
		return written{text: text, leaks: []string{strings.TrimRight(text, "=")}, whole: true}
	}
}

// byteList writes "prefix secret suffix" as a language prints a byte array: open, each byte in
// format (signed says as Java's signed bytes), sep between them, close. The items of the
// secret's bytes give it away.
func byteList(open, format, sep, close string, signed bool) func(*rand.Rand, string) written {
	return func(rng *rand.Rand, s string) written {
		prefix, suffix := context(rng), context(rng)
		item := func(c byte) string {
			if signed {
				return fmt.Sprintf(format, int8(c))
			}
			return fmt.Sprintf(format, c)
		}
		var items []string
		for _, c := range []byte(prefix + s + suffix) {
			items = append(items, item(c))
		}
		secretItems := strings.Join(items[len(prefix):len(prefix)+len(s)], sep)
		return written{text: open + strings.Join(items, sep) + close, leaks: []string{secretItems}}
	}
}

func utf16LE(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// inCP1254 reports whether s can be written in Windows-1254 and is not ASCII (whose
// Windows-1254 is itself).
func inCP1254(s string) bool {
	b, err := charmap.Windows1254.NewEncoder().String(s)
	return err == nil && b != s
}

// noneOf says a secret holds none of chars.
func noneOf(chars string) func(string) bool {
	return func(s string) bool { return !strings.ContainsAny(s, chars) }
}

// hexDump writes "prefix secret suffix" as xxd (two-byte groups, "offset: ") or hexdump -C
// (one-byte groups, "offset  ", "|ascii|") writes it, 16 bytes a line, with the ASCII column.
// The secret's printable ASCII characters in that column give it away, as its hex does.
func hexDump(rng *rand.Rand, s string, xxd bool) written {
	b := []byte(randomString(rng, []rune("abcdefghij klmnop"), 0, 20) + s + context(rng))
	start := len(b) - len(s) - 0
	for i := len(b) - len(s); i >= 0; i-- {
		if string(b[i:i+len(s)]) == s {
			start = i
			break
		}
	}
	var out strings.Builder
	var leaks []string
	for off := 0; off < len(b); off += 16 {
		line := b[off:min(off+16, len(b))]
		var hexes, ascii strings.Builder
		for i, c := range line {
			switch {
			case xxd && i%2 == 0 && i > 0:
				hexes.WriteString(" ")
			case !xxd:
				hexes.WriteString(" ")
				if i == 8 {
					hexes.WriteString(" ")
				}
			}
			fmt.Fprintf(&hexes, "%02x", c)
			if c >= 0x20 && c < 0x7f {
				ascii.WriteByte(c)
			} else {
				ascii.WriteByte('.')
			}
		}
		// The secret's characters on this line, in the ASCII column.
		lo, hi := max(start, off), min(start+len(s), off+len(line))
		if hi > lo {
			if chunk := ascii.String()[lo-off : hi-off]; len(strings.ReplaceAll(chunk, ".", "")) >= 3 {
				leaks = append(leaks, chunk)
			}
		}
		if xxd {
			fmt.Fprintf(&out, "%08x: %-39s  %s\n", off, hexes.String(), ascii.String())
		} else {
			fmt.Fprintf(&out, "%08x %-49s  |%s|\n", off, hexes.String(), ascii.String())
		}
	}
	return written{text: out.String(), leaks: leaks, whole: true}
}

// splitPoint is where a line break may go inside rs: before a character that is not a space
// or a tab (the indentation after a line break is not the text's), or at the end.
func splitPoint(rng *rand.Rand, rs []rune) int {
	for range 20 {
		if i := 1 + rng.IntN(len(rs)-1); rs[i] != ' ' && rs[i] != '\t' {
			return i
		}
	}
	return len(rs)
}
