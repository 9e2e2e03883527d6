// Package vectorset decodes payconform's Wycheproof-shaped vector files into typed structs and
// enforces what the JSON Schema cannot: unique ids, declared flags and sources, registered defect
// classes, and an explicit policy for "acceptable" results.
package vectorset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"

	"github.com/payconform/payconform/harness/verdict"
)

// Result is a vector's expected outcome.
type Result string

const (
	Valid      Result = "valid"
	Invalid    Result = "invalid"
	Acceptable Result = "acceptable"
)

// Meta is what every test carries, whatever its input.
type Meta struct {
	ID      int      `json:"id"`
	Comment string   `json:"comment"`
	Flags   []string `json:"flags"`
	Source  string   `json:"source"`
	Result  Result   `json:"result"`
	// Requirement, when set, is the catalogue requirement whose spec runs this vector.
	Requirement string `json:"requirement,omitempty"`
}

// Vector lets the loader read a test's Meta; every test type embeds Meta and so has it.
func (m Meta) Vector() Meta { return m }

// Test is the constraint on a file's test type.
type Test interface{ Vector() Meta }

// Source is where values in a file come from.
type Source struct {
	Title    string `json:"title"`
	URL      string `json:"url,omitempty"`
	Revision string `json:"revision,omitempty"`
}

// Note explains one flag. A bugType other than BASIC or EDGE_CASE names a defect class.
type Note struct {
	BugType     string   `json:"bugType"`
	Description string   `json:"description"`
	Links       []string `json:"links,omitempty"`
}

// IsDefect reports whether the flag this note explains names a defect.
func (n Note) IsDefect() bool { return n.BugType != "BASIC" && n.BugType != "EDGE_CASE" }

// Group holds tests of one type.
type Group[T Test] struct {
	Type  string `json:"type"`
	Tests []T    `json:"tests"`
}

// File is one vector file.
type File[T Test] struct {
	Schema        string            `json:"schema"`
	Provider      string            `json:"provider"`
	Algorithm     string            `json:"algorithm"`
	Version       string            `json:"version"`
	Header        []string          `json:"header"`
	Sources       map[string]Source `json:"sources"`
	Notes         map[string]Note   `json:"notes"`
	NumberOfTests int               `json:"numberOfTests"`
	TestGroups    []Group[T]        `json:"testGroups"`

	// Name is the file's path in its file system ("<provider>/<file>.json" under vectors/).
	Name string `json:"-"`
	// lines maps a test id to its line in the file, so that specs can point at the vector.
	lines map[int]int
}

// Tests lists every test of every group, in file order.
func (f *File[T]) Tests() []T {
	var out []T
	for _, g := range f.TestGroups {
		out = append(out, g.Tests...)
	}
	return out
}

// ForRequirement lists the tests whose spec is requirement id, in file order.
func (f *File[T]) ForRequirement(id string) []T {
	var out []T
	for _, t := range f.Tests() {
		if t.Vector().Requirement == id {
			out = append(out, t)
		}
	}
	return out
}

// Line is the line of the file where the test with this id starts (0 if unknown).
func (f *File[T]) Line(id int) int { return f.lines[id] }

// TestName is "<file> #<id> <comment>", the Wycheproof naming every spec and message uses.
func (f *File[T]) TestName(m Meta) string {
	return fmt.Sprintf("%s #%d %s", f.Name, m.ID, m.Comment)
}

// Defects returns the registered defects that a test's flags name.
func (f *File[T]) Defects(m Meta) []verdict.Defect {
	var out []verdict.Defect
	for _, flag := range m.Flags {
		if f.Notes[flag].IsDefect() {
			d, _ := verdict.LookupDefect(flag)
			out = append(out, d)
		}
	}
	return out
}

// Load decodes a vector file strictly (unknown fields are errors) and checks its consistency.
func Load[T Test](fsys fs.FS, name string) (*File[T], error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("load vectors %s: %w", name, err)
	}
	return Parse[T](name, data)
}

// Parse decodes a vector file's bytes strictly and checks its consistency; name says where
// they came from.
func Parse[T Test](name string, data []byte) (*File[T], error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	f := &File[T]{Name: name}
	if err := dec.Decode(f); err != nil {
		return nil, fmt.Errorf("decode vectors %s: %w", name, err)
	}
	f.lines = locate(data)
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("check vectors %s: %w", name, err)
	}
	return f, nil
}

// MustLoad is Load for embedded files, which are part of the build.
func MustLoad[T Test](fsys fs.FS, name string) *File[T] {
	f, err := Load[T](fsys, name)
	if err != nil {
		panic(err)
	}
	return f
}

// Version is the vector file version this loader reads. A file of another version has a shape
// or a meaning this code does not know, and is refused rather than misread.
const Version = "1"

func (f *File[T]) check() error {
	if f.Schema != "payconform.vectors/v1" {
		return fmt.Errorf("schema %q, want payconform.vectors/v1", f.Schema)
	}
	if f.Version != Version {
		return fmt.Errorf("version %q, this loader reads version %s", f.Version, Version)
	}
	for flag, note := range f.Notes {
		_, registered := verdict.LookupDefect(flag)
		switch {
		case note.IsDefect() && !registered:
			return fmt.Errorf("flag %s has bugType %s but is not a registered defect class", flag, note.BugType)
		case !note.IsDefect() && registered:
			return fmt.Errorf("flag %s is a registered defect class but has bugType %s", flag, note.BugType)
		}
	}
	seen := map[int]bool{}
	n := 0
	for _, t := range f.Tests() {
		m := t.Vector()
		n++
		if seen[m.ID] {
			return fmt.Errorf("test id %d appears twice", m.ID)
		}
		seen[m.ID] = true
		if m.Requirement != "" && !verdict.IDPattern.MatchString(m.Requirement) {
			return fmt.Errorf("test #%d: requirement %q is not a requirement ID", m.ID, m.Requirement)
		}
		if _, ok := f.Sources[m.Source]; !ok {
			return fmt.Errorf("test #%d: source %q is not in the file's sources", m.ID, m.Source)
		}
		switch m.Result {
		case Valid, Invalid, Acceptable:
		default:
			return fmt.Errorf("test #%d: result %q", m.ID, m.Result)
		}
		defects := 0
		for _, flag := range m.Flags {
			note, ok := f.Notes[flag]
			if !ok {
				return fmt.Errorf("test #%d: flag %q is not explained in notes", m.ID, flag)
			}
			if note.IsDefect() {
				defects++
			}
		}
		if m.Result != Valid && defects == 0 {
			return fmt.Errorf("test #%d: an %s test must carry the defect flag it models", m.ID, m.Result)
		}
	}
	if n != f.NumberOfTests {
		return fmt.Errorf("numberOfTests is %d, the groups hold %d", f.NumberOfTests, n)
	}
	return nil
}

var idLine = regexp.MustCompile(`^\s*"id":\s*([0-9]+)`)

// locate finds the line of each test's "id" member. Test ids are unique per file, and no input
// in payconform's vectors has a member named exactly "id".
func locate(data []byte) map[int]int {
	out := map[int]int{}
	for i, line := range bytes.Split(data, []byte("\n")) {
		if m := idLine.FindSubmatch(line); m != nil {
			id, _ := strconv.Atoi(string(m[1]))
			if _, dup := out[id]; !dup {
				out[id] = i + 1
			}
		}
	}
	return out
}

// ShouldPass settles a test's result the way the Go standard library's Wycheproof tests do:
// valid passes, invalid fails, and acceptable passes only if the policy says every one of the
// test's flags may pass. A flag the policy does not know is an error, so that a new acceptable
// case cannot slip through unjudged, whatever its other flags say.
func ShouldPass(m Meta, policy map[string]bool) (bool, error) {
	switch m.Result {
	case Valid:
		return true, nil
	case Invalid:
		return false, nil
	case Acceptable:
	default:
		return false, fmt.Errorf("test #%d: result %q", m.ID, m.Result)
	}
	pass := true
	for _, flag := range m.Flags {
		p, ok := policy[flag]
		if !ok {
			return false, fmt.Errorf("acceptable test #%d: no policy for its flag %s", m.ID, flag)
		}
		pass = pass && p
	}
	return pass, nil
}

// ForRequirements lists the tests whose spec is one of ids, requirement by requirement.
func (f *File[T]) ForRequirements(ids ...string) []T {
	var out []T
	for _, id := range ids {
		out = append(out, f.ForRequirement(id)...)
	}
	return out
}

// NotValid lists the tests whose result is invalid or acceptable, in file order.
func (f *File[T]) NotValid() []T {
	var out []T
	for _, t := range f.Tests() {
		if t.Vector().Result != Valid {
			out = append(out, t)
		}
	}
	return out
}
