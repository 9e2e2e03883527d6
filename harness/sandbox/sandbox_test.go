package sandbox_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/sandbox"
)

// TestMain, in the unprivileged run of TestUnprivilegedCaller, starts the tests again the way
// payconform certify starts its judge when it is not root: in a user namespace of its own.
func TestMain(m *testing.M) {
	sandbox.Agent() // the pod tests start this binary as their agent
	if os.Getenv("PAYCONFORM_SANDBOX_TEST_UNPRIVILEGED") == "1" && os.Geteuid() != 0 {
		cmd := exec.Command(os.Args[0], os.Args[1:]...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
		sandbox.ForJudge(cmd)
		err := cmd.Run()
		if exit, ok := err.(*exec.ExitError); ok {
			os.Exit(exit.ExitCode())
		} else if err != nil {
			fmt.Fprintln(os.Stderr, "start the judge's user namespace:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// need fails the test in CI, and skips it elsewhere, when no sandbox can be made here.
func need(t *testing.T) {
	t.Helper()
	if err := sandbox.Available(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true requires the sandbox: %v", err)
		}
		t.Skipf("no sandbox here: %v", err)
	}
}

// run runs a bash script in a sandbox made to spec and returns its output.
func run(t *testing.T, spec sandbox.Spec, script string) (string, *sandbox.Cmd) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if spec.Env == nil {
		spec.Env = []string{"PATH=/usr/bin:/bin"}
	}
	cmd, err := sandbox.Command(ctx, spec, "bash", "-c", script)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start: %v\n%s", err, out.String())
	}
	if ln := cmd.Listener(); ln != nil {
		go serve(ln)
	}
	_ = cmd.Wait()
	return out.String(), cmd
}

// serve answers every connection with one line.
func serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		fmt.Fprintln(c, "judge-answers")
		c.Close()
	}
}

// A program in the sandbox runs as 65534 with no capability and no way to gain one, sees only
// its own processes, the system read-only, its directory read-only, and none of the host's
// private places.
func TestTheProgramSeesOnlyItsWalls(t *testing.T) {
	need(t)
	dir := t.TempDir()
	_ = os.Chmod(dir, 0o755)
	_ = os.WriteFile(filepath.Join(dir, "code.txt"), []byte("vendor-code"), 0o644)
	out, _ := run(t, sandbox.Spec{Dir: dir, Env: []string{"PATH=/usr/bin:/bin", "VISIBLE=yes"}}, `
		echo "id=$(id -u):$(id -g)"
		grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs):' /proc/self/status
		echo "procs=$(ls /proc | grep -c '^[0-9]')"
		for p in /proc/[0-9]*; do case "$(tr '\0' ' ' < $p/cmdline 2>/dev/null)" in *bash*|*prlimit*|bwrap*|ls*|grep*|tr*|"") ;; *) echo "foreign $(cat $p/cmdline)";; esac; done
		echo "code=$(cat code.txt)"
		echo x > code.txt 2>/dev/null && echo "dir-writable" || echo "dir-readonly"
		echo x > /usr/x 2>/dev/null && echo "usr-writable" || echo "usr-readonly"
		for p in /root /home /var/run/docker.sock /run /etc/shadow /sys/kernel; do [ -e "$p" ] && echo "visible $p"; done
		echo "home=$HOME pwd=$PWD visible=$VISIBLE"
		touch "$HOME/h" && echo home-writable
		unshare -U true 2>/dev/null && echo "nested-userns" || echo "no-nested-userns"
		env | grep -c . | sed 's/^/envcount=/'
	`)
	for _, want := range []string{"id=65534:65534", "CapEff:\t0000000000000000", "CapBnd:\t0000000000000000", "NoNewPrivs:\t1",
		"code=vendor-code", "dir-readonly", "usr-readonly", "home=/tmp/home pwd=" + dir + " visible=yes", "home-writable", "no-nested-userns"} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in the sandbox's view:\n%s", want, out)
		}
	}
	if strings.Contains(out, "visible ") {
		t.Errorf("the sandbox sees host paths it must not:\n%s", out)
	}
	if n := field(out, "procs="); n > 6 {
		t.Errorf("the sandbox's /proc shows %d processes; want only its own (at most 6)\n%s", n, out)
	}
	if strings.Contains(out, "foreign ") {
		t.Errorf("the sandbox sees a process that is not its own:\n%s", out)
	}
}

// With an isolated network the program reaches the one port the caller serves, and nothing
// else: not a server listening on the host's loopback.
func TestTheNetworkReachesOnePort(t *testing.T) {
	need(t)
	host, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer host.Close()
	go serve(host)
	hostPort := host.Addr().(*net.TCPAddr).Port
	ctx := context.Background()
	cmd, err := sandbox.Command(ctx, sandbox.Spec{Env: []string{"PATH=/usr/bin:/bin"}}, "bash", "-c", `
		port=$(cat)
		read -r line < /dev/tcp/127.0.0.1/$port && echo "own port: $line"
		(exec 3<>/dev/tcp/127.0.0.1/`+strconv.Itoa(hostPort)+` && echo "host port reached") 2>/dev/null || echo "host port unreachable"
		(exec 3<>/dev/tcp/10.0.0.1/80 && echo "outside reached") 2>/dev/null || echo "outside unreachable"
	`)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	stdin, _ := cmd.StdinPipe()
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start: %v\n%s", err, out.String())
	}
	go serve(cmd.Listener())
	fmt.Fprintln(stdin, cmd.Listener().Addr().(*net.TCPAddr).Port)
	stdin.Close()
	_ = cmd.Wait()
	for _, want := range []string{"own port: judge-answers", "host port unreachable", "outside unreachable"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("want %q:\n%s", want, out.String())
		}
	}
}

// A process that leaves the program's session and waits for the run to end dies with the
// sandbox: nothing started inside outlives it.
func TestNothingOutlivesTheSandbox(t *testing.T) {
	need(t)
	marker := "payconform-outlive-" + strconv.Itoa(os.Getpid())
	out, _ := run(t, sandbox.Spec{}, `setsid bash -c 'exec -a `+marker+` sleep 30' </dev/null >/dev/null 2>&1 & disown; nohup bash -c 'exec -a `+marker+` sleep 30' >/dev/null 2>&1 & echo started`)
	if !strings.Contains(out, "started") {
		t.Fatalf("the script did not run:\n%s", out)
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		alive := processesNamed(marker)
		if len(alive) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("processes started in the sandbox outlived it: %v", alive)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// processesNamed lists host pids whose command line starts with name.
func processesNamed(name string) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if bytes.HasPrefix(cmdline, []byte(name)) {
			out = append(out, pid)
		}
	}
	return out
}

// As root, the sandbox runs under a uid of its own outside too, and reaches a directory whose
// parents it could not traverse (a checkout under /root).
func TestAsRootTheSandboxHasItsOwnUID(t *testing.T) {
	need(t)
	if os.Geteuid() != 0 {
		t.Skip("not root: the sandbox maps the caller's own uid (TestUnprivilegedCaller covers it)")
	}
	parent := t.TempDir() // 0700, root's
	dir := filepath.Join(parent, "checkout")
	_ = os.Mkdir(dir, 0o755)
	_ = os.WriteFile(filepath.Join(dir, "code.txt"), []byte("vendor-code"), 0o644)
	ctx := context.Background()
	cmd, err := sandbox.Command(ctx, sandbox.Spec{Dir: dir, Env: []string{"PATH=/usr/bin:/bin"}}, "bash", "-c", `cat code.txt; echo; sleep 1`)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	uids := map[int]bool{}
	for _, pid := range descendants(cmd.Process.Pid) {
		if u, ok := realUID(pid); ok {
			uids[u] = true
		}
	}
	_ = cmd.Wait()
	if !strings.Contains(out.String(), "vendor-code") {
		t.Errorf("the sandbox could not read its directory under a 0700 parent:\n%s", out.String())
	}
	if len(uids) != 1 || !uids[sandbox.DefaultID] {
		t.Errorf("the sandbox's processes run as host uids %v; want only %d", uids, sandbox.DefaultID)
	}
}

// descendants lists pid and every process below it.
func descendants(pid int) []int {
	out := []int{pid}
	for i := 0; i < len(out); i++ {
		data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", out[i], out[i]))
		for _, f := range strings.Fields(string(data)) {
			if c, err := strconv.Atoi(f); err == nil {
				out = append(out, c)
			}
		}
	}
	return out
}

func realUID(pid int) (int, bool) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "Uid:"); ok {
			u, err := strconv.Atoi(strings.Fields(rest)[0])
			return u, err == nil
		}
	}
	return 0, false
}

// A fork bomb stops at the process bound, and the sandbox still ends cleanly.
func TestProcessesAreBounded(t *testing.T) {
	need(t)
	out, _ := run(t, sandbox.Spec{Limits: sandbox.Limits{Memory: 1 << 30, Procs: 32, Tmp: 16 << 20, Files: 256}}, `
		head -c 32M /dev/zero > /tmp/big 2>/dev/null; echo "tmp=$(stat -c %s /tmp/big)"
		head -c 128M /dev/zero > /dev/shm/big 2>/dev/null; echo "shm=$(stat -c %s /dev/shm/big)"
		sh -c 'for i in $(seq 100); do sleep 5 >/dev/null 2>&1 & done' 2>/dev/null
		n=0; for p in /proc/[0-9]*; do n=$((n+1)); done; echo "running=$n"
	`)
	if n := field(out, "running="); n == 0 || n > 40 {
		t.Errorf("%d processes ran in a sandbox bounded to 32:\n%s", n, out)
	}
	if n := field(out, "tmp="); n > 16<<20 {
		t.Errorf("/tmp took %d bytes, beyond its 16 MiB bound:\n%s", n, out)
	}
	// /dev/shm is memory too (redteam 23 held 3 GiB there, beyond every other bound).
	if n := field(out, "shm="); n == 0 || n > sandbox.ShmSize {
		t.Errorf("/dev/shm took %d bytes, want some and at most %d:\n%s", n, sandbox.ShmSize, out)
	}
}

// field reads the integer after prefix in out.
func field(out, prefix string) int {
	i := strings.Index(out, prefix)
	if i < 0 {
		return 0
	}
	rest := out[i+len(prefix):]
	end := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
	if end < 0 {
		end = len(rest)
	}
	n, _ := strconv.Atoi(rest[:end])
	return n
}

// The environment is exactly what the caller gave, plus HOME and TMPDIR: nothing of the
// caller's own environment leaks through bwrap, and no value shows on bwrap's command line.
func TestTheEnvironmentIsExactly(t *testing.T) {
	need(t)
	t.Setenv("PAYCONFORM_TEST_PARENT_SECRET", "parent-secret-value-3377")
	ctx := context.Background()
	cmd, err := sandbox.Command(ctx, sandbox.Spec{Env: []string{"PATH=/usr/bin:/bin", "GIVEN=given-value-5521"}}, "bash", "-c", "env; sleep 0.5")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmdline, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", cmd.Process.Pid))
	_ = cmd.Wait()
	names := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		name, _, _ := strings.Cut(line, "=")
		names[name] = true
	}
	for name := range names {
		switch name {
		case "PATH", "GIVEN", "HOME", "TMPDIR", "PWD", "SHLVL", "_":
		default:
			t.Errorf("unexpected variable %s in the sandbox", name)
		}
	}
	if !names["GIVEN"] || strings.Contains(out.String(), "parent-secret") {
		t.Errorf("want GIVEN and not the parent's secret:\n%s", out.String())
	}
	if bytes.Contains(cmdline, []byte("given-value")) {
		t.Errorf("an environment value shows on bwrap's command line: %q", cmdline)
	}
}

// The sandbox's description names each wall.
func TestDescribeNamesTheWalls(t *testing.T) {
	lines := strings.Join(sandbox.Describe(sandbox.Spec{}), "\n")
	for _, want := range []string{"namespaces: user, PID, mount, IPC, UTS, cgroup, network", "every capability dropped, no_new_privs", "loopback only", "limits:"} {
		if !strings.Contains(lines, want) {
			t.Errorf("description lacks %q:\n%s", want, lines)
		}
	}
}

// A program that cannot start is reported, and leaves nothing behind.
func TestAMissingProgramIsAnError(t *testing.T) {
	need(t)
	out, cmd := run(t, sandbox.Spec{}, "exec /nonexistent/adapter")
	if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() == 0 {
		t.Errorf("a missing program exited 0:\n%s", out)
	}
	_ = exec.ErrNotFound
	_ = syscall.Getpid
}

// unprivilegedTests are the tests TestUnprivilegedCaller runs again as an unprivileged judge.
const unprivilegedTests = "^(TestTheProgramSeesOnlyItsWalls|TestTheNetworkReachesOnePort|TestNothingOutlivesTheSandbox|TestProcessesAreBounded|TestTheEnvironmentIsExactly)$"

// Run by root, the walls hold for an unprivileged caller too: the tests above run again as uid
// 65534 in a user namespace of its own, the way payconform certify starts its judge when it is
// not root (sandbox.ForJudge).
func TestUnprivilegedCaller(t *testing.T) {
	need(t)
	if os.Getenv("PAYCONFORM_SANDBOX_TEST_UNPRIVILEGED") != "" {
		t.Skip("already the unprivileged run")
	}
	if os.Geteuid() != 0 {
		t.Skip("not root: this run is itself unprivileged, and the tests above ran as such")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "payconform-sandbox-test-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	_ = os.Chmod(dir, 0o755)
	exe := filepath.Join(dir, "sandbox.test")
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(exe, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run", unprivilegedTests, "-test.v", "-test.count=1")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=/usr/bin:/bin", "TMPDIR=/tmp", "PAYCONFORM_SANDBOX_TEST_UNPRIVILEGED=1", "CI=true"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534, Groups: []uint32{}}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the unprivileged run failed: %v\n%s", err, out)
	}
	for _, name := range strings.Split(strings.Trim(unprivilegedTests, "^$()"), "|") {
		if !strings.Contains(string(out), "--- PASS: "+name) {
			t.Errorf("%s did not pass unprivileged:\n%s", name, out)
		}
	}
}

// BenchmarkSandboxedTrue is the cost of one sandboxed process: make the sandbox, run true(1), end.
func BenchmarkSandboxedTrue(b *testing.B) {
	if err := sandbox.Available(); err != nil {
		b.Skip(err)
	}
	for b.Loop() {
		cmd, err := sandbox.Command(context.Background(), sandbox.Spec{Env: []string{"PATH=/usr/bin:/bin"}}, "true")
		if err != nil {
			b.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		_ = cmd.Wait()
	}
}

// agentBinary is this test binary, which calls sandbox.Agent first.
func agentBinary(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return self
}

// runIn runs one program in a pod and returns its stdout and exit status.
func runIn(t *testing.T, pod *sandbox.Pod, script string) (string, int) {
	t.Helper()
	outR, outW, _ := os.Pipe()
	inR, inW, _ := os.Pipe()
	inW.Close()
	p, err := pod.Start(context.Background(), []string{"bash", "-c", script}, []string{"PATH=/usr/bin:/bin"}, inR, outW, outW)
	inR.Close()
	outW.Close()
	if err != nil {
		outR.Close()
		t.Fatal(err)
	}
	var out bytes.Buffer
	done := make(chan struct{})
	go func() { _, _ = out.ReadFrom(outR); close(done) }()
	code, _, err := p.Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	pod.Reap()
	<-done
	outR.Close()
	return out.String(), code
}

// A pod runs many programs in one sandbox: each sees the same walls and the same port, and
// what one left running is gone before the next starts.
func TestAPodRunsManyProgramsInOneSandbox(t *testing.T) {
	need(t)
	served := 0
	pod := sandbox.NewPod(sandbox.Spec{Env: []string{"PATH=/usr/bin:/bin"}}, agentBinary(t), func(ln net.Listener) (string, func()) {
		served++
		go serve(ln)
		return "http://" + ln.Addr().String(), func() { ln.Close() }
	})
	defer pod.Close()
	out, code := runIn(t, pod, `id -u; (exec -a payconform-pod-leftover sleep 30) </dev/null >/dev/null 2>&1 & echo started; exit 3`)
	if code != 3 || !strings.Contains(out, "65534") || !strings.Contains(out, "started") {
		t.Fatalf("first program: exit %d\n%s", code, out)
	}
	out, code = runIn(t, pod, `n=0; for p in /proc/[0-9]*; do case "$(tr '\0' ' ' < $p/cmdline)" in payconform-pod-leftover*) n=$((n+1));; esac; done; echo "leftovers=$n"; grep NoNewPrivs /proc/self/status`)
	if code != 0 || !strings.Contains(out, "leftovers=0") || !strings.Contains(out, "NoNewPrivs:\t1") {
		t.Errorf("second program: exit %d; a leftover of the first survived, or a wall is missing\n%s", code, out)
	}
	// Programs that exit at once (their exit may be read before the start is), one killed
	// while it runs, and a reap after each: the pod answers every time, so it is never
	// dropped and made again.
	for i := range 20 {
		if _, code := runIn(t, pod, "exit "+strconv.Itoa(i%3)); code != i%3 {
			t.Fatalf("program %d: exit %d, want %d", i, code, i%3)
		}
	}
	outR, outW, _ := os.Pipe()
	p, err := pod.Start(context.Background(), []string{"sleep", "30"}, []string{"PATH=/usr/bin:/bin"}, nil, outW, outW)
	outW.Close()
	if err != nil {
		t.Fatal(err)
	}
	p.Kill()
	pod.Reap()
	if code, ended, _ := p.Wait(context.Background()); code != -1 || ended {
		t.Errorf("a killed program: exit %d, sandbox ended %t", code, ended)
	}
	outR.Close()
	if out, code := runIn(t, pod, "echo after"); code != 0 || !strings.Contains(out, "after") {
		t.Errorf("after a kill: exit %d %q", code, out)
	}
	if served != 1 {
		t.Errorf("the pod's port was served %d times; want once for one sandbox (a reply was lost, and the pod made again)", served)
	}
}

// The pod's agent is PID 1 of its sandbox: an adapter that kills or stops it (or everything it
// sees) does not reach it, and the next program still runs. A pod that was closed starts again.
func TestAPodsAgentIsOutOfTheAdaptersReach(t *testing.T) {
	need(t)
	pod := sandbox.NewPod(sandbox.Spec{Env: []string{"PATH=/usr/bin:/bin"}, Network: sandbox.Offline}, agentBinary(t), nil)
	defer pod.Close()
	out, code := runIn(t, pod, `kill -9 1; kill -STOP 1; kill -STOP -1; kill -9 $PPID; cat /proc/1/environ >/dev/null 2>&1 && echo read-agent; echo survived`)
	if code != 0 || !strings.Contains(out, "survived") || strings.Contains(out, "read-agent") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if out, code := runIn(t, pod, "echo again"); code != 0 || !strings.Contains(out, "again") {
		t.Errorf("after the attack the next program did not run: exit %d %q", code, out)
	}
	pod.Close()
	if out, code := runIn(t, pod, "echo reborn"); code != 0 || !strings.Contains(out, "reborn") {
		t.Errorf("a closed pod did not start again: exit %d %q", code, out)
	}
}

// bwrap dies with its parent *thread* (the kernel's parent-death signal): the thread that starts
// it must live as long as it does. Many sandboxes started at once, each outliving the goroutine
// that started it, all finish their work.
func TestSandboxesOutliveTheGoroutineThatStartedThem(t *testing.T) {
	need(t)
	const n = 12
	errs := make(chan string, n)
	for i := range n {
		go func() {
			cmd, err := sandbox.Command(context.Background(), sandbox.Spec{Env: []string{"PATH=/usr/bin:/bin"}, Network: sandbox.Offline}, "sh", "-c", "sleep 0.5; echo finished-"+strconv.Itoa(i))
			if err != nil {
				errs <- err.Error()
				return
			}
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				errs <- err.Error()
				return
			}
			time.Sleep(50 * time.Millisecond)
			if err := cmd.Wait(); err != nil || !strings.Contains(out.String(), "finished-"+strconv.Itoa(i)) {
				errs <- fmt.Sprintf("sandbox %d: %v %q", i, err, out.String())
				return
			}
			errs <- ""
		}()
	}
	for range n {
		if e := <-errs; e != "" {
			t.Error(e)
		}
	}
}

// What one program costs in a pod (start, wait, reap), against the same program started
// without a sandbox: the per-case cost of an adapter run as a process per case.
func BenchmarkPodProgram(b *testing.B) {
	if err := sandbox.Available(); err != nil {
		b.Skip(err)
	}
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	pod := sandbox.NewPod(sandbox.Spec{Env: []string{"PATH=/usr/bin:/bin"}, Network: sandbox.Offline}, self, nil)
	defer pod.Close()
	run := func() {
		outR, outW, _ := os.Pipe()
		p, err := pod.Start(context.Background(), []string{"true"}, []string{"PATH=/usr/bin:/bin"}, nil, outW, outW)
		outW.Close()
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, outR)
		if _, _, err := p.Wait(context.Background()); err != nil {
			b.Fatal(err)
		}
		pod.Reap()
		outR.Close()
	}
	run() // the sandbox is made once
	b.Run("pod", func(b *testing.B) {
		for b.Loop() {
			run()
		}
	})
	b.Run("none", func(b *testing.B) {
		for b.Loop() {
			if err := exec.Command("true").Run(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
