// Package redact finds and masks known secrets in text that leaves the harness: a target's
// answer quoted in a failure, an adapter's stderr or error.message, a skip reason, the mock's
// journal. One detector serves both the checks that an answer carries no credential (Find) and
// every redaction (Redactor.String). It looks for each secret, and for the other bytes programs
// write it as (UTF-16, UTF-32, Turkish code pages, mojibake, NFD), as is and nearly (one
// character short, one replaced, in another case, cut short); as the base64 characters that
// depend on the secret alone, at each byte offset; in hex; and, by decoding before it matches,
// inside escapes (percent, backslash escapes of JSON and other languages, HTML references,
// quoted-printable, CSS), text joined across line breaks, invisible characters and terminal
// colours dropped, compatibility characters folded, base64, base32 and hex runs, byte lists,
// lists of characters and hex dumps, nested up to four deep. It masks the smallest run of the
// text that holds the secret (a decoded run whole), so that the rest stays readable.
package redact

import (
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Mask replaces a secret in text.
const Mask = "[REDACTED]"

// MinLength is the shortest secret masked: shorter values would mask ordinary words. It is
// also the fewest characters of a secret's start that the cut-short rule masks.
const MinLength = 6

// NearLength is the shortest secret whose near forms (one character short or replaced, another
// case) are masked too: below it, a near form would be too short to tell from ordinary text.
const NearLength = 2 * MinLength

// Ellipsis is what a clipped text ends with (checks.Clip, the candidate runner's clip).
const Ellipsis = "…"

// maxDepth is how many encodings deep the detector decodes: a JWT's base64url payload holding
// a JSON-escaped secret is two, a percent-encoded query holding that JWT three, that query
// quoted in a JSON log line four.
const maxDepth = 4

// Redactor finds and masks a fixed set of secrets.
type Redactor struct {
	needles   []needle
	filter    filter
	plusSpace bool // a secret holds a space, which a query string may write as '+'
	// reach bounds how far from a changed byte a match that covers it may start or end.
	reach int
	// cuts are the needles whose starts cut short are looked for, by index.
	cuts []int
}

// New builds a Redactor for secrets; empty and short values (under MinLength bytes) are ignored.
func New(secrets ...string) *Redactor {
	r := &Redactor{}
	seen := map[string]bool{}
	for _, s := range secrets {
		if len(s) < MinLength || seen[s] {
			continue
		}
		seen[s] = true
		r.needles = append(r.needles, needlesOf(s)...)
		r.plusSpace = r.plusSpace || strings.Contains(s, " ")
	}
	r.filter = newFilter(r.needles)
	for k, n := range r.needles {
		if n.cut {
			r.cuts = append(r.cuts, k)
		}
	}
	// The longest needle but the wide ones (UTF-32, the base64 of UTF-16): the hex form, twice
	// the secret's length, longer than the secret plus a replaced character of up to 4 bytes
	// (every secret has 6 bytes or more).
	for _, n := range r.needles {
		if !n.wide {
			r.reach = max(r.reach, len(n.text))
		}
	}
	return r
}

// Match is where a text holds a secret: the smallest run of it, and in which form.
type Match struct {
	Form       string // for example "base64url at byte offset 1, in a base64 run"
	Start, End int    // the run's byte offsets in the text
}

// Find reports the first (leftmost) secret form s holds, for checks that a text carries none.
func (r *Redactor) Find(s string) (Match, bool) {
	if r == nil || len(r.needles) == 0 {
		return Match{}, false
	}
	spans := r.find(s, 0, nil, nil)
	if len(spans) == 0 {
		return Match{}, false
	}
	first := slices.MinFunc(spans, func(a, b span) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	return Match{Form: first.form, Start: first.start, End: first.end}, true
}

// Find reports the first secret form s holds, for checks that a text carries none. The
// Redactor for a set of secrets is built once and kept (checks ask the same set again and
// again, and building one reads every form and variant of each secret).
func Find(s string, secrets ...string) (Match, bool) {
	key := strings.Join(secrets, "\x00")
	cache.Lock()
	r, ok := cache.redactors[key]
	cache.Unlock()
	if !ok {
		r = New(secrets...)
		cache.Lock()
		if len(cache.redactors) >= maxCached {
			clear(cache.redactors)
		}
		cache.redactors[key] = r
		cache.Unlock()
	}
	return r.Find(s)
}

// maxCached bounds the Redactors Find keeps; past it, it starts again.
const maxCached = 256

// cache keeps Find's Redactors. A Redactor does not change once built, so one may serve any
// number of goroutines.
var cache = struct {
	sync.Mutex
	redactors map[string]*Redactor
}{redactors: map[string]*Redactor{}}

// String masks every secret form in s: each run that holds one becomes Mask.
func (r *Redactor) String(s string) string {
	if r == nil || len(r.needles) == 0 {
		return s
	}
	spans := r.find(s, 0, nil, nil)
	if len(spans) == 0 {
		return s
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for i := 0; i < len(spans); {
		start, end := spans[i].start, spans[i].end
		for i++; i < len(spans) && spans[i].start <= end; i++ {
			end = max(end, spans[i].end)
		}
		b.WriteString(s[last:max(start, last)])
		b.WriteString(Mask)
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// span is a run of a text that holds a secret form.
type span struct {
	start, end int
	form       string
}

// find lists the runs of s that hold a secret form: literal forms, then what each decoding of
// s holds, mapped back onto s. dirty, below the top level, is where the decoding that made s
// changed it: a match elsewhere was found a level up, in the text before that decoding, so
// the search keeps to the neighbourhood of dirty. nil means all of s.
func (r *Redactor) find(s string, depth int, dirty []interval, out []span) []span {
	windows := []interval{{0, len(s)}}
	if dirty != nil {
		windows = widen(dirty, r.reach, len(s))
	}
	for _, w := range windows {
		for _, sp := range r.literal(s[w.start:w.end], nil) {
			out = append(out, span{sp.start + w.start, sp.end + w.start, sp.form})
		}
	}
	if depth >= maxDepth || len(s) < MinLength {
		return out
	}
	// Which bytes the windows hold, read once: most escapes' introducers are not there.
	var present [256]bool
	for _, w := range windows {
		for _, c := range []byte(s[w.start:w.end]) {
			present[c] = true
		}
	}
	for _, e := range escapes {
		// '+' for a space is read when a secret holds one, or in a query string (a '%' escape
		// beside it), where a byte list or a spaced-out secret has spaces of its own.
		if (!e.plusSpace || r.plusSpace || present['%'] && present['+']) && e.mayStart(&present) {
			out = r.unescaped(s, e, depth, dirty, windows, out)
		}
	}
	for _, region := range runRegions(s, dirty, &base64Chars) {
		out = r.base64Runs(s, region, depth, out)
		out = r.hexRuns(s, region, depth, out)
		out = r.base32Runs(s, region, depth, out)
	}
	for _, region := range runRegions(s, dirty, &listChars) {
		out = r.byteLists(s, region, depth, out)
	}
	// A dump of one line is read in the text as it came; below the top level only where a
	// decoding left line breaks (a dump in a JSON string).
	if present['\n'] || depth == 0 && present[' '] {
		for _, w := range windows {
			out = r.hexDumps(s, w, depth, out)
		}
	}
	if present[' '] || present['\t'] {
		for _, w := range windows {
			out = r.spacedChars(s, w, depth, out)
		}
	}
	if present['['] || present['('] || present['{'] {
		for _, w := range windows {
			out = r.charLists(s, w, depth, out)
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
