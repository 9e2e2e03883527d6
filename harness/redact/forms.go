package redact

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"
)

// needle is one literal form of a secret, searched for as is.
type needle struct {
	text string
	form string
	// half, for the one-character-replaced form, is which half of the secret text is (1 the
	// left, 2 the right); the match is then checked against the whole secret, one character
	// apart at most.
	half   int
	secret string
	// cut says whether the form's start, cut short by an ellipsis, is masked.
	cut bool
}

// needlesOf lists the literal forms of secret s.
func needlesOf(s string) []needle {
	out := []needle{{text: s, form: "plain", cut: true}}
	if len(s) >= NearLength {
		// A credential nearly the secret gives the secret away too: payconform's own probes
		// send the key one character short, with one replaced and in another case, and a
		// target may echo them.
		for _, near := range []needle{{text: s[:len(s)-1], form: "one character short"}, {text: strings.ToUpper(s), form: "upper case"}, {text: strings.ToLower(s), form: "lower case"}, {text: SwapCase(s), form: "case swapped"}} {
			if near.text != s && len(near.text) >= MinLength {
				near.cut = true
				out = append(out, near)
			}
		}
		if h, ok := halfway(s); ok {
			out = append(out, needle{text: s[:h], form: "one character replaced", half: 1, secret: s}, needle{text: s[h:], form: "one character replaced", half: 2, secret: s})
		}
	}
	for offset := range 3 {
		stable := base64Stable(s, offset)
		out = append(out, needle{text: stable, form: fmt.Sprintf("base64 at byte offset %d", offset), cut: true})
		if url := strings.NewReplacer("+", "-", "/", "_").Replace(stable); url != stable {
			out = append(out, needle{text: url, form: fmt.Sprintf("base64url at byte offset %d", offset), cut: true})
		}
	}
	h := hex.EncodeToString([]byte(s))
	out = append(out, needle{text: h, form: "hex", cut: true}, needle{text: strings.ToUpper(h), form: "HEX", cut: true})
	return dedupe(out)
}

// halfway is the character boundary nearest the middle of s that leaves MinLength bytes or
// more on either side: a secret one character apart holds one of the two halves as is. Any
// secret of 15 bytes or more has one (a character is 4 bytes at most), and so has any ASCII
// secret of NearLength bytes.
func halfway(s string) (int, bool) {
	for d := 0; d <= len(s)/2; d++ {
		for _, h := range []int{len(s)/2 - d, len(s)/2 + d} {
			if h >= MinLength && len(s)-h >= MinLength && utf8.RuneStart(s[h]) {
				return h, true
			}
		}
	}
	return 0, false
}

// base64Stable is the run of base64 characters that secret s alone decides when it sits at
// byte offset (mod 3) offset of a longer encoded text: the characters whose six bits all come
// from the secret. The characters at either end mix in the neighbours' bits, and padding comes
// only after them, so the run is the same in padded and unpadded text.
func base64Stable(s string, offset int) string {
	enc := base64.StdEncoding.EncodeToString(append(make([]byte, offset), s...))
	first := (8*offset + 5) / 6       // the first character that starts at or after the secret's first bit
	last := 8 * (offset + len(s)) / 6 // one past the last character that ends at or before its last bit
	return enc[first:last]
}

// dedupe drops needles whose text and kind an earlier one has.
func dedupe(needles []needle) []needle {
	type key struct {
		text string
		half int
	}
	seen := map[key]bool{}
	out := needles[:0]
	for _, n := range needles {
		if k := (key{n.text, n.half}); !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	return out
}
