package target

import (
	"fmt"

	"github.com/payconform/payconform/harness/redact"
)

// Near-miss kinds: a credential that is nearly the target's. A server that compares credentials
// byte for byte refuses each; one that compares loosely lets one through.
const (
	OtherCase = "key-other-case" // every letter's case swapped
	Suffix    = "key-suffix"     // one character added
	Truncated = "key-truncated"  // the last character dropped
)

// NearMiss is value nearly, edited as kind says. A value the edit leaves unchanged (no letters
// to swap, nothing to drop) makes the probe a *NotApplicableError that says so.
func NearMiss(kind, value string) (string, error) {
	var out string
	switch kind {
	case OtherCase:
		out = redact.SwapCase(value)
	case Suffix:
		out = value + "0"
	case Truncated:
		if value != "" {
			out = value[:len(value)-1]
		}
	default:
		return "", fmt.Errorf("near miss: unknown kind %q", kind)
	}
	if out == value || out == "" {
		return "", &NotApplicableError{Reason: fmt.Sprintf("the target's credential has no %s form", kind)}
	}
	return out, nil
}
