// Package suggest finds the word a user most likely meant: the command line answers a mistyped
// command, target, suite or flag with "did you mean ...?", as git and cobra do. Distances are
// Levenshtein's (github.com/agnivade/levenshtein).
package suggest

import (
	"strings"

	"github.com/agnivade/levenshtein"
)

// Closest is the candidate nearest to word, if it is near enough to be a typo (at most two
// edits, and fewer than the word has letters less one), or a candidate word begins (three
// letters at least).
func Closest(word string, candidates []string) (string, bool) {
	w := strings.ToLower(word)
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := levenshtein.ComputeDistance(w, strings.ToLower(c)); d < bestDist && d < len(w)-1 {
			best, bestDist = c, d
		}
	}
	if best != "" {
		return best, true
	}
	for _, c := range candidates {
		if len(w) >= 3 && strings.HasPrefix(strings.ToLower(c), w) {
			return c, true
		}
	}
	return "", false
}

// DidYouMean is "; did you mean X?" when a candidate is near word, and "" otherwise.
func DidYouMean(word string, candidates []string) string {
	if c, ok := Closest(word, candidates); ok {
		return "; did you mean " + c + "?"
	}
	return ""
}
