// Package mock is payconform's provider mock: one http.Handler that serves every registered
// provider's routes, keeps a redacted journal, can answer with deliberate faults (to see what a
// client under test does with them), and can be switched into known-wrong behaviours (mutants) to
// prove that the suites' checks can fail. An admin API under /_payconform/ exposes the journal
// and the switches.
//
// The package names no provider. A provider's mock package (harness/<provider>/<provider>mock)
// registers its routes and mutants with Register, from init; New builds every registered
// provider's routes on a fresh server.
package mock

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/payconform/payconform/harness/mockapi"
	"github.com/payconform/payconform/harness/nearmiss"
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/redact"
)

// MaxBody is the largest request body a route reads by default; a larger one is refused with
// the provider's failure envelope.
const MaxBody = 1 << 20

// AdminPrefix is where the admin API lives.
const AdminPrefix = mockapi.AdminPrefix

// AdminTokenHeader carries the admin token.
const AdminTokenHeader = "X-Payconform-Admin-Token"

// Config is the mock's credentials and switches.
type Config struct {
	// Credentials are every registered provider's credentials and identifiers, by environment
	// variable name (<PROVIDER>_SECRET_KEY, ...). Generate fills missing ones.
	Credentials map[string]string
	// Mutants are active from the start.
	Mutants MutantSet
	// JournalSize is how many requests the journal keeps (default 1024).
	JournalSize int
	// AdminToken must be sent as X-Payconform-Admin-Token to use the admin API (health aside).
	// New generates one when it is empty: the admin API is never open.
	AdminToken string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Log receives one line per refused request, redacted; nil discards.
	Log *slog.Logger
	// Getenv reads the providers' own mock settings (an allow-list, say); nil reads nothing.
	Getenv func(string) string
	// ReadTimeout and MaxConns replace the serving limits (ReadTimeout, MaxConns) when set.
	ReadTimeout time.Duration
	MaxConns    int
	// Verifying makes the mock a certification's verifier: where a provider's documentation is
	// ambiguous and the real server might accept a request, the route serves it and records a
	// warning (AuthRecord.Warnings) instead of refusing, so that a client is warned at SHOULD
	// level, not failed.
	Verifying bool
}

// Generate fills every missing credential with a fresh random one and returns the names of the
// variables it generated.
func (c *Config) Generate() []string {
	if c.Credentials == nil {
		c.Credentials = map[string]string{}
	}
	var generated []string
	for _, v := range provider.Vars() {
		if v.Kind == provider.BaseURL || c.Credentials[v.Name] != "" {
			continue
		}
		c.Credentials[v.Name] = v.Generate()
		generated = append(generated, v.Name)
	}
	return generated
}

// Missing names the registered variables, optional ones aside, that have no value.
func (c Config) Missing() []string {
	var out []string
	for _, v := range provider.Vars() {
		if v.Kind != provider.BaseURL && !v.Optional && c.Credentials[v.Name] == "" {
			out = append(out, v.Name)
		}
	}
	slices.Sort(out)
	return out
}

// Var is one credential or identifier.
func (c Config) Var(name string) string { return c.Credentials[name] }

// Vars gives every provider's variables that point a custom target, or a user, at this mock
// served on baseURL: the base URLs and the credentials.
func (c Config) Vars(baseURL string) map[string]string {
	out := map[string]string{}
	for _, d := range provider.All() {
		for _, v := range d.Vars {
			if v.Kind == provider.BaseURL {
				out[v.Name] = baseURL
			} else if val := c.Credentials[v.Name]; val != "" {
				out[v.Name] = val
			}
		}
	}
	return out
}

// Secrets lists the values of every Secret variable, for redaction, and each one's near misses
// (harness/nearmiss): probes send them, and a route that echoes one gives the secret away.
func (c Config) Secrets() []string {
	var out []string
	for _, v := range provider.Vars() {
		if s := c.Credentials[v.Name]; v.Kind == provider.Secret && s != "" {
			out = append(append(out, s), nearmiss.All(s)...)
		}
	}
	return out
}

// ConfigFromEnv reads credentials and switches from environment variables: every registered
// provider's variables, PAYCONFORM_MOCK_MUTANTS and PAYCONFORM_MOCK_ADMIN_TOKEN. The providers'
// own settings are read from the same getenv when the server is built.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{Credentials: map[string]string{}, AdminToken: getenv("PAYCONFORM_MOCK_ADMIN_TOKEN"), Getenv: getenv}
	for _, v := range provider.Vars() {
		if v.Kind != provider.BaseURL {
			if val := getenv(v.Name); val != "" {
				cfg.Credentials[v.Name] = val
			}
		}
	}
	var err error
	cfg.Mutants, err = ParseMutants(getenv("PAYCONFORM_MOCK_MUTANTS"))
	return cfg, err
}

// Server is the mock.
type Server struct {
	cfg       Config
	mux       *http.ServeMux
	journal   *Journal
	switches  switches
	now       func() time.Time
	log       *slog.Logger
	injection injectionSwitch
	// paths maps a route's path to the methods it answers, for 405 answers.
	paths map[string][]string
	// state is each provider's route state, by provider name.
	state map[string]any
	// redactor masks the mock's own secrets in the journal it serves: a mutant (or a route's
	// bug) may echo a credential into an answer, and the journal is served to anyone with the
	// admin token.
	redactor *redact.Redactor
}

// New builds a mock serving every registered provider. Every credential must be set; Generate
// fills missing ones.
func New(cfg Config) (*Server, error) {
	if missing := cfg.Missing(); len(missing) > 0 {
		return nil, fmt.Errorf("new mock: credentials not set: %s (Config.Generate fills them)", strings.Join(missing, ", "))
	}
	if cfg.Getenv == nil {
		cfg.Getenv = func(string) string { return "" }
	}
	if cfg.AdminToken == "" {
		cfg.AdminToken = provider.RandomHex(16)
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), journal: NewJournal(cfg.JournalSize), now: cfg.Now, log: cfg.Log,
		paths: map[string][]string{}, state: map[string]any{}, redactor: redact.New(cfg.Secrets()...)}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.switches.store(cfg.Mutants)
	for _, p := range registered() {
		d, ok := provider.Lookup(p.Name)
		if !ok {
			return nil, fmt.Errorf("new mock: routes for %s, which is not a registered provider", p.Name)
		}
		h := &Host{s: s, d: d}
		routes, state, err := p.Routes(h)
		if err != nil {
			return nil, fmt.Errorf("new mock: %s routes: %w", p.Name, err)
		}
		s.state[p.Name] = state
		for _, r := range routes {
			s.handle(d, r)
		}
	}
	s.registerAdmin()
	s.mux.HandleFunc("/", s.notFound)
	return s, nil
}

// State is the route state a provider's mock package returned when the server was built; the
// provider's own tests read it (issued sessions, tokens).
func (s *Server) State(name string) any { return s.state[name] }

// ServeHTTP serves every provider's routes and the admin API. A panic in a handler is a mock
// defect: it is logged and answered with a 500 that says so, and never crashes the process.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("mock defect: handler panicked", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
			http.Error(w, "payconform mock defect: handler panicked; please report it", http.StatusInternalServerError)
		}
	}()
	s.mux.ServeHTTP(w, r)
}

// Journal is the mock's request journal, as kept: in-process readers (a certification's judges)
// see the bytes exchanged; the admin API serves it with the mock's secrets masked.
func (s *Server) Journal() *Journal { return s.journal }

// Mutants is the active set.
func (s *Server) Mutants() MutantSet { return s.switches.load() }

// SetMutants replaces the active set.
func (s *Server) SetMutants(set MutantSet) { s.switches.store(set) }

// Config is what the server was built with.
func (s *Server) Config() Config { return s.cfg }

func (s *Server) handle(d *provider.Descriptor, r Route) {
	s.paths[r.Path] = append(s.paths[r.Path], r.Method)
	s.mux.HandleFunc(r.Method+" "+r.Path, func(w http.ResponseWriter, req *http.Request) {
		limit := int64(MaxBody)
		if r.BodyLimit != nil {
			limit = r.BodyLimit(s.switches.load())
		}
		c := s.begin(w, req, d.Name, r.Operation, d.RedactHeaders, limit)
		r.Handle(c)
	})
}

// notFound answers a request no route takes, and journals it: a client that calls the wrong path
// shows up in the journal, and its judges can say so. A known path with another method gets
// 405 and an Allow header.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	c := s.begin(w, r, "unknown", "unknown", provider.RedactAnyHeaders, MaxBody)
	if methods, ok := s.paths[r.URL.Path]; ok {
		w.Header().Set("Allow", strings.Join(methods, ", "))
		c.ReplyJSON(http.StatusMethodNotAllowed, map[string]string{
			"error": fmt.Sprintf("payconform mock: %s %s: method not allowed; use %s", r.Method, r.URL.Path, strings.Join(methods, ", ")),
		}, fmt.Sprintf("method %s not allowed on %s (allowed: %s)", r.Method, r.URL.Path, strings.Join(methods, ", ")))
		return
	}
	c.ReplyJSON(http.StatusNotFound, map[string]string{
		"error": fmt.Sprintf("payconform mock: no route for %s %s", r.Method, r.URL.Path),
	}, "no route for "+r.Method+" "+r.URL.Path)
}

func (s *Server) registerAdmin() {
	s.mux.HandleFunc("GET "+AdminPrefix+"health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "mutants": s.Mutants().Names()})
	})
	s.mux.HandleFunc("GET "+AdminPrefix+"journal", s.admin(func(w http.ResponseWriter, r *http.Request) {
		after, limit, err := page(r.URL.Query())
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		entries := s.journal.Page(after, limit)
		for i := range entries {
			entries[i] = s.redactEntry(entries[i])
		}
		writeJSON(w, http.StatusOK, entries)
	}))
	s.mux.HandleFunc("DELETE "+AdminPrefix+"journal", s.admin(func(w http.ResponseWriter, r *http.Request) {
		s.journal.Clear()
		w.WriteHeader(http.StatusNoContent)
	}))
	s.mux.HandleFunc("GET "+AdminPrefix+"mutants", s.admin(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, mockapi.Mutants{Active: s.Mutants().Names(), Available: mutantInfos()})
	}))
	s.mux.HandleFunc("PUT "+AdminPrefix+"injection", s.admin(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Injection string }
		if err := json.NewDecoder(io.LimitReader(r.Body, 4<<10)).Decode(&body); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "decode injection: " + err.Error()})
			return
		}
		f, err := ParseInjection(body.Injection)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		s.SetInjection(f)
		writeJSON(w, http.StatusOK, map[string]string{"injection": f.String()})
	}))
	s.mux.HandleFunc("PUT "+AdminPrefix+"mutants", s.admin(func(w http.ResponseWriter, r *http.Request) {
		var body mockapi.Mutants
		if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&body); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "decode mutants: " + err.Error()})
			return
		}
		set, err := ParseMutants(strings.Join(body.Active, ","))
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		s.SetMutants(set)
		writeJSON(w, http.StatusOK, mockapi.Mutants{Active: set.Names()})
	}))
}

// page reads ?after=SEQ&limit=N: the entries after sequence number SEQ, at most N of them.
func page(q url.Values) (after uint64, limit int, err error) {
	if v := q.Get("after"); v != "" {
		if after, err = strconv.ParseUint(v, 10, 64); err != nil {
			return 0, 0, fmt.Errorf("journal: after=%q is not a sequence number", v)
		}
	}
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 {
			return 0, 0, fmt.Errorf("journal: limit=%q is not a positive number", v)
		}
	}
	return after, limit, nil
}

// admin guards an admin handler with the admin token.
func (s *Server) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get(AdminTokenHeader)), []byte(s.cfg.AdminToken)) != 1 {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "admin API: missing or wrong " + AdminTokenHeader})
			return
		}
		h(w, r)
	}
}

// Provider is one provider's part of the mock: its routes and its mutants.
type Provider struct {
	// Name is the registered provider's name.
	Name string
	// Mutants are the provider's switches; Register numbers them.
	Mutants []*Mutant
	// ContainerEnv are settings a containerised mock needs that an in-process one does not (an
	// allow-list that admits Docker's bridge gateway, say).
	ContainerEnv map[string]string
	// Routes builds the provider's routes on a new server, with a state value the provider's own
	// tests may read back (Server.State).
	Routes func(h *Host) (routes []Route, state any, err error)
	// Samples are valid requests to the routes, for benchmarks, fuzzing and load tests.
	Samples []Sample
}

// Sample is a valid request to one of a provider's routes: its body, and how to add the
// credentials a server with given variables accepts.
type Sample struct {
	Name         string
	Method, Path string
	// Body is a valid body for a server with these variables.
	Body func(vars func(string) string) []byte
	// Prepare adds credentials (a signature over body) and any header the route requires.
	Prepare func(r *http.Request, body []byte, vars func(string) string)
	// Shaped reports whether an answer has the provider's shape: a success or its refusal.
	Shaped func(status int, body []byte) bool
}

// Samples lists every registered provider's samples.
func Samples() []Sample {
	var out []Sample
	for _, p := range registered() {
		out = append(out, p.Samples...)
	}
	return out
}

// Route is one provider operation the mock serves.
type Route struct {
	Method, Path string
	// Operation names the operation in the journal (<provider>.<operation>).
	Operation string
	// BodyLimit bounds the body the route reads, given the active mutants (MaxBody if nil).
	BodyLimit func(MutantSet) int64
	Handle    func(c *Call)
}

var (
	regMu     sync.Mutex
	providers []Provider
)

// Register adds a provider's routes and mutants. It is called from the provider's mock package
// init, and panics on a duplicate mutant name.
func Register(p Provider) {
	regMu.Lock()
	defer regMu.Unlock()
	for _, m := range p.Mutants {
		registerMutant(p.Name, m)
	}
	providers = append(providers, p)
}

// registered lists the registered providers, sorted by name.
func registered() []Provider {
	regMu.Lock()
	defer regMu.Unlock()
	out := slices.Clone(providers)
	slices.SortFunc(out, func(a, b Provider) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// ContainerEnv merges every registered provider's container settings.
func ContainerEnv() map[string]string {
	out := map[string]string{}
	for _, p := range registered() {
		for k, v := range p.ContainerEnv {
			out[k] = v
		}
	}
	return out
}

// Host is what a provider's routes may use of the server that serves them.
type Host struct {
	s *Server
	d *provider.Descriptor
}

// Var is one of the mock's credentials or identifiers.
func (h *Host) Var(name string) string { return h.s.cfg.Credentials[name] }

// Getenv reads one of the provider's own mock settings.
func (h *Host) Getenv(name string) string { return h.s.cfg.Getenv(name) }

// Now is the mock's clock.
func (h *Host) Now() time.Time { return h.s.now() }

// Verifying reports whether the mock is a certification's verifier (Config.Verifying).
func (h *Host) Verifying() bool { return h.s.cfg.Verifying }

// Admin adds an admin endpoint under /_payconform/<path>, behind the admin token.
func (h *Host) Admin(method, path string, handler http.HandlerFunc) {
	h.s.mux.HandleFunc(method+" "+AdminPrefix+path, h.s.admin(handler))
}

// WriteJSON answers an admin request.
func WriteJSON(w http.ResponseWriter, status int, v any) { writeJSON(w, status, v) }

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encode response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	writeRaw(w, status, "application/json; charset=utf-8", body)
}

func writeRaw(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
