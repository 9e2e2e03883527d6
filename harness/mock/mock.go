// Package mock is payconform's provider mock: one http.Handler that serves every provider's
// routes, verifies credentials and signatures over the raw request bytes, validates requests
// against the contracts, answers with the providers' documented envelopes, keeps a redacted
// journal, and can be switched into known-wrong behaviours (mutants) to prove that the suites'
// checks can fail. An admin API under /_payconform/ exposes the journal and the switches.
package mock

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/payconform/payconform/harness/mockapi"
)

// MaxBody is the largest request body the mock reads; a larger one is refused with the provider's
// failure envelope.
const MaxBody = 1 << 20

// AdminPrefix is where the admin API lives.
const AdminPrefix = mockapi.AdminPrefix

// Config is the mock's credentials and switches.
type Config struct {
	Iyzico  IyzicoConfig
	Paynet  PaynetConfig
	Paywall PaywallConfig

	// Mutants are active from the start.
	Mutants MutantSet
	// JournalSize is how many requests the journal keeps (default 1024).
	JournalSize int
	// AdminToken, when set, must be sent as X-Payconform-Admin-Token to use the admin API.
	AdminToken string
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Log receives one line per refused request, redacted; nil discards.
	Log *slog.Logger
}

// IyzicoConfig is the one merchant the iyzico routes know.
type IyzicoConfig struct {
	APIKey    string
	SecretKey string
}

// Server is the mock.
type Server struct {
	cfg      Config
	mux      *http.ServeMux
	journal  *Journal
	switches switches
	now      func() time.Time
	log      *slog.Logger
	paynet   *paynetRoutes
	paywall  *paywallRoutes
	fault    faultSwitch
}

// New builds a mock. Every provider's credentials must be set; Generate fills missing ones.
func New(cfg Config) (*Server, error) {
	if missing := cfg.missing(); len(missing) > 0 {
		return nil, fmt.Errorf("new mock: credentials not set: %s (Config.Generate fills them)", strings.Join(missing, ", "))
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), journal: NewJournal(cfg.JournalSize), now: cfg.Now, log: cfg.Log}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.switches.store(cfg.Mutants)
	newIyzico(s, cfg.Iyzico).register(s.mux)
	s.paynet = newPaynet(s, cfg.Paynet)
	s.paynet.register(s.mux)
	s.paywall = newPaywall(s, cfg.Paywall)
	s.paywall.register(s.mux)
	s.registerAdmin()
	s.mux.HandleFunc("/", s.notFound)
	return s, nil
}

// Generate fills every missing credential with a fresh random one and returns the names of the
// environment variables it generated.
func (c *Config) Generate() []string {
	var generated []string
	fill := func(v *string, name, prefix string, n int) {
		if *v == "" {
			*v = prefix + randomHex(n)
			generated = append(generated, name)
		}
	}
	fill(&c.Iyzico.APIKey, "IYZICO_API_KEY", "sandbox-payconform-", 12)
	fill(&c.Iyzico.SecretKey, "IYZICO_SECRET_KEY", "", 24)
	fill(&c.Paynet.SecretKey, "PAYNET_SECRET_KEY", "sck_", 16)
	if c.Paynet.AgentID == "" {
		c.Paynet.AgentID = randomDigits(6)
		generated = append(generated, "PAYNET_AGENT_ID")
	}
	fill(&c.Paynet.UserID, "PAYNET_USER_ID", "payconform-user-", 4)
	fill(&c.Paywall.APIKeyPublic, "PAYWALL_API_KEY_PUBLIC", "pk_", 16)
	fill(&c.Paywall.APIClientPublic, "PAYWALL_API_CLIENT_PUBLIC", "pc_", 16)
	return generated
}

// missing names the environment variables of credentials that are not set.
func (c Config) missing() []string {
	var out []string
	for name, v := range c.Vars("-") {
		if v == "" {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// Vars gives the DESIGN section 3 environment variables that point a custom target, or a user,
// at this mock served on baseURL.
func (c Config) Vars(baseURL string) map[string]string {
	return map[string]string{
		"IYZICO_BASE_URL":   baseURL,
		"IYZICO_API_KEY":    c.Iyzico.APIKey,
		"IYZICO_SECRET_KEY": c.Iyzico.SecretKey,
		"PAYNET_BASE_URL":   baseURL,
		"PAYNET_SECRET_KEY": c.Paynet.SecretKey,
		"PAYNET_AGENT_ID":   c.Paynet.AgentID,
		"PAYNET_USER_ID":    c.Paynet.UserID,

		"PAYWALL_BASE_URL":          baseURL,
		"PAYWALL_API_KEY_PUBLIC":    c.Paywall.APIKeyPublic,
		"PAYWALL_API_CLIENT_PUBLIC": c.Paywall.APIClientPublic,
	}
}

// ConfigFromEnv reads credentials and switches from environment variables: the DESIGN section 3
// names, plus PAYCONFORM_MOCK_MUTANTS, PAYCONFORM_MOCK_ADMIN_TOKEN and
// PAYCONFORM_MOCK_PAYNET_ALLOW (comma-separated addresses or CIDR prefixes; default loopback).
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		Iyzico:     IyzicoConfig{APIKey: getenv("IYZICO_API_KEY"), SecretKey: getenv("IYZICO_SECRET_KEY")},
		Paynet:     PaynetConfig{SecretKey: getenv("PAYNET_SECRET_KEY"), AgentID: getenv("PAYNET_AGENT_ID"), UserID: getenv("PAYNET_USER_ID")},
		Paywall:    PaywallConfig{APIKeyPublic: getenv("PAYWALL_API_KEY_PUBLIC"), APIClientPublic: getenv("PAYWALL_API_CLIENT_PUBLIC")},
		AdminToken: getenv("PAYCONFORM_MOCK_ADMIN_TOKEN"),
	}
	var err error
	if cfg.Mutants, err = ParseMutants(getenv("PAYCONFORM_MOCK_MUTANTS")); err != nil {
		return cfg, err
	}
	if cfg.Paynet.AllowedClients, err = ParsePrefixes(getenv("PAYCONFORM_MOCK_PAYNET_ALLOW")); err != nil {
		return cfg, fmt.Errorf("PAYCONFORM_MOCK_PAYNET_ALLOW: %w", err)
	}
	return cfg, nil
}

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

// PaynetSessionValid reports whether the mock issued a Paynet session key that has not expired.
func (s *Server) PaynetSessionValid(key string) bool { return s.paynet.sessions.valid(key, s.now()) }

// Journal is the mock's request journal.
func (s *Server) Journal() *Journal { return s.journal }

// Mutants is the active set.
func (s *Server) Mutants() MutantSet { return s.switches.load() }

// SetMutants replaces the active set.
func (s *Server) SetMutants(set MutantSet) { s.switches.store(set) }

// notFound answers a request no route takes, and journals it: a client that calls the wrong path
// shows up in the journal, and its judges can say so.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	c, _, _ := s.begin(w, r, "unknown", "unknown", redactAnyHeader, MaxBody)
	c.replyJSON(http.StatusNotFound, map[string]string{
		"error": fmt.Sprintf("payconform mock: no route for %s %s", r.Method, r.URL.Path),
	}, "no route")
}

// redactAnyHeader masks every credential header a request to an unknown route may carry.
func redactAnyHeader(h http.Header) http.Header {
	out := h.Clone()
	for _, name := range []string{"Authorization", "apikeypublic", "apiclientpublic", "apikeyprivate", "apiclientprivate"} {
		if v := h.Get(name); v != "" {
			scheme, _, _ := strings.Cut(v, " ")
			if len(scheme) > 16 || scheme == v {
				scheme = ""
			}
			out.Set(name, strings.TrimSpace(scheme+fmt.Sprintf(" <masked, %d chars>", len(v))))
		}
	}
	return out
}

func (s *Server) registerAdmin() {
	s.mux.HandleFunc("GET "+AdminPrefix+"health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "mutants": s.Mutants().Names()})
	})
	s.mux.HandleFunc("GET "+AdminPrefix+"journal", s.admin(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.journal.Entries())
	}))
	s.mux.HandleFunc("DELETE "+AdminPrefix+"journal", s.admin(func(w http.ResponseWriter, r *http.Request) {
		s.journal.Clear()
		w.WriteHeader(http.StatusNoContent)
	}))
	s.mux.HandleFunc("GET "+AdminPrefix+"mutants", s.admin(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, mockapi.Mutants{Active: s.Mutants().Names(), Available: mutantInfos()})
	}))
	s.mux.HandleFunc("PUT "+AdminPrefix+"fault", s.admin(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Fault string }
		if err := json.NewDecoder(io.LimitReader(r.Body, 4<<10)).Decode(&body); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "decode fault: " + err.Error()})
			return
		}
		f, err := ParseFault(body.Fault)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		s.SetFault(f)
		writeJSON(w, http.StatusOK, map[string]string{"fault": f.String()})
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

func (s *Server) admin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.AdminToken != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get("X-Payconform-Admin-Token")), []byte(s.cfg.AdminToken)) != 1 {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "admin API: missing or wrong X-Payconform-Admin-Token"})
			return
		}
		h(w, r)
	}
}

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

func randomDigits(n int) string {
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

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
