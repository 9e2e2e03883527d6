package redact

import (
	"encoding/base64"
	"html"
	"iter"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// escape is an encoding that writes some characters as an escape sequence among plain ones:
// percent-encoding, backslash escapes, HTML/XML character references, line breaks. Each is decoded on its
// own, so that a secret holding what looks like another encoding's escape (a "%41" in a
// JSON-escaped secret) is still found; nested encodings are decoded one after the other.
type escape struct {
	name  string
	intro string // the bytes an escape sequence starts with
	// token appends what the escape sequence at s[i] stands for to dst, and says how many bytes
	// it is; 0 when s[i] starts none.
	token func(dst []byte, s string, i int) ([]byte, int)
	// plusSpace marks the query-string variant, tried only when a secret holds a space.
	plusSpace bool
	// leads, when set, are the bytes an escape sequence starts with, in place of intro: the
	// first bytes of multi-byte characters.
	leads *[256]bool
	// raw marks the decodings that write every escaped byte as is (highBytes).
	raw bool
	// intros are the introducers, as bytes (set by init).
	intros []byte
}

func init() {
	for k := range escapes {
		escapes[k].intros = escapes[k].introducers()
	}
}

var escapes = []escape{
	{name: "joined across line breaks", intro: "\r\n", token: lineBreakToken},
	{name: "percent-encoded", intro: "%", token: percentToken},
	{name: "percent-encoded bytes", intro: "%", token: percentRawToken, raw: true},
	{name: "percent-encoded, + for space", intro: "%+", token: plusToken, plusSpace: true},
	{name: "backslash-escaped", intro: `\`, token: backslashToken},
	{name: "backslash-escaped bytes", intro: `\`, token: backslashRawToken, raw: true},
	{name: "CSS-escaped", intro: `\`, token: cssToken},
	{name: "HTML/XML character references", intro: "&", token: entityToken},
	{name: "quoted-printable", intro: "=", token: qpToken},
	{name: "quoted-printable bytes", intro: "=", token: qpRawToken, raw: true},
	{name: "invisible characters dropped", leads: &invisibleLeads, token: invisibleToken},
	{name: "compatibility characters folded (NFKC)", leads: &compatibilityLeads, token: compatibilityToken},
}

// unescaped lists the runs of s that hold a secret once e's escape sequences are decoded,
// mapped back onto s: each covers the escape sequences and plain bytes the secret came from.
// Below the top level (dirty set), the decoded text is searched only where an earlier
// decoding changed it, and only when one of e's escapes lies near there: a secret that
// needs e's escapes alone was found by decoding e a level up.
func (r *Redactor) unescaped(s string, e escape, depth int, dirty, windows []interval, out []span) []span {
	if !e.within(s, windows) {
		return out
	}
	buf := buffers.Get().(*decoded)
	defer buffers.Put(buf)
	d, toks := e.decode(s, buf)
	if len(toks) == 0 || e.raw && utf8.ValidString(d) {
		return out // a raw decoding that spells UTF-8 is the other decoding's
	}
	var childDirty []interval
	if dirty == nil {
		for _, t := range toks {
			childDirty = append(childDirty, interval{t.dst, t.dstEnd})
		}
	} else {
		for _, iv := range dirty {
			childDirty = append(childDirty, interval{toks.toDst(iv.start, false), toks.toDst(iv.end, true)})
		}
		if !toks.near(childDirty, r.reach) {
			return out
		}
	}
	for _, sp := range r.find(d, depth+1, merge(childDirty), nil) {
		out = append(out, span{toks.toSrc(sp.start, false), toks.toSrc(sp.end, true), sp.form + ", " + e.name})
	}
	return out
}

// mayStart reports whether a text holding the bytes present may hold one of e's escapes.
func (e escape) mayStart(present *[256]bool) bool {
	for _, c := range e.intros {
		if present[c] {
			return true
		}
	}
	return false
}

// within reports whether one of e's escape introducers occurs in a window of s.
func (e escape) within(s string, windows []interval) bool {
	for _, w := range windows {
		if e.leads != nil {
			if e.next(s[:w.end], w.start) >= 0 {
				return true
			}
			continue
		}
		if strings.ContainsAny(s[w.start:w.end], e.intro) {
			return true
		}
	}
	return false
}

// token is one escape sequence decoded: s[src:srcEnd] became d[dst:dstEnd].
type token struct{ src, srcEnd, dst, dstEnd int }

// tokens are a decoding's escape sequences, in order.
type tokens []token

// toSrc maps offset p of the decoded text back onto the text: a start (end false) inside a
// decoded escape goes to the escape's start, an end to its end.
func (ts tokens) toSrc(p int, end bool) int {
	q := p
	if end {
		q--
	}
	i := sort.Search(len(ts), func(i int) bool { return ts[i].dstEnd > q }) // the first escape that ends after q
	if i < len(ts) && ts[i].dst <= q {
		if end {
			return ts[i].srcEnd
		}
		return ts[i].src
	}
	if i == 0 {
		return p
	}
	return ts[i-1].srcEnd + p - ts[i-1].dstEnd
}

// toDst maps offset p of the text onto the decoded text, as toSrc the other way.
func (ts tokens) toDst(p int, end bool) int {
	q := p
	if end {
		q--
	}
	i := sort.Search(len(ts), func(i int) bool { return ts[i].srcEnd > q })
	if i < len(ts) && ts[i].src <= q {
		if end {
			return ts[i].dstEnd
		}
		return ts[i].dst
	}
	if i == 0 {
		return p
	}
	return ts[i-1].dstEnd + p - ts[i-1].srcEnd
}

// near reports whether an escape was decoded within reach of one of the intervals (of the
// decoded text).
func (ts tokens) near(ivs []interval, reach int) bool {
	for _, iv := range ivs {
		i := sort.Search(len(ts), func(i int) bool { return ts[i].dstEnd > iv.start-reach })
		if i < len(ts) && ts[i].dst < iv.end+reach {
			return true
		}
	}
	return false
}

// next is the offset of the next possible escape sequence in s at or after i, or -1.
func (e escape) next(s string, i int) int {
	sc := e.scanner(s)
	return sc.next(i)
}

// introducers are the bytes e's escape sequences start with.
func (e escape) introducers() []byte {
	if e.leads == nil {
		return []byte(e.intro)
	}
	var out []byte
	for c, lead := range e.leads {
		if lead {
			out = append(out, byte(c))
		}
	}
	return out
}

// scanner finds the introducers of an escape in a text, each with strings.IndexByte, and
// remembers where each occurs next: a text is read once per introducer however many escapes
// it holds.
type scanner struct {
	s     string
	bytes []byte
	at    []int // the next offset of each byte at or after the last position asked, -1 for none
}

func (e escape) scanner(s string) *scanner {
	sc := &scanner{s: s, bytes: e.intros}
	sc.at = make([]int, len(sc.bytes))
	for k := range sc.at {
		sc.at[k] = -2 // not looked for yet
	}
	return sc
}

func (sc *scanner) next(i int) int {
	best := -1
	for k, c := range sc.bytes {
		if sc.at[k] == -2 || sc.at[k] >= 0 && sc.at[k] < i {
			sc.at[k] = -1
			if i < len(sc.s) {
				if j := strings.IndexByte(sc.s[i:], c); j >= 0 {
					sc.at[k] = i + j
				}
			}
		}
		if sc.at[k] >= 0 && (best < 0 || sc.at[k] < best) {
			best = sc.at[k]
		}
	}
	return best
}

// decoded holds a decoded text and its escapes while they are searched.
type decoded struct {
	text    []byte
	toks    tokens
	scratch []byte // one escape, decoded
}

// buffers keep decoded texts between searches: the detector runs on every text copied into a
// report, and a decoded copy of each would be most of its allocations.
var buffers = sync.Pool{New: func() any { return new(decoded) }}

// transient is b as a string, without a copy: b must not change while the string is in use,
// and the string must not outlive the search (spans hold offsets, never text).
func transient(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// decode is s with every escape sequence decoded, written into buf, and where each was.
func (e escape) decode(s string, buf *decoded) (string, tokens) {
	toks := buf.toks[:0]
	last := 0
	b := buf.text[:0]
	sc := e.scanner(s)
	for i := sc.next(0); i >= 0; i = sc.next(i) {
		// The escape is decoded aside first: the plain text before it is copied only for an
		// escape, never once per introducer that starts none (a text of a million '%').
		var w int
		if buf.scratch, w = e.token(buf.scratch[:0], s, i); w == 0 {
			i++
			continue
		}
		b = append(b, s[last:i]...)
		dst := len(b)
		b = append(b, buf.scratch...)
		toks = append(toks, token{i, i + w, dst, len(b)})
		i += w
		last = i
	}
	if len(toks) == 0 {
		return s, nil
	}
	b = append(b, s[last:]...)
	buf.text, buf.toks = b, toks
	return transient(b), toks
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// percentToken decodes %XX, in either case (RFC 3986 2.1), and %uXXXX as JavaScript's
// escape() writes a character past Latin-1 (a surrogate pair as the one character).
func percentToken(dst []byte, s string, i int) ([]byte, int) { return percent(dst, s, i, false) }

// percentRawToken is percentToken with every %XX a byte (highBytes).
func percentRawToken(dst []byte, s string, i int) ([]byte, int) { return percent(dst, s, i, true) }

func percent(dst []byte, s string, i int, raw bool) ([]byte, int) {
	if s[i] != '%' || i+2 >= len(s) {
		return dst, 0
	}
	if s[i+1] == 'u' || s[i+1] == 'U' {
		return utf16Escape(dst, s, i, "%u", "%U")
	}
	return highBytes(dst, s, i, percentByte, raw)
}

// percentByte reads one %XX at s[i:]: its byte and its width.
func percentByte(s string, i int) (byte, int) {
	if b, ok := hexByte(s, i+1); ok && s[i] == '%' {
		return b, 3
	}
	return 0, 0
}

// plusToken decodes %XX and '+' for a space, as a query string's form encoding writes it.
func plusToken(dst []byte, s string, i int) ([]byte, int) {
	if s[i] == '+' {
		return append(dst, ' '), 1
	}
	return percentToken(dst, s, i)
}

// backslashToken decodes a backslash escape, as JSON (RFC 8259 7) and the languages whose
// string and byte literals a client's or a server's output may carry write it: \" \\ \/ \'
// \b \f \n \r \t \v \a \0; \uXXXX in either case, a surrogate pair as the one character it
// stands for (JSON, JavaScript, Java, C#, Python); \UXXXXXXXX (C, Go, Python); \u{X…} (JavaScript,
// Rust, Swift, Ruby); \xHH (C, Go, Python bytes, JavaScript) and octal \NNN (C, Python bytes,
// Go), each a byte when a run of them spells UTF-8, a Latin-1 character otherwise (Python and
// JavaScript strings write "ç" as \xe7).
func backslashToken(dst []byte, s string, i int) ([]byte, int) { return backslash(dst, s, i, false) }

// backslashRawToken is backslashToken with every \xHH and octal escape a byte (highBytes).
func backslashRawToken(dst []byte, s string, i int) ([]byte, int) { return backslash(dst, s, i, true) }

func backslash(dst []byte, s string, i int, raw bool) ([]byte, int) {
	if s[i] != '\\' || i+1 >= len(s) {
		return dst, 0
	}
	switch c := s[i+1]; c {
	case '"', '\\', '/', '\'':
		return append(dst, c), 2
	case 'b':
		return append(dst, '\b'), 2
	case 'f':
		return append(dst, '\f'), 2
	case 'n':
		return append(dst, '\n'), 2
	case 'r':
		return append(dst, '\r'), 2
	case 't':
		return append(dst, '\t'), 2
	case 'v':
		return append(dst, '\v'), 2
	case 'a':
		return append(dst, '\a'), 2
	case 'u':
		if i+2 < len(s) && s[i+2] == '{' {
			return braced(dst, s, i)
		}
		return utf16Escape(dst, s, i, `\u`, `\u`)
	case 'U':
		r, ok := u4(s, i+2)
		r2, ok2 := u4(s, i+6)
		if !ok || !ok2 || r != 0 && r != 1 && r != 0x10 { // the rest is past U+10FFFF
			return dst, 0
		}
		return utf8.AppendRune(dst, r<<16|r2), 10
	case 'x', '0', '1', '2', '3', '4', '5', '6', '7':
		if c == 'x' && i+2 < len(s) && s[i+2] == '{' { // Perl's \x{15f}
			return braced(dst, s, i)
		}
		return highBytes(dst, s, i, byteEscape, raw)
	case '\n', '\r': // a line continued (C, shell, Python, YAML double-quoted): to nothing
		j := i + 2
		if c == '\r' && j < len(s) && s[j] == '\n' {
			j++
		}
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		return dst, j - i
	}
	return dst, 0
}

// cssToken decodes a CSS escape (CSS Syntax 4.3.7): a backslash, two to six hex digits (an
// ASCII character takes two) and one optional white space.
func cssToken(dst []byte, s string, i int) ([]byte, int) {
	r, j := hexRune(s, i+1)
	if j < i+3 || r > unicode.MaxRune { // one digit is left alone: "\8 " is likelier text
		return dst, 0
	}
	if j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
		j++
	}
	return utf8.AppendRune(dst, r), j - i
}

// braced decodes \u{X…} and \x{X…}: one to six hex digits.
func braced(dst []byte, s string, i int) ([]byte, int) {
	r, j := hexRune(s, i+3)
	if j == i+3 || j >= len(s) || s[j] != '}' || r > unicode.MaxRune {
		return dst, 0
	}
	return utf8.AppendRune(dst, r), j + 1 - i
}

// byteEscape reads one \xHH or octal \N, \NN, \NNN escape at s[i:]: its byte and its width.
func byteEscape(s string, i int) (byte, int) {
	if i+1 >= len(s) || s[i] != '\\' {
		return 0, 0
	}
	if s[i+1] == 'x' {
		if b, ok := hexByte(s, i+2); ok {
			return b, 4
		}
		return 0, 0
	}
	var v int
	j := i + 1
	for ; j < len(s) && j-i-1 < 3 && '0' <= s[j] && s[j] <= '7'; j++ {
		v = v<<3 | int(s[j]-'0')
	}
	if j == i+1 || v > 0xFF {
		return 0, 0
	}
	return byte(v), j - i
}

// highBytes decodes the byte escape at s[i:], read by one: an ASCII byte as is; a byte past
// ASCII together with the escapes right after it when they spell one UTF-8 character, as a
// Latin-1 character when they do not (Python and JavaScript strings write "ç" as \xe7,
// JavaScript's escape() as %E7).
//
// raw decodes every escape to its byte instead: text in another encoding than UTF-8 (UTF-16 in
// Go's %q, Windows-1254 percent-encoded by Java's URLEncoder).
func highBytes(dst []byte, s string, i int, one func(string, int) (byte, int), raw bool) ([]byte, int) {
	b, w := one(s, i)
	if w == 0 {
		return dst, 0
	}
	if b < utf8.RuneSelf || raw {
		return append(dst, b), w
	}
	seq, j := []byte{b}, i+w
	for len(seq) < utf8.UTFMax && !utf8.FullRune(seq) {
		c, cw := one(s, j)
		if cw == 0 {
			break
		}
		seq, j = append(seq, c), j+cw
	}
	if r, size := utf8.DecodeRune(seq); r != utf8.RuneError && size == len(seq) {
		return append(dst, seq...), j - i
	}
	return utf8.AppendRune(dst, rune(b)), w
}

// utf16Escape decodes a UTF-16 code unit escape at s[i:], an introducer (intro or alt, two
// bytes) and four hex digits: a surrogate pair written as two such escapes is the one
// character it stands for.
func utf16Escape(dst []byte, s string, i int, intro, alt string) ([]byte, int) {
	r, ok := u4(s, i+2)
	if !ok {
		return dst, 0
	}
	if utf16.IsSurrogate(r) && i+8 <= len(s) && (s[i+6:i+8] == intro || s[i+6:i+8] == alt) {
		if r2, ok := u4(s, i+8); ok {
			if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
				return utf8.AppendRune(dst, pair), 12
			}
		}
	}
	return utf8.AppendRune(dst, r), 6
}

// hexByte reads the two hex digits at s[i:i+2] as a byte.
func hexByte(s string, i int) (byte, bool) {
	if i+2 > len(s) {
		return 0, false
	}
	hi, ok1 := unhex(s[i])
	lo, ok2 := unhex(s[i+1])
	return hi<<4 | lo, ok1 && ok2
}

// hexRune reads one to six hex digits at s[i:] as a code point, and where they end.
func hexRune(s string, i int) (rune, int) {
	var r rune
	j := i
	for ; j < len(s) && j-i < 6; j++ {
		v, ok := unhex(s[j])
		if !ok {
			break
		}
		r = r<<4 | rune(v)
	}
	return r, j
}

// u4 reads four hex digits at s[i:].
func u4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		v, ok := unhex(c)
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	return r, true
}

// lineBreakToken drops a line break (LF, CR LF or CR) and the indentation after it: base64
// wrapped at 64 or 76 columns (PEM, MIME, GNU base64), hex wrapped by xxd -p, a secret a log
// or a terminal wrapped, a folded YAML or header line. A secret across a line break is found
// in the text joined up.
func lineBreakToken(dst []byte, s string, i int) ([]byte, int) {
	j := i
	if s[j] == '\r' {
		j++
	}
	if j < len(s) && s[j] == '\n' {
		j++
	}
	if j == i {
		return dst, 0
	}
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	return dst, j - i
}

// maxEntity bounds a named character reference's length: the longest HTML named reference is
// 33 bytes (&CounterClockwiseContourIntegral;). A numeric one has no bound: HTML reads any
// number of digits, leading zeros included (&#0000…043; is a '+'), and reading them is linear.
const maxEntity = 40

// entityToken decodes an HTML or XML character reference: named (&amp;, &uuml;), decimal
// (&#43;) or hex (&#x2B;, &#X2b;), as html.UnescapeString reads it.
func entityToken(dst []byte, s string, i int) ([]byte, int) {
	if s[i] != '&' || i+2 >= len(s) {
		return dst, 0
	}
	j := i + 1
	numeric := s[j] == '#'
	digit := isAlnum
	if numeric {
		j++
		digit = isDigit
		if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
			j++
			digit = func(c byte) bool { return hexDigits[c] != 0 }
		}
	}
	for j < len(s) && (numeric || j-i < maxEntity) && digit(s[j]) {
		j++
	}
	switch {
	case j < len(s) && s[j] == ';':
		j++
	}
	// Without its semicolon, a named reference is read as HTML reads the legacy ones (&amp,
	// &lt, &quot, &copy...): the longest such name at the start, the rest left as it is.
	ref := s[i:j]
	decoded := html.UnescapeString(ref)
	if decoded == ref {
		return dst, 0
	}
	return append(dst, decoded...), j - i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// minBase64Run is the shortest base64 run decoded: 11 characters hold 8 bytes, the shortest a
// secret written in another encoding can be (a MinLength secret with one character escaped).
// A secret written plain inside a base64 run is found by its stable characters, at any length.
const minBase64Run = 11

// base64Chars holds the characters of both base64 alphabets, standard and URL-safe (RFC 4648
// 4 and 5), each mapped to its standard one.
var base64Chars = func() (t [256]byte) {
	const std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for _, c := range []byte(std) {
		t[c] = c
	}
	t['-'], t['_'] = '+', '/'
	return t
}()

// base64Runs lists the base64 runs of s within region (a JWT segment, a Basic credential, a
// token) that, decoded from their first character, are UTF-8 text holding a secret form: each
// is masked whole, with its padding.
func (r *Redactor) base64Runs(s string, region interval, depth int, out []span) []span {
	var buf, dec []byte
	for run := range runs(s, region, &base64Chars, minBase64Run) {
		n := run.end - run.start
		if n%4 == 1 {
			n-- // a last lone character holds no byte
		}
		// Most runs are words or binary data, whose first bytes are no UTF-8 already.
		if first := firstBytes(s[run.start:]); !validStart(first[:]) {
			continue
		}
		buf = normalise(buf[:0], s[run.start:run.start+n])
		dec = slices.Grow(dec[:0], base64.RawStdEncoding.DecodedLen(n)+len(Ellipsis))[:base64.RawStdEncoding.DecodedLen(n)]
		m, _ := base64.RawStdEncoding.Decode(dec, buf)
		d := dec[:m]
		if strings.HasPrefix(s[run.end:], Ellipsis) {
			// A run clipped before redaction: what it decodes to is cut short too, and the
			// start of a secret at its end gives the secret away.
			if !validStart(d) {
				continue
			}
			d = append(d, Ellipsis...)
		} else if !utf8.Valid(d) {
			continue
		}
		if inner := r.find(transient(d), depth+1, nil, nil); len(inner) > 0 {
			end := run.end
			for end < region.end && end-run.end < 2 && s[end] == '=' {
				end++
			}
			out = append(out, span{run.start, end, inner[0].form + ", in a base64 run"})
		}
	}
	return out
}

// firstBytes are the six bytes the first eight characters of a base64 run (of either
// alphabet) stand for.
func firstBytes(s string) (b [6]byte) {
	var v uint64
	for _, c := range []byte(s[:8]) {
		v = v<<6 | uint64(base64Values[c])
	}
	for i := range b {
		b[i] = byte(v >> (40 - 8*i))
	}
	return b
}

// base64Values is each base64 character's value, in either alphabet.
var base64Values = func() (t [256]byte) {
	const std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i, c := range []byte(std) {
		t[c] = byte(i)
	}
	t['-'], t['_'] = 62, 63
	return t
}()

// normalise appends the base64 characters of s to dst, in the standard alphabet.
func normalise(dst []byte, s string) []byte {
	for _, c := range []byte(s) {
		dst = append(dst, base64Chars[c])
	}
	return dst
}

// runs yields the maximal runs of s within region, of minLen or more characters of class. It
// looks at every minLen-th character first: a run that long holds one.
func runs(s string, region interval, class *[256]byte, minLen int) iter.Seq[interval] {
	return func(yield func(interval) bool) {
		for i := region.start; i+minLen <= region.end; {
			j := i + minLen - 1
			if class[s[j]] == 0 {
				i = j + 1
				continue
			}
			start := j
			for start > i && class[s[start-1]] != 0 {
				start--
			}
			end := j + 1
			for end < region.end && class[s[end]] != 0 {
				end++
			}
			if end-start >= minLen && !yield(interval{start, end}) {
				return
			}
			i = end + 1
		}
	}
}

// validStart reports whether b can start UTF-8 text: valid, but for a last character cut. A
// continuation byte or an overlong start (0xC0, 0xC1) is an invalid full rune for
// utf8.FullRune, so it fails wherever it stands.
func validStart(b []byte) bool {
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			return !utf8.FullRune(b)
		}
		b = b[size:]
	}
	return true
}

// minHexRun is the shortest hex run decoded: the hex of a MinLength secret.
const minHexRun = 2 * MinLength

// hexRuns lists what the hex runs of s within region hold once decoded, at either parity,
// in hex of any case (lower and upper case hex are literal forms too): each maps back onto the
// digits the secret came from.
func (r *Redactor) hexRuns(s string, region interval, depth int, out []span) []span {
	var dec []byte
	for run := range runs(s, region, &hexDigits, minHexRun) {
		for p := 0; p < 2 && run.end-run.start-p >= minHexRun; p++ {
			digits := s[run.start+p : run.start+p+(run.end-run.start-p)/2*2]
			dec = slices.Grow(dec[:0], len(digits)/2)[:len(digits)/2]
			for j := range dec {
				hi, _ := unhex(digits[2*j])
				lo, _ := unhex(digits[2*j+1])
				dec[j] = hi<<4 | lo
			}
			for _, sp := range r.find(transient(dec), depth+1, nil, nil) {
				out = append(out, span{run.start + p + 2*sp.start, run.start + p + 2*sp.end, sp.form + ", in a hex run"})
			}
		}
	}
	return out
}

// hexDigits marks the hex digits, in either case.
var hexDigits = func() (t [256]byte) {
	for _, c := range []byte("0123456789abcdefABCDEF") {
		t[c] = c
	}
	return t
}()
