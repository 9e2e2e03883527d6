package redact

import (
	"encoding/base64"
	"html"
	"iter"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// escape is an encoding that writes some characters as an escape sequence among plain ones:
// percent-encoding, JSON string escapes, HTML/XML character references. Each is decoded on its
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
}

var escapes = []escape{
	{name: "percent-encoded", intro: "%", token: percentToken},
	{name: "percent-encoded, + for space", intro: "%+", token: plusToken, plusSpace: true},
	{name: "JSON-escaped", intro: `\`, token: jsonToken},
	{name: "HTML/XML character references", intro: "&", token: entityToken},
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
	if len(toks) == 0 {
		return out
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

// within reports whether one of e's escape introducers occurs in a window of s.
func (e escape) within(s string, windows []interval) bool {
	for _, w := range windows {
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
	var j int
	if len(e.intro) == 1 {
		j = strings.IndexByte(s[i:], e.intro[0])
	} else {
		j = strings.IndexAny(s[i:], e.intro)
	}
	if j < 0 {
		return -1
	}
	return i + j
}

// decoded holds a decoded text and its escapes while they are searched.
type decoded struct {
	text []byte
	toks tokens
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
	for i := e.next(s, 0); i >= 0; i = e.next(s, i) {
		n := len(b)
		b = append(b, s[last:i]...)
		dst := len(b)
		var w int
		if b, w = e.token(b, s, i); w == 0 {
			b = b[:n]
			i++
			continue
		}
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

// percentToken decodes %XX, in either case (RFC 3986 2.1).
func percentToken(dst []byte, s string, i int) ([]byte, int) {
	if s[i] != '%' || i+2 >= len(s) {
		return dst, 0
	}
	hi, ok1 := unhex(s[i+1])
	lo, ok2 := unhex(s[i+2])
	if !ok1 || !ok2 {
		return dst, 0
	}
	return append(dst, hi<<4|lo), 3
}

// plusToken decodes %XX and '+' for a space, as a query string's form encoding writes it.
func plusToken(dst []byte, s string, i int) ([]byte, int) {
	if s[i] == '+' {
		return append(dst, ' '), 1
	}
	return percentToken(dst, s, i)
}

// jsonToken decodes a JSON string escape (RFC 8259 7): \" \\ \/ \b \f \n \r \t and \uXXXX in
// either case, a surrogate pair as the one character it stands for.
func jsonToken(dst []byte, s string, i int) ([]byte, int) {
	if s[i] != '\\' || i+1 >= len(s) {
		return dst, 0
	}
	switch c := s[i+1]; c {
	case '"', '\\', '/':
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
	case 'u':
		r, ok := u4(s, i+2)
		if !ok {
			return dst, 0
		}
		if utf16.IsSurrogate(r) {
			if r2, ok := u4(s, i+8); ok && s[i+6] == '\\' && s[i+7] == 'u' { // u4 read s[i+8:i+12]
				if pair := utf16.DecodeRune(r, r2); pair != utf8.RuneError {
					return utf8.AppendRune(dst, pair), 12
				}
			}
		}
		return utf8.AppendRune(dst, r), 6
	}
	return dst, 0
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
	case !numeric: // a named reference needs its semicolon here; a numeric one may go without
		return dst, 0
	}
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
