package candidate

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// Session runs one adapter process for many requests: it writes one JSON request per line on
// the adapter's stdin, keeps stdin open, and reads one JSON answer per line from its stdout
// (docs/candidate-protocol.md, Session mode). A JVM or .NET adapter then starts once, not once
// per case. Every answer must echo its request's id: an answer to another request, or a second
// answer that arrives between cases, fails the case it is read in and ends the process. A case
// that times out kills the process; the next case starts a fresh one.
type Session struct {
	Runner

	mu     sync.Mutex
	proc   *process
	stdin  io.WriteCloser
	lines  chan line
	stderr *syncBuffer
	done   chan struct{}
	// last is the id and case of the last request answered, and extra a line that arrived
	// after its answer.
	last  Request
	extra []byte
}

type line struct {
	data []byte
	err  error
}

// NewSession prepares a session; the process starts with the first request. A session needs an
// adapter that echoes ids (RequireID).
func NewSession(r Runner) *Session { return &Session{Runner: r} }

// start launches the adapter and its stdout reader.
func (s *Session) start() error {
	cmd, err := s.command(context.Background())
	if err != nil {
		return err
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	s.stderr = &syncBuffer{}
	cmd.setOutput(nil, s.stderr)
	if err := cmd.Start(); err != nil {
		return err
	}
	s.proc, s.stdin, s.lines, s.done = cmd, stdin, make(chan line, 1), make(chan struct{})
	go func(lines chan<- line, done chan struct{}) {
		defer close(done)
		r := bufio.NewReaderSize(stdout, 64<<10)
		for {
			data, err := readLine(r, maxOutput)
			lines <- line{data, err}
			if err != nil {
				return
			}
		}
	}(s.lines, s.done)
	return nil
}

// readLine reads one line of at most limit bytes; a longer one is an error.
func readLine(r *bufio.Reader, limit int) ([]byte, error) {
	var buf bytes.Buffer
	for {
		chunk, err := r.ReadSlice('\n')
		buf.Write(chunk)
		if buf.Len() > limit {
			return nil, errTooLong
		}
		if err == nil {
			return buf.Bytes(), nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			if buf.Len() > 0 && errors.Is(err, io.EOF) {
				return buf.Bytes(), nil
			}
			return nil, err
		}
	}
}

var errTooLong = errors.New("answer line over 1 MiB")

// Do sends one request and waits, at most the timeout, for one answer line.
func (s *Session) Do(ctx context.Context, req Request) (Run, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drain()
	if s.extra != nil {
		// A line arrived after the last answer, before this request: a second answer.
		extra := s.extra
		s.extra = nil
		s.stop()
		return Run{Stdout: extra}, &ProtocolError{Kind: Extra, Detail: fmt.Sprintf("after answering case %s, the adapter wrote another line before this request was sent: %q; the session was ended, and the next case starts a new one", s.last.CaseID, clip(extra))}
	}
	if s.proc == nil {
		if err := s.start(); err != nil {
			return Run{}, &ProtocolError{Kind: StartError, Detail: err.Error(), Err: err}
		}
	}
	in, req, err := s.proc.request(req)
	if err != nil {
		return Run{}, err
	}
	mark := s.stderr.Len()
	start := time.Now()
	timeout := s.timeout()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	written := make(chan error, 1)
	go func(w io.Writer) { _, err := w.Write(in); written <- err }(s.stdin)
	run := Run{}
	finish := func() {
		run.Stderr = s.stderr.Since(mark)
		run.Duration = time.Since(start)
	}
	select {
	case l := <-s.lines:
		finish()
		if l.err != nil {
			s.stop()
			if errors.Is(l.err, errTooLong) {
				return run, &ProtocolError{Kind: TooMuch, Detail: "the session's answer line was over 1 MiB"}
			}
			return run, &ProtocolError{Kind: NoJSON, Detail: "the session ended without an answer (" + l.err.Error() + ")"}
		}
		run.Stdout = l.data
		if err := decode(&run); err != nil {
			return run, err
		}
		if err := checkID(run.Response, req, true); err != nil {
			s.stop()
			return run, err
		}
		s.last = req
		return run, nil
	case <-ctx.Done():
		finish()
		s.stop()
		run.Exit = -1
		return run, &ProtocolError{Kind: Timeout, Detail: fmt.Sprintf("no answer line within %s; the session's process group was killed, and the next case starts a new one", timeout)}
	}
}

// drain keeps a line nobody asked for (an adapter that answered twice) for Do to report, and
// forgets a process that ended between cases, so that the next case starts a fresh one.
func (s *Session) drain() {
	for s.proc != nil {
		select {
		case l := <-s.lines:
			switch {
			case l.err != nil:
				s.stop()
			case s.extra == nil && len(bytes.TrimSpace(l.data)) > 0:
				s.extra = l.data
			}
		default:
			return
		}
	}
}

// stop kills the session's process group and forgets it.
func (s *Session) stop() {
	if s.proc == nil {
		return
	}
	_ = s.stdin.Close()
	s.proc.kill()
	_, _, _ = s.proc.Wait()
	for {
		select {
		case <-s.done:
			s.proc = nil
			return
		case <-s.lines: // unblock the reader
		}
	}
}

// Close ends the session: stdin closes (a well-behaved adapter exits on EOF), then the group is
// killed.
func (s *Session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stop()
}

// syncBuffer is a bounded buffer safe for one writer and concurrent readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf limitedBuffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.buf.Len()
}

// Since is what was written after offset mark.
func (b *syncBuffer) Since(mark int) []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	all := b.buf.Bytes()
	if mark > len(all) {
		return nil
	}
	return bytes.Clone(all[mark:])
}
