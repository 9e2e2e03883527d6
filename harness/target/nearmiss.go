package target

import (
	"fmt"

	"github.com/payconform/payconform/harness/nearmiss"
)

// NearMiss is value nearly, edited as kind says (harness/nearmiss). A value the edit leaves
// unchanged (no letters to swap, nothing to drop) makes the probe a *NotApplicableError that
// says so.
func NearMiss(kind, value string) (string, error) {
	if !nearmiss.Known(kind) {
		return "", fmt.Errorf("near miss: unknown kind %q", kind)
	}
	out, ok := nearmiss.Of(kind, value)
	if !ok {
		return "", &NotApplicableError{Reason: fmt.Sprintf("the target's credential has no %s form", kind)}
	}
	return out, nil
}
