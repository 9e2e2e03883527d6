package redact

import (
	"encoding/base64"
	"slices"
	"testing"
)

// The helpers that place a mask, each against its contract: where a decoded offset lies in
// the text (toSrc, toDst), which intervals join (merge), how far a dirty interval's base64 run
// reaches (runRegions), when an escape is near a change (near), and the two UTF-8 filters of a
// base64 run (firstBytes, validStart).

// `ab\u00fccd` decodes to "abücd": the escape s[2:8] is d[2:4].
func jsonDecoded(t *testing.T) (string, tokens) {
	t.Helper()
	d, toks := escapeNamed(t, "backslash-escaped").decode(`ab\u00fccd`, new(decoded))
	if d != "abücd" || len(toks) != 1 || toks[0] != (token{2, 8, 2, 4}) {
		t.Fatalf("decode = %q, %v", d, toks)
	}
	return d, toks
}

func escapeNamed(t *testing.T, name string) escape {
	t.Helper()
	for _, e := range escapes {
		if e.name == name {
			return e
		}
	}
	t.Fatalf("no escape %q", name)
	return escape{}
}

// A line break decodes to nothing: "ab\r\n  cd" is "abcd", the break s[2:6] an empty d[2:2]; a
// run of the decoded text across it maps onto the break and both sides.
func TestOffsetsMapAcrossALineBreak(t *testing.T) {
	d, toks := escapeNamed(t, "joined across line breaks").decode("ab\r\n  cd", new(decoded))
	if d != "abcd" || len(toks) != 1 || toks[0] != (token{2, 6, 2, 2}) {
		t.Fatalf("decode = %q, %v", d, toks)
	}
	for _, tc := range []struct {
		name string
		to   func(int, bool) int
		p    int
		end  bool
		want int
	}{
		{"toSrc start after the break", toks.toSrc, 2, false, 6},
		{"toSrc end before the break", toks.toSrc, 2, true, 2},
		{"toSrc start before it", toks.toSrc, 1, false, 1},
		{"toSrc end after it", toks.toSrc, 3, true, 7},
		{"toDst start inside the break", toks.toDst, 4, false, 2},
		{"toDst end inside the break", toks.toDst, 4, true, 2},
		{"toDst start after it", toks.toDst, 6, false, 2},
	} {
		if got := tc.to(tc.p, tc.end); got != tc.want {
			t.Errorf("%s: %d -> %d, want %d", tc.name, tc.p, got, tc.want)
		}
	}
}

func TestOffsetsMapAcrossAMultiByteEscape(t *testing.T) {
	_, toks := jsonDecoded(t)
	for _, tc := range []struct {
		name      string
		to        func(int, bool) int
		p         int
		end, want int
	}{
		{"toDst start before the escape", toks.toDst, 1, 0, 1},
		{"toDst start at the escape", toks.toDst, 2, 0, 2},
		{"toDst start inside the escape goes to its start", toks.toDst, 5, 0, 2},
		{"toDst start right after the escape", toks.toDst, 8, 0, 4},
		{"toDst start after the escape", toks.toDst, 9, 0, 5},
		{"toDst end at the escape's start stays before it", toks.toDst, 2, 1, 2},
		{"toDst end one byte into the escape goes to its end", toks.toDst, 3, 1, 4},
		{"toDst end at the escape's end", toks.toDst, 8, 1, 4},
		{"toDst end after the escape", toks.toDst, 9, 1, 5},
		{"toSrc start inside the decoded character goes to the escape's start", toks.toSrc, 3, 0, 2},
		{"toSrc start right after it", toks.toSrc, 4, 0, 8},
		{"toSrc end one byte into the decoded character goes to the escape's end", toks.toSrc, 3, 1, 8},
		{"toSrc end at the decoded character's end", toks.toSrc, 4, 1, 8},
		{"toSrc end at its start stays before it", toks.toSrc, 2, 1, 2},
		{"toSrc end after it", toks.toSrc, 5, 1, 9},
	} {
		if got := tc.to(tc.p, tc.end == 1); got != tc.want {
			t.Errorf("%s: %d -> %d, want %d", tc.name, tc.p, got, tc.want)
		}
	}
}

// An escape is near an interval of the decoded text when it lies less than reach bytes from it.
func TestAnEscapeIsNearWithinReach(t *testing.T) {
	_, toks := jsonDecoded(t) // the escape is d[2:4]
	for _, tc := range []struct {
		iv    interval
		reach int
		want  bool
	}{
		{interval{6, 7}, 3, true},  // 2 bytes after the escape's end
		{interval{7, 8}, 3, false}, // 3 bytes after: out of reach
		{interval{8, 9}, 3, false}, // every escape ends before the reach starts
		{interval{0, 1}, 2, true},  // the escape starts 1 byte after
		{interval{0, 1}, 1, false}, // out of reach before it
	} {
		if got := toks.near([]interval{tc.iv}, tc.reach); got != tc.want {
			t.Errorf("near(%v, reach %d) = %v, want %v", tc.iv, tc.reach, got, tc.want)
		}
	}
}

func TestMergeSortsAndJoinsOverlappingOrTouchingIntervals(t *testing.T) {
	for _, tc := range []struct{ in, want []interval }{
		{[]interval{{10, 20}, {0, 5}}, []interval{{0, 5}, {10, 20}}},
		{[]interval{{5, 9}, {0, 5}}, []interval{{0, 9}}},
		{[]interval{{0, 5}, {6, 9}}, []interval{{0, 5}, {6, 9}}},
		{[]interval{{3, 4}, {0, 5}, {12, 14}, {9, 12}}, []interval{{0, 5}, {9, 14}}},
	} {
		if got := merge(slices.Clone(tc.in)); !slices.Equal(got, tc.want) {
			t.Errorf("merge(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// A dirty interval's region is the whole base64 run around it, padding included.
func TestRunRegionsReachTheWholeBase64Run(t *testing.T) {
	const s = "ab cdEF/gh== ij"
	for _, tc := range []struct {
		dirty, want interval
	}{
		{interval{7, 8}, interval{3, 12}},
		{interval{3, 4}, interval{3, 12}},
		{interval{13, 14}, interval{13, 15}},
	} {
		if got := runRegions(s, []interval{tc.dirty}, &base64Chars); !slices.Equal(got, []interval{tc.want}) {
			t.Errorf("runRegions(%q, %v) = %v, want %v", s, tc.dirty, got, tc.want)
		}
	}
}

func TestFirstBytesAreWhatABase64RunStartsWith(t *testing.T) {
	url, _ := base64.RawURLEncoding.DecodeString("_-_-_-_-")
	for run, want := range map[string]string{"c2VjcmV0LWtleQ": "secret", "_-_-_-_-": string(url), "/+/+/+/+": string(url)} {
		if got := firstBytes(run); string(got[:]) != want {
			t.Errorf("firstBytes(%q) = %q, want %q", run, got, want)
		}
	}
}

func TestValidStartIsUTF8ButForALastCharacterCut(t *testing.T) {
	for b, want := range map[string]bool{
		"secret": true, "£5 or €": true, "\uFFFD replaced": true, "ab€"[:4]: true, "ab𝄞"[:4]: true,
		"\x80abc": false, "\xc0\xafabc": false, "\xc1\xbfabc": false, "ab\xffcd": false, "a\xe2\x82b": false,
	} {
		if got := validStart([]byte(b)); got != want {
			t.Errorf("validStart(%q) = %v, want %v", b, got, want)
		}
	}
}
