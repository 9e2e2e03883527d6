// Package provider is the registry of payment providers payconform knows. A provider describes
// itself once, in a Descriptor, and registers it from its own package's init, the way
// database/sql drivers and image formats register themselves. Everything generic (verdicts,
// targets, the mock, certification, reports) ranges over the registry and names no provider.
//
// The package is a leaf: it imports nothing from the harness, so that a provider's wire package
// (signing, verifying, wire types) can register itself without pulling the harness in.
package provider

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Kind says what a variable holds, and so how the harness treats it.
type Kind int

const (
	// BaseURL is the scheme and host requests go to.
	BaseURL Kind = iota
	// Secret is a credential: it is redacted everywhere, in every encoding.
	Secret
	// Identifier names the merchant, agent or user; it is not secret and reports may show it.
	Identifier
)

// Var is one environment variable a provider reads (<PROVIDER>_BASE_URL, <PROVIDER>_SECRET_KEY, ...).
type Var struct {
	Name string
	Kind Kind
	// Doc is one line for the README and for error messages.
	Doc string
	// Sandbox is the documented sandbox base URL, for BaseURL variables.
	Sandbox string
	// Generate draws a value for a mock target; every non-BaseURL variable has one.
	Generate func() string
	// Optional variables (a second agent, say) widen some checks; a target without them skips
	// those checks only, and their absence does not make a run "nothing tested".
	Optional bool
}

// Operation is one operation of the candidate protocol a client can be certified for.
type Operation struct {
	// Name is "<provider>.<operation>".
	Name string
	// Credentials maps the protocol's credential names (api_key, secret_key) to the provider's
	// variables; the candidate receives these values on stdin, nothing else.
	Credentials map[string]string
	// Network operations call base_url; the others (signing) compute locally.
	Network bool
	// Doc says in one line what the operation does.
	Doc string
}

// Descriptor is everything generic code needs to know of a provider.
type Descriptor struct {
	// Name is the lower-case provider name; it names labels (provider:<name>), suites and SUITES
	// entries.
	Name string
	// Prefix starts every requirement ID of the provider (<PREFIX>-AUTH-01).
	Prefix string
	// Title is a short human description: the scheme and the operations checked.
	Title string
	// Vars are the provider's environment variables; exactly one is a BaseURL.
	Vars []Var
	// ContractFS and ContractFile locate the provider's OpenAPI document.
	ContractFS   fs.FS
	ContractFile string
	// CredentialHeaders name the request headers that carry credentials.
	CredentialHeaders []string
	// RedactHeader masks one credential header's value for journals and reports, keeping
	// what a reader may see (a scheme, an apiKey, a few leading characters).
	RedactHeader func(name, value string) string
	// ErrorCodeFields name the top-level fields of the provider's JSON answers that carry its
	// error codes; the run history keeps their values, and no other value, as part of an
	// answer's shape.
	ErrorCodeFields []string
	// Operations are the candidate protocol operations the provider offers.
	Operations []Operation
	// Resign, when set, replays the provider's requests in reports: their credentials cannot be
	// replayed as sent (a signature over a fresh random key).
	Resign *Resign
}

// Resign is a command that prints fresh credential headers for a request, one per line, ready
// for curl -H @-. In Command, {path} stands for the request's path (with its query) and "$BODY"
// holds its body; Headers are the request headers its output replaces; Note says, in one line,
// what the replay changes.
type Resign struct {
	Command string
	Headers []string
	Note    string
}

var (
	nameRE   = regexp.MustCompile(`^[a-z][a-z0-9]{1,15}$`)
	prefixRE = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,5}$`)
	varRE    = regexp.MustCompile(`^[A-Z][A-Z0-9_]+$`)
)

var (
	mu       sync.RWMutex
	registry = map[string]*Descriptor{}
)

// Register adds a provider. It panics on a malformed or duplicate descriptor: descriptors are
// static data, and a broken one is a programming error found when the program starts.
func Register(d Descriptor) *Descriptor {
	if err := d.check(); err != nil {
		panic("provider: " + err.Error())
	}
	mu.Lock()
	defer mu.Unlock()
	for _, other := range registry {
		switch {
		case other.Name == d.Name:
			panic(fmt.Sprintf("provider: %s registered twice", d.Name))
		case other.Prefix == d.Prefix:
			panic(fmt.Sprintf("provider: %s and %s share the prefix %s", other.Name, d.Name, d.Prefix))
		}
		for _, v := range d.Vars {
			if other.Var(v.Name) != nil {
				panic(fmt.Sprintf("provider: %s and %s both declare %s", other.Name, d.Name, v.Name))
			}
		}
	}
	p := &d
	registry[d.Name] = p
	return p
}

func (d Descriptor) check() error {
	switch {
	case !nameRE.MatchString(d.Name):
		return fmt.Errorf("name %q is not lower-case letters and digits", d.Name)
	case !prefixRE.MatchString(d.Prefix):
		return fmt.Errorf("%s: prefix %q is not 2 to 6 upper-case letters", d.Name, d.Prefix)
	case d.ContractFS == nil || d.ContractFile == "":
		return fmt.Errorf("%s: no contract", d.Name)
	case d.RedactHeader == nil:
		return fmt.Errorf("%s: no RedactHeader", d.Name)
	}
	bases := 0
	for _, v := range d.Vars {
		switch {
		case !varRE.MatchString(v.Name):
			return fmt.Errorf("%s: variable %q is not UPPER_SNAKE", d.Name, v.Name)
		case v.Kind == BaseURL:
			bases++
		case v.Generate == nil:
			return fmt.Errorf("%s: variable %s has no generator for mock targets", d.Name, v.Name)
		}
	}
	if bases != 1 {
		return fmt.Errorf("%s: %d base URL variables, want 1", d.Name, bases)
	}
	for _, op := range d.Operations {
		if !strings.HasPrefix(op.Name, d.Name+".") {
			return fmt.Errorf("%s: operation %q does not start with %q", d.Name, op.Name, d.Name+".")
		}
		for key, name := range op.Credentials {
			if d.Var(name) == nil {
				return fmt.Errorf("%s: operation %s hands %s from %s, which the provider does not declare", d.Name, op.Name, key, name)
			}
		}
	}
	return nil
}

// All lists the registered providers, sorted by name.
func All() []*Descriptor {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]*Descriptor, 0, len(registry))
	for _, d := range registry {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *Descriptor) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Names lists the registered providers' names, sorted.
func Names() []string {
	var out []string
	for _, d := range All() {
		out = append(out, d.Name)
	}
	return out
}

// Lookup finds a provider by name.
func Lookup(name string) (*Descriptor, bool) {
	mu.RLock()
	defer mu.RUnlock()
	d, ok := registry[name]
	return d, ok
}

// ByPrefix finds the provider whose requirement IDs start with prefix.
func ByPrefix(prefix string) (*Descriptor, bool) {
	mu.RLock()
	defer mu.RUnlock()
	for _, d := range registry {
		if d.Prefix == prefix {
			return d, true
		}
	}
	return nil, false
}

// Var finds one of the provider's variables, or nil.
func (d *Descriptor) Var(name string) *Var {
	for i := range d.Vars {
		if d.Vars[i].Name == name {
			return &d.Vars[i]
		}
	}
	return nil
}

// BaseURLVar is the name of the provider's base URL variable.
func (d *Descriptor) BaseURLVar() string {
	for _, v := range d.Vars {
		if v.Kind == BaseURL {
			return v.Name
		}
	}
	return ""
}

// Required lists the variables a target must set for the provider's checks to run: the base URL
// and every non-optional credential and identifier.
func (d *Descriptor) Required() []string {
	var out []string
	for _, v := range d.Vars {
		if !v.Optional {
			out = append(out, v.Name)
		}
	}
	return out
}

// RedactHeaders returns a copy of h with the provider's credential headers masked.
func (d *Descriptor) RedactHeaders(h http.Header) http.Header {
	out := h.Clone()
	for _, name := range d.CredentialHeaders {
		if vs := h.Values(name); len(vs) > 0 {
			masked := make([]string, len(vs))
			for i, v := range vs {
				masked[i] = d.RedactHeader(name, v)
			}
			out[http.CanonicalHeaderKey(name)] = masked
		}
	}
	return out
}

// Operation finds one of the provider's operations.
func (d *Descriptor) Operation(name string) (Operation, bool) {
	for _, op := range d.Operations {
		if op.Name == name {
			return op, true
		}
	}
	return Operation{}, false
}

// Vars lists every registered provider's variables, provider by provider.
func Vars() []Var {
	var out []Var
	for _, d := range All() {
		out = append(out, d.Vars...)
	}
	return out
}

// Operations lists every registered operation, sorted by name.
func Operations() []Operation {
	var out []Operation
	for _, d := range All() {
		out = append(out, d.Operations...)
	}
	slices.SortFunc(out, func(a, b Operation) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// OperationByName finds a registered operation and its provider.
func OperationByName(name string) (*Descriptor, Operation, bool) {
	p, _, _ := strings.Cut(name, ".")
	d, ok := Lookup(p)
	if !ok {
		return nil, Operation{}, false
	}
	op, ok := d.Operation(name)
	return d, op, ok
}

// RedactAnyHeaders masks every registered provider's credential headers: for requests whose
// provider is not known (a wrong path), where any of them may have been sent.
func RedactAnyHeaders(h http.Header) http.Header {
	out := h
	for _, d := range All() {
		out = d.RedactHeaders(out)
	}
	if len(All()) == 0 {
		out = h.Clone()
	}
	return out
}

// Mask is how a masked value reads when nothing of it may be shown.
func Mask(v string) string {
	if v == "" {
		return "(empty)"
	}
	return fmt.Sprintf("<masked, %d chars>", len(v))
}

// RandomHex is n random bytes in hex, for generated credentials.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// RandomDigits is n random decimal digits, the first not 0, for generated numeric ids.
func RandomDigits(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}
