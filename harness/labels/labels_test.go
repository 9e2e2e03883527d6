package labels_test

import (
	"testing"

	"github.com/payconform/payconform/harness/labels"
	"github.com/payconform/payconform/harness/verdict"
	_ "github.com/payconform/payconform/internal/toyprovider" // the test-only provider and its defect
)

func TestClosedSet(t *testing.T) {
	for _, ok := range []string{"kat", "auth", "sandbox-safe", "provider:toy", "defect:TOY_PATH_NOT_SIGNED"} {
		if err := labels.Check(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"slow", "provider:stripe", "defect:NOT_A_DEFECT", "Auth", ""} {
		if labels.Check(bad) == nil {
			t.Errorf("%q was accepted; the set is closed", bad)
		}
	}
}

func TestForDerivesLabelsFromTheRequirement(t *testing.T) {
	r := verdict.MustLookup("TOY-CONTRACT-01")
	got := labels.For(r)
	want := []string{"provider:toy", "contract", "sandbox-safe"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}
