package sandbox

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cgroupRoot is where the kernel's cgroup filesystems are mounted.
const cgroupRoot = "/sys/fs/cgroup"

// cgroup is one sandbox's control group: in cgroup v2, one directory under the unified
// hierarchy's root; in v1, one under the memory and one under the pids hierarchy. Only root
// makes one; the sandbox's uid cannot write its files, so it cannot leave it or lift its limits.
type cgroup struct {
	dirs []string
}

// cgroupsWritable reports whether this process can make cgroups that bound memory and
// processes: cgroup v2 with both controllers at the root, or v1's memory and pids hierarchies.
func cgroupsWritable() bool {
	if v2Controllers() {
		return writable(cgroupRoot)
	}
	return writable(filepath.Join(cgroupRoot, "memory")) && writable(filepath.Join(cgroupRoot, "pids"))
}

func v2Controllers() bool {
	data, err := os.ReadFile(filepath.Join(cgroupRoot, "cgroup.controllers"))
	if err != nil {
		return false
	}
	f := strings.Fields(string(data))
	return contains(f, "memory") && contains(f, "pids")
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func writable(dir string) bool { return syscall.Access(dir, 2 /* W_OK */) == nil }

// newCgroup makes a cgroup with the limits.
func newCgroup(l Limits) (*cgroup, error) {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "payconform-sandbox-" + hex.EncodeToString(b)
	cg := &cgroup{}
	files := map[string]string{}
	if v2Controllers() {
		// The root's subtree_control must enable both controllers for a child to use them.
		_ = os.WriteFile(filepath.Join(cgroupRoot, "cgroup.subtree_control"), []byte("+memory +pids"), 0)
		d := filepath.Join(cgroupRoot, name)
		cg.dirs = []string{d}
		files[filepath.Join(d, "memory.max")] = strconv.FormatInt(l.Memory, 10)
		files[filepath.Join(d, "memory.swap.max")] = "0"
		files[filepath.Join(d, "pids.max")] = strconv.Itoa(l.Procs)
	} else {
		mem, pids := filepath.Join(cgroupRoot, "memory", name), filepath.Join(cgroupRoot, "pids", name)
		cg.dirs = []string{mem, pids}
		files[filepath.Join(mem, "memory.limit_in_bytes")] = strconv.FormatInt(l.Memory, 10)
		files[filepath.Join(pids, "pids.max")] = strconv.Itoa(l.Procs)
	}
	for _, d := range cg.dirs {
		if err := os.Mkdir(d, 0o755); err != nil {
			cg.remove()
			return nil, fmt.Errorf("make cgroup: %w", err)
		}
	}
	for path, value := range files {
		if err := os.WriteFile(path, []byte(value), 0); err != nil && !strings.HasSuffix(path, "swap.max") {
			cg.remove()
			return nil, fmt.Errorf("set %s: %w", filepath.Base(path), err)
		}
	}
	return cg, nil
}

// add moves a process into the cgroup; its children are born there.
func (cg *cgroup) add(pid int) error {
	for _, d := range cg.dirs {
		if err := os.WriteFile(filepath.Join(d, "cgroup.procs"), []byte(strconv.Itoa(pid)), 0); err != nil {
			return fmt.Errorf("join cgroup: %w", err)
		}
	}
	return nil
}

// pids lists the processes in the cgroup.
func (cg *cgroup) pids() []int {
	var out []int
	for _, d := range cg.dirs {
		data, _ := os.ReadFile(filepath.Join(d, "cgroup.procs"))
		for _, f := range strings.Fields(string(data)) {
			if pid, err := strconv.Atoi(f); err == nil && pid > 0 {
				out = append(out, pid)
			}
		}
	}
	return out
}

// killAll kills every process in the cgroup (cgroup.kill where the kernel has it).
func (cg *cgroup) killAll() {
	for _, d := range cg.dirs {
		_ = os.WriteFile(filepath.Join(d, "cgroup.kill"), []byte("1"), 0)
	}
	for _, pid := range cg.pids() {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// remove kills what is left and removes the cgroup. The kernel may hold a cgroup for a moment
// after its last process died; then the removal finishes in the background, within two seconds.
func (cg *cgroup) remove() {
	cg.killAll()
	if cg.rmdir() == nil {
		return
	}
	go cg.removeLater()
}

func (cg *cgroup) rmdir() error {
	var err error
	for _, d := range cg.dirs {
		if e := os.Remove(d); e != nil && !errors.Is(e, os.ErrNotExist) {
			err = e
		}
	}
	return err
}

func (cg *cgroup) removeLater() {
	deadline := time.Now().Add(2 * time.Second)
	for {
		time.Sleep(20 * time.Millisecond)
		cg.killAll()
		if cg.rmdir() == nil || time.Now().After(deadline) {
			return
		}
	}
}
