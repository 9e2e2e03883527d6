package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// A Pod is one sandbox for many programs, so that a certification whose adapter runs once per
// case makes its sandbox once, not once per case. Its program is an agent (the calling binary
// itself, which must call Agent first thing): it starts each program payconform asks for,
// with the pipes payconform hands it over a unix socket, in a process group of its own, and
// between programs kills every process in the sandbox but itself. The agent runs with the
// sandbox's uid, so the adapter can kill it: the pod then dies, and the next program starts a
// new one. Nothing the agent says is trusted for a verdict; it only starts and stops
// processes, whose output payconform reads itself.
type Pod struct {
	spec  Spec
	agent string
	serve func(net.Listener) (string, func())

	mu  sync.Mutex
	cur *podInstance
}

// agentArg, as a binary's first argument, makes Agent run the pod's agent.
const agentArg = "--payconform-sandbox-agent"

// ctlFD is the agent's end of the control socket.
const ctlFD = 7

// NewPod prepares a pod made to spec, whose agent is the binary at agent (an absolute path; it
// is bound read-only into the sandbox), and whose one port, with an isolated network, serve
// serves. The sandbox starts with the first program, and again after it died.
func NewPod(spec Spec, agent string, serve func(net.Listener) (baseURL string, stop func())) *Pod {
	spec.ReadOnly = append(append([]string{}, spec.ReadOnly...), agent)
	return &Pod{spec: spec, agent: agent, serve: serve}
}

// podInstance is one live sandbox of a pod.
type podInstance struct {
	cmd     *Cmd
	ctl     *net.UnixConn
	baseURL string
	stop    func()

	// mu serializes requests (one at a time, each waiting for its reply); exitMu guards
	// exited, which the reader also takes: it must never wait for mu.
	mu      sync.Mutex
	replies chan message
	exitMu  sync.Mutex
	exited  map[int]chan int
	early   map[int]int // exits read before Start registered the program
	dead    chan struct{}
}

// message is one control message, either way.
type message struct {
	Op    string   `json:"op"`
	Argv  []string `json:"argv,omitempty"`
	Env   []string `json:"env,omitempty"`
	Dir   string   `json:"dir,omitempty"`
	Pid   int      `json:"pid,omitempty"`
	Exit  int      `json:"exit,omitempty"`
	Error string   `json:"error,omitempty"`
}

// Proc is one program running in a pod.
type Proc struct {
	Pid     int
	BaseURL string
	inst    *podInstance
	exited  chan int
}

// Start starts argv in the pod, with env and the three files as its stdin, stdout and stderr
// (nil: /dev/null); the pod's sandbox is made first if there is none. The files are the
// caller's to close.
func (p *Pod) Start(ctx context.Context, argv, env []string, stdin, stdout, stderr *os.File) (*Proc, error) {
	inst, err := p.instance(ctx)
	if err != nil {
		return nil, err
	}
	files := []*os.File{stdin, stdout, stderr}
	for i, f := range files {
		if f == nil {
			null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
			if err != nil {
				return nil, &Error{Step: "start the program", Err: err}
			}
			defer null.Close()
			files[i] = null
		}
	}
	dir := p.spec.Dir
	if dir == "" {
		dir = workDir
	}
	inst.mu.Lock()
	defer inst.mu.Unlock()
	if err := inst.send(message{Op: "spawn", Argv: argv, Env: env, Dir: dir}, files...); err != nil {
		p.drop(inst)
		return nil, &Error{Step: "start the program", Err: err}
	}
	select {
	case r := <-inst.replies:
		if r.Op != "spawned" {
			return nil, &Error{Step: "start the program", Err: errors.New(r.Error)}
		}
		ch := make(chan int, 1)
		inst.exitMu.Lock()
		if code, ok := inst.early[r.Pid]; ok {
			delete(inst.early, r.Pid)
			ch <- code
		} else {
			inst.exited[r.Pid] = ch
		}
		inst.exitMu.Unlock()
		return &Proc{Pid: r.Pid, BaseURL: inst.baseURL, inst: inst, exited: ch}, nil
	case <-inst.dead:
		p.drop(inst)
		return nil, &Error{Step: "start the program", Err: errors.New("the sandbox ended")}
	case <-time.After(10 * time.Second):
		p.drop(inst)
		return nil, &Error{Step: "start the program", Err: errors.New("the sandbox's agent did not answer within 10s")}
	}
}

// Wait waits for the program to exit and returns its exit status (-1 when it was killed by a
// signal, or when the sandbox ended under it, which ended deadOK true).
func (pr *Proc) Wait(ctx context.Context) (status int, sandboxEnded bool, err error) {
	select {
	case s := <-pr.exited:
		return s, false, nil
	case <-pr.inst.dead:
		return -1, true, nil
	case <-ctx.Done():
		return -1, false, ctx.Err()
	}
}

// Kill kills the program's process group.
func (pr *Proc) Kill() {
	pr.inst.mu.Lock()
	defer pr.inst.mu.Unlock()
	_ = pr.inst.send(message{Op: "kill", Pid: pr.Pid})
}

// Reap kills every process in the pod's sandbox but its agent, and waits (a bounded time) until
// they are gone: what a program left running never reaches the next one. A pod whose agent does
// not answer is ended.
func (p *Pod) Reap() {
	p.mu.Lock()
	inst := p.cur
	p.mu.Unlock()
	if inst == nil {
		return
	}
	inst.mu.Lock()
	defer inst.mu.Unlock()
	if err := inst.send(message{Op: "reap"}); err != nil {
		p.drop(inst)
		return
	}
	select {
	case r := <-inst.replies:
		if r.Op == "reaped" {
			return
		}
	case <-inst.dead:
	case <-time.After(3 * time.Second):
	}
	p.drop(inst)
}

// Close ends the pod's sandbox, with every process in it.
func (p *Pod) Close() {
	p.mu.Lock()
	inst := p.cur
	p.cur = nil
	p.mu.Unlock()
	if inst != nil {
		inst.close()
	}
}

// drop ends a sandbox that misbehaved; the next program starts a new one.
func (p *Pod) drop(inst *podInstance) {
	p.mu.Lock()
	if p.cur == inst {
		p.cur = nil
	}
	p.mu.Unlock()
	inst.close()
}

// instance returns the live sandbox, making one if there is none.
func (p *Pod) instance(ctx context.Context) (*podInstance, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur != nil {
		select {
		case <-p.cur.dead:
			p.cur.close()
			p.cur = nil
		default:
			return p.cur, nil
		}
	}
	inst, err := startInstance(p.spec, p.agent, p.serve)
	if err != nil {
		return nil, err
	}
	p.cur = inst
	return inst, nil
}

func startInstance(spec Spec, agent string, serve func(net.Listener) (string, func())) (*podInstance, error) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_SEQPACKET|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, &Error{Step: "make the control socket", Err: err}
	}
	ours, theirs := os.NewFile(uintptr(fds[0]), "ctl"), os.NewFile(uintptr(fds[1]), "ctl-agent")
	defer theirs.Close()
	conn, err := net.FileConn(ours)
	ours.Close()
	if err != nil {
		return nil, &Error{Step: "make the control socket", Err: err}
	}
	cmd, err := Command(context.Background(), spec, agent, agentArg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	// The agent's stderr says why it could not start; nothing else writes there.
	var stderr limitedBuffer
	cmd.Stderr = &stderr
	cmd.extra = []*os.File{theirs} // fd 7
	cmd.asInit = true
	if err := cmd.Start(); err != nil {
		conn.Close()
		return nil, withStderr(err, stderr.String())
	}
	theirs.Close()
	inst := &podInstance{cmd: cmd, ctl: conn.(*net.UnixConn), replies: make(chan message, 1), exited: map[int]chan int{}, early: map[int]int{}, dead: make(chan struct{})}
	first := make(chan message, 1)
	go inst.read(first)
	go func() { _ = cmd.Wait(); inst.ctl.Close() }()
	select {
	case m := <-first:
		if m.Op != "ready" {
			inst.close()
			return nil, &Error{Step: "start the sandbox's agent", Err: fmt.Errorf("it said %q: %s", m.Op, m.Error)}
		}
	case <-inst.dead:
		inst.close()
		return nil, withStderr(&Error{Step: "start the sandbox's agent", Err: errors.New("it ended before it was ready")}, stderr.String())
	case <-time.After(20 * time.Second):
		inst.close()
		return nil, &Error{Step: "start the sandbox's agent", Err: errors.New("it was not ready within 20s")}
	}
	if ln := cmd.Listener(); ln != nil {
		if serve == nil {
			inst.close()
			return nil, &Error{Step: "serve the sandbox's port", Err: errors.New("a pod with an isolated network needs a server for its port")}
		}
		inst.baseURL, inst.stop = serve(ln)
	}
	return inst, nil
}

// read dispatches the agent's messages until the socket closes, then marks the sandbox dead.
func (inst *podInstance) read(first chan<- message) {
	defer close(inst.dead)
	buf := make([]byte, 64<<10)
	started := false
	for {
		n, err := inst.ctl.Read(buf)
		if err != nil || n == 0 {
			return
		}
		var m message
		if json.Unmarshal(buf[:n], &m) != nil {
			return // an agent that garbles its messages is not trusted further
		}
		switch {
		case !started:
			started = true
			first <- m
		case m.Op == "exited":
			inst.exitMu.Lock()
			ch := inst.exited[m.Pid]
			delete(inst.exited, m.Pid)
			if ch == nil && len(inst.early) < 1024 {
				inst.early[m.Pid] = m.Exit
			}
			inst.exitMu.Unlock()
			if ch != nil {
				ch <- m.Exit
			}
		default:
			select {
			case inst.replies <- m:
			default: // an answer nobody asked for
			}
		}
	}
}

// send writes one control message, with files passed along.
func (inst *podInstance) send(m message, files ...*os.File) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	var oob []byte
	if len(files) > 0 {
		fds := make([]int, len(files))
		for i, f := range files {
			fds[i] = int(f.Fd())
		}
		oob = syscall.UnixRights(fds...)
	}
	_ = inst.ctl.SetWriteDeadline(time.Now().Add(5 * time.Second))
	_, _, err = inst.ctl.WriteMsgUnix(data, oob, nil)
	return err
}

func (inst *podInstance) close() {
	inst.cmd.Close()
	_ = inst.ctl.Close()
	if inst.stop != nil {
		inst.stop()
		inst.stop = nil
	}
}

// Agent runs this process as a pod's agent when it was started as one, and returns at once
// otherwise. Call it first in main, or in TestMain, of every binary that starts pods.
func Agent() {
	if len(os.Args) < 2 || os.Args[1] != agentArg {
		return
	}
	os.Exit(runAgent())
}

func runAgent() int {
	// The agent is PID 1 of its sandbox: the adapter's signals do not reach it, and, not
	// dumpable, it cannot be traced or read through /proc either.
	_ = unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0)
	// Nothing but what spawn hands over reaches the adapter's programs: not even the control
	// socket.
	SealInherited()
	f := os.NewFile(ctlFD, "ctl")
	c, err := net.FileConn(f)
	f.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "payconform sandbox agent: no control socket:", err)
		return 2
	}
	conn := c.(*net.UnixConn)
	var mu sync.Mutex
	reply := func(m message) {
		data, _ := json.Marshal(m)
		mu.Lock()
		defer mu.Unlock()
		_, _ = conn.Write(data)
	}
	reply(message{Op: "ready"})
	children := newReaper(func(pid, code int) { reply(message{Op: "exited", Pid: pid, Exit: code}) })
	buf, oob := make([]byte, 1<<20), make([]byte, syscall.CmsgSpace(3*4))
	for {
		n, oobn, _, _, err := conn.ReadMsgUnix(buf, oob)
		if err != nil || n == 0 {
			return 0 // payconform closed the pod
		}
		files := received(oob[:oobn])
		var m message
		if err := json.Unmarshal(buf[:n], &m); err != nil {
			closeAll(files)
			continue
		}
		switch m.Op {
		case "spawn":
			children.mu.Lock() // the reaper must not take the child before it is known
			proc, err := spawn(m, files)
			closeAll(files)
			if err != nil {
				children.mu.Unlock()
				reply(message{Op: "error", Error: err.Error()})
				continue
			}
			reply(message{Op: "spawned", Pid: proc.Pid})
			children.watch(proc.Pid)
			children.mu.Unlock()
		case "kill":
			if m.Pid > 1 {
				_ = syscall.Kill(-m.Pid, syscall.SIGKILL)
				_ = syscall.Kill(m.Pid, syscall.SIGKILL)
			}
		case "reap":
			reapAll()
			reply(message{Op: "reaped"})
		default:
			closeAll(files)
		}
	}
}

// reaper is PID 1's duty: it waits for every process of the sandbox (orphans included, so that
// no zombie holds a slot of the process bound) and reports the exits of the programs it started.
type reaper struct {
	mu      sync.Mutex
	watched map[int]bool
	early   map[int]int // exits seen before the program was known
	report  func(pid, code int)
	wake    chan struct{}
}

func newReaper(report func(pid, code int)) *reaper {
	r := &reaper{watched: map[int]bool{}, early: map[int]int{}, report: report, wake: make(chan struct{}, 1)}
	go r.loop()
	return r
}

// watch reports pid's exit; call it with mu held, right after the program started.
func (r *reaper) watch(pid int) {
	if code, ok := r.early[pid]; ok {
		delete(r.early, pid)
		go r.report(pid, code)
		return
	}
	r.watched[pid] = true
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

func (r *reaper) loop() {
	for {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &ws, 0, nil)
		if err != nil {
			if errors.Is(err, syscall.ECHILD) {
				select {
				case <-r.wake:
				case <-time.After(100 * time.Millisecond):
				}
			}
			continue
		}
		code := -1
		if ws.Exited() {
			code = ws.ExitStatus()
		}
		r.mu.Lock()
		if r.watched[pid] {
			delete(r.watched, pid)
			r.mu.Unlock()
			r.report(pid, code)
			continue
		}
		if len(r.early) < 4096 {
			r.early[pid] = code // maybe a program being started; orphans are forgotten
		}
		r.mu.Unlock()
	}
}

// spawn starts one program with the three files it was handed, in a session of its own.
func spawn(m message, files []*os.File) (*os.Process, error) {
	if len(files) != 3 || len(m.Argv) == 0 {
		return nil, errors.New("a spawn needs a command and three files")
	}
	path := m.Argv[0]
	if !filepath.IsAbs(path) {
		for _, kv := range m.Env {
			if dirs, ok := cutPrefix(kv, "PATH="); ok {
				path = lookPath(m.Argv[0], dirs)
			}
		}
	}
	return os.StartProcess(path, m.Argv, &os.ProcAttr{Dir: m.Dir, Env: m.Env, Files: files, Sys: &syscall.SysProcAttr{Setsid: true}})
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return s, false
}

// lookPath finds a program in a PATH list, as a shell would.
func lookPath(name, path string) string {
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	return name
}

// received are the files passed with a control message.
func received(oob []byte) []*os.File {
	msgs, err := syscall.ParseSocketControlMessage(oob)
	if err != nil {
		return nil
	}
	var out []*os.File
	for _, m := range msgs {
		fds, err := syscall.ParseUnixRights(&m)
		if err != nil {
			continue
		}
		for _, fd := range fds {
			out = append(out, os.NewFile(uintptr(fd), "fd"+strconv.Itoa(fd)))
		}
	}
	return out
}

func closeAll(files []*os.File) {
	for _, f := range files {
		_ = f.Close()
	}
}

// reapAll kills every process of the sandbox but the agent and the sandbox's init, and waits
// up to two seconds until /proc shows none left.
func reapAll() {
	self := os.Getpid()
	deadline := time.Now().Add(2 * time.Second)
	for {
		_ = syscall.Kill(-1, syscall.SIGKILL)
		left := 0
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			pid, err := strconv.Atoi(e.Name())
			if err != nil || pid == 1 || pid == self {
				continue
			}
			if stat, err := os.ReadFile("/proc/" + e.Name() + "/stat"); err == nil && !zombie(stat) {
				left++
			}
		}
		if left == 0 || time.Now().After(deadline) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// zombie reports whether a /proc/PID/stat line is a zombie's.
func zombie(stat []byte) bool {
	for i := len(stat) - 1; i > 0; i-- {
		if stat[i] == ')' && i+2 < len(stat) {
			return stat[i+2] == 'Z'
		}
	}
	return false
}

// limitedBuffer keeps the first 4 KiB written to it.
type limitedBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := 4096 - len(b.buf); room > 0 {
		b.buf = append(b.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (b *limitedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

var _ = io.EOF
var _ = exec.ErrNotFound
