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

// Each target runs for FUZZTIME: a smoke run in `make test` (3000 executions, or the target's
// Smoke count, unless set), a
// longer one in `make fuzz` (a duration). -short skips it.
//
// The smoke run counts executions rather than seconds: Go 1.26's fuzz coordinator can report
// a bare "context deadline exceeded" when a duration -fuzztime ends while a worker is mid-call
// (golang/go#75804, fixed in Go 1.27), and it did so once in CI under load. A count has no
// deadline to race. A duration run that ends with exactly that report and no failing input
// written is run once more, and said so; a second such ending fails.
func TestFuzzTargets(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the fuzz smoke run is skipped")
	}
	set := os.Getenv("FUZZTIME")
	for _, tg := range fuzzsmoke.Targets {
		fuzztime := set
		switch {
		case fuzztime != "":
		case tg.Smoke != "":
			fuzztime = tg.Smoke
		default:
			fuzztime = "3000x"
		}
		t.Run(tg.Pkg+"/"+tg.Name, func(t *testing.T) {
			run := func() ([]byte, error) {
				cmd := exec.Command("go", "test", "-run", "^$", "-fuzz", "^"+tg.Name+"$", "-fuzztime", fuzztime, "-parallel", "1", "./"+tg.Pkg)
				cmd.Dir = selftest.Root()
				cmd.Env = append(os.Environ(), "GOFLAGS=")
				return cmd.CombinedOutput()
			}
			out, err := run()
			if err != nil && fuzzsmoke.DeadlineRace(out) {
				t.Logf("%s ended with the fuzz coordinator's deadline race (golang/go#75804) and no failing input; running it once more", tg.Name)
				out, err = run()
			}
			if err != nil {
				t.Fatalf("%s (%s): %v\n%s", tg.Name, tg.Parses, err, out)
			}
		})
	}
}

func TestDeadlineRaceIsOnlyTheBareReport(t *testing.T) {
	race := "fuzz: elapsed: 3s, execs: 10125 (0/sec), new interesting: 0 (total: 182)\n--- FAIL: FuzzVerify (3.02s)\n    context deadline exceeded\nFAIL\nexit status 1\nFAIL\tgithub.com/x/y\t3.040s\n"
	if !fuzzsmoke.DeadlineRace([]byte(race)) {
		t.Errorf("the upstream race's report was not recognised:\n%s", race)
	}
	for name, out := range map[string]string{
		"failing input": race + "    Failing input written to testdata/fuzz/FuzzVerify/abc\n",
		"panic":         "--- FAIL: FuzzVerify (0.10s)\n    --- FAIL: FuzzVerify (0.00s)\n        panic: index out of range\n    context deadline exceeded\n",
		"t.Error":       "--- FAIL: FuzzVerify (3.02s)\n    x_test.go:12: masked text still holds the secret\n    context deadline exceeded\n",
		"build failure": "# github.com/x/y\n./x.go:3:1: syntax error\nFAIL\tgithub.com/x/y [build failed]\n",
		"other":         "--- FAIL: FuzzVerify (3.02s)\n    fuzzing process hung or terminated unexpectedly: exit status 2\n",
	} {
		if fuzzsmoke.DeadlineRace([]byte(out)) {
			t.Errorf("%s: a real failure was taken for the upstream race:\n%s", name, out)
		}
	}
}
