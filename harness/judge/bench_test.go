package judge_test

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/judge"
	"github.com/payconform/payconform/harness/judgeapi"
)

// benchVendors is how many vendors certify at once against the one judge.
func benchVendors() int {
	if n, err := strconv.Atoi(os.Getenv("PAYCONFORM_BENCH_VENDORS")); err == nil && n > 0 {
		return n
	}
	return 4
}

// BenchmarkHostedSessions is the judge's throughput: full sessions of the reference adapter
// (opened, described, every case handed out, the client's requests served and journalled by the
// session's mock, every answer posted, graded, signed and logged), by several vendors at once, on
// SQLite. The adapter runs in the benchmark's process, so that the figure is the judge's, not the
// adapter's start-up.
//
//	go test -run '^$' -bench HostedSessions -benchtime 100x ./harness/judge/
func BenchmarkHostedSessions(b *testing.B) {
	r := sqliteRig(b, func(c *judge.Config) { c.MaxPerHour, c.MaxOpen, c.APIRate = 1<<20, 1<<10, 1e6 })
	token := r.token(b, "bench", false)
	vendors := benchVendors()
	work := make(chan int, b.N)
	for i := range b.N {
		work <- i
	}
	close(work)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	certified := 0
	for range vendors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				v := openSession(b, r.url, token)
				v.run(v.honest)
				if f := v.finish(); f.Certificate.Certified {
					mu.Lock()
					certified++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if certified != b.N {
		b.Fatalf("%d of %d sessions certified", certified, b.N)
	}
	b.ReportMetric(float64(b.N)/elapsed.Minutes(), "sessions/min")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkOpenSessionsMemory is the judge's memory with 50 sessions open, each mid-way (its mock
// built and cached, a few cases answered): the heap in use after a collection, and the process's
// resident set (the judge and the benchmark's vendors share the process).
//
//	go test -run '^$' -bench OpenSessionsMemory -benchtime 1x ./harness/judge/
func BenchmarkOpenSessionsMemory(b *testing.B) {
	for range b.N {
		r := sqliteRig(b, func(c *judge.Config) { c.MaxPerHour, c.MaxOpen = 1<<20, 1<<10 })
		token := r.token(b, "bench", false)
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		var open []*vendor
		for range 50 {
			v := openSession(b, r.url, token)
			for range 3 {
				c := v.next()
				if err := v.c.Answer(b.Context(), v.opened.Session, v.honest(c)); err != nil {
					b.Fatal(err)
				}
			}
			open = append(open, v)
		}
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(before.HeapInuse)/(1<<20), "MiB-heap-no-session")
		b.ReportMetric(float64(after.HeapInuse)/(1<<20), "MiB-heap-50-open")
		b.ReportMetric(rssMiB(), "MiB-rss")
		b.ReportMetric(0, "ns/op")
		for _, v := range open {
			v.run(v.honest)
			v.finish()
		}
		_ = judgeapi.APIPrefix
	}
}

// rssMiB is the process's resident set size.
func rssMiB() float64 {
	data, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return float64(kb) / 1024
		}
	}
	return 0
}
