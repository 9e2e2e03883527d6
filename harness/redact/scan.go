package redact

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// The literal forms are searched for in one pass, whatever their number, in the manner of the
// Wu–Manber multi-pattern search: every needle is at least MinLength bytes long, so every
// occurrence of one holds a gram (gramSize bytes) starting at a multiple of stride, at one of
// the needle's first stride offsets. The pass reads the grams at those positions only and
// looks each up in a bitmap of the needles' first grams; a hit is checked against the needles
// that start so.
const (
	gramSize = 4
	stride   = MinLength - gramSize + 1
	hashBits = 16
)

// filter indexes the needles by their first grams.
type filter struct {
	bits    [1 << hashBits / 64]uint64
	entries []entry // sorted by gram
}

// entry is a needle whose gram at offset off is gram.
type entry struct {
	gram   uint32
	needle int32
	off    int32
}

func newFilter(needles []needle) filter {
	var f filter
	for i, n := range needles {
		for off := range stride {
			g := gramAt(n.text, off)
			h := hash(g)
			f.bits[h/64] |= 1 << (h % 64)
			f.entries = append(f.entries, entry{gram: g, needle: int32(i), off: int32(off)})
		}
	}
	slices.SortFunc(f.entries, func(a, b entry) int {
		if a.gram != b.gram {
			return int(int64(a.gram) - int64(b.gram))
		}
		return int(a.needle - b.needle)
	})
	return f
}

func gramAt(s string, i int) uint32 {
	_ = s[i+3]
	return uint32(s[i]) | uint32(s[i+1])<<8 | uint32(s[i+2])<<16 | uint32(s[i+3])<<24
}

func hash(g uint32) uint32 { return (g * 0x9E3779B1) >> (32 - hashBits) }

// literal lists the runs of s that hold a needle, and the start of one cut short by an ellipsis.
func (r *Redactor) literal(s string, out []span) []span {
	f := &r.filter
	for i := 0; i+gramSize <= len(s); i += stride {
		g := gramAt(s, i)
		if h := hash(g); f.bits[h/64]&(1<<(h%64)) == 0 {
			continue
		}
		k, _ := slices.BinarySearchFunc(f.entries, g, func(e entry, g uint32) int { return int(int64(e.gram) - int64(g)) })
		for ; k < len(f.entries) && f.entries[k].gram == g; k++ {
			e := f.entries[k]
			if start := i - int(e.off); start >= 0 {
				if sp, ok := r.needles[e.needle].at(s, start); ok {
					out = append(out, sp)
				}
			}
		}
	}
	for _, e := range ellipses {
		if strings.Contains(s, e) {
			out = r.cutShort(s, e, out)
		}
	}
	return out
}

// at reports whether s holds the needle at start, and the run it covers.
func (n *needle) at(s string, start int) (span, bool) {
	if !strings.HasPrefix(s[start:], n.text) {
		return span{}, false
	}
	end := start + len(n.text)
	switch n.half {
	case 1:
		if e, ok := oneApart(s[end:], n.secret[len(n.text):]); ok {
			return span{start, end + e, n.form}, true
		}
		return span{}, false
	case 2:
		if b, ok := oneApartBefore(s[:start], n.secret[:len(n.secret)-len(n.text)]); ok {
			return span{start - b, end, n.form}, true
		}
		return span{}, false
	}
	return span{start, end, n.form}, true
}

// oneApart reports whether s starts with want, one character replaced at most, and how many
// bytes of s that takes: a replaced last character is left out, as it is not the secret's.
func oneApart(s, want string) (int, bool) {
	i, replaced := 0, -1
	for j, w := range want {
		c, size := utf8.DecodeRuneInString(s[i:])
		if size == 0 {
			return 0, false
		}
		if c != w {
			if replaced >= 0 {
				return 0, false
			}
			replaced = j
		}
		i += size
	}
	if _, last := utf8.DecodeLastRuneInString(want); replaced == len(want)-last {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return i, true
}

// oneApartBefore reports whether s ends with want, one character replaced at most, and how
// many bytes of s that takes: a replaced first character is left out.
func oneApartBefore(s, want string) (int, bool) {
	i, replaced := len(s), -1
	for j := len(want); j > 0; {
		w, wsize := utf8.DecodeLastRuneInString(want[:j])
		c, size := utf8.DecodeLastRuneInString(s[:i])
		if size == 0 {
			return 0, false
		}
		i, j = i-size, j-wsize
		if c != w {
			if replaced >= 0 {
				return 0, false
			}
			replaced = j
		}
	}
	if replaced == 0 {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return len(s) - i, true
}

// ellipses are what a text cut short ends with: payconform's own clip (Ellipsis), and the
// three dots most other programs write.
var ellipses = []string{Ellipsis, "..."}

// cutShort lists the starts of forms that text cut short ends with: a clip before redaction
// leaves a secret's first characters right before an ellipsis, and those give it away too.
func (r *Redactor) cutShort(s, ellipsis string, out []span) []span {
	for i := 0; ; {
		j := strings.Index(s[i:], ellipsis)
		if j < 0 {
			return out
		}
		e := i + j
		if sp, ok := r.cutBefore(s, e); ok {
			out = append(out, sp)
		}
		// A clip inside an escape leaves it unfinished ("pbk_9F3%7…", "\u00…", "0x7…"): the
		// form's start ends before it, and the mask reaches the ellipsis.
		_, last := utf8.DecodeLastRuneInString(s[:e])
		for _, u := range []int{unfinished(s[:e]), last} { // or one stray character: "\063\1…" decodes to "3\x01…"
			if u > 0 && u < e {
				if sp, ok := r.cutBefore(s, e-u); ok {
					sp.end = e
					out = append(out, sp)
				}
			}
		}
		i = e + 1 // three dots may overlap a dot of the secret's: "ab.…" is "ab....", cut at either
	}
}

// unfinished is how many bytes at the end of s may be an escape cut short: an introducer
// (% \ & = 0x, ESC) and up to 8 digits, letters or '#', '{', '[', ';' after it.
func unfinished(s string) int {
	for n := 1; n <= 10 && n <= len(s); n++ {
		switch c := s[len(s)-n]; {
		case c == '%' || c == '\\' || c == '&' || c == '=' || c == 0x1b:
			return n
		case c == 'x' && n >= 2 && len(s) > n && s[len(s)-n-1] == '0':
			return n + 1
		case !isAlnum(c) && c != '#' && c != '{' && c != '[' && c != ';':
			return 0
		}
	}
	return 0
}

// cutBefore finds the longest start of a form (MinLength bytes or more, short of the whole
// form) that s[:e] ends with.
func (r *Redactor) cutBefore(s string, e int) (span, bool) {
	best := span{start: e}
	for _, k := range r.cuts {
		n := &r.needles[k]
		// The longest start that fits begins at lo; try each position whose byte is the
		// form's first, leftmost first.
		for lo := max(e-len(n.text)+1, 0); lo <= e-MinLength && lo < best.start; {
			k := strings.IndexByte(s[lo:min(e-MinLength+1, best.start)], n.text[0])
			if k < 0 {
				break
			}
			q := lo + k
			if strings.HasPrefix(n.text, s[q:e]) {
				best = span{q, e, n.form + ", cut short"}
				break
			}
			lo = q + 1
		}
	}
	return best, best.start < e
}
