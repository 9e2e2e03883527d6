package candidate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/payconform/payconform/harness/sandbox"
)

// process is one adapter process: a child of payconform's, a child in a sandbox of its own
// (bwrap's process), or a program in the run's pod.
type process struct {
	cmd       *exec.Cmd // a child, or bwrap for a sandbox of its own
	sbx       *sandbox.Cmd
	serve     func(net.Listener) (string, func())
	baseURL   string
	stopServe func()

	pod    *sandbox.Pod
	ctx    context.Context
	argv   []string
	env    []string
	pp     *sandbox.Proc
	stdin  *os.File // the pod program's stdin, its end; nil: /dev/null
	stdout *os.File
	stderr *os.File
	outW   io.Writer // where the pod program's stdout and stderr go, when not a pipe
	errW   io.Writer
	copies sync.WaitGroup
	ours   []*os.File // our ends, closed at the end
	waited bool       // a child's pid is reaped: its group is no longer ours to signal
}

// command prepares one adapter process; set its output (setOutput or StdoutPipe) before Start.
func (r Runner) command(ctx context.Context) (*process, error) {
	argv := []string{"sh", "-c", r.Command}
	env := r.Env
	if env == nil {
		env = IsolatedEnv(os.Getenv, "", nil)
	}
	if r.Pod != nil {
		return &process{pod: r.Pod, ctx: ctx, argv: argv, env: env}, nil
	}
	if r.Sandbox != nil {
		spec := *r.Sandbox
		spec.Dir, spec.Env = r.Dir, env
		sc, err := sandbox.Command(ctx, spec, argv...)
		if err != nil {
			return nil, err
		}
		sc.WaitDelay = WaitDelay
		return &process{cmd: sc.Cmd, sbx: sc, serve: r.Serve}, nil
	}
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = r.Dir
	cmd.Env = env
	// A session of its own: the adapter and everything it starts are one process group, killed
	// together on a timeout or at the end of the case.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = WaitDelay
	return &process{cmd: cmd}, nil
}

// StdinPipe is the process's stdin.
func (p *process) StdinPipe() (io.WriteCloser, error) {
	if p.cmd != nil {
		return p.cmd.StdinPipe()
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p.stdin = r
	return w, nil
}

// StdoutPipe is the process's stdout.
func (p *process) StdoutPipe() (io.ReadCloser, error) {
	if p.cmd != nil {
		return p.cmd.StdoutPipe()
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p.stdout = w
	p.ours = append(p.ours, r)
	return r, nil
}

// setOutput sends the process's stdout (unless StdoutPipe took it) and stderr to writers.
func (p *process) setOutput(stdout, stderr io.Writer) {
	if p.cmd != nil {
		if stdout != nil {
			p.cmd.Stdout = stdout
		}
		p.cmd.Stderr = stderr
		return
	}
	p.outW, p.errW = stdout, stderr
}

// Start starts the process; in a sandbox with an isolated network, its one port is served
// before the adapter runs.
func (p *process) Start() error {
	switch {
	case p.pod != nil:
		return p.startInPod()
	case p.sbx == nil:
		return p.cmd.Start()
	}
	if err := p.sbx.Start(); err != nil {
		return err
	}
	if ln := p.sbx.Listener(); ln != nil {
		if p.serve == nil {
			p.close()
			return errors.New("a sandbox with an isolated network needs a server for its port")
		}
		p.baseURL, p.stopServe = p.serve(ln)
	}
	return nil
}

func (p *process) startInPod() error {
	var theirs []*os.File
	pipe := func(w io.Writer) (*os.File, error) {
		r, wf, err := os.Pipe()
		if err != nil {
			return nil, err
		}
		theirs = append(theirs, wf)
		p.ours = append(p.ours, r)
		p.copies.Add(1)
		go func() {
			defer p.copies.Done()
			_, _ = io.Copy(w, r)
		}()
		return wf, nil
	}
	var err error
	if p.stdout == nil && p.outW != nil {
		if p.stdout, err = pipe(p.outW); err != nil {
			return err
		}
	} else if p.stdout != nil {
		theirs = append(theirs, p.stdout)
	}
	if p.errW != nil {
		if p.stderr, err = pipe(p.errW); err != nil {
			return err
		}
	}
	if p.stdin != nil {
		theirs = append(theirs, p.stdin)
	}
	pp, err := p.pod.Start(p.ctx, p.argv, p.env, p.stdin, p.stdout, p.stderr)
	// The program holds its ends now (or never will): ours close, so that its exit is seen.
	for _, f := range theirs {
		_ = f.Close()
	}
	if err != nil {
		p.closeOurs()
		return err
	}
	p.pp, p.baseURL = pp, pp.BaseURL
	return nil
}

// Wait waits for the process: its exit status, whether a process it left still held its output
// (and was killed), or why it could not be waited for. A process in a sandbox of its own ends
// with its sandbox; one in the pod has what it left running killed.
func (p *process) Wait() (code int, held bool, err error) {
	if p.pod == nil {
		if p.sbx == nil && p.cmd.Process != nil {
			// What the adapter left in its process group is killed while the adapter's own pid
			// is still held (exited, not yet reaped): once reaped, that pid, and so the group's
			// number, may go to another process.
			sandbox.WaitExit(p.cmd.Process.Pid)
			_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		}
		err = p.cmd.Wait()
		p.waited = true
		p.close()
		var exit *exec.ExitError
		switch {
		case errors.Is(err, exec.ErrWaitDelay):
			return 0, true, nil
		case errors.As(err, &exit):
			return exit.ExitCode(), false, nil
		}
		return 0, false, err
	}
	if p.pp == nil {
		return -1, false, errors.New("not started")
	}
	code, ended, werr := p.pp.Wait(p.ctx)
	if werr != nil {
		p.pp.Kill()
		code = -1
	}
	done := make(chan struct{})
	go func() { p.copies.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(WaitDelay):
		held = true
	}
	p.pod.Reap()
	<-done
	p.closeOurs()
	if ended {
		return -1, held, errors.New("the sandbox ended under the adapter (it killed the sandbox's agent?); the next case starts a new one")
	}
	return code, held, nil
}

// kill kills the process's group and, in a sandbox, every process in it.
func (p *process) kill() {
	switch {
	case p.pp != nil:
		p.pp.Kill()
		p.pod.Reap()
	case p.sbx != nil:
		p.sbx.Close()
	case p.cmd != nil && p.cmd.Process != nil && !p.waited:
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	}
}

// close ends a sandbox of its own and stops serving its port.
func (p *process) close() {
	if p.sbx != nil {
		p.sbx.Close()
	}
	if p.stopServe != nil {
		p.stopServe()
		p.stopServe = nil
	}
}

func (p *process) closeOurs() {
	for _, f := range p.ours {
		_ = f.Close()
	}
	p.ours = nil
}

// request encodes req for this process: a fresh id, and the sandbox's own base URL.
func (p *process) request(req Request) ([]byte, Request, error) {
	req.Protocol = Protocol
	req.ID = newID()
	if req.BaseURL != "" && p.baseURL != "" {
		req.BaseURL = p.baseURL
	}
	in, err := json.Marshal(req)
	if err != nil {
		return nil, req, fmt.Errorf("encode candidate request: %w", err)
	}
	return append(in, '\n'), req, nil
}
