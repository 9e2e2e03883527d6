package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/payconform/payconform/harness/verdict"
)

// Baseline is known-deviations.yaml: the requirements a target is known to break, each with a
// reason and an expiry date. A listed failure is reported as a known deviation and does not
// fail the run; an expired entry fails it again; an entry whose requirement now passes is
// reported, so that it can be removed. This is Schemathesis's baseline and the OpenID
// conformance suite's expected-failures list, with an expiry so that none is forgotten.
type Baseline struct {
	Deviations []Deviation `yaml:"deviations"`
}

// Deviation is one known deviation.
type Deviation struct {
	Requirement string `yaml:"requirement"`
	// Target is the target kind it applies to (sandbox, custom, mock, container), or "*".
	Target  string `yaml:"target"`
	Reason  string `yaml:"reason"`
	Expires string `yaml:"expires"`
}

// LoadBaseline reads a baseline file strictly. A missing file is an empty baseline when optional.
func LoadBaseline(path string, optional bool) (Baseline, error) {
	var b Baseline
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) && optional {
		return b, nil
	}
	if err != nil {
		return b, fmt.Errorf("read known deviations: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxBaseline+1))
	if err != nil {
		return b, fmt.Errorf("read known deviations: %w", err)
	}
	return ParseBaseline(path, data)
}

// MaxBaseline bounds a known-deviations file.
const MaxBaseline = 1 << 20

// ParseBaseline reads a baseline strictly from data; name says where it came from in errors.
func ParseBaseline(name string, data []byte) (Baseline, error) {
	var b Baseline
	if len(data) > MaxBaseline {
		return b, fmt.Errorf("known deviations %s: over %d bytes", name, MaxBaseline)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&b); err != nil && !errors.Is(err, io.EOF) { // an empty file is an empty baseline
		return Baseline{}, fmt.Errorf("decode known deviations %s: %w", name, err)
	}
	path := name
	for i, d := range b.Deviations {
		where := fmt.Sprintf("%s: deviation %d (%s)", path, i+1, d.Requirement)
		if _, ok := verdict.Lookup(d.Requirement); !ok {
			return b, fmt.Errorf("%s: no such requirement", where)
		}
		if d.Target != "*" && !slices.Contains([]string{"mock", "container", "sandbox", "custom"}, d.Target) {
			return b, fmt.Errorf("%s: target %q, want sandbox, custom, mock, container or *", where, d.Target)
		}
		if strings.TrimSpace(d.Reason) == "" {
			return b, fmt.Errorf("%s: give a reason", where)
		}
		if _, err := time.Parse(time.DateOnly, d.Expires); err != nil {
			return b, fmt.Errorf("%s: expires %q, want a date like 2027-01-31", where, d.Expires)
		}
	}
	return b, nil
}

// BaselineNotes is what applying a baseline found.
type BaselineNotes struct {
	// Expired entries whose requirement failed again.
	Expired []string
	// Resolved entries whose requirement ran and no longer fails.
	Resolved []string
}

// Apply turns failures the baseline lists for this target into known deviations, and notes
// expired and resolved entries.
func (b Baseline) Apply(s *Summary, now time.Time) BaselineNotes {
	var notes BaselineNotes
	failing := map[string]bool{}
	ran := map[string]bool{}
	for _, sp := range s.Specs {
		if sp.Outcome == Failed {
			failing[sp.Requirement] = true
		}
		if sp.Outcome == Passed || sp.Outcome == Warned || sp.Outcome == Failed {
			ran[sp.Requirement] = true
		}
	}
	for _, d := range b.Deviations {
		if d.Target != "*" && d.Target != s.Target {
			continue
		}
		expires, _ := time.Parse(time.DateOnly, d.Expires)
		expired := !now.Before(expires.AddDate(0, 0, 1)) // valid through the whole expiry day
		switch {
		case failing[d.Requirement] && expired:
			notes.Expired = append(notes.Expired, fmt.Sprintf("%s (target %s): the entry expired on %s and the requirement still fails; fix it or renew the entry (%s)", d.Requirement, d.Target, d.Expires, d.Reason))
		case failing[d.Requirement]:
			for i := range s.Specs {
				sp := &s.Specs[i]
				if sp.Requirement == d.Requirement && sp.Outcome == Failed {
					s.Counts[Failed]--
					s.Counts[Known]++
					sp.Outcome = Known
					sp.Messages = append([]string{fmt.Sprintf("known deviation until %s: %s", d.Expires, d.Reason)}, sp.Messages...)
				}
			}
		case ran[d.Requirement]:
			notes.Resolved = append(notes.Resolved, fmt.Sprintf("%s (target %s): listed as a known deviation, but it passes now; remove the entry", d.Requirement, d.Target))
		}
	}
	return notes
}
