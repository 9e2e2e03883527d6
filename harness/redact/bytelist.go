package redact

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A byte list is how most languages print a byte array by default: Go's fmt ([115 97 110]),
// Python's list(b) and Java's Arrays.toString ([115, 97, 110], Java's bytes signed: -59),
// Node's Buffer (<Buffer 73 61 6e>), Go's %#v ([]byte{0x73, 0x61}), C initialisers
// ({0x73,0x61}), "% x" and colon-separated hex (73:61:6e), xxd's groups (7361 6e64).
// A list of MinLength items or more is decoded, as decimal and as hex, and searched again.

// listChars marks the characters a byte list is made of: digits, hex letters, the 0x prefix,
// a minus sign and the separators.
var listChars = func() (t [256]byte) {
	for _, c := range []byte("0123456789abcdefABCDEFxX-, ;:\t\r\n") {
		t[c] = c
	}
	return t
}()

// minListRun is the shortest run of listChars that can hold MinLength items: two digits each,
// one separator between them.
const minListRun = 3*MinLength - 1

// listMode reads one item of a byte list: the bytes it stands for, appended to dst, or ok
// false when it is not an item of that kind.
type listMode struct {
	name string
	seps string // the separator characters
	item func(dst []byte, tok string) ([]byte, bool)
}

var listModes = []listMode{
	{name: "a decimal byte list", seps: ", ;\t\r\n", item: decimalItem},
	{name: "a hex byte list", seps: ", ;:-\t", item: hexItem}, // one line: a hex word ends the line before
	{name: "a binary byte list", seps: ", ;\t\r\n", item: binaryItem},
	{name: "a list of code points", seps: ", ;\t\r\n", item: codePointItem},
}

// binaryItem reads a byte in eight binary digits (Python's f"{b:08b}", Go's %08b).
func binaryItem(dst []byte, tok string) ([]byte, bool) {
	if len(tok) != 8 {
		return dst, false
	}
	var v byte
	for _, c := range []byte(tok) {
		if c != '0' && c != '1' {
			return dst, false
		}
		v = v<<1 | (c - '0')
	}
	return append(dst, v), true
}

// codePointItem reads a character's code point in decimal (JavaScript's
// String.fromCharCode(115, 97), Python's [ord(c) for c in s], a Java char[] cast to int).
func codePointItem(dst []byte, tok string) ([]byte, bool) {
	if len(tok) == 0 || len(tok) > 7 || tok[0] < '0' || tok[0] > '9' {
		return dst, false
	}
	v, err := strconv.Atoi(tok)
	if err != nil || v > unicode.MaxRune || 0xD800 <= v && v < 0xE000 {
		return dst, false
	}
	return utf8.AppendRune(dst, rune(v)), true
}

// decimalItem reads a byte in decimal, 0 to 255, or -128 to -1 as Java's signed bytes.
func decimalItem(dst []byte, tok string) ([]byte, bool) {
	if len(tok) == 0 || len(tok) > 4 || tok[0] == '+' {
		return dst, false
	}
	v, err := strconv.Atoi(tok)
	if err != nil || v < -128 || v > 255 || (tok[0] == '-' && len(tok) == 1) {
		return dst, false
	}
	return append(dst, byte(v)), true
}

// hexItem reads 0xH or 0xHH, or two or four bare hex digits (xxd's groups hold two bytes).
func hexItem(dst []byte, tok string) ([]byte, bool) {
	digits := tok
	if strings.HasPrefix(tok, "0x") || strings.HasPrefix(tok, "0X") {
		digits = tok[2:]
		if len(digits) == 1 {
			v, ok := unhex(digits[0])
			return append(dst, v), ok
		}
		if len(digits) != 2 {
			return dst, false
		}
	} else if len(digits) != 2 && len(digits) != 4 {
		return dst, false
	}
	for i := 0; i < len(digits); i += 2 {
		hi, ok1 := unhex(digits[i])
		lo, ok2 := unhex(digits[i+1])
		if !ok1 || !ok2 {
			return dst, false
		}
		dst = append(dst, hi<<4|lo)
	}
	return dst, true
}

// byteLists lists what the byte lists of s within region hold once decoded: each match maps
// back onto the items the secret's bytes came from.
func (r *Redactor) byteLists(s string, region interval, depth int, out []span) []span {
	var dec []byte
	var from, to []int // the run of s each decoded byte came from
	for run := range runs(s, region, &listChars, minListRun) {
		for _, m := range listModes {
			dec, from, to = dec[:0], from[:0], to[:0]
			flush := func() {
				if len(dec) >= MinLength {
					dec, from, to = clipped(s, to[len(to)-1], dec, from, to)
					for _, sp := range r.find(transient(dec), depth+1, nil, nil) {
						out = append(out, span{from[sp.start], to[sp.end-1], sp.form + ", in " + m.name})
					}
				}
				dec, from, to = dec[:0], from[:0], to[:0]
			}
			for i := run.start; i < run.end; {
				j := i
				for j < run.end && strings.IndexByte(m.seps, s[j]) < 0 && s[j] != '\n' && s[j] != '\r' {
					j++
				}
				if j > i {
					// An item stands apart from letters and digits around the run.
					n := len(dec)
					var ok bool
					if dec, ok = m.item(dec, s[i:j]); ok && !glued(s, i, j) {
						for range len(dec) - n {
							from, to = append(from, i), append(to, j)
						}
					} else {
						dec = dec[:n]
						flush()
					}
				}
				k := j
				for k < run.end && strings.IndexByte(m.seps, s[k]) >= 0 {
					k++
				}
				if k-j > 3 {
					flush() // more than a separator: the list ends
				}
				if k == j && k < run.end { // a line break this list does not cross
					flush()
					k++
				}
				i = k
			}
			flush()
		}
	}
	return out
}

// glued reports whether the item s[i:j] touches a letter or a digit outside it: part of a
// word, not of a list.
func glued(s string, i, j int) bool {
	return i > 0 && isAlnum(s[i-1]) || j < len(s) && isAlnum(s[j])
}

// charLists lists what the lists of single characters in s within region hold once joined:
// Java's Arrays.toString of a char[] ([s, a, n]), Python's list of a string (['s', 'a']), a
// JavaScript array of characters (["s","a"]). A list starts after '[', '(' or '{'.
func (r *Redactor) charLists(s string, region interval, depth int, out []span) []span {
	var dec []byte
	var from, to []int
	for i := region.start; i < region.end; i++ {
		k := strings.IndexAny(s[i:region.end], "[({")
		if k < 0 {
			break
		}
		i += k
		dec, from, to = dec[:0], from[:0], to[:0]
		j := i + 1
		for j < region.end && s[j] == ' ' {
			j++
		}
		for j < region.end {
			start := j
			if (s[j] == '.' || s[j] == Ellipsis[0]) && clippedAt(s, j) == j && !strings.HasPrefix(strings.TrimLeft(s[j:region.end], "….")[0:], ",") { // "[p, b, k, ...": the list is clipped here
				break
			}
			c, size := utf8.DecodeRuneInString(s[j:region.end])
			if size == 0 || c == utf8.RuneError {
				break
			}
			j += size
			// A quoted character: 'x' or "x"; a quote alone is the character itself.
			if q := s[start]; (q == '\'' || q == '"') && j < region.end {
				if c2, size2 := utf8.DecodeRuneInString(s[j:region.end]); size2 > 0 && j+size2 < region.end && s[j+size2] == q {
					c, size, j = c2, size2, j+size2+1
				}
			}
			dec, from, to = utf8.AppendRune(dec, c), append(from, start), append(to, j)
			for range size - 1 {
				from, to = append(from, start), append(to, j)
			}
			// ", " "," or " " between items; anything else ends the list.
			k := j
			if k < region.end && s[k] == ',' {
				k++
			}
			if k < region.end && s[k] == ' ' {
				k++
			}
			if k == j {
				break
			}
			j = k
		}
		if len(dec) >= MinLength {
			dec, from, to = clipped(s, to[len(to)-1], dec, from, to)
			for _, sp := range r.find(transient(dec), depth+1, nil, nil) {
				out = append(out, span{from[sp.start], to[sp.end-1], sp.form + ", in a list of characters"})
			}
		}
		// A list that starts inside this one (an item '[' or '(') is a tail of it, read
		// already: go on after it, which keeps a text of "[, [, [, ..." linear (a shorter
		// list costs MinLength items at most).
		if len(dec) >= MinLength {
			i = max(i, to[len(to)-1]-1)
		}
	}
	return out
}

// spacedChars lists what the runs of single characters separated by spaces or tabs in s within
// region hold once joined ("s a n d b o x", a letter-spaced heading, od -c's columns): a gap of
// three spaces between two characters is a space of the text's. A run may start right after a
// line break, a quote, '=' or ':' glued to its first character (key="s a n d") and end right
// before one glued to its last.
func (r *Redactor) spacedChars(s string, region interval, depth int, out []span) []span {
	var dec []byte
	var from, to []int
	flush := func() {
		if utf8.RuneCount(dec) >= MinLength {
			dec, from, to = clipped(s, to[len(to)-1], dec, from, to)
			for _, sp := range r.find(transient(dec), depth+1, nil, nil) {
				out = append(out, span{from[sp.start], to[sp.end-1], sp.form + ", its characters spaced out"})
			}
		}
		dec, from, to = dec[:0], from[:0], to[:0]
	}
	item := func(j, k int) {
		dec = append(dec, s[j:k]...)
		for range k - j {
			from, to = append(from, j), append(to, k)
		}
	}
	boundary := func(c byte) bool { return strings.IndexByte("\n\r\"'=:`", c) >= 0 }
	for i := region.start; i < region.end; {
		j := i
		for j < region.end && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		switch gap := j - i; {
		case gap > 3:
			flush()
		case gap == 3 && len(dec) > 0 && s[i] == ' ':
			dec, from, to = append(dec, ' '), append(from, i+1), append(to, i+2)
		}
		if j >= region.end {
			break
		}
		k := j
		for k < region.end && s[k] != ' ' && s[k] != '\t' {
			k++
		}
		_, first := utf8.DecodeRuneInString(s[j:k])
		_, last := utf8.DecodeLastRuneInString(s[j:k])
		switch {
		case first == k-j:
			item(j, k)
		case k-j > first && boundary(s[j+first]): // "R\nexit": the run ends after R
			item(j, j+first)
			flush()
		case k-j > last && boundary(s[k-last-1]): // "key=\"s": a run starts at s
			flush()
			item(k-last, k)
		default:
			flush()
		}
		i = k
	}
	flush()
	return out
}

// clippedAt is the offset in s of an ellipsis (… or ...) that follows offset p after a few
// separators (a list clipped: "[115, 97, 11...", Node's "<Buffer 73 61 ... 18 more bytes>"),
// or 0.
func clippedAt(s string, p int) int {
	for q := p; q < len(s) && q-p <= 10; q++ {
		for _, e := range ellipses {
			if strings.HasPrefix(s[q:], e) {
				return q
			}
		}
		// Separators, and an item cut short ("33 6…").
		if strings.IndexByte(", ;:-\t'\"", s[q]) < 0 && !isAlnum(s[q]) {
			return 0
		}
	}
	return 0
}

// clipped appends an ellipsis to a decoded list that the text clips after offset p, so that
// the start of a form it ends with is found; the ellipsis maps onto the text's.
func clipped(s string, p int, dec []byte, from, to []int) ([]byte, []int, []int) {
	q := clippedAt(s, p)
	if q == 0 {
		return dec, from, to
	}
	end := q + len("...")
	if strings.HasPrefix(s[q:], Ellipsis) {
		end = q + len(Ellipsis)
	}
	dec = append(dec, Ellipsis...)
	for range len(Ellipsis) {
		from, to = append(from, q), append(to, end)
	}
	return dec, from, to
}
