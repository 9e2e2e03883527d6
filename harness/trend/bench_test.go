package trend_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/history"
	"github.com/payconform/payconform/harness/history/historytest"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/trend"
)

// What the history adds to a warm run of the three suites: building the record and the drift
// headline before the summaries, keeping the run and writing index.html after, against a store
// that already holds 100 runs. Publish itself (junit.xml and the summaries) is not counted.
// README, Performance, has the figure.
func BenchmarkHistoryAndReport(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	seed := filepath.Join(dir, "seed.sqlite")
	start := time.Date(2026, 9, 1, 3, 17, 0, 0, time.UTC)
	reports := historytest.Reports(b, historytest.Run{Specs: 260, Start: start})
	e := env{history.Env: seed}
	for night := range 100 {
		r := historytest.Reports(b, historytest.Run{Specs: 260, Start: start.Add(time.Duration(night) * 24 * time.Hour)})
		hist := trend.Begin(ctx, r, trend.Settings{Kind: "test", Target: "mock", Reports: dir, Getenv: e.get})
		pub, err := report.Publish(r, dir, report.Options{Drift: hist.Headline()})
		if err != nil {
			b.Fatal(err)
		}
		hist.Finish(ctx, pub, io.Discard)
	}
	data, err := os.ReadFile(seed)
	if err != nil {
		b.Fatal(err)
	}
	pub, err := report.Publish(reports, dir, report.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		store := filepath.Join(dir, "store.sqlite")
		if err := os.WriteFile(store, data, 0o644); err != nil {
			b.Fatal(err)
		}
		e := env{history.Env: store}
		b.StartTimer()
		before := cpuTime()
		hist := trend.Begin(ctx, reports, trend.Settings{Kind: "test", Target: "mock", Reports: dir, Getenv: e.get})
		if id := hist.Finish(ctx, pub, io.Discard); id != 101 {
			b.Fatalf("stored as #%d", id)
		}
		cpu += cpuTime() - before
	}
	// CPU time tells the work apart from the waiting on a machine others share.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
