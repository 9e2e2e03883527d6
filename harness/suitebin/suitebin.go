// Package suitebin finds the compiled suites payconform runs. The suites are Ginkgo test
// binaries, compiled once and run many times, as Ginkgo's maintainers recommend for shipping
// suites (`ginkgo build`, which is `go test -c`): the runner image and the release archives carry
// them next to the CLI; otherwise they are built from the module source payconform itself was
// built from (a checkout, or the module cache after `go install ...@VERSION`) and rebuilt only
// when a source they depend on changes (the hash covers every Go file, go.mod, go.sum, the
// vectors and contracts). A checkout keeps them in bin/suites/<hash>/; a module in the module
// cache, which is read-only, in the user's cache directory (os.UserCacheDir).
package suitebin

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
)

// Module is the module path a checkout's go.mod names.
const Module = "github.com/payconform/payconform"

// DirEnv names a directory of precompiled suites (<name>.test), which wins over a checkout.
const DirEnv = "PAYCONFORM_SUITES_DIR"

// Source is where suite binaries come from: a directory of precompiled ones, or module source.
type Source struct {
	// Dir holds <name>.test files when precompiled.
	Dir string
	// Root is the module source (a checkout, or a module cache directory) when the suites are
	// built from source.
	Root string
	// Build is where suites built from Root go: Root/bin/suites for a checkout.
	Build string
	// Log receives one line per suite it builds.
	Log func(format string, args ...any)

	once sync.Once
	hash string
	err  error
}

// Find looks for suites: $PAYCONFORM_SUITES_DIR, then a suites/ directory next to the running
// executable's directory (the runner image's and the release archives' layout), then the
// checkout that holds the working directory, then the module source this binary was built from:
// the checkout it was built in, or, for `go install github.com/payconform/payconform/cmd/payconform@VERSION`,
// that version in the module cache (downloaded again with `go mod download` if the cache was
// cleaned).
func Find(getenv func(string) string) (*Source, error) {
	if d := getenv(DirEnv); d != "" {
		return &Source{Dir: d}, nil
	}
	if exe, err := os.Executable(); err == nil {
		d := filepath.Join(filepath.Dir(exe), "..", "suites")
		if _, err := os.Stat(filepath.Join(d, "certify.test")); err == nil {
			return &Source{Dir: d}, nil
		}
	}
	wd, _ := os.Getwd()
	if root, ok := Checkout(wd); ok {
		return FromSource(root)
	}
	if root, ok := builtFrom(); ok {
		return FromSource(root)
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == Module && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		root, err := download(bi.Main.Version)
		if err != nil {
			return nil, err
		}
		return FromSource(root)
	}
	return nil, errors.New("no compiled suites found: this payconform was built from a checkout that is not here; run it from that checkout, install a version (go install " + Module + "/cmd/payconform@VERSION), use a release archive or the runner image, or set " + DirEnv + " to a directory of compiled suites")
}

// FromSource is a source that builds the suites from a module root: into bin/suites/ of a
// checkout, or into the user's cache directory for a read-only module cache directory.
func FromSource(root string) (*Source, error) {
	src := &Source{Root: root, Build: filepath.Join(root, "bin", "suites")}
	if inModuleCache(root) {
		cache, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("find a directory for the compiled suites: %w (set HOME or XDG_CACHE_HOME)", err)
		}
		src.Build = filepath.Join(cache, "payconform", "suites", filepath.Base(root))
	}
	return src, nil
}

// inModuleCache reports whether root is a module cache directory (<path>@<version>), which Go
// keeps read-only.
func inModuleCache(root string) bool { return strings.Contains(filepath.Base(root), "@") }

// builtFrom is the module root of the source this binary was compiled from, when its file paths
// were kept (a build without -trimpath) and the source is still there.
func builtFrom() (string, bool) {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return "", false
	}
	return Checkout(filepath.Dir(file))
}

// download finds (or fetches) a version of the module in the module cache, through the go
// command and the user's GOPROXY.
func download(version string) (string, error) {
	out, err := exec.Command("go", "mod", "download", "-json", Module+"@"+version).Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			var m struct{ Error string }
			if json.Unmarshal(out, &m) == nil && m.Error != "" {
				return "", fmt.Errorf("find the suites of payconform %s: go mod download: %s", version, m.Error)
			}
		}
		return "", fmt.Errorf("find the suites of payconform %s: go mod download: %v (payconform builds its suites with the go command; put it on PATH, or use a release archive or the runner image)", version, err)
	}
	var m struct{ Dir string }
	if err := json.Unmarshal(out, &m); err != nil || m.Dir == "" {
		return "", fmt.Errorf("find the suites of payconform %s: go mod download gave no directory", version)
	}
	return m.Dir, nil
}

// Checkout finds the payconform module root at or above dir.
func Checkout(dir string) (string, bool) {
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.HasPrefix(bytes.TrimSpace(b), []byte("module "+Module+"\n")) {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Names lists the suites a source offers (iyzico, paynet, paywall, certify, ...).
func (s *Source) Names() []string {
	var out []string
	if s.Dir != "" {
		entries, _ := os.ReadDir(s.Dir)
		for _, e := range entries {
			if name, ok := strings.CutSuffix(e.Name(), ".test"); ok {
				out = append(out, name)
			}
		}
		return out
	}
	entries, _ := os.ReadDir(filepath.Join(s.Root, "suites"))
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	slices.Sort(out)
	return out
}

// Binary returns the path of a suite's compiled binary, building it first in a checkout when
// its sources changed since the last build.
func (s *Source) Binary(name string) (string, error) {
	return s.BinaryContext(context.Background(), name)
}

// BinaryContext is Binary, with a build that stops when ctx is cancelled.
func (s *Source) BinaryContext(ctx context.Context, name string) (string, error) {
	if s.Dir != "" {
		p := filepath.Join(s.Dir, name+".test")
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("suite %s: no %s", name, p)
		}
		return p, nil
	}
	s.once.Do(func() { s.hash, s.err = sourceHash(s.Root) })
	if s.err != nil {
		return "", s.err
	}
	dir := filepath.Join(s.Build, s.hash[:16])
	bin := filepath.Join(dir, name+".test")
	_, berr := os.Stat(bin)
	_, derr := os.Stat(bin + ".sha256")
	if berr == nil && derr == nil {
		return bin, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("build suite %s: %w", name, err)
	}
	if s.Log != nil {
		why := "its sources changed"
		if inModuleCache(s.Root) {
			why = "once for this version, from " + s.Root
		}
		s.Log("payconform: building suite %s (%s)", name, why)
	}
	tmp := fmt.Sprintf("%s.%d.tmp", bin, os.Getpid())
	cmd := exec.CommandContext(ctx, "go", "test", "-c", "-o", tmp, "./suites/"+name)
	cmd.Dir = s.Root
	cmd.Env = append(os.Environ(), "GOWORK=off") // the module alone, whatever go.work lies above it
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build suite %s: %v\n%s", name, err, out)
	}
	digest, err := fileSHA256(tmp)
	if err == nil {
		err = os.WriteFile(bin+".sha256", []byte(digest+"\n"), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, bin)
	}
	if err != nil {
		return "", fmt.Errorf("build suite %s: %w", name, err)
	}
	s.prune(dir)
	return bin, nil
}

// Verified is Binary, checked: the binary's SHA-256 must be the one recorded beside it
// (<name>.test.sha256) when it was built, so that a binary replaced since (a poisoned cache)
// is a harness error, never a run. It returns the binary and its digest. Precompiled suites
// without a record (a directory someone filled by hand) are digested as they are.
func (s *Source) Verified(name string) (path, digest string, err error) {
	path, err = s.Binary(name)
	if err != nil {
		return "", "", err
	}
	digest, err = fileSHA256(path)
	if err != nil {
		return "", "", fmt.Errorf("suite %s: %w", name, err)
	}
	recorded, rerr := os.ReadFile(path + ".sha256")
	switch {
	case rerr != nil && s.Dir != "":
		return path, digest, nil
	case rerr != nil:
		return "", "", fmt.Errorf("suite %s: no digest was recorded when %s was built; remove %s and run again to rebuild it", name, path, filepath.Dir(path))
	case strings.TrimSpace(string(recorded)) != digest:
		return "", "", fmt.Errorf("suite %s: %s changed since it was built (SHA-256 %s, recorded %s): it is not run; remove %s and run again to rebuild it",
			name, path, digest[:12], strings.TrimSpace(string(recorded))[:min(12, len(strings.TrimSpace(string(recorded))))], filepath.Dir(path))
	}
	return path, digest, nil
}

// fileSHA256 is a file's hex SHA-256.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// prune removes the builds of other source hashes.
func (s *Source) prune(keep string) {
	entries, _ := os.ReadDir(filepath.Dir(keep))
	for _, e := range entries {
		if p := filepath.Join(filepath.Dir(keep), e.Name()); p != keep {
			_ = os.RemoveAll(p)
		}
	}
}

// sourceHash is SHA-256 over every file a suite build depends on, with the Go version and
// platform: the same tree on the same toolchain gives the same hash.
func sourceHash(root string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s %s/%s\x00", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			switch {
			case rel == ".":
			case strings.HasPrefix(d.Name(), "."), rel == "bin", rel == "reports", d.Name() == "node_modules", d.Name() == "testdata":
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case strings.HasSuffix(p, ".go"), rel == "go.mod", rel == "go.sum",
			strings.HasPrefix(rel, "vectors"+string(filepath.Separator)), strings.HasPrefix(rel, "contracts"+string(filepath.Separator)):
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hash suite sources: %w", err)
	}
	slices.Sort(files)
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return "", fmt.Errorf("hash suite sources: %w", err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
