// Package verdict holds what a conformance check can say: the requirements it checks (ID, level,
// source, text), the problems it finds, and the defects those problems most likely come from.
//
// It has no test-framework dependency, so that the mock, the candidate runner and the suites all
// speak the same language. harness/conformance turns findings into Ginkgo failures and warnings.
package verdict

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/payconform/payconform/harness/provider"
)

// Level is an RFC 2119 level. A MUST that fails fails the spec; a SHOULD that fails passes it
// with a warning in the reports.
type Level string

const (
	MUST   Level = "MUST"
	SHOULD Level = "SHOULD"
)

// Requirement is one checkable statement of a provider's contract.
type Requirement struct {
	// ID is <PROVIDER>-<AREA>-<NN>, for example IYZ-AUTH-04. It appears in the spec name, and
	// so in every JUnit testcase name and failure message.
	ID    string
	Level Level
	// Text is one sentence in RFC 2119 terms.
	Text string
	// Source is a documentation address or an SDK file that states the requirement.
	Source string
	// Quote is the sentence of the source (the provider's, an SDK's, an RFC's) that makes the
	// requirement what it is. Every MUST has one: a rule the documentation only implies, or a
	// format it leaves open, is a SHOULD at most.
	Quote string
	// Silent, for a SHOULD, says what the documentation leaves open; a failure repeats it, so
	// that a reader knows the warning rests on payconform's reading, not on the provider's word.
	Silent string
	// MockOnly marks checks that depend on the mock's own data or switches; they are skipped
	// against custom and sandbox targets.
	MockOnly bool
	// ProviderData marks checks on data only the provider (its sandbox) and the mock hold, such
	// as a documented BIN's card details; they are skipped against custom servers.
	ProviderData bool
	// NotSandboxSafe marks checks that are too heavy or too odd to send to a provider's sandbox.
	NotSandboxSafe bool
}

// Provider is the lower-case name of the registered provider the ID's prefix stands for.
func (r Requirement) Provider() string {
	if d, ok := provider.ByPrefix(r.prefix()); ok {
		return d.Name
	}
	return ""
}

// Area is the upper-case word in the middle of the ID.
func (r Requirement) Area() string { return strings.Split(r.ID, "-")[1] }

func (r Requirement) prefix() string { return strings.Split(r.ID, "-")[0] }

// String gives the form that spec names carry: "IYZ-AUTH-04 MUST".
func (r Requirement) String() string { return r.ID + " " + string(r.Level) }

// IDPattern matches a requirement ID anywhere in a text, such as a spec's full name: a
// provider's prefix, an area, two digits. Lookup tells a registered ID from a look-alike.
var IDPattern = regexp.MustCompile(`\b[A-Z][A-Z0-9]{1,5}-[A-Z]+-[0-9]{2}\b`)

var idExact = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,5}-[A-Z]+-[0-9]{2}$`)

// Defect is the likely cause of a problem, in a stable class name and in plain words.
type Defect struct {
	// Class is upper snake case (PATH_NOT_SIGNED). It is also the vector flag that models the
	// defect and the defect:<Class> label of the specs that check for it.
	Class string
	// Words say what the client or server most likely does wrong, for a reader who has not seen
	// the code: "the client signs rnd+body without the path".
	Words string
}

func (d Defect) String() string {
	if d.Class == "" {
		return ""
	}
	return d.Words + " [defect:" + d.Class + "]"
}

// Problem is what a check saw go wrong, before it is tied to a requirement.
type Problem struct {
	Expected string
	Got      string
	// Defect is the likely cause; the zero Defect means the check cannot tell.
	Defect Defect
	// Err is the typed error behind the problem, if there is one (a verifier reason, a schema
	// violation). It is reachable through Finding.Unwrap.
	Err error
}

// Finding is a problem held against a requirement. Its message names the requirement and its
// level, what was expected, what was seen and the likely defect.
type Finding struct {
	Requirement Requirement
	Problem
}

var _ error = Finding{}

func (f Finding) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: expected %s; got %s", f.Requirement, f.Expected, f.Got)
	if f.Defect.Class != "" {
		fmt.Fprintf(&b, "; likely defect: %s", f.Defect)
	}
	if f.Requirement.Silent != "" {
		fmt.Fprintf(&b, " (a warning, not a failure: the documentation is silent here: %s)", f.Requirement.Silent)
	}
	return b.String()
}

func (f Finding) Unwrap() error { return f.Err }

// Hold ties problems to a requirement.
func Hold(r Requirement, problems ...Problem) []Finding {
	out := make([]Finding, len(problems))
	for i, p := range problems {
		out[i] = Finding{Requirement: r, Problem: p}
	}
	return out
}

var (
	mu           sync.RWMutex
	requirements = map[string]Requirement{}
	defects      = map[string]Defect{}
)

// Register adds a provider's catalogue to the registry. It panics on a malformed or duplicate
// entry: a catalogue is static data, and a broken one is a programming error.
func Register(reqs ...Requirement) []Requirement {
	mu.Lock()
	defer mu.Unlock()
	for _, r := range reqs {
		switch {
		case !idExact.MatchString(r.ID):
			panic(fmt.Sprintf("verdict: requirement ID %q is not <PROVIDER>-<AREA>-<NN>", r.ID))
		case r.Provider() == "":
			panic(fmt.Sprintf("verdict: requirement %s: no registered provider has the prefix %s", r.ID, r.prefix()))
		case r.Level != MUST && r.Level != SHOULD:
			panic(fmt.Sprintf("verdict: requirement %s has level %q", r.ID, r.Level))
		case r.Text == "" || r.Source == "":
			panic(fmt.Sprintf("verdict: requirement %s needs a text and a source", r.ID))
		case !strings.Contains(r.Text, string(r.Level)):
			panic(fmt.Sprintf("verdict: requirement %s is a %s; its text must say so in RFC 2119 terms", r.ID, r.Level))
		case r.Level == MUST && strings.TrimSpace(r.Quote) == "":
			panic(fmt.Sprintf("verdict: requirement %s is a MUST without a quoted sentence: quote the provider, SDK or RFC sentence that makes it one, or make it a SHOULD", r.ID))
		case r.Level == MUST && r.Silent != "":
			panic(fmt.Sprintf("verdict: requirement %s is a MUST on a point the documentation leaves open; make it a SHOULD", r.ID))
		case r.Level == SHOULD && strings.TrimSpace(r.Silent) == "" && strings.TrimSpace(r.Quote) == "":
			panic(fmt.Sprintf("verdict: requirement %s is a SHOULD that says neither what the documentation leaves open (Silent) nor which sentence recommends it (Quote)", r.ID))
		}
		if _, dup := requirements[r.ID]; dup {
			panic(fmt.Sprintf("verdict: requirement %s registered twice", r.ID))
		}
		requirements[r.ID] = r
	}
	return reqs
}

// Lookup finds a registered requirement.
func Lookup(id string) (Requirement, bool) {
	mu.RLock()
	defer mu.RUnlock()
	r, ok := requirements[id]
	return r, ok
}

// MustLookup finds a registered requirement or panics; use it where the ID is a literal.
func MustLookup(id string) Requirement {
	r, ok := Lookup(id)
	if !ok {
		panic(fmt.Sprintf("verdict: unknown requirement %s: add it to its provider's catalogue", id))
	}
	return r
}

// Catalogue returns the registered requirements of one provider ("" for all), sorted by ID.
func Catalogue(provider string) []Requirement {
	mu.RLock()
	defer mu.RUnlock()
	var out []Requirement
	for _, r := range requirements {
		if provider == "" || r.Provider() == provider {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b Requirement) int { return strings.Compare(a.ID, b.ID) })
	return out
}

var defectClass = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)

// RegisterDefect adds a defect class to the closed set that labels and vector flags draw from.
func RegisterDefect(d Defect) Defect {
	mu.Lock()
	defer mu.Unlock()
	if !defectClass.MatchString(d.Class) || d.Words == "" {
		panic(fmt.Sprintf("verdict: defect %q needs an UPPER_SNAKE class and words", d.Class))
	}
	if old, dup := defects[d.Class]; dup && old != d {
		panic(fmt.Sprintf("verdict: defect %s registered twice with different words", d.Class))
	}
	defects[d.Class] = d
	return d
}

// LookupDefect finds a registered defect class.
func LookupDefect(class string) (Defect, bool) {
	mu.RLock()
	defer mu.RUnlock()
	d, ok := defects[class]
	return d, ok
}
