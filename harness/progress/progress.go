// Package progress shows how far a run has got while it runs. Each suite process writes one JSON
// line per event to a pipe the command line hands it (its descriptor in PAYCONFORM_PROGRESS_FD):
// how many specs will run, then one line per finished spec. The command line turns them into a
// display on stderr: on a terminal, one bar per suite updated in place (vbauerster/mpb); elsewhere
// (CI, a pipe, a file), one plain line every few seconds. Either way nothing is shown for a run
// that ends within a couple of seconds, and the first failure of each suite is printed, in one
// line, as soon as it happens. Colour is used on a terminal only, and never when NO_COLOR is set.
package progress

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vbauerster/cupwriter"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// FDEnv names the file descriptor a suite writes its events to. The command line sets it for
// the suites it runs; a suite run on its own (go test) writes nothing.
const FDEnv = "PAYCONFORM_PROGRESS_FD"

// Event is one line of the progress pipe.
type Event struct {
	// Total is the number of specs that will run, sent once before the first.
	Total int `json:"total,omitempty"`
	// Spec is a finished spec's outcome: passed, failed (a MUST), error (the target could not be
	// asked), skipped, or another Ginkgo state.
	Spec string `json:"spec,omitempty"`
	// Cause is a failed spec's cause, in one line.
	Cause string `json:"cause,omitempty"`
}

// Writer writes events to the descriptor FDEnv names; nil when it names none.
type Writer struct {
	mu  sync.Mutex
	enc *json.Encoder
}

// OpenWriter opens the progress descriptor the environment names, or returns nil.
func OpenWriter(getenv func(string) string) *Writer {
	fd, err := strconv.Atoi(getenv(FDEnv))
	if err != nil || fd < 3 {
		return nil
	}
	f := os.NewFile(uintptr(fd), "progress")
	if f == nil {
		return nil
	}
	return &Writer{enc: json.NewEncoder(f)}
}

// Send writes one event; a nil Writer sends nothing. A pipe nobody reads any more is ignored.
func (w *Writer) Send(e Event) {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	_ = w.enc.Encode(e)
}

// Options say how a display looks.
type Options struct {
	// Terminal draws bars updated in place; otherwise a plain line is printed every Every.
	Terminal bool
	// Colour marks failures in red (a terminal without NO_COLOR only).
	Colour bool
	// Delay is how long a run goes before anything but a failure is shown (2 s by default).
	Delay time.Duration
	// Every is the interval of plain lines (5 s by default).
	Every time.Duration
}

// ForStderr is how the display looks on this process's stderr: bars and colour on a terminal,
// no colour when NO_COLOR is set (https://no-color.org) or TERM is dumb.
func ForStderr(getenv func(string) string) Options {
	tty := cupwriter.New(os.Stderr, false).IsTerminal() && getenv("TERM") != "dumb"
	return Options{Terminal: tty, Colour: tty && getenv("NO_COLOR") == ""}
}

// Display is the progress of one run's suites.
type Display struct {
	w     io.Writer
	o     Options
	start time.Time

	mu     sync.Mutex
	suites []*Suite
	bars   *mpb.Progress
	closed bool
	stop   chan struct{}
	done   sync.WaitGroup
}

// New starts a display on w.
func New(w io.Writer, o Options) *Display {
	if o.Delay == 0 {
		o.Delay = 2 * time.Second
	}
	if o.Every == 0 {
		o.Every = 5 * time.Second
	}
	d := &Display{w: w, o: o, start: time.Now(), stop: make(chan struct{})}
	d.done.Add(1)
	go d.tick()
	return d
}

// Suite is one suite's progress.
type Suite struct {
	d       *Display
	Name    string
	total   int
	done    int
	failed  bool
	errored bool
	end     time.Time
	bar     *mpb.Bar
}

// Suite adds a suite to the display.
func (d *Display) Suite(name string) *Suite {
	d.mu.Lock()
	defer d.mu.Unlock()
	s := &Suite{d: d, Name: name}
	d.suites = append(d.suites, s)
	if d.bars != nil {
		d.addBar(s)
	}
	return s
}

// Read reads a suite's events until r ends.
func (s *Suite) Read(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		var e Event
		if json.Unmarshal(sc.Bytes(), &e) == nil {
			s.Handle(e)
		}
	}
}

// Handle takes one event.
func (s *Suite) Handle(e Event) {
	d := s.d
	d.mu.Lock()
	defer d.mu.Unlock()
	if e.Total > 0 {
		s.total = e.Total
		if s.bar != nil {
			s.bar.SetTotal(int64(s.total), false)
		}
	}
	if e.Spec == "" {
		return
	}
	s.done++
	if s.bar != nil {
		s.bar.SetCurrent(int64(s.done))
	}
	switch {
	case e.Spec == "failed" && !s.failed:
		s.failed = true
		d.say(fmt.Sprintf("payconform: %s: %s %s", s.Name, d.red("first failure:"), oneLine(e.Cause)))
	case e.Spec == "error" && !s.errored:
		s.errored = true
		d.say(fmt.Sprintf("payconform: %s: first infrastructure error: %s", s.Name, oneLine(e.Cause)))
	}
}

// Finish marks the suite done.
func (s *Suite) Finish() {
	d := s.d
	d.mu.Lock()
	defer d.mu.Unlock()
	s.end = time.Now()
	if s.bar != nil {
		if s.total < s.done {
			s.bar.SetTotal(int64(s.done), false)
		}
		s.bar.SetTotal(-1, true)
	}
}

// Close stops the display and leaves its last state on screen.
func (d *Display) Close() {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	d.closed = true
	close(d.stop)
	bars := d.bars
	for _, s := range d.suites {
		if s.bar != nil && !s.bar.Completed() {
			s.bar.Abort(false)
		}
	}
	d.mu.Unlock()
	d.done.Wait()
	if bars != nil {
		bars.Wait()
	}
}

// tick shows the display once the delay has passed: the bars, or a plain line every Every.
func (d *Display) tick() {
	defer d.done.Done()
	timer := time.NewTimer(d.o.Delay)
	defer timer.Stop()
	select {
	case <-d.stop:
		return
	case <-timer.C:
	}
	if d.o.Terminal {
		d.mu.Lock()
		if !d.closed {
			d.bars = mpb.New(mpb.WithOutput(d.w), mpb.WithWidth(40), mpb.WithRefreshRate(150*time.Millisecond))
			for _, s := range d.suites {
				d.addBar(s)
			}
		}
		d.mu.Unlock()
		return
	}
	ticker := time.NewTicker(d.o.Every)
	defer ticker.Stop()
	for {
		d.mu.Lock()
		fmt.Fprintln(d.w, d.line())
		d.mu.Unlock()
		select {
		case <-d.stop:
			return
		case <-ticker.C:
		}
	}
}

// line is the plain status: "payconform: 12s: iyzico 45/98, paynet done (73 in 8s), paywall 20/89".
func (d *Display) line() string {
	parts := make([]string, len(d.suites))
	for i, s := range d.suites {
		switch {
		case !s.end.IsZero():
			parts[i] = fmt.Sprintf("%s done (%d in %s)", s.Name, s.done, s.end.Sub(d.start).Round(time.Second))
		case s.total > 0:
			parts[i] = fmt.Sprintf("%s %d/%d", s.Name, s.done, s.total)
		default:
			parts[i] = fmt.Sprintf("%s starting", s.Name)
		}
	}
	return fmt.Sprintf("payconform: %s: %s", time.Since(d.start).Round(time.Second), strings.Join(parts, ", "))
}

// addBar draws a suite's bar; d.mu is held.
func (d *Display) addBar(s *Suite) {
	total := int64(s.total)
	if total == 0 {
		total = int64(s.done) + 1
	}
	s.bar = d.bars.AddBar(total,
		mpb.PrependDecorators(decor.Name(s.Name, decor.WC{W: 9, C: decor.DindentRight}), decor.CountersNoUnit("%d/%d", decor.WCSyncWidth)),
		mpb.AppendDecorators(decor.Elapsed(decor.ET_STYLE_GO)))
	s.bar.SetCurrent(int64(s.done))
	if !s.end.IsZero() {
		s.bar.SetTotal(-1, true)
	}
}

// say prints one line at once: above the bars when they are drawn; d.mu is held.
func (d *Display) say(line string) {
	if d.bars != nil {
		_, _ = d.bars.Write([]byte(line + "\n"))
		return
	}
	fmt.Fprintln(d.w, line)
}

func (d *Display) red(s string) string {
	if !d.o.Colour {
		return s
	}
	return "\x1b[31m" + s + "\x1b[0m"
}

func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
