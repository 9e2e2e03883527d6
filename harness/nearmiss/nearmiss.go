// Package nearmiss makes credentials that are nearly right: the value in another case, with a
// character added, dropped, or replaced in place. payconform's probes send them, since a server
// that compares credentials loosely (without case, over the shorter length, lengths first, or
// all but one character) lets one through; and the harness masks them wherever it masks the
// secret itself, since a server that echoes one gives the secret away, all but one character.
package nearmiss

import "github.com/payconform/payconform/harness/redact"

// Kinds of near miss. The first three change the length or the case; the last three keep the
// length and replace one character.
const (
	OtherCase     = "key-other-case"      // every letter's case swapped
	Suffix        = "key-suffix"          // one character added
	Truncated     = "key-truncated"       // the last character dropped
	Prefixed      = "key-prefixed"        // one character put before
	FirstReplaced = "key-first-replaced"  // the first character replaced
	MidReplaced   = "key-middle-replaced" // the character at len/2 replaced
	LastReplaced  = "key-last-replaced"   // the last character replaced
)

// Kinds lists every kind.
var Kinds = []string{OtherCase, Suffix, Truncated, Prefixed, FirstReplaced, MidReplaced, LastReplaced}

// Known reports whether kind is one of Kinds.
func Known(kind string) bool {
	for _, k := range Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// Of is value edited as kind says; ok is false for an unknown kind or when the edit leaves
// nothing or the value itself (no letter to swap, nothing to drop).
func Of(kind, value string) (string, bool) {
	var out string
	switch kind {
	case OtherCase:
		out = redact.SwapCase(value)
	case Suffix:
		out = value + "0"
	case Truncated:
		if value != "" {
			out = value[:len(value)-1]
		}
	case Prefixed:
		out = "0" + value
	case FirstReplaced:
		out = ReplaceAt(value, 0)
	case MidReplaced:
		out = ReplaceAt(value, len(value)/2)
	case LastReplaced:
		out = ReplaceAt(value, len(value)-1)
	}
	return out, out != "" && out != value
}

// ReplaceAt replaces the byte at i with another of its own kind, so that a format check (digits,
// hex, letters) still passes and only the value differs: a digit with the next digit, a letter
// with the next letter in its case (z with a), anything else with 'x' (an 'x' with 'y'). An i
// out of range leaves value as it is. vectors/iyzico/build_vectors.py applies the same rule.
func ReplaceAt(value string, i int) string {
	if i < 0 || i >= len(value) {
		return value
	}
	c := value[i]
	switch {
	case c >= '0' && c <= '9':
		c = '0' + (c-'0'+1)%10
	case c >= 'a' && c <= 'z':
		c = 'a' + (c-'a'+1)%26
	case c >= 'A' && c <= 'Z':
		c = 'A' + (c-'A'+1)%26
	case c == 'x':
		c = 'y'
	default:
		c = 'x'
	}
	return value[:i] + string(c) + value[i+1:]
}

// All lists every near miss of secret, for redaction.
func All(secret string) []string {
	var out []string
	for _, kind := range Kinds {
		if v, ok := Of(kind, secret); ok {
			out = append(out, v)
		}
	}
	return out
}
