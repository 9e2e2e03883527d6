package selftest_test

import (
	"os"
	"testing"
)

var binDir string

// TestMain gives every test one directory for compiled suites, removed at the end.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "payconform-selftest-")
	if err != nil {
		panic(err)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func sharedDir(*testing.T) string { return binDir }
