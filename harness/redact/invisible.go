package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text a person reads as the secret although other bytes sit among its characters: characters
// that print nothing (zero-width spaces and joiners, the soft hyphen, the word joiner, a byte
// order mark, the combining grapheme joiner, variation selectors, NUL), Unicode tag characters
// (which spell ASCII invisibly), terminal colour codes (ANSI CSI sequences) and backspace
// overstrike ("s\bs", as nroff writes bold); and compatibility characters that NFKC folds onto
// the secret's (fullwidth letters, mathematical bold). Each is decoded as a separate escape,
// so that it maps back onto the text.

// invisibleLeads are the first bytes of the invisible sequences: NUL, backspace, ESC, '_' (an
// underline overstrike), and the
// lead bytes of U+00AD, U+034F, U+180E, U+200B–U+206F, U+FE00–U+FEFF and U+E0000–U+E01EF.
var invisibleLeads = func() (t [256]bool) {
	for _, c := range []byte{0x00, 0x08, 0x1b, '_', 0xc2, 0xcd, 0xe1, 0xe2, 0xef, 0xf3} {
		t[c] = true
	}
	return t
}()

// invisibleToken decodes one invisible sequence at s[i:]: to nothing, or, for a tag
// character, to the ASCII character it spells.
func invisibleToken(dst []byte, s string, i int) ([]byte, int) {
	switch s[i] {
	case 0x00:
		return dst, 1
	case 0x08: // overstrike: the character after the backspace is printed over the one before
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, size := utf8.DecodeRuneInString(s[i+1:])
		if i > 0 && size > 0 && before == after {
			return dst, 1 + size
		}
		return dst, 0
	case '_': // underline overstrike: "_\bs" prints an underlined s
		if i+1 < len(s) && s[i+1] == 0x08 && i+2 < len(s) && s[i+2] != '_' {
			return dst, 2
		}
		return dst, 0
	case 0x1b: // CSI: ESC [ parameters intermediates final (ECMA-48 5.4); a character set
		// designation, ESC ( B (tput sgr0 writes one)
		if i+2 < len(s) && strings.IndexByte("()*+", s[i+1]) >= 0 {
			return dst, 3
		}
		if i+1 >= len(s) || s[i+1] != '[' {
			return dst, 0
		}
		j := i + 2
		for j < len(s) && j-i < 32 && 0x20 <= s[j] && s[j] <= 0x3f {
			j++
		}
		if j < len(s) && 0x40 <= s[j] && s[j] <= 0x7e {
			return dst, j + 1 - i
		}
		return dst, 0
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	switch {
	case 0xE0020 <= r && r <= 0xE007E:
		return append(dst, byte(r-0xE0000)), size
	case r == 0xAD, r == 0x34F, r == 0x180E, 0xFE00 <= r && r <= 0xFE0F, 0xE0000 <= r && r <= 0xE01EF,
		r >= 0x200B && r <= 0x206F && unicode.Is(unicode.Cf, r), r == 0xFEFF:
		return dst, size
	}
	return dst, 0
}

// compatibilityLeads are the lead bytes of the characters NFKC folds onto ASCII letters,
// digits and punctuation: fullwidth forms (U+FF01–U+FF5E), mathematical alphanumeric
// symbols (U+1D400–U+1D7FF), letterlike symbols, circled and parenthesised letters, super-
// and subscripts.
var compatibilityLeads = func() (t [256]bool) {
	for _, c := range []byte{0xc2, 0xe1, 0xe2, 0xe3, 0xef, 0xf0} {
		t[c] = true
	}
	return t
}()

// compatibilityToken decodes one character that NFKC folds onto another: to its fold.
func compatibilityToken(dst []byte, s string, i int) ([]byte, int) {
	r, size := utf8.DecodeRuneInString(s[i:])
	if r < 0xA0 || size < 2 {
		return dst, 0
	}
	p := norm.NFKC.PropertiesString(s[i : i+size])
	if len(p.Decomposition()) == 0 {
		return dst, 0
	}
	fold := norm.NFKC.String(s[i : i+size])
	if fold == s[i:i+size] {
		return dst, 0
	}
	return append(dst, fold...), size
}

// qpToken decodes quoted-printable (RFC 2045 6.7): =XX, and a soft line break (= at the end of
// a line) to nothing.
func qpToken(dst []byte, s string, i int) ([]byte, int) {
	if s[i] != '=' || i+1 >= len(s) {
		return dst, 0
	}
	switch {
	case s[i+1] == '\n':
		return dst, 2
	case s[i+1] == '\r' && i+2 < len(s) && s[i+2] == '\n':
		return dst, 3
	}
	return highBytes(dst, s, i, qpByte, false)
}

// qpRawToken is qpToken with every =XX a byte (highBytes): quoted-printable of Windows-1254
// text, as a Turkish mail writes it.
func qpRawToken(dst []byte, s string, i int) ([]byte, int) {
	if s[i] != '=' || i+1 >= len(s) || s[i+1] == '\n' || s[i+1] == '\r' {
		return qpToken(dst, s, i)
	}
	return highBytes(dst, s, i, qpByte, true)
}

// qpByte reads one =XX at s[i:], after a soft line break (which may split a character's bytes).
func qpByte(s string, i int) (byte, int) {
	j := i
	for _, soft := range []string{"=\r\n", "=\n"} {
		if strings.HasPrefix(s[j:], soft) {
			j += len(soft)
			break
		}
	}
	if b, ok := hexByte(s, j+1); ok && j < len(s) && s[j] == '=' {
		return b, j + 3 - i
	}
	return 0, 0
}
