package report_test

import (
	"os"
	"testing"

	"github.com/payconform/payconform/harness/report"
	_ "github.com/payconform/payconform/providers/all"
)

// FuzzDeviations feeds arbitrary bytes to the known-deviations loader, seeded with the shipped
// file and a valid entry: it refuses with an error or loads entries that each name a registered
// requirement, a known target and a date; never a panic.
func FuzzDeviations(f *testing.F) {
	if b, err := os.ReadFile("../../known-deviations.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("deviations:\n  - requirement: IYZ-AUTH-08\n    target: sandbox\n    reason: r\n    expires: 2027-01-31\n"))
	f.Add([]byte("deviations: [{requirement: X, target: '*'}]\n"))
	f.Add([]byte("&a [*a, *a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := report.ParseBaseline("fuzz.yaml", data)
		if err != nil {
			return
		}
		for _, d := range b.Deviations {
			if d.Requirement == "" || d.Reason == "" || d.Expires == "" {
				t.Fatalf("loaded an incomplete entry %+v", d)
			}
		}
	})
}
