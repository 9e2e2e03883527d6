package suitebin

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A suite binary changed since its digest was recorded (a poisoned cache) is refused, and so is
// one whose digest was never recorded in a checkout's cache.
func TestVerifiedRefusesAChangedBinary(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "certify.test")
	_ = os.WriteFile(bin, []byte("the judge as built"), 0o755)
	digest, _ := fileSHA256(bin)
	_ = os.WriteFile(bin+".sha256", []byte(digest+"\n"), 0o644)
	s := &Source{Dir: dir}
	if _, got, err := s.Verified("certify"); err != nil || got != digest {
		t.Fatalf("an unchanged binary: %v", err)
	}
	_ = os.WriteFile(bin, []byte("a judge that certifies anything"), 0o755)
	if _, _, err := s.Verified("certify"); err == nil || !strings.Contains(err.Error(), "changed since it was built") {
		t.Errorf("a replaced binary: %v", err)
	}
	_ = os.Remove(bin + ".sha256")
	if _, got, err := s.Verified("certify"); err != nil || got == digest {
		t.Errorf("precompiled suites without a record are digested as they are: %v", err)
	}
}
