package redact

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
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
	// wide marks a needle longer than reach allows for (a UTF-32 variant, the base64 of a
	// UTF-16 one).
	wide bool
}

// needlesOf lists the literal forms of secret s: its own, and those of the other byte
// sequences a program may write it as (variants).
func needlesOf(s string) []needle {
	out := formsOf(s, "", true)
	for _, v := range variants(s) {
		if v.wide {
			out = append(out, needle{text: v.text, form: "plain, " + v.name, wide: true})
			for offset := range 3 {
				out = append(out, needle{text: base64Stable(v.text, offset), form: fmt.Sprintf("base64, %s, at byte offset %d", v.name, offset), wide: true})
			}
			continue
		}
		for _, n := range formsOf(v.text, ", "+v.name, false) {
			// A variant's hex is found by decoding the hex run (hexRuns): its needle would
			// only widen the search around every escape (reach). Its base64, longer than
			// the secret's hex when the variant is UTF-16, is left out of reach too: found
			// as is, in a base64 run decoded, and near a decoding's change.
			switch {
			case strings.HasPrefix(n.form, "hex"), strings.HasPrefix(n.form, "HEX"):
			case len(n.text) > 2*len(s) && strings.HasPrefix(n.form, "base64"):
				n.wide = true
				out = append(out, n)
			default:
				out = append(out, n)
			}
		}
	}
	return dedupe(out)
}

// variant is the secret as other bytes: another Unicode encoding, a legacy code page, text
// decoded with the wrong one, another normal form, another locale's case.
type variant struct {
	text, name string
	// wide marks UTF-32, four bytes a character: only its plain form and base64 are searched
	// for, and not where a decoding's change lies farther than reach (the Redactor's) from it.
	wide bool
}

// variants lists the byte sequences other than s that programs write secret s as, each
// MinLength bytes or more: UTF-16 (little-endian: .NET's Encoding.Unicode, PowerShell,
// Windows; big-endian: Java's "UTF-16") and UTF-32; UTF-8 read as Latin-1 or Windows-1252 (mojibake);
// Windows-1254 and ISO-8859-9, the Turkish code pages; NFD and NFC; and, for secrets of
// NearLength bytes or more, upper and lower case by Turkish rules (Java's toUpperCase on a
// tr_TR machine: i→İ, I→ı).
func variants(s string) []variant {
	var out []variant
	add := func(text, name string) {
		if text != s && len(text) >= MinLength {
			out = append(out, variant{text: text, name: name, wide: strings.HasPrefix(name, "UTF-32")})
		}
	}
	var le, be, le32, be32 []byte
	for _, u := range utf16.Encode([]rune(s)) {
		le = append(le, byte(u), byte(u>>8))
		be = append(be, byte(u>>8), byte(u))
	}
	for _, c := range s {
		le32 = append(le32, byte(c), byte(c>>8), byte(c>>16), 0)
		be32 = append(be32, 0, byte(c>>16), byte(c>>8), byte(c))
	}
	add(string(le), "UTF-16LE")
	add(string(be), "UTF-16BE")
	add(string(le32), "UTF-32LE")
	add(string(be32), "UTF-32BE")
	if !isASCII(s) {
		var latin1 []rune
		for _, c := range []byte(s) {
			latin1 = append(latin1, rune(c))
		}
		add(string(latin1), "UTF-8 read as Latin-1")
		if m, err := charmap.Windows1252.NewDecoder().String(s); err == nil {
			add(m, "UTF-8 read as Windows-1252")
		}
		for _, cm := range []struct {
			name string
			cm   *charmap.Charmap
		}{{"Windows-1254", charmap.Windows1254}, {"ISO-8859-9", charmap.ISO8859_9}} {
			if b, err := cm.cm.NewEncoder().String(s); err == nil {
				add(b, "in "+cm.name)
			}
		}
		add(norm.NFD.String(s), "NFD")
		add(norm.NFC.String(s), "NFC")
	}
	if len(s) >= NearLength {
		add(strings.ToUpperSpecial(unicode.TurkishCase, s), "upper case by Turkish rules")
		add(strings.ToLowerSpecial(unicode.TurkishCase, s), "lower case by Turkish rules")
	}
	return out
}

func isASCII(s string) bool {
	for _, c := range []byte(s) {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// formsOf lists the literal forms of text (the secret, or a variant of it named by suffix):
// as is, base64 and hex; and for the secret itself (near) the near forms.
func formsOf(s, suffix string, near bool) []needle {
	out := []needle{{text: s, form: "plain" + suffix, cut: true}}
	if near && len(s) >= NearLength {
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
		out = append(out, needle{text: stable, form: fmt.Sprintf("base64%s at byte offset %d", suffix, offset), cut: true})
		if url := strings.NewReplacer("+", "-", "/", "_").Replace(stable); url != stable {
			out = append(out, needle{text: url, form: fmt.Sprintf("base64url%s at byte offset %d", suffix, offset), cut: true})
		}
	}
	h := hex.EncodeToString([]byte(s))
	out = append(out, needle{text: h, form: "hex" + suffix, cut: true}, needle{text: strings.ToUpper(h), form: "HEX" + suffix, cut: true})
	return out
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
