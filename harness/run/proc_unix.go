//go:build unix

package run

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup puts a suite in a process group of its own: a Ctrl-C at the terminal reaches
// payconform alone, which tells each suite once (a second interrupt would make Ginkgo skip its
// cleanup, and leave a container behind).
func ownProcessGroup(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setpgid = true
}
