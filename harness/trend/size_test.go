package trend

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/history"
	"github.com/payconform/payconform/harness/history/historytest"
	"github.com/payconform/payconform/harness/report"
)

// 100 nightly runs like a merchant's, recorded as payconform test records them (260 specs,
// each answer's shape): the same results most nights, a requirement that fails every third
// night, a warning whose message changes every night. The store stays under 1 MiB. (index.html
// is left out: it adds nothing to the store.)
func TestTheStoreStaysSmall(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), history.DefaultFile)
	st, err := history.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	start := time.Date(2026, 9, 1, 3, 17, 0, 0, time.UTC)
	warn := map[string]string{"PNT-INVARIANT-05": "PNT-INVARIANT-05 SHOULD: expired_date has no offset"}
	variants := []historytest.Run{
		{Specs: 260, Start: start, Warn: warn},
		{Specs: 260, Start: start, Warn: warn, Fail: map[string]string{"PWL-INPUT-03": "PWL-INPUT-03 MUST: ExpiryMin 1441 was accepted"}},
	}
	settings := Settings{Kind: "test", Target: "sandbox", Reports: t.TempDir(), Getenv: func(string) string { return "" }}
	var runs []history.Run
	for _, v := range variants {
		reports := historytest.Reports(t, v)
		sum := report.Summarize(reports)
		runs = append(runs, record(reports, sum, settings))
	}
	for night := range 100 {
		r := runs[0]
		if night%3 == 0 {
			r = runs[1]
		}
		r.Start = start.Add(time.Duration(night) * 24 * time.Hour)
		r.Outcomes = append([]history.Outcome(nil), r.Outcomes...)
		for i, o := range r.Outcomes {
			if o.Requirement == "PNT-INVARIANT-05" && o.Message != "" {
				r.Outcomes[i].Message += " (" + r.Start.Format(time.RFC3339) + ")"
			}
		}
		if _, err := st.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("100 nightly runs of %d specs and %d shape elements each: %d bytes (%.0f KiB)", len(runs[0].Outcomes), len(runs[0].Shapes), info.Size(), float64(info.Size())/1024)
	if info.Size() >= 1<<20 {
		t.Errorf("the store holds %d bytes after 100 runs, want under 1 MiB", info.Size())
	}
}
