// Package labels is the closed set of Ginkgo labels payconform specs may carry. Users filter runs
// with them (--label-filter=auth, SUITES=..., "!mock-only"), so a free-form label would be a
// filter that silently matches nothing. Check refuses any label outside the set.
package labels

import (
	"fmt"
	"strings"

	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/verdict"
)

// The fixed labels. Provider and defect labels are built with Provider and Defect.
const (
	KAT         = "kat"          // known-answer vectors, run offline
	Contract    = "contract"     // schema conformance and business invariants of responses
	Auth        = "auth"         // authentication negatives
	Input       = "input"        // input negatives
	Candidate   = "candidate"    // certification of a client under test
	Container   = "container"    // run against the mock in a container (a suite label)
	SandboxSafe = "sandbox-safe" // few, read-only requests: fit to send to a provider's sandbox
	MockOnly    = "mock-only"    // relies on the mock's own data or switches
)

var fixed = map[string]bool{
	KAT: true, Contract: true, Auth: true, Input: true, Candidate: true,
	Container: true, SandboxSafe: true, MockOnly: true,
}

// byArea maps the AREA word of a requirement ID to the label of its kind of check.
var byArea = map[string]string{
	"KAT":       KAT,
	"CONTRACT":  Contract,
	"INVARIANT": Contract,
	"AUTH":      Auth,
	"INPUT":     Input,
	"ROBUST":    Input,
	"CERT":      Candidate,
}

// Provider is the label of one provider's specs: provider:<name>.
func Provider(name string) string { return "provider:" + name }

// Defect is the label of specs that check for one defect class: defect:PATH_NOT_SIGNED.
func Defect(class string) string { return "defect:" + class }

// Check reports whether a label belongs to the closed set.
func Check(label string) error {
	if fixed[label] {
		return nil
	}
	if p, ok := strings.CutPrefix(label, "provider:"); ok {
		if _, ok := provider.Lookup(p); ok {
			return nil
		}
		return fmt.Errorf("check label %q: unknown provider", label)
	}
	if c, ok := strings.CutPrefix(label, "defect:"); ok {
		if _, known := verdict.LookupDefect(c); known {
			return nil
		}
		return fmt.Errorf("check label %q: defect class not registered (verdict.RegisterDefect)", label)
	}
	return fmt.Errorf("check label %q: not in the closed set of harness/labels", label)
}

// For gives the labels a requirement's spec carries: its provider, the kind of check its area
// names, and sandbox-safe or mock-only.
func For(r verdict.Requirement) []string {
	area, ok := byArea[r.Area()]
	if !ok {
		panic(fmt.Sprintf("labels: requirement %s has area %s, which maps to no label", r.ID, r.Area()))
	}
	out := []string{Provider(r.Provider()), area}
	switch {
	case r.MockOnly:
		out = append(out, MockOnly)
	case !r.NotSandboxSafe && area != Candidate:
		out = append(out, SandboxSafe)
	}
	return out
}
