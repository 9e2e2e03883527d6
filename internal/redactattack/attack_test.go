// The red team's attacks on harness/redact, kept as a regression test: a helper that had not
// seen the redactor's code wrote 153 encodings of realistic secrets from the README alone
// (2026-12-02); 113 leaked. Every encoding the README promises is asserted; the others are
// listed in notPromised with the reason, and skipped saying so.
//
// A case LEAKS when the encoded run that carries the secret (the "blob") is still in the
// output verbatim: whoever reads the report can run the inverse of the encoding over it and
// read the secret back.
package redactattack_test

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/ascii85"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"math/big"
	"math/rand/v2"
	"mime"
	"mime/quotedprintable"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/payconform/payconform/harness/redact"
)

// secrets are realistic provider credentials; the last two are short (under
// redact.NearLength) or hold i/I (Turkish-locale case mapping).
var secrets = []struct{ name, s string }{
	{"iyzico", "sandbox-AbCdEf0123456789xyzQRS"},
	{"iyzicoSym", "sandbox-Zy98+xW/7Vu6=TsR"},
	{"paynet", "pbk_9F3kL2mN8qR4tV6w"},
	{"turkish", "şifreĞüçlüAnahtar2026"},
	{"randSym", `k&Tz9=pQ+r/2"mW<x>%`},
	{"randIi", "Ki7mIxq2Lp9iZ4Rw"},
	{"rand9", "h4Xq9Lz2T"},
	{"nonBMP", "tok😀Zx81Qw72Lm"},
}

// ---------------------------------------------------------------- helpers

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

var b64url = base64.RawURLEncoding.EncodeToString

var vocab = strings.Fields(`request failed with status code the adapter returned an
error while calling payment bin check endpoint retry after timeout merchant
conversation id locale tr price paid currency TRY installment card family
Bonus Maximum World debug trace span ok`)

func words(r *rand.Rand, max int) string {
	var b strings.Builder
	n := r.IntN(max + 1)
	for b.Len() < n {
		b.WriteString(vocab[r.IntN(len(vocab))])
		b.WriteByte(' ')
	}
	return b.String()
}

// logLine surrounds blob with random log text, so the blob sits at a random
// offset; it returns the text and the length of what precedes the blob.
func logLine(r *rand.Rand, blob string) (string, int) {
	pre := "2026-05-14T10:22:01Z adapter[4121] stderr: " + words(r, 240)
	post := " " + words(r, 240) + "\n2026-05-14T10:22:02Z adapter[4121] exit status 1\n"
	return pre + blob + post, len(pre)
}

func wrap(s string, n int, sep string) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n])
		b.WriteString(sep)
		s = s[n:]
	}
	b.WriteString(s)
	return b.String()
}

// straddle returns a filler of p bytes so that a secret of length n placed
// after it crosses the boundary of a line of lineBytes input bytes.
func straddle(r *rand.Rand, n, lineBytes int) string {
	p := lineBytes - n/2 - r.IntN(3)
	for p < 0 {
		p += lineBytes
	}
	return strings.Repeat("x", p%lineBytes)
}

func eachByte(s, format, sep string) string {
	parts := make([]string, len(s))
	for i := 0; i < len(s); i++ {
		parts[i] = fmt.Sprintf(format, s[i])
	}
	return strings.Join(parts, sep)
}

func eachRune(s string, f func(rune) string) string {
	var b strings.Builder
	for _, c := range s {
		b.WriteString(f(c))
	}
	return b.String()
}

func utf16Units(s string) []uint16 { return utf16.Encode([]rune(s)) }

func utf16LE(s string) string {
	var b []byte
	for _, u := range utf16Units(s) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}

func utf16BE(s string) string {
	var b []byte
	for _, u := range utf16Units(s) {
		b = append(b, byte(u>>8), byte(u))
	}
	return string(b)
}

func utf32LE(s string) string {
	var b []byte
	for _, c := range s {
		b = append(b, byte(c), byte(c>>8), byte(c>>16), byte(c>>24))
	}
	return string(b)
}

func reverse(s string) string {
	rs := []rune(s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return string(rs)
}

func rot13(s string) string {
	return strings.Map(func(c rune) rune {
		switch {
		case c >= 'a' && c <= 'z':
			return 'a' + (c-'a'+13)%26
		case c >= 'A' && c <= 'Z':
			return 'A' + (c-'A'+13)%26
		}
		return c
	}, s)
}

func rot47(s string) string {
	return strings.Map(func(c rune) rune {
		if c >= 33 && c <= 126 {
			return 33 + (c-33+47)%94
		}
		return c
	}, s)
}

func gzipB64(s string) string {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write([]byte(s))
	w.Close()
	return b64(buf.String())
}

func zlibB64(s string) string {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write([]byte(s))
	w.Close()
	return b64(buf.String())
}

func a85(s string) string {
	dst := make([]byte, ascii85.MaxEncodedLen(len(s)))
	n := ascii85.Encode(dst, []byte(s))
	return "<~" + string(dst[:n]) + "~>"
}

func uuencode(s string) string {
	enc := func(x byte) byte {
		if x == 0 {
			return '`'
		}
		return 32 + x
	}
	var b strings.Builder
	b.WriteString("begin 644 key.txt\n")
	data := []byte(s)
	for len(data) > 0 {
		n := min(45, len(data))
		chunk := append([]byte(nil), data[:n]...)
		for len(chunk)%3 != 0 {
			chunk = append(chunk, 0)
		}
		b.WriteByte(enc(byte(n)))
		for i := 0; i < len(chunk); i += 3 {
			v := uint32(chunk[i])<<16 | uint32(chunk[i+1])<<8 | uint32(chunk[i+2])
			b.WriteByte(enc(byte(v >> 18 & 63)))
			b.WriteByte(enc(byte(v >> 12 & 63)))
			b.WriteByte(enc(byte(v >> 6 & 63)))
			b.WriteByte(enc(byte(v & 63)))
		}
		b.WriteByte('\n')
		data = data[n:]
	}
	b.WriteString("`\nend\n")
	return b.String()
}

func base58(s string) string {
	const alpha = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	x := new(big.Int).SetBytes([]byte(s))
	var out []byte
	m := new(big.Int)
	for x.Sign() > 0 {
		x.DivMod(x, big.NewInt(58), m)
		out = append(out, alpha[m.Int64()])
	}
	return reverse(string(out))
}

// xxd renders data as `xxd` does.
func xxd(data string) string {
	var b strings.Builder
	for off := 0; off < len(data); off += 16 {
		line := data[off:min(off+16, len(data))]
		fmt.Fprintf(&b, "%08x: ", off)
		for i := 0; i < 16; i++ {
			if i < len(line) {
				fmt.Fprintf(&b, "%02x", line[i])
			} else {
				b.WriteString("  ")
			}
			if i%2 == 1 {
				b.WriteByte(' ')
			}
		}
		b.WriteByte(' ')
		for i := 0; i < len(line); i++ {
			if line[i] >= 0x20 && line[i] < 0x7f {
				b.WriteByte(line[i])
			} else {
				b.WriteByte('.')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// hexdumpC renders data as `hexdump -C` does.
func hexdumpC(data string) string {
	var b strings.Builder
	for off := 0; off < len(data); off += 16 {
		line := data[off:min(off+16, len(data))]
		fmt.Fprintf(&b, "%08x  ", off)
		for i := 0; i < 16; i++ {
			if i < len(line) {
				fmt.Fprintf(&b, "%02x ", line[i])
			} else {
				b.WriteString("   ")
			}
			if i == 7 {
				b.WriteByte(' ')
			}
		}
		b.WriteString(" |")
		for i := 0; i < len(line); i++ {
			if line[i] >= 0x20 && line[i] < 0x7f {
				b.WriteByte(line[i])
			} else {
				b.WriteByte('.')
			}
		}
		b.WriteString("|\n")
	}
	return b.String()
}

// odC renders data as `od -c` does.
func odC(data string) string {
	var b strings.Builder
	for off := 0; off < len(data); off += 16 {
		line := data[off:min(off+16, len(data))]
		fmt.Fprintf(&b, "%07o", off)
		for i := 0; i < len(line); i++ {
			c := line[i]
			if c >= 0x20 && c < 0x7f {
				fmt.Fprintf(&b, "   %c", c)
			} else {
				fmt.Fprintf(&b, " %03o", c)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func pyBytesRepr(s string) string {
	var b strings.Builder
	b.WriteString("b'")
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' || c == '\'':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "\\x%02x", c)
		}
	}
	b.WriteString("'")
	return b.String()
}

// pyASCII is Python 3's ascii(str).
func pyASCII(s string) string {
	var b strings.Builder
	b.WriteString("'")
	for _, c := range s {
		switch {
		case c == '\\' || c == '\'':
			b.WriteByte('\\')
			b.WriteRune(c)
		case c >= 0x20 && c < 0x7f:
			b.WriteRune(c)
		case c < 0x100:
			fmt.Fprintf(&b, "\\x%02x", c)
		case c < 0x10000:
			fmt.Fprintf(&b, "\\u%04x", c)
		default:
			fmt.Fprintf(&b, "\\U%08x", c)
		}
	}
	b.WriteString("'")
	return b.String()
}

// jsEscape is JavaScript's legacy escape().
func jsEscape(s string) string {
	var b strings.Builder
	for _, u := range utf16Units(s) {
		c := rune(u)
		switch {
		case c < 0x80 && (unicode.IsLetter(c) || unicode.IsDigit(c) || strings.ContainsRune("@*_+-./", c)):
			b.WriteRune(c)
		case c < 0x100:
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			fmt.Fprintf(&b, "%%u%04X", c)
		}
	}
	return b.String()
}

var cp1252High = []rune{ // 0x80..0x9F
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ'}

// mojibake decodes the UTF-8 bytes of s as Windows-1252 (Python's
// s.encode().decode('cp1252'), a Windows console).
func mojibake1252(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 && c < 0xA0 {
			b.WriteRune(cp1252High[c-0x80])
		} else {
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

// mojibakeLatin1 decodes the UTF-8 bytes of s as ISO-8859-1.
func mojibakeLatin1(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

var cp1254 = map[rune]byte{'ç': 0xE7, 'Ç': 0xC7, 'ğ': 0xF0, 'Ğ': 0xD0, 'ı': 0xFD, 'İ': 0xDD,
	'ö': 0xF6, 'Ö': 0xD6, 'ş': 0xFE, 'Ş': 0xDE, 'ü': 0xFC, 'Ü': 0xDC}

// windows1254 is s in the Turkish Windows code page (Java or .NET on a Turkish locale).
func windows1254(s string) string {
	var b []byte
	for _, c := range s {
		if c < 0x80 {
			b = append(b, byte(c))
		} else if x, ok := cp1254[c]; ok {
			b = append(b, x)
		} else {
			b = append(b, '?')
		}
	}
	return string(b)
}

var nfd = map[rune]string{'ş': "s\u0327", 'Ş': "S\u0327", 'ç': "c\u0327", 'Ç': "C\u0327",
	'ğ': "g\u0306", 'Ğ': "G\u0306", 'ü': "u\u0308", 'Ü': "U\u0308", 'ö': "o\u0308", 'Ö': "O\u0308",
	'İ': "I\u0307"}

func toNFD(s string) string {
	return eachRune(s, func(c rune) string {
		if d, ok := nfd[c]; ok {
			return d
		}
		return string(c)
	})
}

func fullwidth(s string) string {
	return strings.Map(func(c rune) rune {
		if c >= 0x21 && c <= 0x7E {
			return c + 0xFEE0
		}
		return c
	}, s)
}

func mathBold(s string) string {
	return strings.Map(func(c rune) rune {
		switch {
		case c >= 'A' && c <= 'Z':
			return 0x1D400 + c - 'A'
		case c >= 'a' && c <= 'z':
			return 0x1D41A + c - 'a'
		case c >= '0' && c <= '9':
			return 0x1D7CE + c - '0'
		}
		return c
	}, s)
}

var cyr = map[rune]rune{'a': 'а', 'c': 'с', 'e': 'е', 'o': 'о', 'p': 'р', 'x': 'х', 'y': 'у',
	'A': 'А', 'B': 'В', 'C': 'С', 'E': 'Е', 'H': 'Н', 'K': 'К', 'M': 'М', 'O': 'О', 'P': 'Р',
	'T': 'Т', 'X': 'Х', 'i': 'і', 'I': 'І', 's': 'ѕ', 'S': 'Ѕ'}

func homoglyphs(s string) string {
	return strings.Map(func(c rune) rune {
		if h, ok := cyr[c]; ok {
			return h
		}
		return c
	}, s)
}

func tags(s string) string {
	return strings.Map(func(c rune) rune {
		if c < 0x80 {
			return 0xE0000 + c
		}
		return c
	}, s)
}

func interleave(s, sep string) string {
	return strings.Join(strings.Split(s, ""), sep)
}

func half(s string) (string, string) {
	rs := []rune(s)
	k := len(rs) / 2
	return string(rs[:k]), string(rs[k:])
}

func turkishUpper(s string) string { return strings.ToUpperSpecial(unicode.TurkishCase, s) }
func turkishLower(s string) string { return strings.ToLowerSpecial(unicode.TurkishCase, s) }

func jsonQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func qpNatural(prefix, s string) string {
	var buf bytes.Buffer
	w := quotedprintable.NewWriter(&buf)
	w.Write([]byte(prefix + s + " end"))
	w.Close()
	return buf.String()
}

func jwt(payload string) string {
	return b64url([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + b64url([]byte(payload)) + ".c2lnbmF0dXJlLWlzLWhlcmU"
}

func b64urlS(s string) string { return b64url([]byte(s)) }

func init() { _ = b64urlS }

// ---------------------------------------------------------------- cases

type encoding struct {
	name string
	// expr is the Go expression that builds the blob (s is the secret).
	expr string
	// blob builds the run of text that carries the secret; it is put at a
	// random offset of a log text.
	blob func(r *rand.Rand, s string) string
	// caseLossy marks an encoding that loses the letters' case: it is
	// judged only for secrets of redact.NearLength bytes or more (below,
	// the README promises no near form, and the case has to be guessed).
	caseLossy bool
	// cores, when set, names the pieces of the blob that carry the secret:
	// the case leaks when every one of them survives (a dump whose ASCII
	// column holds the secret too, so that masking that column is not enough).
	cores func(blob string) []string
}

func withCores(x encoding, f func(blob string) []string) encoding { x.cores = f; return x }

// dumpHex returns the hex part of each line of an xxd or hexdump -C dump.
func dumpHex(blob string) []string {
	var out []string
	for _, line := range strings.Split(strings.TrimRight(blob, "\n"), "\n") {
		if i := strings.Index(line, "  "); i >= 0 {
			// xxd: "00000000: 7361 ...  ascii"; hexdump -C: "00000000  73 61 ...  |ascii|"
			rest := line[i:]
			if j := strings.LastIndex(rest, "  "); j > 0 {
				rest = rest[:j]
			}
			if strings.HasPrefix(line, "0") && strings.Contains(line[:9], ":") {
				rest = line[:strings.LastIndex(line, "  ")]
			}
			out = append(out, strings.TrimSpace(rest))
		}
	}
	return out
}

func e(name, expr string, f func(r *rand.Rand, s string) string) encoding {
	return encoding{name: name, expr: expr, blob: f}
}

func lossy(x encoding) encoding { x.caseLossy = true; return x }

func bytesList(s, format, sep, open, close string) string {
	return open + eachByte(s, format, sep) + close
}

var encodings = []encoding{
	// --- controls (documented as detected)
	e("plain", `s`, func(r *rand.Rand, s string) string { return s }),
	lossy(e("upper case", `strings.ToUpper(s)`, func(r *rand.Rand, s string) string { return strings.ToUpper(s) })),
	lossy(e("swapped case", `redact.SwapCase(s)`, func(r *rand.Rand, s string) string { return redact.SwapCase(s) })),
	e("base64", `b64(s)`, func(r *rand.Rand, s string) string { return b64(s) }),
	e("base64url unpadded", `b64url([]byte(s))`, func(r *rand.Rand, s string) string { return b64url([]byte(s)) }),
	e("base64 Basic credential", `"Basic " + b64("merchant:"+s)`, func(r *rand.Rand, s string) string { return "Basic " + b64("merchant:"+s) }),
	e("base64 of JSON, secret at random offset", `b64(words(r,40)+"{\"apiKey\":\""+s+"\"}")`, func(r *rand.Rand, s string) string {
		return b64(words(r, 40) + `{"apiKey":"` + s + `"}`)
	}),
	e("base64 of non-UTF-8 prefix + secret", `b64("\xff\xfe\x00"[:r.IntN(4)]+s+"\x00")`, func(r *rand.Rand, s string) string {
		return b64("\xff\xfe\x00"[:r.IntN(4)] + s + "\x00")
	}),
	e("hex lower", `hex.EncodeToString([]byte(s))`, func(r *rand.Rand, s string) string { return hex.EncodeToString([]byte(s)) }),
	e("hex upper (Go %X)", `fmt.Sprintf("%X", s)`, func(r *rand.Rand, s string) string { return fmt.Sprintf("%X", s) }),
	e("Go %#x", `fmt.Sprintf("%#x", s)`, func(r *rand.Rand, s string) string { return fmt.Sprintf("%#x", s) }),
	e("Postgres bytea \\x hex", `"\\x" + hex.EncodeToString([]byte(s))`, func(r *rand.Rand, s string) string { return `\x` + hex.EncodeToString([]byte(s)) }),
	e("percent-encoding every byte", `eachByte(s, "%%%02X", "")`, func(r *rand.Rand, s string) string { return eachByte(s, "%%%02X", "") }),
	e("url.QueryEscape", `url.QueryEscape(s)`, func(r *rand.Rand, s string) string { return url.QueryEscape(s) }),
	e("url.QueryEscape twice (double encoding)", `url.QueryEscape(url.QueryEscape(s))`, func(r *rand.Rand, s string) string { return url.QueryEscape(url.QueryEscape(s)) }),
	e("double percent-encoding every byte (%2573)", `eachByte(s, "%%25%02X", "")`, func(r *rand.Rand, s string) string { return eachByte(s, "%%25%02X", "") }),
	e("percent-encoding every byte, 4 deep (%25252573)", `eachByte(s, "%%252525%02X", "")`, func(r *rand.Rand, s string) string { return eachByte(s, "%%252525%02X", "") }),
	e("JSON \\u escape every char", `eachRune(s, \uXXXX of UTF-16 units)`, func(r *rand.Rand, s string) string {
		var b strings.Builder
		for _, u := range utf16Units(s) {
			fmt.Fprintf(&b, `\u%04x`, u)
		}
		return b.String()
	}),
	e("JSON string quoted 4 times", `jsonQuote(jsonQuote(jsonQuote(jsonQuote(s))))`, func(r *rand.Rand, s string) string {
		return jsonQuote(jsonQuote(jsonQuote(jsonQuote(`{"k":"` + strings.ReplaceAll(s, `"`, `\"`) + `"}`))))
	}),
	e("JSON \\u escape every char, inside JSON-in-JSON (\\\\u0073)", `eachRune(s, "\\\\u%04x")`, func(r *rand.Rand, s string) string {
		var b strings.Builder
		for _, u := range utf16Units(s) {
			fmt.Fprintf(&b, `\\u%04x`, u)
		}
		return b.String()
	}),
	e("HTML decimal refs &#115;", `eachRune(s, "&#%d;")`, func(r *rand.Rand, s string) string {
		return eachRune(s, func(c rune) string { return fmt.Sprintf("&#%d;", c) })
	}),
	e("HTML decimal refs without semicolon &#115", `eachRune(s, "&#%d")`, func(r *rand.Rand, s string) string {
		return eachRune(s, func(c rune) string { return fmt.Sprintf("&#%d", c) })
	}),
	e("HTML hex refs without semicolon &#x73", `eachRune(s, "&#x%x")`, func(r *rand.Rand, s string) string {
		return eachRune(s, func(c rune) string { return fmt.Sprintf("&#x%x", c) })
	}),
	e("HTML hex refs with capital X &#X73;", `eachRune(s, "&#X%X;")`, func(r *rand.Rand, s string) string {
		return eachRune(s, func(c rune) string { return fmt.Sprintf("&#X%X;", c) })
	}),
	e("HTML refs with leading zeros &#x0000073;", `eachRune(s, "&#x%07x;")`, func(r *rand.Rand, s string) string {
		return eachRune(s, func(c rune) string { return fmt.Sprintf("&#x%07x;", c) })
	}),
	e("HTML double-escaped &amp;#115;", `html.EscapeString(eachRune(s, "&#%d;"))`, func(r *rand.Rand, s string) string {
		return html.EscapeString(eachRune(s, func(c rune) string { return fmt.Sprintf("&#%d;", c) }))
	}),
	e("HTML escape, &amp without semicolon", `strings.ReplaceAll(html.EscapeString(s), ";", "")`, func(r *rand.Rand, s string) string {
		return strings.ReplaceAll(html.EscapeString(s), ";", "")
	}),
	e("JWT payload inside a percent-encoded URL inside a URL", `"https://a/?next="+url.QueryEscape("https://b/cb?t="+jwt(...))`, func(r *rand.Rand, s string) string {
		return "https://a/?next=" + url.QueryEscape("https://b/cb?t="+jwt(`{"sub":"m1","key":`+jsonQuote(s)+`}`))
	}),
	e("MIME encoded-word B", `mime.BEncoding.Encode("UTF-8", s)`, func(r *rand.Rand, s string) string { return mime.BEncoding.Encode("UTF-8", s) }),
	e("base64 of base64 of base64", `b64(b64(b64(s)))`, func(r *rand.Rand, s string) string { return b64(b64(b64(s))) }),
	e("secret one character replaced", `s with rune at len/2 replaced`, func(r *rand.Rand, s string) string {
		rs := []rune(s)
		rs[len(rs)/2] = '#'
		return string(rs)
	}),
	e("secret one character short (last dropped)", `s[:len(s)-1]`, func(r *rand.Rand, s string) string {
		rs := []rune(s)
		return string(rs[:len(rs)-1])
	}),
	e("secret clipped with …", `s[:len-2] + "…"`, func(r *rand.Rand, s string) string {
		rs := []rune(s)
		return string(rs[:len(rs)-2]) + "…"
	}),

	e("percent-encoding every byte, 3 deep (%252573)", `eachByte(s, "%%2525%02X", "")`, func(r *rand.Rand, s string) string { return eachByte(s, "%%2525%02X", "") }),
	e("form encoding, + read as space", `strings.ReplaceAll(s, "+", " ")`, func(r *rand.Rand, s string) string { return strings.ReplaceAll(s, "+", " ") }),
	e("HTML5 named refs (&plus; &sol; &equals; &quot; &lt; &gt; &percnt; &amp;)", `named refs for + / = " < > % &`, func(r *rand.Rand, s string) string {
		return strings.NewReplacer("&", "&amp;", "+", "&plus;", "/", "&sol;", "=", "&equals;", `"`, "&quot;", "<", "&lt;", ">", "&gt;", "%", "&percnt;").Replace(s)
	}),
	e("hex at an odd nibble offset (glued to one more hex digit)", `"f" + hex.EncodeToString([]byte(s))`, func(r *rand.Rand, s string) string { return "f" + hex.EncodeToString([]byte(s)) }),
	e("\\x escape for every other char, the rest plain (mixed)", `every 2nd rune as \\x%02x`, func(r *rand.Rand, s string) string {
		i := 0
		return eachRune(s, func(c rune) string {
			i++
			if i%2 == 0 && c < 0x100 {
				return fmt.Sprintf(`\x%02x`, c)
			}
			return string(c)
		})
	}),

	// --- base64 variants
	e("base64 GNU wrapped at 76, secret across the line break", `wrap(b64(straddle(57)+s+" tail"), 76, "\n")`, func(r *rand.Rand, s string) string {
		return wrap(b64(straddle(r, len(s), 57)+s+" tail of the blob"), 76, "\n")
	}),
	e("base64 PEM wrapped at 64, secret across the line break", `"-----BEGIN PRIVATE KEY-----\n"+wrap(b64(straddle(48)+s+...), 64, "\n")+...`, func(r *rand.Rand, s string) string {
		return "-----BEGIN PRIVATE KEY-----\n" + wrap(b64(straddle(r, len(s), 48)+s+" tail of the blob"), 64, "\n") + "\n-----END PRIVATE KEY-----"
	}),
	e("base64 MIME wrapped at 76 CRLF, secret across the line break", `wrap(b64(straddle(57)+s+...), 76, "\r\n")`, func(r *rand.Rand, s string) string {
		return wrap(b64(straddle(r, len(s), 57)+s+" tail of the blob"), 76, "\r\n")
	}),
	e("base64 wrapped at 76 inside a JSON string (\\n escapes)", `jsonQuote(wrap(b64(straddle(57)+s+...), 76, "\n"))`, func(r *rand.Rand, s string) string {
		return jsonQuote(wrap(b64(straddle(r, len(s), 57)+s+" tail of the blob"), 76, "\n"))
	}),
	e("base64 wrapped at 76, secret inside one line", `wrap(b64(strings.Repeat("x",60)+s+...), 76, "\n")`, func(r *rand.Rand, s string) string {
		return wrap(b64(strings.Repeat("x", 60)+s+" tail of the blob"), 76, "\n")
	}),
	e("base64 in groups of 4 separated by spaces", `wrap(b64(s), 4, " ")`, func(r *rand.Rand, s string) string { return wrap(b64(s), 4, " ") }),
	lossy(e("base64 of upper-cased secret", `b64(strings.ToUpper(s))`, func(r *rand.Rand, s string) string { return b64(strings.ToUpper(s)) })),
	lossy(e("base64 of lower-cased secret", `b64(strings.ToLower(s))`, func(r *rand.Rand, s string) string { return b64(strings.ToLower(s)) })),
	e("base64 of UTF-16LE (PowerShell -EncodedCommand, .NET Encoding.Unicode)", `b64(utf16LE(s))`, func(r *rand.Rand, s string) string { return b64(utf16LE(s)) }),
	e("base64 of UTF-16BE", `b64(utf16BE(s))`, func(r *rand.Rand, s string) string { return b64(utf16BE(s)) }),
	e("base64 of Windows-1254 bytes (Java or .NET, Turkish locale)", `b64(windows1254(s))`, func(r *rand.Rand, s string) string { return b64(windows1254(s)) }),
	e("base64 four deep", `b64(b64(b64(b64(s))))`, func(r *rand.Rand, s string) string { return b64(b64(b64(b64(s)))) }),
	e("base64 of hex", `b64(hex.EncodeToString([]byte(s)))`, func(r *rand.Rand, s string) string { return b64(hex.EncodeToString([]byte(s))) }),
	e("hex of base64", `hex.EncodeToString([]byte(b64(s)))`, func(r *rand.Rand, s string) string { return hex.EncodeToString([]byte(b64(s))) }),
	e("base64 glued after other base64 characters", `"QUJD"+b64(s)`, func(r *rand.Rand, s string) string { return "eyJhIjoxfQ" + b64(s) }),
	e("gzip + base64", `gzipB64(s)`, func(r *rand.Rand, s string) string { return gzipB64(s) }),
	e("zlib + base64", `zlibB64(s)`, func(r *rand.Rand, s string) string { return zlibB64(s) }),

	// --- other radixes
	e("base32 std", `base32.StdEncoding.EncodeToString([]byte(s))`, func(r *rand.Rand, s string) string { return base32.StdEncoding.EncodeToString([]byte(s)) }),
	e("base32 std lower-case", `strings.ToLower(base32.StdEncoding.EncodeToString([]byte(s)))`, func(r *rand.Rand, s string) string {
		return strings.ToLower(base32.StdEncoding.EncodeToString([]byte(s)))
	}),
	e("base32 hex alphabet", `base32.HexEncoding.EncodeToString([]byte(s))`, func(r *rand.Rand, s string) string { return base32.HexEncoding.EncodeToString([]byte(s)) }),
	e("base32 unpadded, secret at offset in longer text", `base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("otpauth:"+s))`, func(r *rand.Rand, s string) string {
		return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("otpauth:" + s))
	}),
	e("ascii85 (Python a85encode, PostScript)", `a85(s)`, func(r *rand.Rand, s string) string { return a85(s) }),
	e("uuencode", `uuencode(s)`, func(r *rand.Rand, s string) string { return uuencode(s) }),
	e("base58 (Bitcoin alphabet)", `base58(s)`, func(r *rand.Rand, s string) string { return base58(s) }),
	e("big-endian integer in decimal (int.from_bytes)", `new(big.Int).SetBytes([]byte(s)).String()`, func(r *rand.Rand, s string) string {
		return new(big.Int).SetBytes([]byte(s)).String()
	}),

	// --- language escapes
	e("C and Python \\x escapes, lower", `eachByte(s, "\\x%02x", "")`, func(r *rand.Rand, s string) string { return eachByte(s, `\x%02x`, "") }),
	e("C and Python \\x escapes, upper", `eachByte(s, "\\x%02X", "")`, func(r *rand.Rand, s string) string { return eachByte(s, `\x%02X`, "") }),
	e("octal escapes \\163 (printf, C)", `eachByte(s, "\\%03o", "")`, func(r *rand.Rand, s string) string { return eachByte(s, `\%03o`, "") }),
	e("\\U0000002B escapes (Python, C)", `eachRune(s, "\\U%08X")`, func(r *rand.Rand, s string) string {
		return eachRune(s, func(c rune) string { return fmt.Sprintf(`\U%08X`, c) })
	}),
	e("\\u{73} escapes (JS ES6, Rust, Swift)", `eachRune(s, "\\u{%x}")`, func(r *rand.Rand, s string) string {
		return eachRune(s, func(c rune) string { return fmt.Sprintf(`\u{%x}`, c) })
	}),
	e("Perl \\x{15f} escapes", `eachRune(s, "\\x{%x}")`, func(r *rand.Rand, s string) string {
		return eachRune(s, func(c rune) string { return fmt.Sprintf(`\x{%x}`, c) })
	}),
	e("%u0073 escapes (JS escape() style, every char)", `eachRune(s, "%%u%04X")`, func(r *rand.Rand, s string) string {
		var b strings.Builder
		for _, u := range utf16Units(s) {
			fmt.Fprintf(&b, "%%u%04X", u)
		}
		return b.String()
	}),
	e("JS escape() (natural: %uXXXX and Latin-1 %XX)", `jsEscape(s)`, func(r *rand.Rand, s string) string { return jsEscape(s) }),
	e("CSS escapes \\73 ", `eachRune(s, "\\%x ")`, func(r *rand.Rand, s string) string {
		return eachRune(s, func(c rune) string { return fmt.Sprintf(`\%x `, c) })
	}),
	e("Python bytes repr b'...'", `pyBytesRepr(s)`, func(r *rand.Rand, s string) string { return pyBytesRepr(s) }),
	e("Python ascii(str) (\\xfc, \\u015f)", `pyASCII(s)`, func(r *rand.Rand, s string) string { return pyASCII(s) }),
	e("Go %q", `fmt.Sprintf("%q", s)`, func(r *rand.Rand, s string) string { return fmt.Sprintf("%q", s) }),
	e("Go %+q (strconv.QuoteToASCII)", `strconv.QuoteToASCII(s)`, func(r *rand.Rand, s string) string { return strconv.QuoteToASCII(s) }),
	e("Go %q of UTF-16LE bytes", `fmt.Sprintf("%q", utf16LE(s))`, func(r *rand.Rand, s string) string { return fmt.Sprintf("%q", utf16LE(s)) }),

	// --- hex with separators / byte lists
	e("Go % x", `fmt.Sprintf("% x", s)`, func(r *rand.Rand, s string) string { return fmt.Sprintf("% x", s) }),
	e("Go % X", `fmt.Sprintf("% X", s)`, func(r *rand.Rand, s string) string { return fmt.Sprintf("% X", s) }),
	e("Go % #x", `fmt.Sprintf("% #x", s)`, func(r *rand.Rand, s string) string { return fmt.Sprintf("% #x", s) }),
	e("hex colon-separated lower (de:ad:be)", `eachByte(s, "%02x", ":")`, func(r *rand.Rand, s string) string { return eachByte(s, "%02x", ":") }),
	e("hex colon-separated upper (DE:AD:BE)", `eachByte(s, "%02X", ":")`, func(r *rand.Rand, s string) string { return eachByte(s, "%02X", ":") }),
	e(".NET BitConverter.ToString (73-61-6E)", `eachByte(s, "%02X", "-")`, func(r *rand.Rand, s string) string { return eachByte(s, "%02X", "-") }),
	e("Node Buffer inspect <Buffer 73 61 ...>", `"<Buffer " + eachByte(s, "%02x", " ") + ">"`, func(r *rand.Rand, s string) string { return "<Buffer " + eachByte(s, "%02x", " ") + ">" }),
	e("C array 0x73, 0x61", `"{" + eachByte(s, "0x%02x", ", ") + "}"`, func(r *rand.Rand, s string) string { return "{" + eachByte(s, "0x%02x", ", ") + "}" }),
	e("C array 0x73,0x61 (no spaces)", `eachByte(s, "0x%02x", ",")`, func(r *rand.Rand, s string) string { return eachByte(s, "0x%02x", ",") }),
	e("Go %#v of []byte", `fmt.Sprintf("%#v", []byte(s))`, func(r *rand.Rand, s string) string { return fmt.Sprintf("%#v", []byte(s)) }),
	e("Go %v of []byte [115 97 ...]", `fmt.Sprintf("%v", []byte(s))`, func(r *rand.Rand, s string) string { return fmt.Sprintf("%v", []byte(s)) }),
	e("Python list(bytes), Rust {:?} [115, 97, ...]", `bytesList(s, "%d", ", ", "[", "]")`, func(r *rand.Rand, s string) string { return bytesList(s, "%d", ", ", "[", "]") }),
	e("Java Arrays.toString(byte[]) (signed)", `"[" + eachByte(s, int8...) + "]"`, func(r *rand.Rand, s string) string {
		parts := make([]string, len(s))
		for i := 0; i < len(s); i++ {
			parts[i] = strconv.Itoa(int(int8(s[i])))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}),
	e("Node Buffer.toJSON", `{"type":"Buffer","data":[115,97,...]}`, func(r *rand.Rand, s string) string {
		b, _ := json.Marshal(struct {
			Type string `json:"type"`
			Data []int  `json:"data"`
		}{"Buffer", func() []int {
			v := make([]int, len(s))
			for i := range v {
				v[i] = int(s[i])
			}
			return v
		}()})
		return string(b)
	}),
	e("Java Arrays.toString(char[]) [s, a, n, ...]", `"[" + interleave(s, ", ") + "]"`, func(r *rand.Rand, s string) string { return "[" + interleave(s, ", ") + "]" }),
	e("Python list(str) ['s', 'a', ...]", `"['" + interleave(s, "', '") + "']"`, func(r *rand.Rand, s string) string { return "['" + interleave(s, "', '") + "']" }),
	e("JS String.fromCharCode(115,97,...)", `"String.fromCharCode(" + eachRune(code,",") + ")"`, func(r *rand.Rand, s string) string {
		parts := []string{}
		for _, u := range utf16Units(s) {
			parts = append(parts, strconv.Itoa(int(u)))
		}
		return "String.fromCharCode(" + strings.Join(parts, ",") + ")"
	}),
	e("binary bytes 01110011 ...", `eachByte(s, "%08b", " ")`, func(r *rand.Rand, s string) string { return eachByte(s, "%08b", " ") }),
	withCores(e("xxd dump", `xxd(words(r,20) + s + " trailer")`, func(r *rand.Rand, s string) string { return xxd(words(r, 20) + s + " trailer bytes") }), dumpHex),
	e("xxd -p (plain hex wrapped at 60), secret across the line break", `wrap(hex.EncodeToString([]byte(straddle(30)+s+...)), 60, "\n")`, func(r *rand.Rand, s string) string {
		return wrap(hex.EncodeToString([]byte(straddle(r, len(s), 30)+s+" trailer")), 60, "\n")
	}),
	withCores(e("hexdump -C", `hexdumpC(words(r,20) + s + " trailer")`, func(r *rand.Rand, s string) string { return hexdumpC(words(r, 20) + s + " trailer bytes") }), dumpHex),
	e("od -c", `odC(s)`, func(r *rand.Rand, s string) string { return odC(s) }),
	e("hex of UTF-16LE", `hex.EncodeToString([]byte(utf16LE(s)))`, func(r *rand.Rand, s string) string { return hex.EncodeToString([]byte(utf16LE(s))) }),

	// --- character sets
	e("UTF-16LE raw (NUL-interleaved)", `utf16LE(s)`, func(r *rand.Rand, s string) string { return utf16LE(s) }),
	e("UTF-16BE raw with BOM", `"\xfe\xff" + utf16BE(s)`, func(r *rand.Rand, s string) string { return "\xfe\xff" + utf16BE(s) }),
	e("UTF-32LE raw", `utf32LE(s)`, func(r *rand.Rand, s string) string { return utf32LE(s) }),
	e("Windows-1254 raw bytes (Java or .NET on a Turkish locale)", `windows1254(s)`, func(r *rand.Rand, s string) string { return windows1254(s) }),
	e("Windows-1254 bytes percent-encoded (URLEncoder.encode(s, \"windows-1254\"))", `url.QueryEscape(windows1254(s))`, func(r *rand.Rand, s string) string { return url.QueryEscape(windows1254(s)) }),
	e("mojibake: UTF-8 read as Windows-1252 (ÅŸifre)", `mojibake1252(s)`, func(r *rand.Rand, s string) string { return mojibake1252(s) }),
	e("mojibake: UTF-8 read as Latin-1", `mojibakeLatin1(s)`, func(r *rand.Rand, s string) string { return mojibakeLatin1(s) }),
	e("mojibake Latin-1, then JSON-escaped (\\u00c5\\u009f)", `jsonQuote(mojibakeLatin1(s))`, func(r *rand.Rand, s string) string {
		return strconv.QuoteToASCII(mojibakeLatin1(s))
	}),
	e("Unicode NFD (decomposed Turkish letters)", `toNFD(s)`, func(r *rand.Rand, s string) string { return toNFD(s) }),
	e("fullwidth forms (NFKC folds back)", `fullwidth(s)`, func(r *rand.Rand, s string) string { return fullwidth(s) }),
	e("mathematical bold letters (NFKC folds back)", `mathBold(s)`, func(r *rand.Rand, s string) string { return mathBold(s) }),
	e("Cyrillic homoglyphs", `homoglyphs(s)`, func(r *rand.Rand, s string) string { return homoglyphs(s) }),
	e("Unicode tag characters (invisible ASCII smuggling)", `tags(s)`, func(r *rand.Rand, s string) string { return tags(s) }),
	lossy(e("Turkish-locale upper case (Java toUpperCase on tr_TR: i→İ)", `strings.ToUpperSpecial(unicode.TurkishCase, s)`, func(r *rand.Rand, s string) string { return turkishUpper(s) })),
	lossy(e("Turkish-locale lower case (I→ı)", `strings.ToLowerSpecial(unicode.TurkishCase, s)`, func(r *rand.Rand, s string) string { return turkishLower(s) })),

	// --- trivial transforms
	e("reversed", `reverse(s)`, func(r *rand.Rand, s string) string { return reverse(s) }),
	e("ROT13", `rot13(s)`, func(r *rand.Rand, s string) string { return rot13(s) }),
	e("ROT47", `rot47(s)`, func(r *rand.Rand, s string) string { return rot47(s) }),

	// --- split / interrupted secrets
	e("split across two log lines", `a + "\n2026-05-14T10:22:01Z adapter[4121] stderr: " + b`, func(r *rand.Rand, s string) string {
		a, b := half(s)
		return a + "\n2026-05-14T10:22:01Z adapter[4121] stderr: " + b
	}),
	e("split by a bare newline (terminal wrap)", `a + "\n" + b`, func(r *rand.Rand, s string) string { a, b := half(s); return a + "\n" + b }),
	e("split by a space", `a + " " + b`, func(r *rand.Rand, s string) string { a, b := half(s); return a + " " + b }),
	e("halves in reverse order", `b + " " + a`, func(r *rand.Rand, s string) string { a, b := half(s); return b + " " + a }),
	e("halves in a JSON array", `["a","b"]`, func(r *rand.Rand, s string) string {
		a, b := half(s)
		return "[" + jsonQuote(a) + "," + jsonQuote(b) + "]"
	}),
	e("JS string concatenation \"a\" + \"b\"", `jsonQuote(a) + " + " + jsonQuote(b)`, func(r *rand.Rand, s string) string {
		a, b := half(s)
		return jsonQuote(a) + " + " + jsonQuote(b)
	}),
	e("backslash-newline continuation (YAML double-quoted, shell, properties)", `"\"" + a + "\\\n    " + b + "\""`, func(r *rand.Rand, s string) string {
		a, b := half(s)
		return `"` + a + "\\\n    " + b + `"`
	}),
	e("one character per line", `interleave(s, "\n")`, func(r *rand.Rand, s string) string { return interleave(s, "\n") }),
	e("characters separated by spaces", `interleave(s, " ")`, func(r *rand.Rand, s string) string { return interleave(s, " ") }),
	e("zero-width space after every char", `interleave(s, "\u200b")`, func(r *rand.Rand, s string) string { return interleave(s, "\u200b") }),
	e("one zero-width space in the middle", `a + "\u200b" + b`, func(r *rand.Rand, s string) string { a, b := half(s); return a + "\u200b" + b }),
	e("soft hyphen in the middle", `a + "\u00ad" + b`, func(r *rand.Rand, s string) string { a, b := half(s); return a + "\u00ad" + b }),
	e("zero-width joiner in the middle", `a + "\u200d" + b`, func(r *rand.Rand, s string) string { a, b := half(s); return a + "\u200d" + b }),
	e("word joiner in the middle", `a + "\u2060" + b`, func(r *rand.Rand, s string) string { a, b := half(s); return a + "\u2060" + b }),
	e("BOM U+FEFF in the middle", `a + "\ufeff" + b`, func(r *rand.Rand, s string) string { a, b := half(s); return a + "\ufeff" + b }),
	e("combining grapheme joiner after every char", `interleave(s, "\u034f")`, func(r *rand.Rand, s string) string { return interleave(s, "\u034f") }),
	e("variation selector-16 after every char", `interleave(s, "\ufe0f")`, func(r *rand.Rand, s string) string { return interleave(s, "\ufe0f") }),
	e("NUL byte in the middle", `a + "\x00" + b`, func(r *rand.Rand, s string) string { a, b := half(s); return a + "\x00" + b }),
	e("ANSI colour codes in the middle", `a + "\x1b[0m\x1b[31m" + b`, func(r *rand.Rand, s string) string { a, b := half(s); return a + "\x1b[0m\x1b[31m" + b }),
	e("ANSI colour code around every char", `eachRune(s, "\x1b[3%dm%c")`, func(r *rand.Rand, s string) string {
		i := 0
		return eachRune(s, func(c rune) string { i++; return fmt.Sprintf("\x1b[3%dm%c", i%7+1, c) }) + "\x1b[0m"
	}),
	e("backspace overstrike (nroff bold c\\bc)", `eachRune(s, c+"\b"+c)`, func(r *rand.Rand, s string) string {
		return eachRune(s, func(c rune) string { return string(c) + "\b" + string(c) })
	}),
	e("HTML <wbr> in the middle", `a + "<wbr>" + b`, func(r *rand.Rand, s string) string { a, b := half(s); return a + "<wbr>" + b }),
	e("HTML comment in the middle", `a + "<!---->" + b`, func(r *rand.Rand, s string) string { a, b := half(s); return a + "<!---->" + b }),
	e("XML CDATA split", `a + "]]><![CDATA[" + b`, func(r *rand.Rand, s string) string { a, b := half(s); return a + "]]><![CDATA[" + b }),
	e("quoted-printable every byte (=73=61)", `eachByte(s, "=%02X", "")`, func(r *rand.Rand, s string) string { return eachByte(s, "=%02X", "") }),
	e("quoted-printable (Go mime quotedprintable), soft line break inside the secret", `qpNatural(strings.Repeat("x", 75-len/2), s)`, func(r *rand.Rand, s string) string {
		return qpNatural(strings.Repeat("x", 75-len(s)/2), s)
	}),
	e("quoted-printable (Go mime quotedprintable), on one line", `qpNatural("", s)`, func(r *rand.Rand, s string) string { return qpNatural("", s) }),
	e("MIME encoded-word Q", `mime.QEncoding.Encode("UTF-8", s)`, func(r *rand.Rand, s string) string { return mime.QEncoding.Encode("UTF-8", s) }),
	e("MIME encoded-words B, split in two", `mime.BEncoding.Encode("UTF-8", a) + " " + mime.BEncoding.Encode("UTF-8", b)`, func(r *rand.Rand, s string) string {
		a, b := half(s)
		return mime.BEncoding.Encode("UTF-8", a) + "\r\n " + mime.BEncoding.Encode("UTF-8", b)
	}),

	// --- near forms beyond one edit
	e("two characters short (first two dropped)", `s[2:]`, func(r *rand.Rand, s string) string { return string([]rune(s)[2:]) }),
	e("two characters short (last two dropped)", `s[:len-2]`, func(r *rand.Rand, s string) string { rs := []rune(s); return string(rs[:len(rs)-2]) }),
	e("clipped with three ASCII dots instead of …", `s[:len-2] + "..."`, func(r *rand.Rand, s string) string { rs := []rune(s); return string(rs[:len(rs)-2]) + "..." }),
	e("two characters replaced", `s with runes 3 and len-4 replaced by '#'`, func(r *rand.Rand, s string) string {
		rs := []rune(s)
		rs[3], rs[len(rs)-4] = '#', '#'
		return string(rs)
	}),
	e("one character inserted", `a + "#" + b`, func(r *rand.Rand, s string) string { a, b := half(s); return a + "#" + b }),
	e("two adjacent characters transposed", `swap runes len/2, len/2+1`, func(r *rand.Rand, s string) string {
		rs := []rune(s)
		k := len(rs) / 2
		rs[k], rs[k+1] = rs[k+1], rs[k]
		return string(rs)
	}),
}

// leaked reports whether out still carries blob, and whether the secret is
// still there as plain text too.
func leaked(out, blob, s string) bool {
	return strings.Contains(out, blob) || strings.Contains(out, s)
}

func TestEncodings(t *testing.T) {
	for ei, enc := range encodings {
		t.Run(enc.name, func(t *testing.T) {
			if why, ok := notPromised[enc.name]; ok {
				t.Skip("not promised (README, No secret reaches a report): " + why)
			}
			for _, sec := range secrets {
				t.Run(sec.name, func(t *testing.T) {
					if enc.caseLossy && len(sec.s) < redact.NearLength {
						t.Skipf("N/A: case is lost and the secret is under NearLength (documented)")
					}
					red := redact.New(sec.s)
					r := rand.New(rand.NewPCG(uint64(ei), 42))
					for trial := 0; trial < 6; trial++ {
						blob := enc.blob(r, sec.s)
						sameAsControl := strings.HasPrefix(enc.name, "Turkish-locale") &&
							(blob == strings.ToUpper(sec.s) || blob == strings.ToLower(sec.s))
						if enc.name != "plain" && enc.cores == nil && (strings.Contains(blob, sec.s) || sameAsControl) {
							t.Skipf("N/A: this encoding leaves this secret as it is (the plain or case control covers it)")
						}
						text, at := logLine(r, blob)
						out := red.String(text)
						_, found := red.Find(text)
						isLeak := leaked(out, blob, sec.s)
						if enc.cores != nil {
							isLeak = strings.Contains(out, sec.s)
							cores := enc.cores(blob)
							all := len(cores) > 0
							for _, c := range cores {
								all = all && strings.Contains(out, c)
							}
							isLeak = isLeak || all
						}
						if isLeak {
							t.Errorf("LEAKED %s (secret %s, trial %d, Find=%v): blob %q survives\n  expr: %s\n  out: %q",
								enc.name, sec.name, trial, found, clipS(blob, 300), enc.expr, clip(out, blob))
							return
						}
						if trial == 0 && testing.Verbose() {
							t.Logf("masked: blob %q -> %q", clipS(blob, 300), clipS(out[min(at, len(out)):], len(blob)+40))
						}
					}
				})
			}
		})
	}
}

func clipS(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

func clip(out, blob string) string {
	i := strings.Index(out, blob)
	if i < 0 {
		return clipS(out, 400)
	}
	lo, hi := max(0, i-40), min(len(out), i+len(blob)+40)
	return out[lo:hi]
}

// TestNoPanic feeds malformed and adversarial inputs; any panic fails.
func TestNoPanic(t *testing.T) {
	inputs := []string{
		"", "\xff\xfe\xfd", "%", "%%", "%2", "%u", "%u00", "&#", "&#x", "&#99999999999999999999;", "&#x110000;",
		`\u`, `\ud800`, `\ud800\u0041`, `\udc00\ud800`, "…", "……………", "\x00\x00",
		strings.Repeat(`\\\\`, 1000), strings.Repeat("%25", 2000), strings.Repeat("=", 3000),
		"sandbox-AbCd…", "sandbox-AbCdEf0123456789xyzQRS\xff", "\xffsandbox-AbCdEf0123456789xyzQRS",
		strings.Repeat("\u0300", 1000),
	}
	secs := [][]string{
		{"sandbox-AbCdEf0123456789xyzQRS"}, {"\xff\xfe\xfd\xfc\xfb\xfa"}, {"[REDACTED]"}, {"……………"},
		{"%%%%%%%%"}, {`\u0041\u0042`}, {"======"}, {"AAAAAAAAAAAAAAAA"}, {"sandbox-Ab", "sandbox-AbCdEf0123456789xyzQRS", "AbCdEf0123"},
	}
	for _, ss := range secs {
		red := redact.New(ss...)
		for _, in := range inputs {
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("PANIC: secrets %q input %q: %v", ss, clipS(in, 80), p)
					}
				}()
				out := red.String(in)
				red.Find(in)
				for _, s := range ss {
					if len(s) >= redact.MinLength && strings.Contains(out, s) && s != redact.Mask && !strings.Contains(redact.Mask, s) {
						t.Errorf("LEAKED after malformed input: secret %q in %q", s, clipS(out, 120))
					}
				}
			}()
		}
	}
}

// TestMaskingDoesNotJoin checks that masking one occurrence does not leave
// two halves of the secret next to each other, and that String is idempotent.
func TestMaskingDoesNotJoin(t *testing.T) {
	for _, sec := range secrets {
		s := sec.s
		red := redact.New(s)
		a, b := half(s)
		for _, text := range []string{
			a + s + b,
			s[:1] + s + s[1:],
			a + b64(s) + b,
		} {
			out := red.String(text)
			if strings.Contains(out, s) {
				t.Errorf("LEAKED after masking (%s): %q -> %q", sec.name, text, out)
			}
			if out2 := red.String(out); out2 != out {
				t.Logf("not idempotent (%s): %q -> %q -> %q", sec.name, text, out, out2)
			}
		}
	}
}

var _ = utf8.RuneLen

// TestTwoSecrets checks that two secrets written next to each other, or one
// inside the other's encoding, both go.
func TestTwoSecrets(t *testing.T) {
	a, b := "sandbox-AbCdEf0123456789xyzQRS", "sandbox-Zy98+xW/7Vu6=TsR"
	red := redact.New(a, b)
	for _, text := range []string{
		a + b, b + a, a + ":" + b,
		"Basic " + b64(a+":"+b),
		hex.EncodeToString([]byte(a + b)),
		url.QueryEscape(a + "&" + b),
		jwt(`{"k":"` + a + `","s":"` + b + `"}`),
	} {
		out := red.String(text)
		for _, s := range []string{a, b, b64(a), b64(b), hex.EncodeToString([]byte(a)), hex.EncodeToString([]byte(b))} {
			if strings.Contains(out, s) {
				t.Errorf("LEAKED two secrets: %q -> %q still holds %q", text, out, s)
			}
		}
		if strings.Contains(out, b64(a+":"+b)) || strings.Contains(out, hex.EncodeToString([]byte(a+b))) {
			t.Errorf("LEAKED two secrets: %q -> %q", text, out)
		}
		t.Logf("%q -> %q", clipS(text, 80), out)
	}
}
