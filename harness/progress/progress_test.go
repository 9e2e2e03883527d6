package progress_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/progress"
)

type buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *buffer) Write(p []byte) (int, error) { b.mu.Lock(); defer b.mu.Unlock(); return b.b.Write(p) }
func (b *buffer) String() string              { b.mu.Lock(); defer b.mu.Unlock(); return b.b.String() }

// Off a terminal the display prints nothing for a short run but the first failure, as it
// happens, and after the delay one plain line per interval: no escape code, ever.
func TestPlainProgress(t *testing.T) {
	var out buffer
	d := progress.New(&out, progress.Options{Delay: 50 * time.Millisecond, Every: 50 * time.Millisecond, Colour: false})
	s := d.Suite("iyzico")
	s.Handle(progress.Event{Total: 3})
	s.Handle(progress.Event{Spec: "passed"})
	s.Handle(progress.Event{Spec: "failed", Cause: "IYZ-AUTH-05 MUST: expected a refusal\nsecond line"})
	s.Handle(progress.Event{Spec: "failed", Cause: "IYZ-AUTH-06 MUST: another"})
	if got := out.String(); got != "payconform: iyzico: first failure: IYZ-AUTH-05 MUST: expected a refusal\n" {
		t.Errorf("before the delay: %q", got)
	}
	time.Sleep(150 * time.Millisecond)
	s.Finish()
	d.Close()
	got := out.String()
	if !strings.Contains(got, "iyzico 3/3") && !strings.Contains(got, "iyzico done (3") {
		t.Errorf("no progress line: %q", got)
	}
	if strings.Contains(got, "\x1b") || strings.Contains(got, "IYZ-AUTH-06") {
		t.Errorf("escape codes or a second failure: %q", got)
	}
}

// NO_COLOR turns colour off even on a terminal; a dumb terminal gets no bars.
func TestForStderrHonoursNoColor(t *testing.T) {
	env := map[string]string{"NO_COLOR": "1", "TERM": "xterm"}
	if o := progress.ForStderr(func(k string) string { return env[k] }); o.Colour {
		t.Error("colour with NO_COLOR set")
	}
}
