package mock

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/payconform/payconform/harness/mockapi"
)

// Mutant is a switch that makes the mock deliberately wrong in one way. Each one lists the
// requirements whose checks it must trip: the project's tests run every suite against every
// mutant and fail if a listed MUST does not fail or a listed SHOULD does not warn. That is how
// payconform shows that its checks can fail. A provider's mock package declares its mutants and
// registers them with its routes.
type Mutant struct {
	Name        string
	Description string
	// Kills are MUST requirements whose specs must fail against this mutant.
	Kills []string
	// Warns are SHOULD requirements whose specs must warn against this mutant.
	Warns []string
	// Benign marks a server that is correct but unusual (a byte order mark, null optional
	// fields, a replay guard): it must fail no MUST, whatever SHOULD it warns on. The tests
	// check that a correct implementation never fails, as well as that a defective one never
	// passes.
	Benign bool

	provider string
	bit      int
}

// Provider is the provider whose routes the mutant changes.
func (m *Mutant) Provider() string { return m.provider }

// maxMutants bounds the mutant table: MutantSet is a fixed bit set.
const maxMutants = 256

var mutants []*Mutant // guarded by regMu

func registerMutant(providerName string, m *Mutant) {
	if len(mutants) == maxMutants {
		panic(fmt.Sprintf("mock: more than %d mutants", maxMutants))
	}
	if !strings.HasPrefix(m.Name, providerName+"-") {
		panic(fmt.Sprintf("mock: mutant %q of %s must start with %q", m.Name, providerName, providerName+"-"))
	}
	for _, old := range mutants {
		if old.Name == m.Name {
			panic(fmt.Sprintf("mock: mutant %s registered twice", m.Name))
		}
	}
	m.provider, m.bit = providerName, len(mutants)
	mutants = append(mutants, m)
}

// Mutants lists every registered mutant, provider by provider, in declaration order.
func Mutants() []*Mutant {
	regMu.Lock()
	defer regMu.Unlock()
	out := slices.Clone(mutants)
	slices.SortStableFunc(out, func(a, b *Mutant) int { return strings.Compare(a.provider, b.provider) })
	return out
}

func mutantInfos() []mockapi.MutantInfo {
	var out []mockapi.MutantInfo
	for _, m := range Mutants() {
		out = append(out, mockapi.MutantInfo{Name: m.Name, Provider: m.provider, Description: m.Description, Kills: m.Kills, Warns: m.Warns})
	}
	return out
}

// MutantSet is a set of active mutants.
type MutantSet struct{ bits [maxMutants / 64]uint64 }

// Has reports whether m is in the set.
func (s MutantSet) Has(m *Mutant) bool { return m != nil && s.bits[m.bit/64]&(1<<(m.bit%64)) != 0 }

// With returns the set with m added.
func (s MutantSet) With(m *Mutant) MutantSet {
	s.bits[m.bit/64] |= 1 << (m.bit % 64)
	return s
}

// Empty reports whether no mutant is active.
func (s MutantSet) Empty() bool { return s == MutantSet{} }

// Names lists the set's mutant names, in table order.
func (s MutantSet) Names() []string {
	var out []string
	for _, m := range Mutants() {
		if s.Has(m) {
			out = append(out, m.Name)
		}
	}
	return out
}

// ParseMutants reads a comma-separated list of mutant names. "" is the empty set.
func ParseMutants(list string) (MutantSet, error) {
	var s MutantSet
	all := Mutants()
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		i := slices.IndexFunc(all, func(m *Mutant) bool { return m.Name == name })
		if i < 0 {
			return MutantSet{}, fmt.Errorf("parse mutants: unknown mutant %q (`payconform mock -list-mutants` lists them)", name)
		}
		s = s.With(all[i])
	}
	return s, nil
}

// switches holds the active set; handlers read it once per request.
type switches struct{ v atomic.Pointer[MutantSet] }

func (s *switches) load() MutantSet {
	if p := s.v.Load(); p != nil {
		return *p
	}
	return MutantSet{}
}
func (s *switches) store(set MutantSet) { s.v.Store(&set) }

// Union is the set of mutants in s or t.
func (s MutantSet) Union(t MutantSet) MutantSet {
	for i := range s.bits {
		s.bits[i] |= t.bits[i]
	}
	return s
}
