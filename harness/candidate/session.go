package candidate

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// Session runs one adapter process for many requests: it writes one JSON request per line on
// the adapter's stdin, keeps stdin open, and reads one JSON answer per line from its stdout
// (docs/candidate-protocol.md, Session mode). A JVM or .NET adapter then starts once, not once
// per case. A case that times out kills the process; the next case starts a fresh one.
type Session struct {
	Runner

	mu     sync.Mutex
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	lines  chan line
	stderr *syncBuffer
	done   chan struct{}
}

type line struct {
	data []byte
	err  error
}

// NewSession prepares a session; the process starts with the first request.
func NewSession(r Runner) *Session { return &Session{Runner: r} }

// start launches the adapter and its stdout reader.
func (s *Session) start() error {
	cmd := s.command(context.Background())
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	s.stderr = &syncBuffer{}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	s.cmd, s.stdin, s.lines, s.done = cmd, stdin, make(chan line, 1), make(chan struct{})
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
	req.Protocol = Protocol
	in, err := json.Marshal(req)
	if err != nil {
		return Run{}, fmt.Errorf("encode candidate request: %w", err)
	}
	s.drain()
	if s.cmd == nil {
		if err := s.start(); err != nil {
			return Run{}, &ProtocolError{Kind: StartError, Detail: err.Error()}
		}
	}
	mark := s.stderr.Len()
	start := time.Now()
	timeout := s.timeout()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	written := make(chan error, 1)
	go func(w io.Writer) { _, err := w.Write(append(in, '\n')); written <- err }(s.stdin)
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
		return run, decode(&run)
	case <-ctx.Done():
		finish()
		s.stop()
		run.Exit = -1
		return run, &ProtocolError{Kind: Timeout, Detail: fmt.Sprintf("no answer line within %s; the session's process group was killed, and the next case starts a new one", timeout)}
	}
}

// drain throws away lines nobody asked for (an adapter that answered twice), and forgets a
// process that ended between cases, so that the next case starts a fresh one.
func (s *Session) drain() {
	for s.cmd != nil {
		select {
		case l := <-s.lines:
			if l.err != nil {
				s.stop()
			}
		default:
			return
		}
	}
}

// stop kills the session's process group and forgets it.
func (s *Session) stop() {
	if s.cmd == nil {
		return
	}
	_ = s.stdin.Close()
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	_ = s.cmd.Wait()
	for {
		select {
		case <-s.done:
			s.cmd = nil
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
