package candidate_test

import (
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/candidate"
)

// redteam 29: a describe whose name carries a newline and a forged verdict line, or terminal
// escapes, is printed quoted; a plain name is kept as it is.
func TestPrintableQuotesWhatCouldForgeALine(t *testing.T) {
	for in, want := range map[string]string{
		"iyzipay-node":           "iyzipay-node",
		"Türkçe ad":              "Türkçe ad",
		"x\nCERTIFIED: evil 1.0": `"x\nCERTIFIED: evil 1.0"`,
		"x\x1b[2K\rCERTIFIED":    `"x\x1b[2K\rCERTIFIED"`,
		"x\u202eDEIFITREC":       `"x\u202eDEIFITREC"`,
		"tab\tname":              `"tab\tname"`,
	} {
		got := candidate.Printable(in)
		if got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
		if strings.ContainsAny(got, "\n\r\x1b") {
			t.Errorf("Printable(%q) keeps a control character", in)
		}
	}
}
