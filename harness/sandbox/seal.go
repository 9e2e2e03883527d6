package sandbox

import (
	"math"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// SealInherited marks every descriptor above stderr close-on-exec. Go opens its own files
// close-on-exec, but the descriptors a process inherits keep whatever their opener chose: a key
// handed over as PAYCONFORM_SIGNING_KEY=/dev/fd/63 (bash's `<(vault read ...)`), a CI runner's
// pipes, a socket. Without this, every program payconform starts (the suite, bwrap, the
// adapter inside its sandbox) would inherit them, and the adapter could read the key through
// its own /proc/self/fd. Programs that must receive a descriptor get it through
// exec.Cmd.ExtraFiles, which this does not affect. Call it first thing in main.
func SealInherited() {
	if unix.CloseRange(3, math.MaxUint32, unix.CLOSE_RANGE_CLOEXEC) == nil {
		return
	}
	// Kernels before 5.11: one descriptor at a time.
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return
	}
	for _, e := range entries {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			unix.CloseOnExec(fd)
		}
	}
}
