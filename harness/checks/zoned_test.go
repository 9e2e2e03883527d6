package checks_test

import (
	"testing"
	"time"

	"github.com/payconform/payconform/harness/checks"
)

func TestParseZoned(t *testing.T) {
	want := time.Date(2026, 11, 30, 16, 18, 10, 0, time.UTC)
	for _, s := range []string{"2026-11-30T19:18:10+03:00", "2026-11-30T19:18:10+0300", "2026-11-30T19:18:10.1234567+0300",
		"2026-11-30 19:18:10+03:00", "2026-11-30 19:18:10+0300", "/Date(1796055490000+0300)/", "/Date(1796055490000)/", "2026-11-30T16:18:10Z"} {
		got, ok := checks.ParseZoned(s)
		if !ok || !got.Truncate(time.Second).Equal(want) {
			t.Errorf("%s: %v %v", s, got, ok)
		}
	}
	for _, s := range []string{"2026-11-30 19:18:10", "30.11.2026 19:18:10", "tomorrow", "/Date(abc)/"} {
		if _, ok := checks.ParseZoned(s); ok {
			t.Errorf("%s read as an instant", s)
		}
	}
}
