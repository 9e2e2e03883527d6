// The second red team's attacks on harness/redact (2026-12-02), written from the README's
// promise alone by a helper that had not seen the code, against the redactor of the first
// round's fixes: 64 leaks of promised forms and 7 slow texts, each fixed since but the two in
// notPromised. Kept as a regression test. Helpers build each form; the tests are at the end.
package round2_test

import (
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"github.com/payconform/payconform/harness/redact"
)

// ---- from enc_test.go ----

func b64(s string) string    { return base64.StdEncoding.EncodeToString([]byte(s)) }
func b64raw(s string) string { return base64.RawStdEncoding.EncodeToString([]byte(s)) }
func b64url(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
func b32(s string) string    { return base32.StdEncoding.EncodeToString([]byte(s)) }
func b32hex(s string) string { return base32.HexEncoding.EncodeToString([]byte(s)) }
func hx(s string) string     { return hex.EncodeToString([]byte(s)) }
func HX(s string) string     { return strings.ToUpper(hex.EncodeToString([]byte(s))) }

func utf16le(s string) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return string(b)
}
func utf16be(s string) string {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return string(b)
}
func utf32le(s string) string {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8), byte(r>>16), byte(r>>24))
	}
	return string(b)
}
func cp1254(s string) string {
	out, err := charmap.Windows1254.NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	return out
}
func latin1Mojibake(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		sb.WriteRune(rune(s[i]))
	}
	return sb.String()
}
func cp1252Mojibake(s string) string {
	out, _ := charmap.Windows1252.NewDecoder().String(s)
	return out
}
func nfd(s string) string { return norm.NFD.String(s) }

func pctAll(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&sb, "%%%02X", s[i])
	}
	return sb.String()
}
func pctQuery(s string) string { return url.QueryEscape(s) }
func pctU(s string) string {
	var sb strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&sb, "%%u%04X", u)
	}
	return sb.String()
}
func jsonStr(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
func jsonU(s string) string {
	var sb strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&sb, "\\u%04x", u)
	}
	return sb.String()
}
func cX(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&sb, "\\x%02x", s[i])
	}
	return sb.String()
}
func cOct(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&sb, "\\%03o", s[i])
	}
	return sb.String()
}
func cBigU(s string) string {
	var sb strings.Builder
	for _, r := range s {
		fmt.Fprintf(&sb, "\\U%08x", r)
	}
	return sb.String()
}
func rustU(s string) string {
	var sb strings.Builder
	for _, r := range s {
		fmt.Fprintf(&sb, "\\u{%x}", r)
	}
	return sb.String()
}
func perlX(s string) string {
	var sb strings.Builder
	for _, r := range s {
		fmt.Fprintf(&sb, "\\x{%x}", r)
	}
	return sb.String()
}
func htmlDec(s string) string {
	var sb strings.Builder
	for _, r := range s {
		fmt.Fprintf(&sb, "&#%d;", r)
	}
	return sb.String()
}
func htmlHex(s string) string {
	var sb strings.Builder
	for _, r := range s {
		fmt.Fprintf(&sb, "&#x%X;", r)
	}
	return sb.String()
}
func qp(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&sb, "=%02X", s[i])
	}
	return sb.String()
}
func css(s string) string {
	var sb strings.Builder
	for _, r := range s {
		fmt.Fprintf(&sb, "\\%x ", r)
	}
	return sb.String()
}
func goQ(s string) string  { return strconv.Quote(s) }
func goQA(s string) string { return strconv.QuoteToASCII(s) }

func wrap(s string, n int, nl string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i += n {
		j := i + n
		if j > len(s) {
			j = len(s)
		}
		sb.WriteString(s[i:j])
		if j < len(s) {
			sb.WriteString(nl)
		}
	}
	return sb.String()
}
func interleave(s, sep string) string {
	var parts []string
	for _, r := range s {
		parts = append(parts, string(r))
	}
	return strings.Join(parts, sep)
}
func fullwidth(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if r >= 0x21 && r <= 0x7e {
			sb.WriteRune(r - 0x21 + 0xFF01)
		} else {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
func mathBold(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			sb.WriteRune(0x1D400 + r - 'A')
		case r >= 'a' && r <= 'z':
			sb.WriteRune(0x1D41A + r - 'a')
		case r >= '0' && r <= '9':
			sb.WriteRune(0x1D7CE + r - '0')
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
func tagChars(s string) string {
	var sb strings.Builder
	for _, r := range s {
		sb.WriteRune(0xE0000 + r)
	}
	return sb.String()
}
func ansiEach(s string) string {
	var sb strings.Builder
	for i, r := range s {
		fmt.Fprintf(&sb, "\x1b[%dm%c", 31+i%6, r)
	}
	sb.WriteString("\x1b[0m")
	return sb.String()
}
func overstrike(s string) string {
	var sb strings.Builder
	for _, r := range s {
		fmt.Fprintf(&sb, "%c\b%c", r, r)
	}
	return sb.String()
}
func underline(s string) string {
	var sb strings.Builder
	for _, r := range s {
		fmt.Fprintf(&sb, "_\b%c", r)
	}
	return sb.String()
}

// byte lists
func byteList(s, open, sep, close, f string) string {
	var parts []string
	for i := 0; i < len(s); i++ {
		parts = append(parts, fmt.Sprintf(f, s[i]))
	}
	return open + strings.Join(parts, sep) + close
}
func signedList(s string) string {
	var parts []string
	for i := 0; i < len(s); i++ {
		parts = append(parts, strconv.Itoa(int(int8(s[i]))))
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
func binList(s, sep string) string {
	var parts []string
	for i := 0; i < len(s); i++ {
		parts = append(parts, fmt.Sprintf("%08b", s[i]))
	}
	return strings.Join(parts, sep)
}
func codePoints(s string) string {
	var parts []string
	for _, r := range s {
		parts = append(parts, strconv.Itoa(int(r)))
	}
	return "String.fromCharCode(" + strings.Join(parts, ", ") + ")"
}
func charList(s, q string) string {
	var parts []string
	for _, r := range s {
		parts = append(parts, q+string(r)+q)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// hex dumps
func xxd(b string, cols, group int, upper bool) string {
	var sb strings.Builder
	for off := 0; off < len(b); off += cols {
		end := off + cols
		if end > len(b) {
			end = len(b)
		}
		fmt.Fprintf(&sb, "%08x: ", off)
		hexpart := ""
		for i := off; i < off+cols; i++ {
			if i < end {
				f := "%02x"
				if upper {
					f = "%02X"
				}
				hexpart += fmt.Sprintf(f, b[i])
			} else {
				hexpart += "  "
			}
			if (i-off+1)%group == 0 {
				hexpart += " "
			}
		}
		sb.WriteString(hexpart)
		sb.WriteString(" ")
		for i := off; i < end; i++ {
			c := b[i]
			if c < 0x20 || c > 0x7e {
				c = '.'
			}
			sb.WriteByte(c)
		}
		sb.WriteString("\n")
	}
	return sb.String()
}
func hexdumpC(b string, upper bool) string {
	var sb strings.Builder
	for off := 0; off < len(b); off += 16 {
		end := off + 16
		if end > len(b) {
			end = len(b)
		}
		fmt.Fprintf(&sb, "%08x  ", off)
		for i := off; i < off+16; i++ {
			if i < end {
				if upper {
					fmt.Fprintf(&sb, "%02X ", b[i])
				} else {
					fmt.Fprintf(&sb, "%02x ", b[i])
				}
			} else {
				sb.WriteString("   ")
			}
			if i-off == 7 {
				sb.WriteString(" ")
			}
		}
		sb.WriteString(" |")
		for i := off; i < end; i++ {
			c := b[i]
			if c < 0x20 || c > 0x7e {
				c = '.'
			}
			sb.WriteByte(c)
		}
		sb.WriteString("|\n")
	}
	fmt.Fprintf(&sb, "%08x\n", len(b))
	return sb.String()
}

var _ = utf8.RuneLen

// ---- from harness_test.go ----

type probe struct {
	name    string
	secrets []string
	text    string
	core    string // the encoded secret as inserted; "" to skip the substring check
	clean   bool   // false-positive case: text must come back unchanged
}

// lcs returns the length of the longest common substring of a and b.
func lcs(a, b string) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	best := 0
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1] + 1
				if cur[j] > best {
					best = cur[j]
				}
			} else {
				cur[j] = 0
			}
		}
		prev, cur = cur, prev
	}
	return best
}

// verdict returns "" when the probe passes, otherwise why it fails.
func verdict(p probe) (string, string, time.Duration) {
	r := redact.New(p.secrets...)
	var out string
	var panicked any
	start := time.Now()
	func() {
		defer func() { panicked = recover() }()
		out = r.String(p.text)
	}()
	d := time.Since(start)
	if panicked != nil {
		return "PANIC: " + strings.TrimSpace(strings.Split(toString(panicked), "\n")[0]), out, d
	}
	if p.clean {
		if out != p.text {
			return "FALSE POSITIVE", out, d
		}
		return "", out, d
	}
	if out == p.text {
		return "LEAKED (unchanged)", out, d
	}
	for _, s := range p.secrets {
		if len(s) >= redact.MinLength && strings.Contains(out, s) {
			return "LEAKED (secret as is in output)", out, d
		}
	}
	for _, s := range p.secrets {
		if n := lcs(s, out); len(s) >= 12 && n >= 7 && n*2 >= len(s) && lcs(s, p.text) > n-1 {
			// more than half the secret survives as is
			if !strings.Contains(p.text, s[:n]) || true {
				return "LEAKED (half or more of the secret survives as is)", out, d
			}
		}
	}
	if p.core != "" {
		n := lcs(p.core, out)
		// more than 60% of the encoded form survives contiguously
		if n*10 > len(p.core)*6 && n >= 8 {
			return "LEAKED (most of the encoded form survives)", out, d
		}
	}
	return "", out, d
}

func toString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case error:
		return x.Error()
	}
	return "panic"
}

func runProbes(t *testing.T, ps []probe) {
	for _, p := range ps {
		p := p
		t.Run(p.name, func(t *testing.T) {
			why, out, d := verdict(p)
			if d > 200*time.Millisecond {
				t.Logf("slow: %v for %d bytes", d, len(p.text))
			}
			if why != "" {
				t.Errorf("%s: %s\n  in:  %q\n  out: %q", p.name, why, clip(p.text), clip(out))
			}
		})
	}
}

func clip(s string) string {
	if len(s) > 600 {
		return s[:600] + "…(clipped)"
	}
	return s
}

// ---- from basic_test.go ----

var secretsUnderTest = []string{
	"sandbox-AbCdEf0123456789xyzQRS",
	"sandbox-Zy98+xW/7Vu6=TsR",
	"pbk_9F3kL2mN8qR4tV6w",
	"şifreĞüçlüAnahtar2026",
	"a%b\\c&d=e[f(g{h i",
	"k7#Qz!",
}

type form struct {
	name string
	f    func(string) string
}

var basicForms = []form{
	{"asis", func(s string) string { return s }},
	{"b64", b64},
	{"b64raw", b64raw},
	{"b64url", b64url},
	{"b64 key: prefix", func(s string) string { return b64("key:" + s) }},
	{"b64 k: prefix", func(s string) string { return b64("k:" + s) }},
	{"b64 kk: prefix", func(s string) string { return b64("kk:" + s) }},
	{"b32", b32},
	{"b32 lower", func(s string) string { return strings.ToLower(b32(s)) }},
	{"b32hex", b32hex},
	{"hex", hx},
	{"HEX", HX},
	{"utf16le", utf16le},
	{"utf16be", utf16be},
	{"utf16le b64", func(s string) string { return b64(utf16le(s)) }},
	{"utf32le", utf32le},
	{"nfd", nfd},
	{"mojibake latin1", latin1Mojibake},
	{"mojibake 1252", cp1252Mojibake},
	{"pct all", pctAll},
	{"pct query", pctQuery},
	{"pct u", pctU},
	{"json", jsonStr},
	{"json u", jsonU},
	{"json in json", func(s string) string { return jsonStr(jsonStr(s)) }},
	{"json u in json", func(s string) string { return jsonStr(jsonU(s)) }},
	{"cX", cX},
	{"cOct", cOct},
	{"cBigU", cBigU},
	{"rustU", rustU},
	{"perlX", perlX},
	{"htmlDec", htmlDec},
	{"htmlHex", htmlHex},
	{"qp", qp},
	{"css", css},
	{"goQ", goQ},
	{"goQA", goQA},
	{"wrap LF 5", func(s string) string { return wrap(s, 5, "\n") }},
	{"zwsp", func(s string) string { return interleave(s, "\u200b") }},
	{"soft hyphen", func(s string) string { return interleave(s, "\u00ad") }},
	{"tags", tagChars},
	{"ansi", ansiEach},
	{"overstrike", overstrike},
	{"underline", underline},
	{"fullwidth", fullwidth},
	{"mathbold", mathBold},
	{"spaced", func(s string) string { return interleave(s, " ") }},
	{"go bytes", func(s string) string { return byteList(s, "[", " ", "]", "%d") }},
	{"py bytes", func(s string) string { return byteList(s, "[", ", ", "]", "%d") }},
	{"java signed", signedList},
	{"node buffer", func(s string) string { return byteList(s, "<Buffer ", " ", ">", "%02x") }},
	{"go byte lit", func(s string) string { return byteList(s, "[]byte{", ", ", "}", "0x%02x") }},
	{"colon hex", func(s string) string { return byteList(s, "", ":", "", "%02x") }},
	{"dash HEX", func(s string) string { return byteList(s, "", "-", "", "%02X") }},
	{"binary", func(s string) string { return binList(s, " ") }},
	{"codepoints", codePoints},
	{"java chars", func(s string) string { return charList(s, "") }},
	{"py chars", func(s string) string { return charList(s, "'") }},
	{"xxd", func(s string) string { return xxd(s, 16, 2, false) }},
	{"hexdump -C", func(s string) string { return hexdumpC(s, false) }},
	{"clipped …", func(s string) string { return s[:len(s)*2/3] + "…" }},
	{"clipped ...", func(s string) string { return s[:len(s)*2/3] + "..." }},
}

// ---- from combo_test.go ----

const (
	sA = "sandbox-AbCdEf0123456789xyzQRS"
	sB = "sandbox-Zy98+xW/7Vu6=TsR"
	sC = "pbk_9F3kL2mN8qR4tV6w"
	sT = "şifreĞüçlüAnahtar2026"
)

func combos() []probe {
	var ps []probe
	add := func(name, secret, text, core string) {
		ps = append(ps, probe{name: name, secrets: []string{secret}, text: text, core: core})
	}
	for _, s := range []string{sA, sB, sC, sT} {
		// byte list inside JSON inside base64
		bl := byteList(s, "[", ", ", "]", "%d")
		add("b64(json(bytelist))/"+s, s, "token="+b64(`{"k":`+bl+`}`)+" end", b64(`{"k":`+bl+`}`))
		add("b64(json(gobytes))/"+s, s, "token="+b64(`{"k":"`+byteList(s, "[", " ", "]", "%d")+`"}`)+" end", "")
		// wrapped base64 inside JSON string with \n
		w := wrap(b64("user:"+s+":"+strings.Repeat("z", 60)), 76, "\n")
		add("json(wrap76(b64))/"+s, s, `{"body":`+jsonStr(w)+`}`, "")
		w64 := wrap(b64(s+strings.Repeat("Q", 50)), 64, "\r\n")
		add("wrap64 CRLF b64/"+s, s, "-----BEGIN X-----\r\n"+w64+"\r\n-----END X-----", "")
		add("json(wrap64 CRLF b64)/"+s, s, jsonStr("-----BEGIN X-----\r\n"+w64+"\r\n-----END X-----"), "")
		// hex dump inside JSON
		add("json(xxd)/"+s, s, `{"dump":`+jsonStr(xxd(s, 16, 2, false))+`}`, "")
		add("json(hexdumpC)/"+s, s, `{"dump":`+jsonStr(hexdumpC(s, false))+`}`, "")
		// utf16le -> b64 -> pct
		add("pct(b64(utf16le))/"+s, s, "q="+pctQuery(b64(utf16le(s))), "")
		add("pctAll(b64(utf16le))/"+s, s, "q="+pctAll(b64(utf16le(s))), "")
		add("pct(b64(utf16be))/"+s, s, "q="+pctQuery(b64(utf16be(s))), "")
		add("b64(utf16le) offset1/"+s, s, "a="+b64("k"+utf16le(s)), "")
		// NFKC fullwidth inside \u escapes
		add("jsonU(fullwidth)/"+s, s, `"`+jsonU(fullwidth(s))+`"`, "")
		add("htmlDec(fullwidth)/"+s, s, htmlDec(fullwidth(s)), "")
		add("pct(fullwidth)/"+s, s, pctAll(fullwidth(s)), "")
		add("jsonU(mathbold)/"+s, s, `"`+jsonU(mathBold(s))+`"`, "")
		add("b64(fullwidth)/"+s, s, b64(fullwidth(s)), "")
		add("b64(nfd)/"+s, s, b64(nfd(s)), "")
		add("b64(cp1254)/"+s, s, b64(cp1254(s)), "")
		add("pct(cp1254)/"+s, s, pctAll(cp1254(s)), "")
		add("cX(cp1254)/"+s, s, cX(cp1254(s)), "")
		add("jsonU(nfd)/"+s, s, jsonU(nfd(s)), "")
		add("pct(nfd)/"+s, s, pctAll(nfd(s)), "")
		add("pct(mojibake)/"+s, s, pctAll(latin1Mojibake(s)), "")
		add("jsonU(mojibake)/"+s, s, jsonU(latin1Mojibake(s)), "")
		add("hex(utf16le)/"+s, s, hx(utf16le(s)), "")
		add("HEX(utf16be)/"+s, s, HX(utf16be(s)), "")
		add("cX(utf16le)/"+s, s, cX(utf16le(s)), "")
		add("goQ(utf16le)/"+s, s, goQ(utf16le(s)), "")
		add("b32(utf16le)/"+s, s, b32(utf16le(s)), "")
		add("xxd(utf16le)/"+s, s, xxd(utf16le(s), 16, 2, false), "")
		add("bytelist(utf16le)/"+s, s, byteList(utf16le(s), "[", ", ", "]", "%d"), "")
		add("hexdumpC(cp1254)/"+s, s, hexdumpC(cp1254(s), false), "")
		// hex dumps variants
		add("xxd upper/"+s, s, xxd(s, 16, 2, true), "")
		add("xxd -c8/"+s, s, xxd(s, 8, 2, false), "")
		add("xxd -g1/"+s, s, xxd(s, 16, 1, false), "")
		add("xxd -g4/"+s, s, xxd(s, 16, 4, false), "")
		add("xxd -c12/"+s, s, xxd(s, 12, 2, false), "")
		add("xxd offset 5/"+s, s, xxd("hello"+s+"trailer", 16, 2, false), "")
		add("hexdumpC upper/"+s, s, hexdumpC(s, true), "")
		add("hexdumpC offset/"+s, s, hexdumpC("GET /abc?key="+s+"&x=1", false), "")
		add("xxd CRLF/"+s, s, strings.ReplaceAll(xxd(s, 16, 2, false), "\n", "\r\n"), "")
		add("hexdumpC CRLF/"+s, s, strings.ReplaceAll(hexdumpC(s, false), "\n", "\r\n"), "")
		add("xxd indented/"+s, s, "  "+strings.ReplaceAll(xxd(s, 16, 2, false), "\n", "\n  "), "")
		// byte lists with extra spaces, newlines, tabs
		add("bytes tabs/"+s, s, byteList(s, "[", "\t", "]", "%d"), "")
		add("bytes comma-tab/"+s, s, byteList(s, "[", ",\t", "]", "%d"), "")
		add("bytes double space/"+s, s, byteList(s, "[", ",  ", "]", "%d"), "")
		add("bytes newline/"+s, s, byteList(s, "[\n  ", ",\n  ", "\n]", "%d"), "")
		add("bytes CRLF/"+s, s, byteList(s, "[\r\n  ", ",\r\n  ", "\r\n]", "%d"), "")
		add("bytes no space/"+s, s, byteList(s, "[", ",", "]", "%d"), "")
		add("bytes paren/"+s, s, byteList(s, "(", ", ", ")", "%d"), "")
		add("py bytes wrapped 6/"+s, s, pyWrapped(s), "")
		add("hex list 0x upper/"+s, s, byteList(s, "{", ", ", "}", "0x%02X"), "")
		add("node buffer upper/"+s, s, byteList(s, "<Buffer ", " ", ">", "%02X"), "")
		add("hex space/"+s, s, byteList(s, "", " ", "", "%02x"), "")
		add("hex space upper/"+s, s, byteList(s, "", " ", "", "%02X"), "")
		add("\\x list/"+s, s, byteList(s, "", "", "", "\\x%02X"), "")
		add("json bytes array/"+s, s, `{"data":`+byteList(s, "[", ",", "]", "%d")+`}`, "")
		add("bin no sep/"+s, s, binList(s, ""), "")
		add("bin comma/"+s, s, "["+binList(s, ", ")+"]", "")
		add("octal list/"+s, s, byteList(s, "[", ", ", "]", "0o%o"), "")
		add("java chars json/"+s, s, jsonStr(charList(s, "")), "")
		add("py chars dq/"+s, s, charList(s, `"`), "")
		add("codepoints hex/"+s, s, cpHex(s), "")
		// tabs as separators in spaced
		add("spaced tab/"+s, s, interleave(s, "\t"), "")
		add("spaced 2/"+s, s, interleave(s, "  "), "")
		add("spaced nbsp/"+s, s, interleave(s, "\u00a0"), "")
		add("spaced comma/"+s, s, interleave(s, ","), "")
		add("spaced in json/"+s, s, jsonStr(interleave(s, " ")), "")
		// adjacency / repetition / edges
		add("repeated/"+s, s, s+s+s, "")
		add("start/"+s, s, s+" tail", "")
		add("end/"+s, s, "head "+s, "")
		add("only/"+s, s, s, "")
		add("b64 only/"+s, s, b64(s), "")
		add("b64 at start followed by alnum/"+s, s, b64raw(s)+"abc", "")
		// near forms in encodings
		add("upper in pct/"+s, s, pctAll(strings.ToUpper(s)), "")
		add("swapped in jsonU/"+s, s, jsonU(swap(s)), "")
		add("short in b64/"+s, s, b64(s[:len(s)-1]), "")
		add("upper in b64/"+s, s, b64(strings.ToUpper(s)), "")
		add("upper b64 in json/"+s, s, jsonStr(b64(strings.ToUpper(s))), "")
		add("trupper/"+s, s, trUpper(s), "")
		add("trupper b64/"+s, s, b64(trUpper(s)), "")
		add("trupper utf16/"+s, s, utf16le(trUpper(s)), "")
		// clipped encodings
		add("clipped b64/"+s, s, "token "+b64(s)[:len(b64(s))*3/4]+"…", "")
		add("clipped hex/"+s, s, "k="+hx(s)[:len(hx(s))*2/3]+"...", "")
		add("clipped pct/"+s, s, "k="+pctAll(s)[:len(pctAll(s))*2/3]+"…", "")
		add("clipped jsonU/"+s, s, `"`+jsonU(s)[:len(jsonU(s))*2/3]+"…", "")
		add("clipped utf16 b64/"+s, s, b64(utf16le(s))[:len(b64(utf16le(s)))*2/3]+"…", "")
		add("clipped b64 json/"+s, s, b64(`{"apiKey":"` + s + `","x":1}`)[:40]+"…", "")
		add("clipped spaced/"+s, s, interleave(s[:12], " ")+"…", "")
		add("clipped fullwidth/"+s, s, fullwidth(s[:12])+"…", "")
		// deep nesting: 4 levels
		add("4deep pct(json(json(jsonU)))/"+s, s, pctQuery(jsonStr(jsonStr(jsonU(s)))), "")
		add("b64(pct)/"+s, s, b64("k="+pctAll(s)), "")
		add("b64(jsonU)/"+s, s, b64(`{"a":"`+jsonU(s)+`"}`), "")
		add("b64(b64)/"+s, s, b64(b64(s)), "")
		add("b64(hex)/"+s, s, b64(hx(s)), "")
		add("hex(b64)/"+s, s, hx(b64(s)), "")
		add("hex(json)/"+s, s, hx(`{"k":"`+s+`"}`), "")
		add("b32(json)/"+s, s, b32(`{"k":"`+s+`"}`), "")
		add("b64(xxd)/"+s, s, b64(xxd(s, 16, 2, false)), "")
		add("b64url(json) jwt/"+s, s, "eyJhbGciOiJIUzI1NiJ9."+b64url(`{"sub":"`+s+`"}`)+".sig", "")
		add("htmlnamed/"+s, s, htmlNamed(s), "")
		add("html in json/"+s, s, jsonStr(htmlDec(s)), "")
		add("qp soft/"+s, s, qpSoft(s), "")
		add("css no space/"+s, s, cssNoSpace(s), "")
		add("ansi in b64?/"+s, s, ansiEach(b64(s)), "")
		add("zwsp in b64/"+s, s, interleave(b64(s), "\u200b"), "")
		add("zwsp in hex/"+s, s, interleave(hx(s), "\u200b"), "")
		add("fullwidth b64/"+s, s, fullwidth(b64(s)), "")
		add("fullwidth hex/"+s, s, fullwidth(hx(s)), "")
		add("spaced b64/"+s, s, interleave(b64(s), " "), "")
		add("spaced hex/"+s, s, interleave(hx(s), " "), "")
		add("jsonU(b64)/"+s, s, jsonU(b64(s)), "")
		add("pct(hex)/"+s, s, pctAll(hx(s)), "")
		add("jsonU b64 key/"+s, s, jsonU(b64("key:"+s)), "")
	}
	return ps
}

func pyWrapped(s string) string {
	var sb strings.Builder
	sb.WriteString("[")
	for i := 0; i < len(s); i++ {
		if i > 0 {
			sb.WriteString(",")
			if i%6 == 0 {
				sb.WriteString("\n ")
			} else {
				sb.WriteString(" ")
			}
		}
		fmt.Fprintf(&sb, "%d", s[i])
	}
	sb.WriteString("]")
	return sb.String()
}
func cpHex(s string) string {
	var parts []string
	for _, r := range s {
		parts = append(parts, fmt.Sprintf("0x%x", r))
	}
	return "String.fromCharCode(" + strings.Join(parts, ",") + ")"
}
func swap(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if strings.ToUpper(string(r)) != string(r) {
			sb.WriteString(strings.ToUpper(string(r)))
		} else {
			sb.WriteString(strings.ToLower(string(r)))
		}
	}
	return sb.String()
}
func trUpper(s string) string {
	s = strings.ReplaceAll(s, "i", "İ")
	return strings.ToUpper(s)
}
func htmlNamed(s string) string {
	r := strings.NewReplacer("ş", "&scedil;", "ğ", "&gbreve;", "Ğ", "&Gbreve;", "ü", "&uuml;", "ç", "&ccedil;", "+", "&plus;", "/", "&sol;", "=", "&equals;", "-", "&hyphen;", "_", "&lowbar;", "a", "&#97;")
	return r.Replace(s)
}
func qpSoft(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		if i == len(s)/2 {
			sb.WriteString("=\r\n")
		}
		c := s[i]
		if c == '=' || c > 126 {
			fmt.Fprintf(&sb, "=%02X", c)
		} else {
			sb.WriteByte(c)
		}
	}
	return sb.String()
}
func cssNoSpace(s string) string {
	var sb strings.Builder
	for _, r := range s {
		fmt.Fprintf(&sb, "\\%06x", r)
	}
	return sb.String()
}

// ---- from combo2_test.go ----

func combos2() []probe {
	var ps []probe
	add := func(name, secret, text, core string) {
		ps = append(ps, probe{name: name, secrets: []string{secret}, text: text, core: core})
	}
	// near forms of the Turkish secret
	add("T upper", sT, "x "+strings.ToUpper(sT)+" y", "")
	add("T lower", sT, "x "+strings.ToLower(sT)+" y", "")
	add("T swap", sT, "x "+swap(sT)+" y", "")
	add("T trupper", sT, "x "+trUpper(sT)+" y", "")
	add("T short", sT, "x "+strings.TrimSuffix(sT, "6")+" y", "")
	add("T replace first", sT, "x X"+strings.TrimPrefix(sT, "ş")+" y", "")
	add("T replace ü", sT, "x "+strings.Replace(sT, "ü", "u", 1)+" y", "")
	add("T replace Ğ by G", sT, "x "+strings.Replace(sT, "Ğ", "G", 1)+" y", "")
	add("T upper in jsonU", sT, jsonU(strings.ToUpper(sT)), "")
	add("T upper in pct", sT, pctQuery(strings.ToUpper(sT)), "")
	add("T upper nfd", sT, nfd(strings.ToUpper(sT)), "")
	add("T upper cp1254", sT, cp1254(strings.ToUpper(sT)), "")
	add("T upper mojibake", sT, latin1Mojibake(strings.ToUpper(sT)), "")
	add("T nfd jsonU", sT, jsonU(nfd(sT)), "")
	add("T nfd b64", sT, b64(nfd(sT)), "")
	add("T nfd hex", sT, hx(nfd(sT)), "")
	add("T utf16be b64", sT, b64(utf16be(sT)), "")
	add("T utf16le b64 offset2", sT, b64("ab"+utf16le(sT)), "")
	add("T cp1254 b64 offset1", sT, b64("a"+cp1254(sT)), "")
	add("T iso8859-9 pctJava", sT, pctAll(cp1254(sT)), "")
	add("T mojibake 1252 jsonU", sT, jsonU(cp1252Mojibake(sT)), "")
	add("T mojibake html", sT, htmlDec(latin1Mojibake(sT)), "")
	add("T mojibake b64", sT, b64(latin1Mojibake(sT)), "")
	add("T cX latin1 mix", sT, pyLatin1(sT), "")
	add("T goQ utf16", sT, goQ(utf16le(sT)), "")
	add("T utf32be", sT, utf32be(sT), "")
	add("T utf32 b64", sT, b64(utf32le(sT)), "")
	add("T fullwidth", sT, fullwidth(sT), "")
	add("T spaced", sT, interleave(sT, " "), "")
	add("T spaced nfd", sT, interleave(nfd(sT), " "), "")
	add("T chars", sT, charList(sT, "'"), "")
	add("T bytes", sT, byteList(sT, "[", ", ", "]", "%d"), "")
	add("T signed", sT, signedList(sT), "")
	add("T xxd", sT, xxd(sT, 16, 2, false), "")
	add("T hexdump", sT, hexdumpC(sT, false), "")
	add("T wrap", sT, wrap(sT, 7, "\n  "), "")
	add("T b32", sT, b32(sT), "")
	add("T html named", sT, htmlNamed(sT), "")
	add("T css", sT, css(sT), "")
	add("T qp", sT, qp(sT), "")
	add("T perlX", sT, perlX(sT), "")
	add("T zwj", sT, interleave(sT, "\u200d"), "")
	add("T ansi", sT, ansiEach(sT), "")
	add("T overstrike", sT, overstrike(sT), "")
	add("T clipped", sT, sT[:8]+"…", "")
	add("T clipped mid-rune", sT, sT[:9]+"…", "")
	add("T clipped b64 mid", sT, b64(sT)[:11]+"…", "")
	add("T clipped nfd", sT, nfd(sT)[:10]+"…", "")
	add("T clipped jsonU", sT, jsonU(sT)[:48]+"…", "")

	// secrets holding escape introducers
	weird := []string{
		"pass%41word99", "ab\\u0041cdef", "k&lt=5;Zq9Pw", "abc\\ndef123", `ab"cd\ef`,
		"Zm9vYmFyYmF6cXV4", "9f86d081884c7d659a2f", "abc...defghijk", "abc…defghijk",
		"=41=42=43xyz", "\\x41\\x42zz", "&#65;&#66;qq", "secret with spaces 1", "tab\tsecret99",
		"[1, 2, 3, 4]", "'a', 'b', 'c'", "%uD83D%uDE00ab", "s a n d b o x",
		"01110011 01100001", "<Buffer 73 61>", "\x1b[31mred", "ab\u200bcdefg", "ＡＢＣＤＥＦ",
		"sandbox-\U0001F600emoji", "sandbox-Zy98+xW/7Vu6=TsR==", "a=b&c=d&e=f",
	}
	for _, s := range weird {
		add("weird asis/"+s, s, "x "+s+" y", "")
		add("weird json/"+s, s, `{"k":`+jsonStr(s)+`}`, "")
		add("weird jsonjson/"+s, s, jsonStr(`{"k":`+jsonStr(s)+`}`), "")
		add("weird pct/"+s, s, "k="+pctQuery(s), "")
		add("weird html/"+s, s, htmlEsc(s), "")
		add("weird b64/"+s, s, b64(s), "")
		add("weird b64 off1/"+s, s, b64("k:"+s), "")
		add("weird hex/"+s, s, hx(s), "")
		add("weird goQ/"+s, s, goQ(s), "")
		add("weird utf16/"+s, s, utf16le(s), "")
		add("weird bytes/"+s, s, byteList(s, "[", " ", "]", "%d"), "")
		add("weird xxd/"+s, s, xxd(s, 16, 2, false), "")
		add("weird upper/"+s, s, "x "+strings.ToUpper(s)+" y", "")
		add("weird clipped/"+s, s, "x "+s[:len(s)-2]+"…", "")
		add("weird wrapped/"+s, s, "x "+s[:len(s)/2]+"\n"+s[len(s)/2:]+" y", "")
		add("weird chars/"+s, s, charList(s, ""), "")
	}
	// adjacency / multi secrets
	ps = append(ps,
		probe{name: "adjacent AB", secrets: []string{sA, sB}, text: "x " + sA + sB + " y"},
		probe{name: "adjacent b64 AB", secrets: []string{sA, sB}, text: b64(sA + sB)},
		probe{name: "adjacent hex AB", secrets: []string{sA, sB}, text: hx(sA + sB)},
		probe{name: "adjacent pct AB", secrets: []string{sA, sB}, text: pctAll(sA + sB)},
		probe{name: "adjacent jsonU AB", secrets: []string{sA, sB}, text: jsonU(sA + sB)},
		probe{name: "adjacent bytes AB", secrets: []string{sA, sB}, text: byteList(sA+sB, "[", ", ", "]", "%d")},
		probe{name: "adjacent spaced AB", secrets: []string{sA, sB}, text: interleave(sA+sB, " ")},
		probe{name: "adjacent xxd AB", secrets: []string{sA, sB}, text: xxd(sA+sB, 16, 2, false)},
		probe{name: "substr secrets", secrets: []string{sA, "sandbox-AbCdEf"}, text: "x " + sA + " y"},
		probe{name: "substr secrets b64", secrets: []string{"sandbox-AbCdEf", sA}, text: b64(sA)},
		probe{name: "overlap secrets", secrets: []string{"abcdefghijklmn", "ijklmnopqrstuv"}, text: "x abcdefghijklmnopqrstuv y"},
		probe{name: "overlap secrets b64", secrets: []string{"abcdefghijklmn", "ijklmnopqrstuv"}, text: b64("abcdefghijklmnopqrstuv")},
		probe{name: "overlap secrets spaced", secrets: []string{"abcdefghijklmn", "ijklmnopqrstuv"}, text: interleave("abcdefghijklmnopqrstuv", " ")},
		probe{name: "overlap secrets hex", secrets: []string{"abcdefghijklmn", "ijklmnopqrstuv"}, text: hx("abcdefghijklmnopqrstuv")},
		probe{name: "overlap secrets jsonU", secrets: []string{"abcdefghijklmn", "ijklmnopqrstuv"}, text: jsonU("abcdefghijklmnopqrstuv")},
		probe{name: "overlap secrets xxd", secrets: []string{"abcdefghijklmn", "ijklmnopqrstuv"}, text: xxd("abcdefghijklmnopqrstuv", 16, 2, false)},
		probe{name: "overlap secrets bytes", secrets: []string{"abcdefghijklmn", "ijklmnopqrstuv"}, text: byteList("abcdefghijklmnopqrstuv", "[", ", ", "]", "%d")},
		probe{name: "overlap secrets chars", secrets: []string{"abcdefghijklmn", "ijklmnopqrstuv"}, text: charList("abcdefghijklmnopqrstuv", "'")},
		probe{name: "repeat b64", secrets: []string{sA}, text: b64(sA + sA + sA)},
		probe{name: "repeat b64 wrapped", secrets: []string{sA}, text: wrap(b64(strings.Repeat(sA, 10)), 76, "\n")},
		probe{name: "repeat hex", secrets: []string{sA}, text: hx(sA + sA)},
		probe{name: "repeat spaced", secrets: []string{sA}, text: interleave(sA+sA, " ")},
		probe{name: "repeat xxd", secrets: []string{sA}, text: xxd(strings.Repeat(sA, 5), 16, 2, false)},
		probe{name: "repeat jsonU", secrets: []string{sA}, text: jsonU(sA + " " + sA)},
		probe{name: "repeat chars", secrets: []string{sA}, text: charList(sA+sA, "'")},
	)
	// far offsets
	pad := strings.Repeat("lorem ipsum dolor sit amet ", 40000)
	for _, f := range []form{{"asis", func(s string) string { return s }}, {"b64", b64}, {"hex", hx}, {"jsonU", jsonU}, {"xxd", func(s string) string { return xxd(s, 16, 2, false) }}, {"spaced", func(s string) string { return interleave(s, " ") }}, {"bytes", func(s string) string { return byteList(s, "[", ", ", "]", "%d") }}, {"clipped", func(s string) string { return s[:10] + "…" }}} {
		add("far 1MB/"+f.name, sA, pad+f.f(sA), "")
		add("far 64K/"+f.name, sA, pad[:65536]+f.f(sA)+pad[:100], "")
	}
	return ps
}

func pyLatin1(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if r < 128 {
			sb.WriteRune(r)
		} else if r < 256 {
			sb.WriteString("\\x" + strings.ToLower(hx(string([]byte{byte(r)}))))
		} else {
			sb.WriteString(jsonU(string(r)))
		}
	}
	return sb.String()
}
func utf32be(s string) string {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>24), byte(r>>16), byte(r>>8), byte(r))
	}
	return string(b)
}
func htmlEsc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}

// ---- from combo3_test.go ----

func combos3() []probe {
	var ps []probe
	add := func(name, secret, text string) {
		ps = append(ps, probe{name: name, secrets: []string{secret}, text: text})
	}
	inv := map[string]string{
		"ZWSP": "\u200b", "ZWNJ": "\u200c", "ZWJ": "\u200d", "WJ": "\u2060", "SHY": "\u00ad", "BOM": "\ufeff",
		"VS16": "\ufe0f", "VS1": "\ufe00", "VS17": "\U000E0100", "NUL": "\x00", "LRM": "\u200e", "RLM": "\u200f",
		"MVS": "\u180e", "CGJ": "\u034f", "ALM": "\u061c", "LRE": "\u202a", "PDF": "\u202c", "LRI": "\u2066", "PDI": "\u2069",
		"ISEP": "\u2063", "FNAP": "\u2061", "TAG-SPACE?": "\U000E0020", "HANGUL FILLER": "\u3164",
	}
	for k, v := range inv {
		for _, s := range []string{sB, sT} {
			add("invisible "+k+"/"+s, s, "x "+interleave(s, v)+" y")
			add("invisible once "+k+"/"+s, s, "x "+s[:9]+v+s[9:]+" y")
			add("invisible "+k+" jsonU/"+s, s, jsonU(interleave(s, v)))
		}
	}
	ansis := map[string]func(string) string{
		"256":          func(s string) string { return wrapEach(s, "\x1b[38;5;196m", "\x1b[0m") },
		"truecolor":    func(s string) string { return wrapEach(s, "\x1b[38;2;255;0;0m", "\x1b[0m") },
		"bold-one":     func(s string) string { return s[:5] + "\x1b[1m" + s[5:10] + "\x1b[22m" + s[10:] },
		"erase":        func(s string) string { return s[:5] + "\x1b[K" + s[5:] },
		"cursor":       func(s string) string { return s[:5] + "\x1b[2C" + s[5:] },
		"osc8":         func(s string) string { return "\x1b]8;;https://x.test/\x1b\\" + s + "\x1b]8;;\x1b\\" },
		"osc8 bel":     func(s string) string { return "\x1b]8;;https://x.test/\a" + s + "\x1b]8;;\a" },
		"osc title":    func(s string) string { return s[:6] + "\x1b]0;title\a" + s[6:] },
		"c1 csi":       func(s string) string { return s[:6] + "\u009b31m" + s[6:] },
		"esc(B":        func(s string) string { return s[:6] + "\x1b(B" + s[6:] },
		"sgr no n":     func(s string) string { return s[:6] + "\x1b[m" + s[6:] },
		"json ansi":    func(s string) string { return jsonStr(ansiEach(s)) },
		"json \\e":     func(s string) string { return strings.ReplaceAll(ansiEach(s), "\x1b", "\\e") },
		"\\033":        func(s string) string { return strings.ReplaceAll(ansiEach(s), "\x1b", "\\033") },
		"\\x1b":        func(s string) string { return strings.ReplaceAll(ansiEach(s), "\x1b", "\\x1b") },
		"^[":           func(s string) string { return strings.ReplaceAll(ansiEach(s), "\x1b", "^[") },
		"cr overwrite": func(s string) string { return "progress 10%\r" + s },
	}
	for k, f := range ansis {
		for _, s := range []string{sB, sT} {
			add("ansi "+k+"/"+s, s, "x "+f(s)+" y")
		}
	}
	nfkc := map[string]func(string) string{
		"fullwidth":  fullwidth,
		"mathbold":   mathBold,
		"mathsans":   func(s string) string { return mathAlpha(s, 0x1D5A0, 0x1D5BA, 0x1D7E2) },
		"mathmono":   func(s string) string { return mathAlpha(s, 0x1D670, 0x1D68A, 0x1D7F6) },
		"mathitalic": func(s string) string { return mathAlpha(s, 0x1D434, 0x1D44E, 0x1D7CE) },
		"circled":    circled,
		"fw digits only": func(s string) string {
			return strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r - '0' + 0xFF10
				}
				return r
			}, s)
		},
	}
	for k, f := range nfkc {
		for _, s := range []string{sA, sC} {
			add("nfkc "+k+"/"+s, s, "x "+f(s)+" y")
			add("nfkc "+k+" html/"+s, s, "x "+htmlDec(f(s))+" y")
			add("nfkc "+k+" b64/"+s, s, "x "+b64(f(s))+" y")
			add("nfkc "+k+" spaced/"+s, s, "x "+interleave(f(s), " ")+" y")
			add("nfkc "+k+" chars/"+s, s, "x "+charList(f(s), "'")+" y")
		}
	}
	// lists with secrets holding separator characters
	for _, s := range []string{"a, b], [c' 'd\"", "x,y, z[1]'q'", "ab c,de'f\"gh", sB, sT, "😀sandbox😀key"} {
		add("javachars sep/"+s, s, "x "+charList(s, "")+" y")
		add("pychars sep/"+s, s, "x "+pyChars(s)+" y")
		add("pybytes sep/"+s, s, "x "+byteList(s, "[", ", ", "]", "%d")+" y")
		add("spaced sep/"+s, s, "x "+interleave(s, " ")+" y")
		add("jsonarr chars/"+s, s, "x "+jsonCharArr(s)+" y")
	}
	// node buffer truncation
	long := "sandbox-" + strings.Repeat("Ab3", 20)
	add("node buffer long", long, "x "+nodeBufTrunc(long)+" y")
	add("python bytes repr", sT, "x b'"+pyBytesRepr(sT)+"' y")
	add("python bytearray", sT, "x bytearray(b'"+pyBytesRepr(sT)+"') y")
	add("java getBytes print", sB, "x [B@1b6d3586 "+signedList(sB)+" y")
	add("rust vec u8", sB, "x "+byteList(sB, "[", ", ", "]", "%d")+" y")
	add("c# BitConverter", sB, "x "+byteList(sB, "", "-", "", "%02X")+" y")
	add("ruby bytes", sB, "x "+byteList(sB, "[", ", ", "]", "%d")+" y")
	add("ruby unpack1 H*", sB, "x "+hx(sB)+" y")
	add("php var_dump bytes", sB, "x "+byteList(sB, "array(", ", ", ")", "%d")+" y")
	add("hex 0x joined", sB, "x 0x"+hx(sB)+" y")
	add("hex \\x joined no sep", sB, "x "+strings.ReplaceAll(cX(sB), "\\x", "\\X")+" y")
	add("hex 0x space list", sB, "x "+byteList(sB, "", " ", "", "0x%02x")+" y")
	add("hex 0x comma nospace", sB, "x "+byteList(sB, "{", ",", "}", "0x%02X")+" y")
	add("bytes with newline every 8", sB, "x "+bytesEvery(sB, 8)+" y")
	add("bytes json pretty", sB, "x "+byteList(sB, "[\n    ", ",\n    ", "\n]", "%d")+" y")
	// base64 variants
	for _, s := range []string{sA, sT} {
		blob := b64("Authorization header for merchant 42: " + s + " ; issued today, do not share")
		add("b64 wrap76 json \\r\\n/"+s, s, jsonStr(wrap(blob, 76, "\r\n")))
		add("b64 wrap76 indent/"+s, s, "    "+wrap(blob, 76, "\n    "))
		add("b64 wrap64 json literal/"+s, s, `"`+wrap(blob, 64, `\n`)+`"`)
		add("b64 wrap76 html br/"+s, s, wrap(blob, 76, "<br>"))
		add("b64 wrap 76 CR only/"+s, s, wrap(blob, 76, "\r"))
		add("b64url wrap/"+s, s, wrap(base64URLpad(s), 10, "\n"))
		add("b64 in pct/"+s, s, "auth="+pctQuery(blob))
		add("b64 in pct wrapped/"+s, s, "auth="+pctQuery(wrap(blob, 76, "\r\n")))
		add("b64 mime header/"+s, s, "Subject: =?UTF-8?B?"+b64(s)+"?=")
		add("qp mime header/"+s, s, "Subject: =?UTF-8?Q?"+strings.ReplaceAll(qp(s), "=", "=")+"?=")
		add("hex wrapped xxd -p/"+s, s, wrap(hx("some bytes before "+s+" and after"), 60, "\n"))
		add("hex wrapped json/"+s, s, jsonStr(wrap(hx("some bytes before "+s+" and after"), 60, "\n")))
		add("b32 wrapped/"+s, s, wrap(b32("before "+s+" after"), 16, "\n"))
		add("b64 spaces every 4/"+s, s, interleaveN(b64(s), 4, " "))
		add("hex spaces every 4/"+s, s, interleaveN(hx(s), 4, " "))
		add("hex spaces every 8/"+s, s, interleaveN(hx(s), 8, " "))
		add("HEX spaces every 2/"+s, s, interleaveN(HX(s), 2, " "))
	}
	return ps
}

func wrapEach(s, pre, post string) string {
	var sb strings.Builder
	for _, r := range s {
		sb.WriteString(pre + string(r) + post)
	}
	return sb.String()
}
func mathAlpha(s string, upper, lower, digit rune) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z':
			return upper + r - 'A'
		case r >= 'a' && r <= 'z':
			return lower + r - 'a'
		case r >= '0' && r <= '9':
			return digit + r - '0'
		}
		return r
	}, s)
}
func circled(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'A' && r <= 'Z':
			return 0x24B6 + r - 'A'
		case r >= 'a' && r <= 'z':
			return 0x24D0 + r - 'a'
		case r >= '1' && r <= '9':
			return 0x2460 + r - '1'
		case r == '0':
			return 0x24EA
		}
		return r
	}, s)
}
func pyChars(s string) string {
	var parts []string
	for _, r := range s {
		switch r {
		case '\'':
			parts = append(parts, `"'"`)
		case '\\':
			parts = append(parts, `'\\'`)
		default:
			parts = append(parts, "'"+string(r)+"'")
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
func jsonCharArr(s string) string {
	var parts []string
	for _, r := range s {
		parts = append(parts, jsonStr(string(r)))
	}
	return "[" + strings.Join(parts, ",") + "]"
}
func nodeBufTrunc(s string) string {
	var parts []string
	for i := 0; i < 50 && i < len(s); i++ {
		parts = append(parts, fmt.Sprintf("%02x", s[i]))
	}
	out := "<Buffer " + strings.Join(parts, " ")
	if len(s) > 50 {
		out += fmt.Sprintf(" ... %d more bytes", len(s)-50)
	}
	return out + ">"
}
func pyBytesRepr(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' || c == '\'':
			sb.WriteString("\\" + string(c))
		case c >= 32 && c < 127:
			sb.WriteByte(c)
		default:
			fmt.Fprintf(&sb, "\\x%02x", c)
		}
	}
	return sb.String()
}
func bytesEvery(s string, n int) string {
	var sb strings.Builder
	sb.WriteString("[")
	for i := 0; i < len(s); i++ {
		if i > 0 {
			sb.WriteString(",")
			if i%n == 0 {
				sb.WriteString("\n ")
			} else {
				sb.WriteString(" ")
			}
		}
		fmt.Fprintf(&sb, "%d", s[i])
	}
	return sb.String() + "]"
}
func base64URLpad(s string) string {
	return strings.NewReplacer("+", "-", "/", "_").Replace(b64(s))
}
func interleaveN(s string, n int, sep string) string {
	var parts []string
	for i := 0; i < len(s); i += n {
		j := i + n
		if j > len(s) {
			j = len(s)
		}
		parts = append(parts, s[i:j])
	}
	return strings.Join(parts, sep)
}

// ---- from combo4_test.go ----

func combos4() []probe {
	var ps []probe
	add := func(name, secret, text string) {
		ps = append(ps, probe{name: name, secrets: []string{secret}, text: text})
	}
	for _, s := range []string{sB, sT} {
		bomBE := "\xfe\xff" + utf16be(s)
		bomLE := "\xff\xfe" + utf16le(s)
		add("java UTF-16 b64/"+s, s, "x "+b64(bomBE)+" y")
		add("java UTF-16 signed/"+s, s, "x "+signedList(bomBE)+" y")
		add("java UTF-16 hex/"+s, s, "x "+hx(bomBE)+" y")
		add("java UTF-16 raw/"+s, s, "x "+bomBE+" y")
		add("UTF-16LE BOM b64/"+s, s, "x "+b64(bomLE)+" y")
		add("UTF-16LE BOM raw/"+s, s, "x "+bomLE+" y")
		add(".NET BitConverter utf16/"+s, s, "x "+byteList(utf16le(s), "", "-", "", "%02X")+" y")
		add("utf16 json \\u0000/"+s, s, "x "+jsonStr(latin1Mojibake(utf16le(s)))+" y")
		add("utf16 pct/"+s, s, "x "+pctAll(utf16le(s))+" y")
		add("utf16 cX/"+s, s, "x "+cX(utf16le(s))+" y")
		add("utf16 html/"+s, s, "x "+htmlDec(latin1Mojibake(utf16le(s)))+" y")
		add("utf16 nodebuf/"+s, s, "x "+byteList(utf16le(s), "<Buffer ", " ", ">", "%02x")+" y")
		add("utf16 go bytes/"+s, s, "x "+byteList(utf16le(s), "[", " ", "]", "%d")+" y")
		add("utf16 hexdumpC/"+s, s, "x\n"+hexdumpC(utf16le(s), false))
		add("utf16 b64 wrap/"+s, s, "x\n"+wrap(b64("key="+utf16le(s)+strings.Repeat("\x00z", 30)), 76, "\n"))
		add("utf16 b64 offset1/"+s, s, "x "+b64("k"+utf16le(s))+" y")
		add("utf16 b64 offset2/"+s, s, "x "+b64("kk"+utf16le(s))+" y")
		add("utf16be b64 offset1/"+s, s, "x "+b64("k"+utf16be(s))+" y")
		add("utf32 b64 offset1/"+s, s, "x "+b64("k"+utf32le(s))+" y")
		add("utf32be hex/"+s, s, "x "+hx(utf32be(s))+" y")
		add("utf32le xxd/"+s, s, "x\n"+xxd(utf32le(s), 16, 2, false))
		add("cp1254 b64 offset2/"+s, s, "x "+b64("kk"+cp1254(s))+" y")
		add("cp1254 hex/"+s, s, "x "+hx(cp1254(s))+" y")
		add("cp1254 signed/"+s, s, "x "+signedList(cp1254(s))+" y")
		add("cp1254 xxd/"+s, s, "x\n"+xxd(cp1254(s), 16, 2, false))
		add("cp1254 qp/"+s, s, "x "+qp(cp1254(s))+" y")
		add("cp1254 qp mixed/"+s, s, "x "+qpMixed(cp1254(s))+" y")
		add("mojibake b64 offset1/"+s, s, "x "+b64("k"+latin1Mojibake(s))+" y")
		add("mojibake 1252 pct/"+s, s, "x "+pctAll(cp1252Mojibake(s))+" y")
		add("nfd b64 offset1/"+s, s, "x "+b64("k"+nfd(s))+" y")
		add("nfd hex/"+s, s, "x "+hx(nfd(s))+" y")
		add("nfd xxd/"+s, s, "x\n"+xxd(nfd(s), 16, 2, false))
		add("nfd bytes/"+s, s, "x "+byteList(nfd(s), "[", ", ", "]", "%d")+" y")
		add("nfd spaced/"+s, s, "x "+interleave(nfd(s), " ")+" y")
		add("nfd chars/"+s, s, "x "+charList(nfd(s), "'")+" y")
		add("nfd codepoints/"+s, s, "x "+codePoints(nfd(s))+" y")
		add("utf16 codepoints/"+s, s, "x "+codePoints(s)+" y")
	}
	return ps
}

func qpMixed(b string) string {
	var sb strings.Builder
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c >= 33 && c <= 126 && c != '=' {
			sb.WriteByte(c)
		} else {
			sb.WriteString("=" + strings.ToUpper(hx(string([]byte{c}))))
		}
	}
	return sb.String()
}

// ---- from lines_test.go ----

func linesProbes() []probe {
	var ps []probe
	var forms = append([]form{}, basicForms...)
	forms = append(forms,
		form{"b64 json", func(s string) string { return b64(`{"apiKey":"` + s + `"}`) }},
		form{"b64 bytes json", func(s string) string { return b64(`{"k":` + byteList(s, "[", ",", "]", "%d") + `}`) }},
		form{"b32 json", func(s string) string { return b32(`{"apiKey":"` + s + `"}`) }},
		form{"hex json", func(s string) string { return hx(`{"apiKey":"` + s + `"}`) }},
	)
	for _, s := range []string{sA, sT} {
		for _, f := range forms {
			if strings.HasPrefix(f.name, "clipped") || f.name == "underline" || f.name == "tags" {
				continue
			}
			for _, prev := range []string{"error", "Traceback (most recent call last):", "{"} {
				core := f.f(s)
				ps = append(ps, probe{name: "after line " + prev + "/" + f.name + "/" + s, secrets: []string{s}, text: prev + "\n" + core + "\n", core: core})
			}
		}
	}
	return ps
}

func linesProbes2() []probe {
	var ps []probe
	var forms = append([]form{}, basicForms...)
	for _, s := range []string{sA, sT} {
		for _, f := range forms {
			if strings.HasPrefix(f.name, "clipped") || f.name == "underline" || f.name == "tags" {
				continue
			}
			for _, next := range []string{"exit 1", "Done", "at Main.java:12", "7f"} {
				core := f.f(s)
				ps = append(ps, probe{name: "before line " + next + "/" + f.name + "/" + s, secrets: []string{s}, text: "out:\n" + core + "\n" + next, core: core})
				ps = append(ps, probe{name: "between lines " + next + "/" + f.name + "/" + s, secrets: []string{s}, text: "error\n" + core + "\n" + next, core: core})
			}
		}
	}
	return ps
}

// ---- from nest_test.go ----

var maxDepth = 3

var layers = []form{
	{"json", jsonStr},
	{"jsonU", jsonU},
	{"pctQ", pctQuery},
	{"pctAll", pctAll},
	{"htmlEsc", htmlEsc},
	{"htmlDec", htmlDec},
	{"cX", cX},
	{"goQ", goQ},
	{"qp", qp},
	{"b64", b64},
	{"hex", hx},
	{"css", css},
}

// ---- from nest2_test.go ----

var structural = []form{
	{"xxd", func(s string) string { return xxd(s, 16, 2, false) }},
	{"hexdumpC", func(s string) string { return hexdumpC(s, false) }},
	{"pybytes", func(s string) string { return byteList(s, "[", ", ", "]", "%d") }},
	{"gobytes", func(s string) string { return byteList(s, "[", " ", "]", "%d") }},
	{"signed", signedList},
	{"nodebuf", func(s string) string { return byteList(s, "<Buffer ", " ", ">", "%02x") }},
	{"golit", func(s string) string { return byteList(s, "[]byte{", ", ", "}", "0x%02x") }},
	{"colon", func(s string) string { return byteList(s, "", ":", "", "%02x") }},
	{"binary", func(s string) string { return binList(s, " ") }},
	{"codepoints", codePoints},
	{"javachars", func(s string) string { return charList(s, "") }},
	{"pychars", func(s string) string { return charList(s, "'") }},
	{"spaced", func(s string) string { return interleave(s, " ") }},
	{"wrap76b64", func(s string) string { return wrap(b64(strings.Repeat("x", 50)+s+strings.Repeat("y", 50)), 76, "\n") }},
	{"wrap64b64crlf", func(s string) string { return wrap(b64(strings.Repeat("x", 40)+s+strings.Repeat("y", 50)), 64, "\r\n") }},
	{"xxdp", func(s string) string { return wrap(hx(strings.Repeat("x", 20)+s+strings.Repeat("y", 30)), 60, "\n") }},
	{"linebreak", func(s string) string { return s[:7] + "\n    " + s[7:] }},
	{"utf16le", utf16le},
	{"cp1254", cp1254},
	{"nfd", nfd},
	{"mojibake", latin1Mojibake},
	{"fullwidth", fullwidth},
	{"mathbold", mathBold},
	{"zwsp", func(s string) string { return interleave(s, "\u200b") }},
	{"shy", func(s string) string { return interleave(s, "\u00ad") }},
	{"ansi", ansiEach},
	{"overstrike", overstrike},
	{"b32", b32},
	{"jwt", func(s string) string { return "eyJhbGciOiJIUzI1NiJ9." + b64url(`{"sub":"`+s+`"}`) + ".c2ln" }},
}

var outer = []form{
	{"json", jsonStr},
	{"jsonU", jsonU},
	{"pctQ", pctQuery},
	{"htmlEsc", htmlEsc},
	{"goQ", goQ},
	{"cX", cX},
	{"b64", b64},
	{"hex", hx},
	{"qp", qp},
}

func randStr(rng *rand.Rand, n int, alpha []rune) string {
	var sb strings.Builder
	for i := 0; i < n; i++ {
		sb.WriteRune(alpha[rng.Intn(len(alpha))])
	}
	return sb.String()
}

var alphaRich = []rune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=&:%\"\\<>-_.şğüçöıİĞÜŞÇÖ€😀 ")

// ======================================================================
// Final tests.
//
// TestLeaks: every case here is promised by the README section "No secret
// reaches a report" and leaked when the red team wrote it (one subtest per case;
// the two in notPromised are skipped saying why).
// TestPromisedFormsMasked, TestNoFalsePositives, TestMaskIsPrecise,
// TestWeirdInputsDoNotPanic: what passed, asserted so that it stays so.
// Its slow texts are in harness/redact's BenchmarkEscapeHeavy (no timed test).
// ======================================================================

type leak struct {
	name   string // names the case
	bullet string // the README bullet that promises it
	secret string
	text   string
}

const nodeSecret = "sandbox-Ab3Ab3Ab3Ab3Ab3Ab3Ab3Ab3Ab3Ab3Ab3Ab3Ab3Ab3Ab3Ab3Ab3Ab3Ab3Ab3" // 68 bytes

func leakCases() []leak {
	const (
		bDump   = "encoded runs ...: hex dumps (xxd, hexdump -C), read across their lines"
		bSpaced = "text that reads as the secret with something between its characters: its characters spaced out"
		bJoin   = "joined across line breaks (... the secret across a line break, with the indentation after it)"
		bList   = "byte lists as languages print a byte array (73:61:6e, 73-61-6E) / lists of characters"
		bPct    = "escapes ...: percent-encoding; a query string inside a JSON string; decoded before the text is searched"
		bOver   = "with ... terminal colours (ANSI escape sequences) and backspace overstrikes [dropped]"
		bVar    = "the secret as other bytes: ... UTF-32 ...; each as is and in base64"
		bBytes  = "escapes: quoted-printable; a byte escape is read ... as bytes too (Windows-1254 ...); each in any mix with plain characters"
		bClip   = "the start of any of these forms (6 bytes or more) cut short by a clipped excerpt (… or ...)"
	)
	spacedKey := "sandbox key 9F3kL2mN8q"
	trMix := "D0BTŞeslıMŞH3E"
	return []leak{
		// hex dumps that do not start a line
		{"xxd dump in a JSON string", bDump + " + JSON escapes", sB, `{"dump":` + jsonStr(xxd(sB, 16, 2, false)) + `}`},
		{"hexdump -C in a JSON string", bDump + " + JSON escapes", sB, `{"stdout":` + jsonStr(hexdumpC(sB, false)) + `}`},
		{"xxd dump quoted by %q in a logfmt line", bDump + " + Go escapes", sB, fmt.Sprintf("level=info stdout=%q", xxd(sB, 16, 2, false))},
		{"hexdump -C glued to a label", bDump, sB, "stdout:" + hexdumpC(sB, false)},
		{"xxd -g4", bDump, sB, xxd(sB, 16, 4, false)},
		{"xxd -g8", bDump, sB, xxd(sB, 16, 8, false)},
		{"xxd -g4 -u, Turkish secret", bDump, sT, xxd(sT, 16, 4, true)},

		// spaced-out characters
		{"spaced on its own line between two lines", bSpaced, sB, "error\n" + interleave(sB, " ") + "\nexit status 1"},
		{"spaced on its own line, Turkish secret", bSpaced, sT, "Traceback (most recent call last):\n" + interleave(sT, " ") + "\n"},
		{"spaced in double quotes", bSpaced, sB, `key="` + interleave(sB, " ") + `"`},
		{"spaced in single quotes", bSpaced, sB, `key='` + interleave(sB, " ") + `'`},
		{"spaced in a JSON string", bSpaced + " + JSON", sA, jsonStr(interleave(sA, " "))},
		{"spaced right after key:", bSpaced, sB, "key:" + interleave(sB, " ")},
		{"spaced with tabs", bSpaced, sB, "key:\t" + interleave(sB, "\t")},
		{"spaced, secret holding a space", bSpaced, spacedKey, "x " + interleave(spacedKey, " ") + " y"},

		// line breaks
		{"secret holding a space, broken before the space", bJoin, spacedKey, "x " + spacedKey[:11] + "\n" + spacedKey[11:] + " y"},
		{"separated hex list on its own line (73:61)", bList, sC, "line one\n" + byteList(sC, "", ":", "", "%02x") + "\nline three"},
		{"separated hex list on its own line (73-61-6E)", bList, sT, "error\n" + byteList(sT, "", "-", "", "%02X") + "\nexit 1"},

		// '+' for space (URLEncoder, QueryEscape) before a structural decoding
		{"byte list in a form-encoded value", bPct + " + byte lists", sB, "msg=" + url.QueryEscape(byteList(sB, "[", ", ", "]", "%d")) + " end"},
		{"char list in a form-encoded value", bPct + " + lists of characters", sB, "msg=" + url.QueryEscape(charList(sB, "'")) + " end"},
		{"spaced secret in a form-encoded value", bPct + " + spaced out", sB, "msg=" + url.QueryEscape(interleave(sB, " ")) + " end"},
		{"indented line break in a form-encoded value", bPct + " + " + bJoin, sB, "msg=" + url.QueryEscape(sB[:7]+"\n    "+sB[7:]) + " end"},
		{"CSS escapes in a form-encoded value", bPct + " + CSS escapes, decoded up to four deep", sB, "q=" + url.QueryEscape(css(sB))},

		// overstrikes, colours
		{"underline overstrike _\\bX", bOver, sB, "x " + underline(sB) + " y"},
		{"underline overstrike, Turkish secret", bOver, sT, underline(sT)},
		{"tput sgr0 (ESC ( B ESC [ m) inside the secret", bOver, sB, "key: \x1b[1m" + sB[:8] + "\x1b(B\x1b[m" + sB[8:]},

		// other bytes
		{"UTF-32LE in base64, Turkish secret", bVar, sT, "x " + b64(utf32le(sT)) + " y"},
		{"UTF-32BE in base64, Turkish secret", bVar, sT, "x " + b64(utf32be(sT)) + " y"},
		{"quoted-printable of Windows-1254 bytes", bBytes, sT, "x " + qp(cp1254(sT)) + " y"},
		{"quoted-printable of Windows-1254, plain ASCII kept", bBytes, sT, "x " + qpMixed(cp1254(sT)) + " y"},
		{"quoted-printable mixed with a plain non-ASCII letter", bBytes, trMix, "v=D0BT=C5=9EeslıMŞH3E end"},

		// cut short by a clipped excerpt (sC = 20 bytes; 7 to 9 of its bytes readable in each)
		{"clipped percent-encoding, cut inside an escape", bClip, sC, "k=" + pctAll(sC)[:22] + "…"},
		{"clipped %u escapes", bClip, sC, pctU(sC)[:46] + "…"},
		{"clipped JSON \\u escapes", bClip, sC, `"` + jsonU(sC)[:46] + "…"},
		{"clipped \\x escapes", bClip, sC, cX(sC)[:30] + "…"},
		{"clipped octal escapes", bClip, sC, cOct(sC)[:30] + "…"},
		{"clipped \\U escapes", bClip, sC, cBigU(sC)[:78] + "…"},
		{"clipped \\u{} escapes", bClip, sC, rustU(sC)[:46] + "…"},
		{"clipped \\x{} escapes", bClip, sC, perlX(sC)[:46] + "…"},
		{"clipped &#NN; references", bClip, sC, htmlDec(sC)[:44] + "…"},
		{"clipped &#xNN; references", bClip, sC, htmlHex(sC)[:46] + "…"},
		{"clipped quoted-printable", bClip, sC, qp(sC)[:22] + "…"},
		{"clipped CSS escapes", bClip, sC, css(sC)[:30] + "…"},
		{"clipped percent-encoding, Turkish secret", bClip, sT, "k=" + url.QueryEscape(sT)[:17] + "…"},
		{"clipped Go byte list", bClip, sC, byteList(sC, "[", " ", "]", "%d")[:26] + "…"},
		{"clipped Python byte list", bClip, sC, byteList(sC, "[", ", ", "]", "%d")[:33] + "..."},
		{"clipped Java signed byte list", bClip, sT, signedList(sT)[:40] + "…"},
		{"clipped Node Buffer", bClip, sC, byteList(sC, "<Buffer ", " ", ">", "%02x")[:30] + "…"},
		{"Node Buffer of a 68-byte secret (... 18 more bytes>)", bClip, nodeSecret, "x " + nodeBufTrunc(nodeSecret) + " y"},
		{"clipped []byte{0x..} literal", bClip, sC, byteList(sC, "[]byte{", ", ", "}", "0x%02x")[:52] + "…"},
		{"clipped 73:61:6e list", bClip, sC, byteList(sC, "", ":", "", "%02x")[:21] + "…"},
		{"clipped 73-61-6E list", bClip, sC, byteList(sC, "", "-", "", "%02X")[:21] + "..."},
		{"clipped binary byte list", bClip, sC, binList(sC, " ")[:69] + "…"},
		{"clipped String.fromCharCode", bClip, sC, codePoints(sC)[:52] + "…"},
		{"clipped Java char list", bClip, sC, charList(sC, "")[:22] + "..."},
		{"clipped Python char list", bClip, sC, charList(sC, "'")[:38] + "…"},
		{"clipped base32 run", bClip, sC, b32(sC)[:14] + "…"},
		{"clipped base32 run, lower case", bClip, sA, strings.ToLower(b32(sA))[:24] + "..."},
		{"clipped xxd dump", bClip, sC, xxd(sC, 16, 2, false)[:30] + "…"},
		{"clipped hexdump -C", bClip, sC, hexdumpC(sC, false)[:78] + "…"},
		{"clipped spaced secret", bClip, sC, interleave(sC, " ")[:13] + "…"},
		{"clipped spaced secret with ...", bClip, sA, interleave(sA, " ")[:23] + "..."},
		{"clipped coloured secret, cut inside a colour", bClip, sC, ansiEach(sC)[:50] + "…"},
		{"clipped overstruck secret, cut after a backspace", bClip, sC, overstrike(sC)[:23] + "…"},
	}
}

// notPromised are the leaks the README leaves out, with why (it says so under Not detected).
var notPromised = map[string]string{
	"secret holding a space, broken before the space":      "a line break followed by spaces is read as indentation, and the secret's own space before it is lost",
	"quoted-printable mixed with a plain non-ASCII letter": "the secret's own \"=D0\" reads as a quoted-printable escape next to the escapes around it",
}

func TestLeaks(t *testing.T) {
	for _, c := range leakCases() {
		c := c
		t.Run(c.name, func(t *testing.T) {
			if why, ok := notPromised[c.name]; ok {
				t.Skip("not promised (README, Not detected): " + why)
			}
			why, out, _ := verdict(probe{name: c.name, secrets: []string{c.secret}, text: c.text, core: c.text})
			if why != "" {
				t.Errorf("LEAKED %s: %s\n  promised by: %s\n  secret: %q\n  in:  %q\n  out: %q", c.name, why, c.bullet, c.secret, clip(c.text), clip(out))
			}
		})
	}
}

// Names of generated probes that are left out of TestPromisedFormsMasked:
// either a TestLeaks case covers them, or the README does not promise them.
var notAsserted = map[string]string{}

func init() {
	leakLike := []string{
		// covered by TestLeaks
		"underline/", "json(xxd)/", "json(hexdumpC)/", "xxd -g4/", "spaced tab/", "spaced in json/", "clipped spaced/",
		"clipped pct/", "clipped jsonU/", "T utf32 b64", "utf32 b64 offset1/şifre", "cp1254 qp", "after line error/spaced/",
		"after line Traceback", "after line error/colon hex/", "after line error/dash HEX/", "before line ", "between lines ",
		"wrap LF 5/a%b", "spaced/a%b", "weird wrapped/[1, 2, 3, 4]", "weird wrapped/01110011 01100001", "weird wrapped/<Buffer 73 61>",
		"spaced sep/", "node buffer long", "ansi esc(B/", "far 64K/",
		// not promised by the README
		"tags/şifre",                                  // tag characters spell ASCII only
		"bin no sep/", "octal list/", "spaced comma/", // not among the listed byte-list / spacing forms
		"b32(utf16le)/şifre",                                                       // base32 runs "that decode to UTF-8 text"
		"codepoints hex/şifre",                                                     // README's code-point lists are decimal
		"trupper utf16/şifre", "T upper nfd", "T upper cp1254", "T upper mojibake", // near form inside another byte form
		"weird upper/", // case variants only for secrets of 12 bytes or more
		"ansi ^[", "ansi c1 csi", "ansi json \\e", "ansi osc title",
		"b64 spaces every 4", "b64 wrap76 html br", "hex \\x joined no sep", "hex spaces every 8",
		"invisible ALM", "invisible HANGUL FILLER", "invisible once ALM", "invisible once HANGUL FILLER", "invisible once TAG-SPACE?",
		"jsonarr chars/ab c,de'f", "utf16 html/", "utf16 json \\u0000/şifre",
	}
	for _, p := range leakLike {
		notAsserted[p] = "excluded"
	}
}

func excluded(name string) bool {
	for p := range notAsserted {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func basicGrid() []probe {
	var ps []probe
	for _, s := range secretsUnderTest {
		for _, f := range basicForms {
			if strings.HasPrefix(f.name, "clipped") && len(s) < 9 {
				continue
			}
			core := f.f(s)
			ps = append(ps, probe{name: f.name + "/" + s, secrets: []string{s}, text: "HTTP 400 body: " + core + " (end)", core: core})
		}
	}
	return ps
}

func nestedGrid(maxD int, ls []form) []probe {
	var ps []probe
	for _, s := range []string{sB, sT} {
		var rec func(depth int, cur string, names []string)
		rec = func(depth int, cur string, names []string) {
			if depth > 0 {
				ps = append(ps, probe{name: "nested " + strings.Join(names, "∘") + "/" + s, secrets: []string{s}, text: "body=" + cur + " end"})
			}
			if depth == maxD {
				return
			}
			for _, l := range ls {
				rec(depth+1, l.f(cur), append(append([]string{}, names...), l.name))
			}
		}
		rec(0, s, nil)
	}
	return ps
}

func TestPromisedFormsMasked(t *testing.T) {
	var all []probe
	all = append(all, basicGrid()...)
	all = append(all, combos()...)
	all = append(all, combos2()...)
	all = append(all, combos3()...)
	all = append(all, combos4()...)
	all = append(all, linesProbes()...)
	all = append(all, linesProbes2()...)
	// escapes and runs nested four deep
	all = append(all, nestedGrid(4, []form{{"json", jsonStr}, {"jsonU", jsonU}, {"pctQ", pctQuery}, {"htmlEsc", htmlEsc}, {"cX", cX}, {"qp", qp}, {"b64", b64}, {"hex", hx}})...)
	var kept []probe
	for _, p := range all {
		if !excluded(p.name) {
			kept = append(kept, p)
		}
	}
	t.Logf("%d promised forms asserted masked", len(kept))
	runProbes(t, kept)
}

func TestNoFalsePositives(t *testing.T) {
	cases := []probe{
		{name: "short secret, upper case", secrets: []string{"Sandbox1"}, text: "mode=SANDBOX1 ok"},
		{name: "short secret, lower case", secrets: []string{"Sandbox1"}, text: "mode=sandbox1 ok"},
		{name: "6-byte secret, other case", secrets: []string{"k7#Qz!"}, text: "K7#QZ! k7#qz!"},
		{name: "11-byte secret, one short", secrets: []string{"abcdefghijk"}, text: "x abcdefghij y"},
		{name: "10-byte secret, one replaced", secrets: []string{"abcdefghij"}, text: "x abcdefghiX y"},
		{name: "5 bytes of the start, clipped", secrets: []string{sA}, text: "sandb…"},
		{name: "a start not followed by an ellipsis", secrets: []string{sA}, text: "x sandbox-AbCdEf0123 y"},
		{name: "a start, then other words, then an ellipsis", secrets: []string{sA}, text: "x sandbox-AbCd and more text… y"},
		{name: "two characters short", secrets: []string{sA}, text: "sandbox-AbCdEf0123456789xyzQ"},
		{name: "two characters short, then ..", secrets: []string{sA}, text: "x sandbox-AbCdEf0123456789xyzQ.. more"},
		{name: "start in hex, not clipped", secrets: []string{sA}, text: "x " + hx("sandbox-AbCdEf0123") + " y"},
		{name: "start in base64, not clipped", secrets: []string{sA}, text: "x " + b64("sandbox-AbCdEf0123") + " y"},
		{name: "two short in base64", secrets: []string{sA}, text: "x " + b64("sandbox-AbCdEf0123456789xyzQ") + " y"},
		{name: "mixed case that is none of upper/lower/swapped", secrets: []string{sA}, text: "id=sandbox-abcdef0123456789XYZqrs"},
		{name: "spaced letters that are not the secret", secrets: []string{sA}, text: "s a n d b o x is fun"},
		{name: "spaced tail of the secret", secrets: []string{sA}, text: "A b C d E f 0 1 2 3 4 5 6 7 8 9"},
		{name: "hostname sharing the sandbox- prefix", secrets: []string{sB}, text: "https://sandbox-api.iyzipay.com/payment/auth..."},
		{name: "a base64 blob of repeats", secrets: []string{sA}, text: "before " + strings.Repeat("QUJD", 20) + " after"},
	}
	// the public apiKey shares "sandbox-" with the secret key: none of its forms may be masked
	pub := sA
	for _, f := range []form{
		{"asis", func(s string) string { return "apiKey:" + s + "&randomKey:1234567890&signature:abcdef" }},
		{"iyzico header", func(s string) string {
			return "IYZWSv2 " + b64("apiKey:"+s+"&randomKey:1234567890&signature:abcdef")
		}},
		{"hex", hx}, {"HEX", HX}, {"pct", pctAll}, {"jsonU", jsonU}, {"spaced", func(s string) string { return interleave(s, " ") }},
		{"bytes", func(s string) string { return byteList(s, "[", ", ", "]", "%d") }},
		{"xxd", func(s string) string { return xxd(s, 16, 2, false) }}, {"hexdumpC", func(s string) string { return hexdumpC(s, false) }},
		{"utf16le", utf16le}, {"b64 utf16le", func(s string) string { return b64(utf16le(s)) }},
		{"chars", func(s string) string { return charList(s, "'") }}, {"fullwidth", fullwidth}, {"b32", b32},
		{"clipped 12", func(s string) string { return s[:12] + "…" }},
		{"clipped b64", func(s string) string { return b64(s)[:16] + "…" }},
		{"clipped hex", func(s string) string { return hx(s)[:20] + "…" }},
	} {
		cases = append(cases, probe{name: "public apiKey " + f.name, secrets: []string{sB}, text: f.f(pub)})
	}
	// random texts made of the promised forms of other random strings
	rng := rand.New(rand.NewSource(7))
	seps := []string{" ", "\n", "\r\n", "\t", ", ", "\n  ", "=", ":", "…", "...", ""}
	for it := 0; it < 300; it++ {
		secret := randStr(rng, 6+rng.Intn(30), alphaRich)
		var parts []string
		for k := 0; k < 6; k++ {
			f := basicForms[rng.Intn(len(basicForms))]
			if strings.HasPrefix(f.name, "clipped") {
				continue
			}
			parts = append(parts, f.f(randStr(rng, 4+rng.Intn(40), alphaRich)), seps[rng.Intn(len(seps))])
		}
		cases = append(cases, probe{name: fmt.Sprintf("random text %d", it), secrets: []string{secret}, text: strings.Join(parts, "")})
	}
	for i := range cases {
		cases[i].clean = true
	}
	runProbes(t, cases)
}

func TestMaskIsPrecise(t *testing.T) {
	cases := []struct{ name, secret, in, want string }{
		{"JSON \\u run", sB, `{"a":"` + jsonU(sB) + `","b":"keep this","c":"\u00e7ok"}`, `{"a":"[REDACTED]","b":"keep this","c":"\u00e7ok"}`},
		{"percent in a query", sB, "a=1&k=" + pctAll(sB) + "&b=keep%20this", "a=1&k=[REDACTED]&b=keep%20this"},
		{"across a line break", sB, "prefix words sandbox-Zy\n98+xW/7Vu6=TsR suffix words\nnext", "prefix words [REDACTED] suffix words\nnext"},
		{"basic credential", sB, "Basic " + b64("u:"+sB) + " other " + b64("unrelated text here"), "Basic [REDACTED] other " + b64("unrelated text here")},
		{"byte list", sB, "list " + byteList(sB, "[", ", ", "]", "%d") + " and [104, 101, 108, 108, 111]", "list [[REDACTED]] and [104, 101, 108, 108, 111]"},
		{"char list", sB, "chars " + charList(sB, "'") + " and ['h', 'e', 'l', 'l', 'o']", "chars [[REDACTED]] and ['h', 'e', 'l', 'l', 'o']"},
		{"coloured", sB, "\x1b[31mERROR\x1b[0m key " + ansiEach(sB) + " \x1b[1mbold\x1b[0m", "\x1b[31mERROR\x1b[0m key \x1b[31m[REDACTED]\x1b[0m \x1b[1mbold\x1b[0m"},
		{"zero-width", sB, "zero\u200bwidth " + interleave(sB, "\u200b") + " more\u200btext", "zero\u200bwidth [REDACTED] more\u200btext"},
		{"spaced", sB, "s a y  " + interleave(sB, " ") + "  a b c", "s a y  [REDACTED]  a b c"},
		{"plain in JSON", sA, `{"apiKey":"` + sA + `","b":1,"c":"sandbox"}`, `{"apiKey":"[REDACTED]","b":1,"c":"sandbox"}`},
	}
	for _, c := range cases {
		if got := redact.New(c.secret).String(c.in); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
}

func TestWeirdInputsDoNotPanic(t *testing.T) {
	secrets := []string{"", "\xff\xfe\xfd\xfc\xfb\xfa", "\xed\xa0\x80\xed\xb0\x80ab", "line1\nline2\n", strings.Repeat("ab", 40),
		"\U0010FFFF\U0010FFFF", "\x00\x00\x00\x00\x00\x00", "      ", "......", "……", "%u0041\\x41", "ıİıİıİıİıİıİ"}
	toks := []string{"%", "%2", "%25", "%u", "%uD83D", "\\", "\\u", "\\uD83D", "\\x", "\\x{", "\\u{", "}", "\\U", "&", "&#", "&#x", ";", "=", "=\r\n",
		"\n", "\r", " ", "\t", "\x1b[", "\x1b]", "\a", "\b", "…", "...", "[", "]", ",", "'", "\"", "0x", "00000000: ", "00000000  ", "|", "<Buffer ", ">",
		"String.fromCharCode(", "\u200b", "\ufeff", "\U000E0041", "\x00", "\xff", "\xc5", "ｓ", "𝐬", "İ", "ı", "ş", "AAAA", "7361", "115", "01110011", "sandbox-"}
	rng := rand.New(rand.NewSource(5))
	for i := 0; i < 3000; i++ {
		var sb strings.Builder
		for k := 1 + rng.Intn(40); k > 0; k-- {
			sb.WriteString(toks[rng.Intn(len(toks))])
		}
		sec := secrets[rng.Intn(len(secrets))]
		text := sb.String()
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Errorf("PANIC %v: secret %q text %q", p, sec, text)
				}
			}()
			redact.New(sec).String(text)
		}()
	}
}
