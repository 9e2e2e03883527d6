package redact

import (
	"encoding/base32"
	"slices"
	"unicode/utf8"
)

// Base32 (RFC 4648 6 and 7: the standard and the extended hex alphabet), in either case, is
// read as base64 runs are: a run of 10 characters or more (6 bytes) is decoded from its first
// character and, when that is UTF-8 text, searched again; it is masked whole, with its padding.
// An encoded text holds the secret at any byte offset: the decoding finds it wherever it is.

// minBase32Run is the shortest base32 run decoded: the base32 of a MinLength secret.
const minBase32Run = 10

// alnum marks letters and digits, which both base32 alphabets are made of.
var alnum = func() (t [256]byte) {
	for c := 0; c < 256; c++ {
		if isAlnum(byte(c)) {
			t[c] = 1
		}
	}
	return t
}()

// base32Values maps each character of an alphabet, in either case, to its value plus one (0:
// not of the alphabet).
type base32Values [256]byte

func newBase32Values(alphabet string) (t base32Values) {
	for i, c := range []byte(alphabet) {
		t[c] = byte(i) + 1
		if 'A' <= c && c <= 'Z' {
			t[c+'a'-'A'] = byte(i) + 1
		}
	}
	return t
}

var base32Alphabets = []struct {
	name   string
	enc    *base32.Encoding
	values base32Values
}{
	{"base32", base32.StdEncoding.WithPadding(base32.NoPadding), newBase32Values("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")},
	{"base32hex", base32.HexEncoding.WithPadding(base32.NoPadding), newBase32Values("0123456789ABCDEFGHIJKLMNOPQRSTUV")},
}

// base32Runs lists the base32 runs of s within region that, decoded, are UTF-8 text holding a
// secret form.
func (r *Redactor) base32Runs(s string, region interval, depth int, out []span) []span {
	var buf, dec []byte
	for run := range runs(s, region, &alnum, minBase32Run) {
		text := s[run.start:run.end]
		if !oneCase(text) {
			continue // one case throughout, as every encoder writes it
		}
		for _, a := range base32Alphabets {
			// The first eight characters are five bytes: most runs (words, identifiers,
			// hashes) are no UTF-8 text already there, or hold a character not of the
			// alphabet.
			var v uint64
			ok := true
			for _, c := range []byte(text[:8]) {
				ok = ok && a.values[c] != 0
				v = v<<5 | uint64(a.values[c]-1)
			}
			first := [5]byte{byte(v >> 32), byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
			if !ok || !validStart(first[:]) {
				continue
			}
			n := len(text)
			for n > 0 && !validBase32Len(n) {
				n--
			}
			buf = append(buf[:0], text[:n]...)
			for i, c := range buf {
				if 'a' <= c && c <= 'z' {
					buf[i] = c - 'a' + 'A'
				}
			}
			dec = slices.Grow(dec[:0], a.enc.DecodedLen(n))[:a.enc.DecodedLen(n)]
			m, err := a.enc.Decode(dec, buf)
			d := dec[:m]
			if clippedAt(s, run.end) == run.end {
				// A run clipped before redaction: the start of a secret at its end gives the
				// secret away (as base64Runs).
				if err != nil || !validStart(d) {
					continue
				}
				d = append(d, Ellipsis...)
			} else if err != nil || !utf8.Valid(d) {
				continue
			}
			if inner := r.find(transient(d), depth+1, nil, nil); len(inner) > 0 {
				end := run.end
				for end < region.end && end-run.end < 6 && s[end] == '=' {
					end++
				}
				out = append(out, span{run.start, end, inner[0].form + ", in a " + a.name + " run"})
			}
		}
	}
	return out
}

// oneCase reports whether the letters of s are all upper or all lower case.
func oneCase(s string) bool {
	upper, lower := false, false
	for _, c := range []byte(s) {
		upper = upper || 'A' <= c && c <= 'Z'
		lower = lower || 'a' <= c && c <= 'z'
	}
	return !(upper && lower)
}

// validBase32Len reports whether n unpadded base32 characters can end an encoding: a last
// group of 2, 4, 5 or 7 characters (1 to 4 bytes), or none.
func validBase32Len(n int) bool {
	switch n % 8 {
	case 0, 2, 4, 5, 7:
		return true
	}
	return false
}
