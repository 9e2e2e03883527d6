package fuzzsmoke_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/payconform/payconform/internal/fuzzsmoke"
	"github.com/payconform/payconform/internal/selftest"
)

// The list names every Fuzz function in the tree, and nothing else.
func TestTheListIsComplete(t *testing.T) {
	root := selftest.Root()
	fuzz := regexp.MustCompile(`(?m)^func (Fuzz\w+)\(f \*testing\.F\)`)
	var found []string
	_ = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, _ := os.ReadFile(path)
		for _, m := range fuzz.FindAllSubmatch(b, -1) {
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			found = append(found, rel+" "+string(m[1]))
		}
		return nil
	})
	var listed []string
	for _, tg := range fuzzsmoke.Targets {
		listed = append(listed, tg.Pkg+" "+tg.Name)
	}
	slices.Sort(found)
	slices.Sort(listed)
	if !slices.Equal(found, listed) {
		t.Errorf("fuzz targets in the tree:\n  %v\nlisted in internal/fuzzsmoke:\n  %v", found, listed)
	}
}

// Each target runs for FUZZTIME (2s unless set): a smoke run in `make test`, a longer one in
// `make fuzz`. -short skips it.
func TestFuzzTargets(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the fuzz smoke run is skipped")
	}
	fuzztime := os.Getenv("FUZZTIME")
	if fuzztime == "" {
		fuzztime = "2s"
	}
	for _, tg := range fuzzsmoke.Targets {
		t.Run(tg.Pkg+"/"+tg.Name, func(t *testing.T) {
			cmd := exec.Command("go", "test", "-run", "^$", "-fuzz", "^"+tg.Name+"$", "-fuzztime", fuzztime, "-parallel", "1", "./"+tg.Pkg)
			cmd.Dir = selftest.Root()
			cmd.Env = append(os.Environ(), "GOFLAGS=")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s (%s): %v\n%s", tg.Name, tg.Parses, err, out)
			}
		})
	}
}
