package certify

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
)

// What a sandbox may show its adapter (docs/design.md, Threat model): its own directory, the
// toolchains named in PAYCONFORM_SANDBOX_BIND, its program. Each is checked here, resolved
// through symbolic links first (the sandbox binds what a link points at), so that no setting,
// the vendor's own CI configuration included, can put a secret or a socket of the host in the
// sandbox (redteam 14, 16, 38).

// systemDirs are host directories that hold other users' files, secrets or sockets: a path that
// is one of them, or holds one ("/"), is never shown to an adapter.
var systemDirs = []string{"/etc", "/home", "/root", "/run", "/var", "/var/run", "/tmp", "/proc", "/sys", "/dev", "/boot", "/srv", "/mnt", "/media"}

// kernelDirs are trees nothing inside of which is shown: kernel interfaces (another process's
// environment and memory, through /proc/PID), device nodes, runtime sockets, and /etc's
// secrets (the sandbox binds the /etc entries a program needs on its own).
var kernelDirs = []string{"/proc", "/sys", "/dev", "/run", "/etc"}

// maxExposedEntries bounds the walk that looks for sockets and devices under a directory.
const maxExposedEntries = 200_000

// Exposable resolves path and says why a sandbox must not show it: it is "/" or holds a system
// directory, lies inside a kernel directory, is or holds a socket, FIFO or device, or overlaps
// one of guarded (payconform's own tree, its suites, the signing key: each resolved too), being
// inside one or holding one. It returns the resolved path to bind.
func Exposable(what, path string, guarded ...string) (string, error) {
	if !filepath.IsAbs(path) {
		return "", fmt.Errorf("%s: %q is not an absolute path", what, path)
	}
	resolved, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", fmt.Errorf("%s: %v", what, err)
	}
	shown := resolved
	if resolved != filepath.Clean(path) {
		shown = fmt.Sprintf("%s (%s)", path, resolved)
	}
	for _, sys := range systemDirs {
		if within(sys, resolved) {
			return "", fmt.Errorf("%s: %s is or holds the host's %s, which no adapter may see; name the directory the adapter needs", what, shown, sys)
		}
	}
	for _, k := range kernelDirs {
		if within(resolved, k) {
			return "", fmt.Errorf("%s: %s lies inside the host's %s, which no adapter may see", what, shown, k)
		}
	}
	for _, g := range guarded {
		if g == "" {
			continue
		}
		if r, err := filepath.EvalSymlinks(g); err == nil {
			g = r
		}
		if within(resolved, g) || within(g, resolved) {
			return "", fmt.Errorf("%s: %s overlaps %s, which is payconform's (its tree, its suites, its reports or the signing key): the adapter must never see it", what, shown, g)
		}
	}
	if err := noSpecialFiles(resolved); err != nil {
		return "", fmt.Errorf("%s: %s %v", what, shown, err)
	}
	return resolved, nil
}

var errTooMany = errors.New("stop")

// noSpecialFiles refuses a socket, a FIFO or a device at or under root (a unix socket in a
// read-only bind still connects: EROFS does not apply to sockets).
func noSpecialFiles(root string) error {
	n := 0
	var found error
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable here is unreadable in the sandbox too
		}
		if n++; n > maxExposedEntries {
			return errTooMany
		}
		if t := d.Type(); t&(fs.ModeSocket|fs.ModeNamedPipe|fs.ModeDevice|fs.ModeCharDevice) != 0 {
			found = fmt.Errorf("holds %s, a %s: an adapter could reach the host through it", p, kind(t))
			return filepath.SkipAll
		}
		return nil
	})
	if errors.Is(err, errTooMany) {
		return fmt.Errorf("holds more than %d entries, too many to check for sockets and devices; name a narrower directory", maxExposedEntries)
	}
	return found
}

func kind(t fs.FileMode) string {
	switch {
	case t&fs.ModeSocket != 0:
		return "socket"
	case t&fs.ModeNamedPipe != 0:
		return "FIFO"
	}
	return "device"
}
