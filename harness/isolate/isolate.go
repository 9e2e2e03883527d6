// Package isolate keeps a certified adapter away from the network: on Linux the certification
// suite, with its verifying mock and every adapter process it starts, runs in a network
// namespace of its own, where only loopback exists. The mechanism is Go's own: SysProcAttr
// clone flags (CLONE_NEWNET, with CLONE_NEWUSER when payconform is not root), so that nothing
// beyond the Go toolchain is needed; unshare(1) and bubblewrap would add a program to install
// and a command line to quote. Where namespaces are not available, certification runs anyway
// and the certificate says "none".
package isolate

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"

	"golang.org/x/sys/unix"
)

// EnvInside is set in the isolated process, which then brings its loopback interface up.
const EnvInside = "PAYCONFORM_NETNS"

// Network puts cmd in a new network namespace (and a user namespace mapping the caller to root
// in it, when the caller is not root).
func Network(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWNET
	if os.Geteuid() != 0 {
		cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWUSER
		cmd.SysProcAttr.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Geteuid(), Size: 1}}
		cmd.SysProcAttr.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getegid(), Size: 1}}
	}
	cmd.Env = append(cmd.Env, EnvInside+"=1")
}

// Available reports whether a network namespace can be made here, by making one for a process
// that does nothing.
func Available() error {
	if runtime.GOOS != "linux" {
		return errors.New("network namespaces are a Linux feature")
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(self, "-h")
	Network(cmd)
	cmd.Env = append(cmd.Env, "PAYCONFORM_NETNS_PROBE=1")
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return nil // it started in the namespace; its exit status is its own business
		}
		return fmt.Errorf("cannot create a network namespace here: %w", err)
	}
	return nil
}

// LoopbackUp brings up the loopback interface of the namespace the process is in: a new
// network namespace starts with it down.
func LoopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("bring loopback up: %w", err)
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return fmt.Errorf("bring loopback up: %w", err)
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return fmt.Errorf("bring loopback up: %w", err)
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr); err != nil {
		return fmt.Errorf("bring loopback up: %w", err)
	}
	return nil
}

// Inside reports whether this process was started isolated (and must bring loopback up).
func Inside() bool { return os.Getenv(EnvInside) == "1" }
