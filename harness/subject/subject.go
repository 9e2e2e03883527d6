// Package subject names the code a certificate certifies, so that a certificate cannot be moved
// onto other code: the adapter's command line, the program it names by path, the content of
// the adapter's directory (every file's path, mode and bytes), and, for a git checkout, its
// commit, whether the work tree differed from it, and a digest of the differences. git runs in
// a sandbox with no network, because a checkout's own configuration can make git run programs
// (core.fsmonitor, filters, diff drivers) and the checkout is the vendor's. In GitHub Actions,
// the workflow's repository and commit are recorded too. Everything is read before the adapter
// first runs, and every read is bounded.
package subject

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/sandbox"
)

// Bounds on what a subject reads.
const (
	MaxFiles = 200_000
	MaxBytes = 4 << 30
	// maxStatus bounds git status's output; maxDiff the bytes of git diff that are digested.
	maxStatus = 16 << 20
	maxDiff   = 1 << 30
)

// Options say what to name.
type Options struct {
	// Command is the adapter's command line, as run through sh -c.
	Command string
	// Program is the file the command runs, when it names one outside the system and Dir.
	Program string
	// Dir is the adapter's directory (PAYCONFORM_CANDIDATE_DIR), or empty.
	Dir string
	// Sandboxed runs git in a sandbox; otherwise git runs with the programs its configuration
	// may name turned off, as far as git allows.
	Sandboxed bool
	Getenv    func(string) string
}

// Of reads the subject. Its Digest covers every field (report.SubjectDigest).
func Of(ctx context.Context, o Options) (report.Subject, error) {
	s := report.Subject{Command: o.Command, CommandSHA256: sum([]byte(o.Command))}
	if o.Program != "" {
		d, err := fileDigest(o.Program)
		if err != nil {
			return s, fmt.Errorf("digest the adapter's program: %w", err)
		}
		s.Executable = &report.FileDigest{Path: o.Program, SHA256: d}
	}
	if o.Dir != "" {
		d, err := DirDigest(o.Dir)
		if err != nil {
			return s, err
		}
		s.Dir = &d
		if top, ok := checkout(o.Dir); ok {
			g, err := gitState(ctx, top, o.Sandboxed)
			if err != nil {
				return s, fmt.Errorf("read the checkout's git state: %w", err)
			}
			s.Git = &g
		}
	}
	if o.Getenv != nil && o.Getenv("GITHUB_ACTIONS") == "true" {
		s.GitHub = &report.GitHub{Repository: o.Getenv("GITHUB_REPOSITORY"), Commit: o.Getenv("GITHUB_SHA"), Ref: o.Getenv("GITHUB_REF"),
			WorkflowRef: o.Getenv("GITHUB_WORKFLOW_REF"), RunID: o.Getenv("GITHUB_RUN_ID")}
	}
	s.Digest = report.SubjectDigest(s)
	return s, nil
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// FileSHA256 is a file's hex SHA-256 (at most MaxBytes are read).
func FileSHA256(path string) (string, error) { return fileDigest(path) }

func fileDigest(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, MaxBytes+1))
	if err != nil {
		return "", err
	}
	if n > MaxBytes {
		return "", fmt.Errorf("%s is larger than %d bytes", path, int64(MaxBytes))
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// DirDigest is the content digest of a directory: SHA-256 over every entry below it, in path
// order, each as its kind, whether it is executable, its path, its size and its bytes (a
// symbolic link as its target, never followed). Entries named .git are left out: git's own
// files change with every git command, and the git state is recorded apart.
func DirDigest(dir string) (report.DirDigest, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return report.DirDigest{}, err
	}
	d := report.DirDigest{Path: abs}
	h := sha256.New()
	err = filepath.WalkDir(abs, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(abs, p)
		if e.Name() == ".git" && rel != "." {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Files++; d.Files > MaxFiles {
			return fmt.Errorf("it holds more than %d entries", MaxFiles)
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		exec := info.Mode().Perm()&0o111 != 0
		switch {
		case e.IsDir():
			fmt.Fprintf(h, "d %s\x00", rel)
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "l %s\x00%s\x00", rel, target)
		case info.Mode().IsRegular():
			if d.Bytes += info.Size(); d.Bytes > MaxBytes {
				return fmt.Errorf("it holds more than %d bytes", int64(MaxBytes))
			}
			fmt.Fprintf(h, "f %t %s\x00%d\x00", exec, rel, info.Size())
			if err := copyFile(h, p, info.Size()); err != nil {
				return err
			}
		default:
			fmt.Fprintf(h, "o %s\x00%s\x00", rel, info.Mode().Type())
		}
		return nil
	})
	if err != nil {
		return d, fmt.Errorf("digest the adapter's directory %s: %w; point PAYCONFORM_CANDIDATE_DIR at the adapter's own directory", abs, err)
	}
	d.SHA256 = hex.EncodeToString(h.Sum(nil))
	return d, nil
}

// copyFile writes exactly size bytes of a file into h: a file that grows while it is read is
// digested as it was when it was listed.
func copyFile(h hash.Hash, path string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	n, err := io.Copy(h, io.LimitReader(f, size))
	if err == nil && n != size {
		err = fmt.Errorf("%s changed while it was read", path)
	}
	return err
}

// checkout finds the top of the git work tree dir is in, without running git.
func checkout(dir string) (string, bool) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for range 64 {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d, true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
	return "", false
}

// gitState reads a checkout's commit, whether its work tree is dirty, and a digest of the
// differences: git status, git diff HEAD, and the content of every untracked file.
func gitState(ctx context.Context, top string, sandboxed bool) (report.Git, error) {
	var g report.Git
	binds := gitDirs(top)
	head, err := git(ctx, top, binds, sandboxed, 4096, nil, "rev-parse", "--verify", "HEAD")
	if err != nil {
		return g, err
	}
	g.Commit = strings.TrimSpace(string(head))
	if len(g.Commit) != 40 && len(g.Commit) != 64 {
		return g, fmt.Errorf("git rev-parse HEAD gave %q", clip(g.Commit))
	}
	status, err := git(ctx, top, binds, sandboxed, maxStatus, nil, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignore-submodules=none")
	if err != nil {
		return g, err
	}
	if len(status) == 0 {
		return g, nil
	}
	g.Dirty = true
	h := sha256.New()
	fmt.Fprintf(h, "status\x00%d\x00", len(status))
	h.Write(status)
	h.Write([]byte("diff\x00"))
	if _, err := git(ctx, top, binds, sandboxed, maxDiff, h, "diff", "HEAD", "--binary", "--no-ext-diff", "--no-textconv", "--no-color"); err != nil {
		return g, err
	}
	for _, rec := range bytes.Split(status, []byte{0}) {
		path, ok := bytes.CutPrefix(rec, []byte("?? "))
		if !ok {
			continue
		}
		p := filepath.Join(top, filepath.FromSlash(string(path)))
		if rel, err := filepath.Rel(top, p); err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		info, err := os.Lstat(p)
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		fmt.Fprintf(h, "untracked\x00%s\x00%d\x00", path, info.Size())
		if err := copyFile(h, p, info.Size()); err != nil {
			return g, err
		}
	}
	g.ChangesSHA256 = hex.EncodeToString(h.Sum(nil))
	return g, nil
}

// gitDirs are the directories git needs besides the work tree: where a .git file points (a
// linked work tree or a submodule), and that repository's common directory.
func gitDirs(top string) []string {
	data, err := os.ReadFile(filepath.Join(top, ".git"))
	if err != nil {
		return nil // a directory, inside the work tree
	}
	dir, ok := strings.CutPrefix(strings.TrimSpace(string(data)), "gitdir: ")
	if !ok {
		return nil
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(top, dir)
	}
	out := []string{filepath.Clean(dir)}
	if common, err := os.ReadFile(filepath.Join(dir, "commondir")); err == nil {
		c := strings.TrimSpace(string(common))
		if !filepath.IsAbs(c) {
			c = filepath.Join(dir, c)
		}
		out = append(out, filepath.Clean(c))
	}
	return out
}

// gitConfig turns off what a checkout's configuration could make git run, where git lets a
// command line override it; the sandbox contains the rest.
var gitConfig = []string{"-c", "safe.directory=*", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
	"-c", "core.untrackedCache=false", "-c", "diff.external=", "-c", "core.pager=cat", "--no-optional-locks"}

// git runs one git command in the work tree top and returns at most limit bytes of its output;
// with into, the output goes there instead, up to limit.
func git(ctx context.Context, top string, binds []string, sandboxed bool, limit int64, into io.Writer, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	argv := append(append([]string{"git", "-C", top}, gitConfig...), args...)
	env := []string{"PATH=/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_TERMINAL_PROMPT=0", "LANG=C"}
	var cmd *exec.Cmd
	if sandboxed {
		sc, err := sandbox.Command(ctx, sandbox.Spec{Dir: top, ReadOnly: binds, Env: env, Network: sandbox.Offline}, argv...)
		if err != nil {
			return nil, err
		}
		defer sc.Close()
		cmd = sc.Cmd
		return runGit(cmd, sc.Start, sc.Wait, limit, into, args[0])
	}
	cmd = exec.CommandContext(ctx, argv[0], argv[1:]...)
	tmp, err := os.MkdirTemp("", "payconform-git-home-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	cmd.Env = append(env, "HOME="+tmp)
	return runGit(cmd, cmd.Start, cmd.Wait, limit, into, args[0])
}

func runGit(cmd *exec.Cmd, start func() error, wait func() error, limit int64, into io.Writer, verb string) ([]byte, error) {
	var out bytes.Buffer
	w := into
	if w == nil {
		w = &out
	}
	lw := &limitWriter{w: w, n: limit}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = lw, &limitWriter{w: &stderr, n: 4096}
	if err := start(); err != nil {
		return nil, fmt.Errorf("git %s: %w", verb, err)
	}
	err := wait()
	if lw.over {
		return nil, fmt.Errorf("git %s wrote more than %d bytes", verb, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", verb, err, clip(strings.TrimSpace(stderr.String())))
	}
	return out.Bytes(), nil
}

// limitWriter passes at most n bytes on and notes more.
type limitWriter struct {
	w    io.Writer
	n    int64
	over bool
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.n {
		l.over = true
		p = p[:max(l.n, 0)]
	}
	l.n -= int64(len(p))
	if _, err := l.w.Write(p); err != nil {
		return 0, err
	}
	if l.over {
		return 0, errors.New("output too large")
	}
	return len(p), nil
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
