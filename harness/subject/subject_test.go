package subject_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/sandbox"
	"github.com/payconform/payconform/harness/subject"
)

func write(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	_ = os.MkdirAll(filepath.Dir(path), 0o755)
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

// The directory digest changes with any file's content, name or executable bit, and with a
// symbolic link's target (never followed); it ignores .git.
func TestTheDirectoryDigestCoversEveryFile(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "adapter.py"), "print(1)\n", 0o644)
	write(t, filepath.Join(dir, "lib", "client.py"), "x = 1\n", 0o644)
	digest := func() string {
		d, err := subject.DirDigest(dir)
		if err != nil {
			t.Fatal(err)
		}
		return d.SHA256
	}
	base := digest()
	for name, change := range map[string]func(){
		"content":    func() { write(t, filepath.Join(dir, "lib", "client.py"), "x = 2\n", 0o644) },
		"exec bit":   func() { _ = os.Chmod(filepath.Join(dir, "adapter.py"), 0o755) },
		"a new file": func() { write(t, filepath.Join(dir, "new.py"), "", 0o644) },
		"a symlink":  func() { _ = os.Symlink("/etc/passwd", filepath.Join(dir, "link")) },
	} {
		change()
		if d := digest(); d == base {
			t.Errorf("%s: the digest did not change", name)
		} else {
			base = d
		}
	}
	write(t, filepath.Join(dir, ".git", "index"), "changes with every git command", 0o644)
	if digest() != base {
		t.Error(".git changed the digest")
	}
}

// A git checkout's subject names its commit; uncommitted and untracked changes make it dirty,
// with a digest that differs from one change to another.
func TestTheSubjectRecordsUncommittedChanges(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "adapter.py"), "print(1)\n", 0o644)
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", dir, "-c", "user.email=a@b", "-c", "user.name=a"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-qm", "v1")
	of := func() report.Subject {
		s, err := subject.Of(context.Background(), subject.Options{Command: "python3 adapter.py", Dir: dir, Sandboxed: sandbox.Available() == nil})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	clean := of()
	if clean.Git == nil || len(clean.Git.Commit) != 40 || clean.Git.Dirty {
		t.Fatalf("a clean checkout: %+v", clean.Git)
	}
	write(t, filepath.Join(dir, "adapter.py"), "print(2)\n", 0o644)
	edited := of()
	write(t, filepath.Join(dir, "untracked.py"), "y\n", 0o644)
	untracked := of()
	for name, s := range map[string]report.Subject{"edited": edited, "untracked": untracked} {
		if !s.Git.Dirty || s.Git.ChangesSHA256 == "" || s.Git.Commit != clean.Git.Commit {
			t.Errorf("%s: %+v", name, s.Git)
		}
	}
	if edited.Git.ChangesSHA256 == untracked.Git.ChangesSHA256 || edited.Digest == clean.Digest || untracked.Digest == edited.Digest {
		t.Error("different changes gave the same digest")
	}
	if clean.Digest != report.SubjectDigest(clean) {
		t.Error("the subject's digest is not SubjectDigest of its fields")
	}
}
