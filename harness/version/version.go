// Package version says which payconform this is: the module version, the commit it was built
// from and whether the tree had uncommitted changes, read from the build information Go stamps
// into a binary built in a git checkout (go build -buildvcs=auto), or set with -ldflags for the
// runner image.
package version

import (
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"

	"golang.org/x/mod/module"

	"github.com/payconform/payconform/harness/suitebin"
)

// Stamped values, set with -ldflags "-X github.com/payconform/payconform/harness/version.Revision=..."
// where no VCS information is available (an image built from an exported tree).
var (
	Revision string
	Modified string // "true" or "false"
	// Release is the version a release build is (v1.0.0), stamped by goreleaser: such a build
	// is made from a checkout, whose module version Go records as (devel).
	Release string
)

// Info identifies a build.
type Info struct {
	Module   string `json:"module"`
	Revision string `json:"revision"`
	// Dirty reports whether the tree had uncommitted changes when it was built.
	Dirty bool   `json:"dirty"`
	Go    string `json:"go"`
}

// Read returns this binary's build information.
func Read() Info {
	info := Info{Module: "(devel)", Revision: Revision, Dirty: Modified == "true", Go: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	if bi.Main.Version != "" {
		info.Module = bi.Main.Version
	}
	if Release != "" && info.Module == "(devel)" {
		info.Module = Release
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			if info.Revision == "" {
				info.Revision = s.Value
			}
		case "vcs.modified":
			if Modified == "" {
				info.Dirty = s.Value == "true"
			}
		}
	}
	if info.Revision == "" && module.IsPseudoVersion(info.Module) {
		// go install ...@<commit> records the commit in the version itself.
		info.Revision, _ = module.PseudoVersionRev(info.Module)
	}
	if info.Revision == "" && info.Module == "(devel)" {
		// Built with -buildvcs=false and no -ldflags stamp: read the checkout this binary runs
		// in, if it is payconform's (the command line reads this before any adapter runs).
		wd, _ := os.Getwd()
		if root, ok := suitebin.Checkout(wd); ok {
			info.Revision, info.Dirty, _ = Git(root)
		}
	}
	return info
}

// BuildInfo is the binary's build information as `go version -m` prints it, without the
// dependencies: the main package's path, the main module with its version and sum, and the
// build settings (flags, platform, vcs.revision, vcs.modified, ...), one per line, tab-separated.
func BuildInfo() []string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return nil
	}
	var out []string
	for _, line := range strings.Split(bi.String(), "\n") {
		word, _, _ := strings.Cut(line, "\t")
		if word == "path" || word == "mod" || word == "build" {
			out = append(out, line)
		}
	}
	return out
}

// Git is the commit a git checkout is at, and whether it has uncommitted changes.
func Git(root string) (revision string, dirty, ok bool) {
	out, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		return "", false, false
	}
	status, _ := exec.Command("git", "-C", root, "status", "--porcelain").Output()
	return strings.TrimSpace(string(out)), len(strings.TrimSpace(string(status))) > 0, true
}

// Short is the module version and the commit: "(devel) 1a2b3c4d5e6f (dirty)". A version
// installed from a module proxy records no commit; its tag names one.
func (i Info) Short() string {
	rev := i.Revision
	switch {
	case rev == "" && i.Module != "(devel)":
		rev = "(commit not recorded; the tag " + i.Module + " names it)"
	case rev == "":
		rev = "unknown revision"
	case len(rev) > 12:
		rev = rev[:12]
	}
	if i.Dirty {
		rev += " (dirty)"
	}
	return i.Module + " " + rev
}

// String is "payconform (devel) 1a2b3c4d5e6f (dirty), go1.26".
func (i Info) String() string { return "payconform " + i.Short() + ", " + i.Go }
