// Package sandbox runs other people's programs (a vendor's certification adapter and everything
// it starts) behind a wall built by bubblewrap (bwrap), the sandbox Flatpak runs applications
// in. Each Cmd is one bwrap instance: its own user, PID, mount, IPC, UTS, cgroup and network
// namespaces; every capability dropped, no_new_privs set and no further user namespace allowed;
// a fresh /proc that shows only its own processes; a read-only view of the system (/usr, /opt
// and a short list of /etc entries, never /home, /root, /run or /var); a fresh /tmp holding a
// fresh HOME; and the directories it is given, read-only unless asked otherwise. When
// payconform runs as root the sandbox runs under a uid and gid of its own (65534 by default):
// its directories are bound through a mount namespace private to one thread, so that nothing
// above them has to be readable by that uid, and a cgroup bounds its memory and processes;
// otherwise it runs under the caller's uid mapped to 65534 inside. prlimit(1) bounds every
// process inside in both cases. A sandbox with an isolated network reaches exactly one port, a
// socket the caller creates inside the sandbox's network namespace before the program starts
// (Listener). When bwrap or the sandbox's parent dies, the sandbox's first process dies, and
// with it, by the kernel's rule for PID namespaces, every process inside.
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
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Network is what the sandbox can reach.
type Network int

const (
	// Isolated gives the sandbox a network namespace of its own, with loopback only; its one
	// reachable port is the listener the caller serves (Cmd.Listener).
	Isolated Network = iota
	// Shared keeps the host's network (hosted certification: the judge is elsewhere, and only
	// what arrives there counts). Every other wall stays.
	Shared
	// Offline gives the sandbox a network namespace of its own with no port at all (a git
	// command reading the vendor's checkout).
	Offline
)

// Limits bound a sandbox.
type Limits struct {
	// Memory bounds the sandbox's memory: all its processes together when a cgroup can be
	// made (root), and each process's data segment (RLIMIT_DATA) always.
	Memory int64
	// Procs bounds its processes and threads: the cgroup's pids.max, and RLIMIT_NPROC.
	Procs int
	// Tmp is the size of its /tmp (HOME lives in it); /dev/shm holds ShmSize.
	Tmp int64
	// Files bounds each process's open files (RLIMIT_NOFILE).
	Files int
}

// DefaultLimits suit a JVM, a .NET runtime or Node with room to spare.
var DefaultLimits = Limits{Memory: 2 << 30, Procs: 512, Tmp: 256 << 20, Files: 4096}

// DefaultID is the uid and gid a sandbox runs under (nobody), outside when payconform runs as
// root, and inside always.
const DefaultID = 65534

// Spec describes the sandbox a program runs in.
type Spec struct {
	// Dir is a host directory bound at the same path, the program's working directory; empty
	// gives a fresh, empty /tmp/work.
	Dir string
	// Writable binds Dir writable (a vendor's build step writes into its checkout). As root,
	// the sandbox then runs as Dir's owner, who must not be root.
	Writable bool
	// ReadOnly are more host paths (files or directories) bound read-only at the same path:
	// a toolchain outside /usr and /opt, the adapter's executable.
	ReadOnly []string
	// Env is the program's whole environment, NAME=value. HOME and TMPDIR are set by the
	// sandbox (a fresh /tmp/home and /tmp).
	Env     []string
	Network Network
	Limits  Limits
	// UID and GID are the identity outside when payconform is root; zero means DefaultID
	// (or Dir's owner when Writable).
	UID, GID int
}

// Home is HOME inside every sandbox: a fresh, empty directory in the sandbox's /tmp.
const Home = "/tmp/home"

// workDir is the working directory when the Spec names none.
const workDir = "/tmp/work"

// etc lists what of /etc a sandbox sees: what programs need to start, resolve names and check
// TLS certificates, and nothing else (no shadow, sudoers, ssh, docker, cron or machine secrets).
var etc = []string{
	"passwd", "group", "hosts", "host.conf", "nsswitch.conf", "resolv.conf", "gai.conf",
	"services", "protocols", "localtime", "timezone", "os-release", "mime.types",
	"ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives",
	"ssl/certs", "ssl/openssl.cnf", "ca-certificates", "ca-certificates.conf", "pki/tls/certs", "pki/ca-trust", "crypto-policies",
	"python3", "python3.11", "python3.12", "python3.13", "java-17-openjdk", "java-21-openjdk", "java-11-openjdk",
	"dotnet", "nodejs", "npmrc", "gitconfig", "mono", "php", "ruby",
}

// system lists the top-level system paths a sandbox sees read-only (or as the symlinks they are).
var system = []string{"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/opt"}

// Error is a sandbox that could not be made.
type Error struct {
	Step string
	Err  error
}

func (e *Error) Error() string { return "sandbox: " + e.Step + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Cmd is a program to run in a sandbox of its own. Its embedded exec.Cmd runs bwrap: set
// Stdin, Stdout, Stderr, WaitDelay and Cancel on it as usual, then call this Cmd's Start, Wait
// and Close (never the exec.Cmd's own Start).
type Cmd struct {
	*exec.Cmd
	spec Spec
	argv []string

	listener net.Listener
	cgroup   *cgroup
	stage    string
	// init is a pidfd of the sandbox's first process (PID 1 inside): killing it ends every
	// process in the sandbox, whatever became of bwrap.
	init int
	// extra are more files the program inherits, from fd 7 on (a pod's control socket).
	extra []*os.File
	// asInit makes the program PID 1 of the sandbox (a pod's agent): the kernel then ignores
	// every signal the sandbox's other processes send it, so the adapter cannot stop or kill it.
	asInit bool
	// ended is closed when the sandbox has ended; the thread that started bwrap waits for it.
	ended    chan struct{}
	cleanups []func()
	closed   sync.Once
}

// Command prepares argv to run in a sandbox made to spec. ctx kills the sandbox when done.
func Command(ctx context.Context, spec Spec, argv ...string) (*Cmd, error) {
	if len(argv) == 0 {
		return nil, &Error{Step: "command", Err: errors.New("no program to run")}
	}
	if spec.Dir != "" {
		abs, err := filepath.Abs(spec.Dir)
		if err != nil || abs == "/" {
			return nil, &Error{Step: "command", Err: fmt.Errorf("directory %q cannot be bound", spec.Dir)}
		}
		spec.Dir = abs
	}
	if spec.Limits == (Limits{}) {
		spec.Limits = DefaultLimits
	}
	bwrap, err := exec.LookPath("bwrap")
	if err != nil {
		return nil, &Error{Step: "find bubblewrap", Err: errors.New("bwrap is not installed (Debian and Ubuntu: apt-get install bubblewrap)")}
	}
	c := &Cmd{Cmd: exec.CommandContext(ctx, bwrap), spec: spec, argv: argv, init: -1}
	// bwrap's own environment: nothing of payconform's. The program's comes through --setenv.
	c.Cmd.Env = []string{"PATH=/usr/bin:/bin"}
	c.Cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	c.Cmd.Cancel = func() error { return c.kill() }
	// A process the program left holding its output never makes Wait hang.
	c.Cmd.WaitDelay = 2 * time.Second
	return c, nil
}

// Start makes the sandbox and starts the program in it. With an isolated network, the
// sandbox's listening socket exists (Listener) before the program runs.
func (c *Cmd) Start() (err error) {
	defer func() {
		if err != nil {
			c.Close()
			if c.Cmd.Process != nil {
				// bwrap's own message is then whole in the caller's Stderr.
				_ = c.Cmd.Wait()
			}
		}
	}()
	id, err := identity(c.spec)
	if err != nil {
		return err
	}
	infoR, infoW, err := os.Pipe()
	if err != nil {
		return &Error{Step: "make pipes", Err: err}
	}
	blockR, blockW, err := os.Pipe()
	if err != nil {
		return &Error{Step: "make pipes", Err: err}
	}
	argsR, argsW, err := os.Pipe()
	if err != nil {
		return &Error{Step: "make pipes", Err: err}
	}
	gateR, gateW, err := os.Pipe()
	if err != nil {
		return &Error{Step: "make pipes", Err: err}
	}
	c.cleanups = append(c.cleanups, func() { infoR.Close(); blockW.Close(); gateW.Close() })
	// fd 3 info, 4 block, 5 the argument list (bwrap reads its arguments from a pipe, so that the
	// program's environment never shows in the host's process list), 6 the gate: the program
	// starts only when payconform says go on it, and never when payconform died first.
	c.Cmd.ExtraFiles = append([]*os.File{infoW, blockR, argsR, gateR}, c.extra...)
	if id.drop {
		c.Cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(id.uid), Gid: uint32(id.gid), NoSetGroups: false, Groups: []uint32{}}
		if c.stage, err = os.MkdirTemp("", "payconform-stage-"); err != nil {
			return &Error{Step: "make staging directory", Err: err}
		}
		if err := os.Chmod(c.stage, 0o711); err != nil {
			return &Error{Step: "make staging directory", Err: err}
		}
	}
	args, program, binds, err := c.arguments(id)
	if err != nil {
		return err
	}
	// The options come through the pipe; the program's command line (never a secret) stays on
	// bwrap's, where bwrap requires it.
	c.Cmd.Args = append([]string{"bwrap", "--args", "5", "--"}, program...)
	started := make(chan error, 1)
	go func() {
		// Binding through a staging directory happens in a mount namespace private to this
		// thread; bwrap, forked from it, inherits that view. The thread is never unlocked, so
		// it ends with this goroutine and its namespace goes with it. And it must outlive
		// bwrap: bwrap's --die-with-parent is the kernel's parent-death signal, which fires
		// when the parent *thread* ends. So this goroutine waits until the sandbox has ended.
		runtime.LockOSThread()
		if err := ownKeyring(); err != nil {
			started <- err
			return
		}
		if id.drop {
			if err := stageBinds(binds); err != nil {
				started <- err
				return
			}
		}
		err := c.Cmd.Start()
		started <- err
		if err == nil {
			WaitExit(c.Cmd.Process.Pid)
		}
	}()
	err = <-started
	infoW.Close()
	blockR.Close()
	argsR.Close()
	gateR.Close()
	if err != nil {
		argsW.Close()
		return &Error{Step: "start bwrap", Err: err}
	}
	go func() {
		_, _ = argsW.Write([]byte(strings.Join(args, "\x00") + "\x00"))
		argsW.Close()
	}()
	pid, err := childPID(infoR, 20*time.Second)
	if err != nil {
		return &Error{Step: "wait for bwrap", Err: fmt.Errorf("%w (bwrap's own message, if any, is in the program's stderr)", err)}
	}
	if c.init, err = unix.PidfdOpen(pid, 0); err != nil {
		return &Error{Step: "hold the sandbox's first process", Err: err}
	}
	if id.cgroups {
		cg, err := newCgroup(c.spec.Limits)
		if err == nil {
			c.cgroup = cg
			err = cg.add(pid)
		}
		if err != nil {
			return &Error{Step: "bound the sandbox (cgroup)", Err: err}
		}
	}
	if c.spec.Network == Isolated {
		if c.listener, err = listenIn(pid); err != nil {
			return &Error{Step: "open the sandbox's port", Err: err}
		}
	}
	// The program starts now, in its cgroup, with its one port open.
	if _, err := blockW.Write([]byte{1}); err != nil {
		return &Error{Step: "start the program", Err: err}
	}
	if _, err := gateW.Write([]byte("go\n")); err != nil {
		return &Error{Step: "start the program", Err: err}
	}
	return nil
}

// ownKeyring gives this thread, and so bwrap and everything in the sandbox, a new anonymous
// session keyring. Namespaces do not separate kernel keyrings: without this, the adapter
// possesses payconform's session keyring and reads what an operator keeps there (`keyctl padd
// user signing @s`; redteam/10-keyring.sh). A kernel or seccomp profile without keyctl leaves
// the adapter without it too.
func ownKeyring() error {
	_, _, errno := unix.Syscall(unix.SYS_KEYCTL, unix.KEYCTL_JOIN_SESSION_KEYRING, 0, 0)
	switch errno {
	case 0, unix.ENOSYS, unix.EPERM, unix.EACCES:
		return nil
	}
	return &Error{Step: "give the sandbox its own keyring", Err: errno}
}

// ShmSize bounds the sandbox's /dev/shm (POSIX shared memory, semaphores).
const ShmSize = 64 << 20

// gate runs first in the sandbox: it starts the program only when payconform writes go on fd 6.
// Should payconform die while the sandbox is being made, the gate reads end of file and nothing
// of the adapter ever runs unsupervised.
var gate = []string{"/bin/sh", "-c", `IFS= read -r go <&6 && [ "$go" = go ] || exit 111; exec 6<&-; exec "$@"`, "payconform-gate"}

// Listener is the socket the sandbox's 127.0.0.1:port reaches (an isolated network only; nil
// before Start or with a shared network). Serve it; Close closes it.
func (c *Cmd) Listener() net.Listener { return c.listener }

// Wait waits for the program and ends the sandbox.
func (c *Cmd) Wait() error {
	err := c.Cmd.Wait()
	c.Close()
	return err
}

// WaitExit returns when process pid has exited, without reaping it (its pidfd becomes
// readable then); it returns at once if no pidfd can be had.
func WaitExit(pid int) {
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return
	}
	defer unix.Close(fd)
	for {
		_, err := unix.Poll([]unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}, -1)
		if err != unix.EINTR {
			return
		}
	}
}

// Close ends the sandbox: every process in it is killed, its cgroup and staging directory
// removed, its listener closed. It is safe to call more than once, and after Wait.
func (c *Cmd) Close() {
	c.closed.Do(func() {
		_ = c.kill()
		if c.listener != nil {
			_ = c.listener.Close()
		}
		if c.cgroup != nil {
			c.cgroup.remove()
		}
		if c.stage != "" {
			// Nothing is mounted here outside the thread that started bwrap: these are the
			// empty mount points.
			_ = os.RemoveAll(c.stage)
		}
		for _, f := range c.cleanups {
			f()
		}
		if c.init >= 0 {
			_ = unix.Close(c.init)
		}
	})
}

// kill ends the sandbox: its first process (PID 1 inside, whose death takes every process of its
// PID namespace with it), bwrap, and every process of the sandbox's cgroup.
func (c *Cmd) kill() error {
	if c.init >= 0 {
		_ = unix.PidfdSendSignal(c.init, unix.SIGKILL, nil, 0)
	}
	var err error
	if c.Cmd.Process != nil {
		// bwrap alone: the sandbox's processes are in a session of their own, ended with its
		// first process above. Never by process group: once bwrap is reaped its pid may belong
		// to another process, and os.Process signals through a pidfd.
		if err = c.Cmd.Process.Kill(); errors.Is(err, os.ErrProcessDone) {
			err = nil
		}
	}
	if c.cgroup != nil {
		c.cgroup.killAll()
	}
	return err
}

// ident is who the sandbox runs as.
type ident struct {
	uid, gid int
	// drop: payconform is root and switches to uid/gid before bwrap starts.
	drop bool
	// cgroups: a cgroup can be made to bound the sandbox.
	cgroups bool
}

// identity decides who the sandbox runs as: root drops to the Spec's uid (the directory's owner
// when it must be writable); anyone else runs bwrap as themselves.
func identity(spec Spec) (ident, error) {
	if os.Geteuid() != 0 || !mapped("/proc/self/uid_map", DefaultID) {
		// Not root, or root of a user namespace that maps no other uid (payconform certify
		// starts its judge in one when it is not root): bwrap maps the caller to 65534.
		return ident{uid: os.Geteuid(), gid: os.Getegid()}, nil
	}
	id := ident{uid: spec.UID, gid: spec.GID, drop: true, cgroups: cgroupsWritable()}
	if id.uid == 0 {
		id.uid, id.gid = DefaultID, DefaultID
		if spec.Writable && spec.Dir != "" {
			st, err := os.Stat(spec.Dir)
			if err != nil {
				return id, &Error{Step: "bind directory", Err: err}
			}
			sys := st.Sys().(*syscall.Stat_t)
			if sys.Uid == 0 {
				return id, &Error{Step: "bind directory", Err: fmt.Errorf("%s belongs to root: a writable directory would let the adapter write as root; give it to another user (chown -R), or keep it read-only", spec.Dir)}
			}
			id.uid, id.gid = int(sys.Uid), int(sys.Gid)
		}
	}
	if id.gid == 0 {
		id.gid = id.uid
	}
	return id, nil
}

// mapped reports whether id is mapped in a uid_map or gid_map file.
func mapped(path string, id int) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		inside, _ := strconv.ParseInt(f[0], 10, 64)
		n, _ := strconv.ParseInt(f[2], 10, 64)
		if int64(id) >= inside && int64(id) < inside+n {
			return true
		}
	}
	return false
}

// bind is one host path bound into the sandbox.
type bind struct {
	src, dest string
	writable  bool
	dir       bool
}

// staged is a host path bound at a mount point of the staging directory.
type staged struct {
	host, mountPoint string
	dir              bool
}

// arguments are bwrap's options, the program's command line (under prlimit), and the binds to
// stage when the sandbox drops to another uid.
func (c *Cmd) arguments(id ident) (options, program []string, stage []staged, err error) {
	s := c.spec
	a := []string{"--unshare-all", "--unshare-user", "--disable-userns"}
	if s.Network == Shared {
		a = append(a, "--share-net")
	}
	if c.asInit {
		a = append(a, "--as-pid-1")
	}
	a = append(a, "--die-with-parent", "--new-session", "--cap-drop", "ALL",
		"--uid", strconv.Itoa(DefaultID), "--gid", strconv.Itoa(DefaultID), "--hostname", "payconform-sandbox")
	for _, p := range system {
		st, err := os.Lstat(p)
		switch {
		case err != nil:
		case st.Mode()&os.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err == nil {
				a = append(a, "--symlink", target, p)
			}
		case st.IsDir():
			a = append(a, "--ro-bind", p, p)
		}
	}
	for _, e := range etc {
		p := "/etc/" + e
		if _, err := os.Stat(p); err == nil {
			a = append(a, "--ro-bind", p, p)
		}
	}
	// bwrap's /dev is a tmpfs without a size, and /dev/shm a directory in it: bounded here like
	// /tmp, or an adapter holds gigabytes in it beyond every other bound (redteam 23).
	a = append(a, "--proc", "/proc", "--dev", "/dev",
		"--size", strconv.FormatInt(ShmSize, 10), "--perms", "1777", "--tmpfs", "/dev/shm",
		"--size", strconv.FormatInt(s.Limits.Tmp, 10), "--perms", "1777", "--tmpfs", "/tmp",
		"--perms", "0700", "--dir", Home)
	var binds []bind
	cwd := workDir
	if s.Dir == "" {
		a = append(a, "--perms", "0755", "--dir", workDir)
	} else {
		binds = append(binds, bind{src: s.Dir, dest: s.Dir, writable: s.Writable, dir: true})
		cwd = s.Dir
	}
	for _, p := range s.ReadOnly {
		abs, err := filepath.Abs(p)
		if err != nil || abs == "/" {
			return nil, nil, nil, &Error{Step: "bind", Err: fmt.Errorf("%q cannot be bound", p)}
		}
		st, err := os.Stat(abs)
		if err != nil {
			return nil, nil, nil, &Error{Step: "bind", Err: err}
		}
		binds = append(binds, bind{src: abs, dest: abs, dir: st.IsDir()})
	}
	for i, b := range binds {
		src := b.src
		if id.drop {
			src = filepath.Join(c.stage, strconv.Itoa(i))
			stage = append(stage, staged{host: b.src, mountPoint: src, dir: b.dir})
		}
		verb := "--ro-bind"
		if b.writable {
			verb = "--bind"
		}
		a = append(a, verb, src, b.dest)
	}
	a = append(a, "--chdir", cwd, "--clearenv")
	env := map[string]bool{}
	for _, kv := range s.Env {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || name == "" || name == "HOME" || name == "TMPDIR" || env[name] {
			continue
		}
		env[name] = true
		a = append(a, "--setenv", name, value)
	}
	a = append(a, "--setenv", "HOME", Home, "--setenv", "TMPDIR", "/tmp")
	a = append(a, "--info-fd", "3", "--block-fd", "4")
	if prlimit, err := exec.LookPath("prlimit"); err == nil && strings.HasPrefix(prlimit, "/usr/") {
		l := s.Limits
		program = append(program, prlimit,
			"--nproc="+strconv.Itoa(l.Procs), "--data="+strconv.FormatInt(l.Memory, 10),
			"--nofile="+strconv.Itoa(l.Files), "--core=0", "--")
	}
	program = append(slices.Clone(gate), append(program, c.argv...)...)
	for _, arg := range append(slices.Clone(a), program...) {
		if strings.ContainsRune(arg, 0) {
			return nil, nil, nil, &Error{Step: "arguments", Err: errors.New("an argument or environment value holds a NUL byte")}
		}
	}
	return a, program, stage, nil
}

// stageBinds makes this thread's mount namespace private and binds each host path at its
// staging mount point (dest), so that bwrap, running as another uid, reaches a directory
// without traversing the directories above it.
func stageBinds(binds []staged) error {
	if err := unix.Unshare(unix.CLONE_NEWNS | unix.CLONE_FS); err != nil {
		return &Error{Step: "make a private mount namespace", Err: err}
	}
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return &Error{Step: "make a private mount namespace", Err: err}
	}
	for _, b := range binds {
		if b.dir {
			if err := os.Mkdir(b.mountPoint, 0o755); err != nil {
				return &Error{Step: "stage " + b.host, Err: err}
			}
		} else if err := os.WriteFile(b.mountPoint, nil, 0o644); err != nil {
			return &Error{Step: "stage " + b.host, Err: err}
		}
		if err := unix.Mount(b.host, b.mountPoint, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
			return &Error{Step: "stage " + b.host, Err: err}
		}
	}
	return nil
}

// childPID reads the pid of the sandbox's first process from bwrap's --info-fd.
func childPID(r io.Reader, timeout time.Duration) (int, error) {
	type result struct {
		pid int
		err error
	}
	done := make(chan result, 1)
	go func() {
		var info struct {
			ChildPID int `json:"child-pid"`
		}
		data, err := io.ReadAll(io.LimitReader(r, 64<<10))
		if err == nil {
			err = json.Unmarshal(data, &info)
		}
		if err == nil && info.ChildPID <= 0 {
			err = errors.New("bwrap reported no child pid")
		}
		if len(data) == 0 {
			err = errors.New("bwrap exited before the sandbox was ready")
		} else if err != nil {
			err = fmt.Errorf("bwrap's report %q: %w", data, err)
		}
		done <- result{info.ChildPID, err}
	}()
	select {
	case r := <-done:
		return r.pid, r.err
	case <-time.After(timeout):
		return 0, fmt.Errorf("bwrap did not make the sandbox within %s", timeout)
	}
}

// listenIn opens a TCP socket on 127.0.0.1 inside the network namespace of process pid. The
// goroutine's thread joins that namespace and stays locked there until it ends, so no other
// goroutine ever runs in it.
func listenIn(pid int) (net.Listener, error) {
	type result struct {
		ln  net.Listener
		err error
	}
	done := make(chan result, 1)
	go func() {
		runtime.LockOSThread()
		ns, err := os.Open(fmt.Sprintf("/proc/%d/ns/net", pid))
		if err != nil {
			done <- result{err: err}
			return
		}
		defer ns.Close()
		if err := unix.Setns(int(ns.Fd()), unix.CLONE_NEWNET); err != nil {
			done <- result{err: fmt.Errorf("join the sandbox's network namespace: %w", err)}
			return
		}
		// bwrap reports its first process (--info-fd) before that process has brought the new
		// namespace's loopback up: until it has, 127.0.0.1 cannot be bound. Wait for it, boundedly.
		var ln net.Listener
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			ln, err = net.Listen("tcp", "127.0.0.1:0")
			if err == nil || !errors.Is(err, unix.EADDRNOTAVAIL) || time.Now().After(deadline) {
				break
			}
		}
		done <- result{ln, err}
	}()
	r := <-done
	return r.ln, r.err
}

// Available reports whether a sandbox can be made here, by making one that runs true(1) with an
// isolated network; the error says what is missing. The answer is computed once per process.
func Available() error {
	availableOnce.Do(func() { availableErr = probe() })
	return availableErr
}

var (
	availableOnce sync.Once
	availableErr  error
)

func probe() error {
	if runtime.GOOS != "linux" {
		return &Error{Step: "probe", Err: errors.New("bubblewrap sandboxes are a Linux feature")}
	}
	network := Isolated
	if !CanJoin() {
		// This process cannot open a socket in a sandbox's network namespace; the judge it
		// starts will (ForJudge). Check that it can be started so, and the rest without.
		judge := exec.Command("/bin/true")
		ForJudge(judge)
		if err := judge.Run(); err != nil {
			return &Error{Step: "probe", Err: fmt.Errorf("cannot give the judge a user namespace of its own: %w", err)}
		}
		network = Shared
	}
	dir, err := os.MkdirTemp("", "payconform-probe-")
	if err != nil {
		return &Error{Step: "probe", Err: err}
	}
	defer os.RemoveAll(dir)
	_ = os.Chmod(dir, 0o755)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd, err := Command(ctx, Spec{Dir: dir, Env: []string{"PATH=/usr/bin:/bin"}, Network: network}, "true")
	if err != nil {
		return err
	}
	var stderr strings.Builder
	cmd.Stderr = &limited{w: &stderr, n: 4096}
	if err := cmd.Start(); err != nil {
		return withStderr(err, stderr.String())
	}
	if err := cmd.Wait(); err != nil {
		return withStderr(&Error{Step: "probe", Err: err}, stderr.String())
	}
	return nil
}

func withStderr(err error, stderr string) error {
	if s := strings.TrimSpace(stderr); s != "" {
		return fmt.Errorf("%w: %s", err, s)
	}
	return err
}

// CanJoin reports whether this process may open sockets in its sandboxes' network namespaces:
// it is root, or root of a user namespace of its own (ForJudge).
func CanJoin() bool {
	if os.Geteuid() != 0 {
		return false
	}
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "CapEff:"); ok {
			caps, err := strconv.ParseUint(strings.TrimSpace(rest), 16, 64)
			return err == nil && caps&(1<<unix.CAP_SYS_ADMIN) != 0
		}
	}
	return false
}

// ForJudge prepares cmd, the process that will start sandboxes (the certification suite), for
// it: when payconform is not root, cmd runs as root of a user namespace of its own, mapped to
// payconform's uid, which lets it open each sandbox's one port inside the sandbox's network
// namespace (nested in its own). As root it changes nothing.
func ForJudge(cmd *exec.Cmd) {
	if os.Geteuid() == 0 {
		return
	}
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWUSER
	cmd.SysProcAttr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Geteuid(), Size: 1}}
	cmd.SysProcAttr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getegid(), Size: 1}}
}

// Describe says, in one line per wall, how a sandbox made to spec here is built: the
// certificate records it.
func Describe(spec Spec) []string {
	if spec.Limits == (Limits{}) {
		spec.Limits = DefaultLimits
	}
	id, _ := identity(spec)
	version := "bubblewrap"
	if out, err := exec.Command("bwrap", "--version").Output(); err == nil {
		version = strings.TrimSpace(string(out))
	}
	who := fmt.Sprintf("uid and gid %d inside, mapped to payconform's own uid %d outside (payconform did not run as root, so no other uid was available)", DefaultID, id.uid)
	if id.drop {
		who = fmt.Sprintf("uid %d and gid %d outside (payconform ran as root), %d inside", id.uid, id.gid, DefaultID)
	}
	network := "a network namespace of its own with loopback only; its one reachable port was the verifying mock's"
	switch spec.Network {
	case Shared:
		network = "the host's network (hosted certification: the evidence is what reaches the judge)"
	case Offline:
		network = "a network namespace of its own, with no port open"
	}
	dir := "a fresh empty /tmp/work"
	if spec.Dir != "" {
		dir = "its directory, read-only"
		if spec.Writable {
			dir = "its directory, writable (as asked)"
		}
	}
	limits := fmt.Sprintf("every process: data %s, open files %d, tasks %d (prlimit)", size(spec.Limits.Memory), spec.Limits.Files, spec.Limits.Procs)
	if id.cgroups {
		limits = fmt.Sprintf("the whole sandbox: memory %s and %d processes (a cgroup); ", size(spec.Limits.Memory), spec.Limits.Procs) + limits
	}
	out := []string{
		"tool: " + version,
		"namespaces: user, PID, mount, IPC, UTS, cgroup, network; no further user namespace",
		"identity: " + who,
		"privileges: every capability dropped, no_new_privs",
		"processes: a fresh /proc showing only the sandbox's own; all killed when the run ends",
		"filesystem: read-only /usr, /opt and " + strconv.Itoa(len(etc)) + " chosen /etc entries; fresh /dev (its /dev/shm " + size(ShmSize) + "), /tmp (" + size(spec.Limits.Tmp) + ") and HOME; " + dir +
			"; nothing of payconform's tree, its reports, keys or sockets",
		"network: " + network,
		"limits: " + limits,
	}
	if len(spec.ReadOnly) > 0 {
		out = append(out, "also read-only: "+strings.Join(spec.ReadOnly, ", "))
	}
	return out
}

func size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// limited is a writer that keeps at most n bytes.
type limited struct {
	w io.Writer
	n int
}

func (l *limited) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		_, _ = l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}
