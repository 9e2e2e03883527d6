package redact

import "strings"

// A hex dump (xxd, hexdump -C, od -A x -t x1) writes a text's bytes 16 or so a line: an offset,
// the bytes in hex groups, and often the bytes again as ASCII. A secret longer than a line is
// cut across lines, so the lines are read together: the hex groups of consecutive dump lines
// are decoded as one text and searched again; a match is masked from its first byte's group to
// the end of its last byte's line (that line's ASCII column).

// dumpLine reads one line of a hex dump, s[start:end] without its line break: the bytes its
// hex groups stand for (least or more), appended to dst, with the run of each; ok false when
// it is no dump line.
func dumpLine(s string, start, end, least int, dst []byte, from, to []int) ([]byte, []int, []int, bool) {
	// The dump may follow other text on its line (a log's prefix, a JSON string's quote): it
	// starts at the word, after anything but a letter or a digit, that reads as the longest.
	n, best, bestLen := len(dst), -1, 0
	for i := start; i < end; i++ {
		if i > start && isAlnum(s[i-1]) || hexDigits[s[i]] == 0 {
			continue
		}
		var ok bool
		// The longest reading wins: a hex word before the offset reads as a short dump.
		if dst, from, to, ok = dumpAt(s, i, end, least, dst, from, to); ok && len(dst)-n > bestLen {
			best, bestLen = i, len(dst)-n
		}
		dst, from, to = dst[:n], from[:n], to[:n]
	}
	if best < 0 {
		return dst, from, to, false
	}
	return dumpAt(s, best, end, least, dst, from, to)
}

// dumpAt reads a dump line's offset and hex groups from s[i:end].
func dumpAt(s string, i, end, least int, dst []byte, from, to []int) ([]byte, []int, []int, bool) {
	// The offset: 6 to 16 hex digits, a colon after it or not.
	j := i
	for j < end && hexDigits[s[j]] != 0 {
		j++
	}
	if j-i < 6 || j-i > 16 || j < end && s[j] != ':' && s[j] != ' ' {
		return dst, from, to, false
	}
	if j < end && s[j] == ':' {
		j++
	}
	n, width := len(dst), 0
	for j < end {
		gap := j
		for j < end && s[j] == ' ' {
			j++
		}
		// One space between groups; two only in the middle of hexdump -C's 16 bytes. A wider
		// gap starts the ASCII column, which may begin with a hex word ("debd").
		if j == gap || j >= end || width != 0 && (j-gap > 2 || j-gap == 2 && (width != 2 || len(dst)-n != 8)) {
			break
		}
		k := j
		for k < end && hexDigits[s[k]] != 0 {
			k++
		}
		w := k - j
		// A group is 2, 4, 8 or 16 digits (hexdump -C, xxd, xxd -g4, -g8), all of one width, and ends
		// at a space or the line's end; anything else starts the ASCII column.
		// xxd's last group may hold one byte of two.
		if w != 2 && w != 4 && w != 8 && w != 16 || (width != 0 && w > width) || (k < end && s[k] != ' ') {
			break
		}
		last := width != 0 && w < width
		width = max(width, w)
		for d := j; d < k; d += 2 {
			hi, _ := unhex(s[d])
			lo, _ := unhex(s[d+1])
			dst, from, to = append(dst, hi<<4|lo), append(from, j), append(to, k)
		}
		j = k
		if last {
			break
		}
	}
	if len(dst)-n < least {
		return dst[:n], from[:n], to[:n], false
	}
	return dst, from, to, true
}

// hexDumps lists what the hex dumps of s within region hold once decoded.
func (r *Redactor) hexDumps(s string, region interval, depth int, out []span) []span {
	// Whole lines: a window below the top level may start or end inside one.
	if i := strings.LastIndexByte(s[:region.start], '\n'); i >= 0 {
		region.start = i + 1
	} else {
		region.start = 0
	}
	if i := strings.IndexByte(s[region.end:], '\n'); i >= 0 {
		region.end += i
	} else {
		region.end = len(s)
	}
	var dec []byte
	var from, to, lineEnd []int
	flush := func() {
		if len(dec) >= MinLength {
			// A dump clipped after its last line ("|pbk_9F3kL2mN8qR4|…"): its bytes are cut short.
			if e := lineEnd[len(lineEnd)-1]; strings.HasSuffix(s[:e], Ellipsis) || strings.HasSuffix(s[:e], "...") {
				dec = append(dec, Ellipsis...)
				for range len(Ellipsis) {
					from, to, lineEnd = append(from, e), append(to, e), append(lineEnd, e)
				}
			}
			for _, sp := range r.find(transient(dec), depth+1, nil, nil) {
				out = append(out, span{from[sp.start], lineEnd[sp.end-1], sp.form + ", in a hex dump"})
			}
		}
		dec, from, to, lineEnd = dec[:0], from[:0], to[:0], lineEnd[:0]
	}
	for start := region.start; start < region.end; {
		end := strings.IndexByte(s[start:region.end], '\n')
		if end < 0 {
			end = region.end
		} else {
			end += start
		}
		lineStop := end
		if lineStop > start && s[lineStop-1] == '\r' {
			lineStop--
		}
		n := len(dec)
		var ok bool
		// A dump's first line holds 4 bytes or more; its last may hold one.
		least := 4
		if len(dec) > 0 {
			least = 1
		}
		if dec, from, to, ok = dumpLine(s, start, lineStop, least, dec, from, to); ok {
			for range len(dec) - n {
				lineEnd = append(lineEnd, lineStop)
			}
		} else {
			dec, from, to = dec[:n], from[:n], to[:n]
			flush()
		}
		start = end + 1
	}
	flush()
	return out
}
