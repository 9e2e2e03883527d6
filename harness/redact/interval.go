package redact

import "slices"

// interval is the bytes [start, end) of a text.
type interval struct{ start, end int }

// merge sorts intervals and joins those that overlap or touch.
func merge(ivs []interval) []interval {
	slices.SortFunc(ivs, func(a, b interval) int { return a.start - b.start })
	out := ivs[:0]
	for _, iv := range ivs {
		if n := len(out); n > 0 && iv.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, iv.end)
			continue
		}
		out = append(out, iv)
	}
	return out
}

// widen is every interval grown by reach on either side, within [0, n), merged.
func widen(ivs []interval, reach, n int) []interval {
	out := make([]interval, 0, len(ivs))
	for _, iv := range ivs {
		out = append(out, interval{max(iv.start-reach, 0), min(iv.end+reach, n)})
	}
	return merge(out)
}

// runRegions is where the runs of class (base64, a byte list) of s to decode lie: all of s
// at the top level, below it every run that dirty overlaps, whole ('=' padding included).
func runRegions(s string, dirty []interval, class *[256]byte) []interval {
	if dirty == nil {
		return []interval{{0, len(s)}}
	}
	out := make([]interval, 0, len(dirty))
	lastEnd := -1
	for _, iv := range merge(slices.Clone(dirty)) {
		if iv.end <= lastEnd {
			continue // inside the run just read: each byte is read once (a text of "=\n")
		}
		a, b := iv.start, iv.end
		for a > 0 && a > lastEnd && class[s[a-1]] != 0 {
			a--
		}
		for b < len(s) && (class[s[b]] != 0 || s[b] == '=') {
			b++
		}
		out = append(out, interval{a, b})
		lastEnd = b
	}
	return merge(out)
}
