package certify_test

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/payconform/payconform/harness/certify"
)

// What the sandbox may show: redteam 14 (a vendor directory that is a symbolic link to
// payconform's tree, or holds the signing key), 16 (PAYCONFORM_SANDBOX_BIND=/run, /var, /home,
// payconform's tree, a socket, the reports, the key's directory) and 38 (/proc) each put a host
// secret or socket in the sandbox.
func TestExposableRefusesWhatIsNotTheAdapters(t *testing.T) {
	base := t.TempDir()
	tree := filepath.Join(base, "payconform")
	vendor := filepath.Join(base, "vendor")
	keys := filepath.Join(base, "keys")
	for _, d := range []string{tree, vendor, keys, filepath.Join(base, "with-key"), filepath.Join(base, "with-socket"), filepath.Join(base, "with-fifo")} {
		_ = os.MkdirAll(d, 0o755)
	}
	key := filepath.Join(keys, "release.key")
	_ = os.WriteFile(key, []byte("k"), 0o600)
	keyInCheckout := filepath.Join(base, "with-key", "release.key")
	_ = os.WriteFile(keyInCheckout, []byte("k"), 0o600)
	ln, err := net.Listen("unix", filepath.Join(base, "with-socket", "s.sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if err := syscall.Mkfifo(filepath.Join(base, "with-fifo", "f"), 0o644); err != nil {
		t.Fatal(err)
	}
	_ = os.Symlink(tree, filepath.Join(base, "tree-link"))
	_ = os.Symlink("/", filepath.Join(base, "root-link"))
	_ = os.MkdirAll(filepath.Join(tree, "candidates"), 0o755)
	_ = os.Symlink(filepath.Join(tree, "candidates"), filepath.Join(base, "inside-link"))
	guarded := []string{tree, key}
	for _, tc := range []struct {
		name, path string
		guard      []string
		want       string // words of the refusal; empty: allowed
	}{
		{"a vendor's directory", vendor, guarded, ""},
		{"a symbolic link to payconform's tree", filepath.Join(base, "tree-link"), guarded, "overlaps"},
		{"a link to a directory inside the tree", filepath.Join(base, "inside-link"), guarded, "overlaps"},
		{"a checkout holding the signing key", filepath.Join(base, "with-key"), []string{tree, keyInCheckout}, "overlaps"},
		{"the key's directory", keys, guarded, "overlaps"},
		{"a directory holding payconform's tree", base, guarded, "overlaps"},
		{"/", "/", nil, "holds the host's"},
		{"a link to /", filepath.Join(base, "root-link"), nil, "holds the host's"},
		{"/run", "/run", nil, "/run"},
		{"/var", "/var", nil, "/var"},
		{"/home", "/home", nil, "/home"},
		{"/tmp", "/tmp", nil, "/tmp"},
		{"/proc", "/proc", nil, "/proc"},
		{"inside /proc", "/proc/self", nil, "inside the host's /proc"},
		{"inside /etc", "/etc/passwd", nil, "inside the host's /etc"},
		{"a directory holding a socket", filepath.Join(base, "with-socket"), nil, "socket"},
		{"a socket", filepath.Join(base, "with-socket", "s.sock"), nil, "socket"},
		{"a FIFO's directory", filepath.Join(base, "with-fifo"), nil, "FIFO"},
		{"a relative path", "vendor", nil, "not an absolute path"},
		{"a missing path", filepath.Join(base, "missing"), nil, "no such file"},
		{"/usr/share (a toolchain's kind of place)", "/usr/share", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := certify.Exposable("X", tc.path, tc.guard...)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want == "" && got == "":
				t.Error("no resolved path")
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %q, %v; want a refusal with %q", got, err, tc.want)
			}
		})
	}
	if got, err := certify.Exposable("X", filepath.Join(base, "inside-link")); err != nil || got != filepath.Join(tree, "candidates") {
		t.Errorf("a link resolves to %q (%v), want the directory it points at", got, err)
	}
}
