// Package judge is the hosted judge (payconform judge): a long-running service that certifies
// client libraries without trusting the vendor's machine. It holds the signing key; for each
// session, opened with an operator-issued API token or a GitHub Actions OIDC token, it draws
// fresh credentials and fresh inputs, hands the vendor's side one case at a time, serves the
// verifying mock for every session on one public endpoint (routing each request to its session
// by the session's own credentials, and journalling it in the database), grades the answers and
// the journal with the same checks as a local certification (harness/certify), signs the
// certificate and appends every session, certified or not, to its transparency log
// (harness/translog). It serves the log's checkpoints and proofs, public HTML pages of the
// certified clients and of each session, and operator actions (revoking a token or a
// certificate, which the log records). Every judge process is stateless beside its database
// (harness/judgestore), so several can serve one PostgreSQL behind a load balancer.
package judge

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/secure-systems-lab/go-securesystemslib/dsse"
	"golang.org/x/time/rate"

	"github.com/payconform/payconform/harness/judgeapi"
	"github.com/payconform/payconform/harness/judgestore"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/translog"
)

// Config is a judge's settings.
type Config struct {
	// URL is the judge's public URL (https://judge.example), the base_url of every case and the
	// URL certificates name.
	URL string
	// Store is the database; Key the signing key (DSSE envelopes), and Private the same key as
	// an ed25519 key (log checkpoints).
	Store   *judgestore.Store
	Key     dsse.SignerVerifier
	Private ed25519.PrivateKey
	// LogOrigin is the log's origin line (default: the URL's host and path).
	LogOrigin string
	// SessionTTL bounds a session (default 15 minutes); past it, the session is graded with
	// what was answered.
	SessionTTL time.Duration
	// MaxOpen and MaxPerHour are each principal's quotas: sessions open at once, and sessions
	// opened in the last hour.
	MaxOpen    int
	MaxPerHour int
	// APIRate and MockRate bound each principal's API calls and each session's mock requests
	// per second (bursts of twice as many).
	APIRate  float64
	MockRate float64
	// CheckpointEvery is how old the log's checkpoint may grow before the judge, asked for it,
	// signs a fresh one for the same tree (default 60 s): verifiers refuse a checkpoint older
	// than they accept (payconform verify --max-checkpoint-age, 24 h).
	CheckpointEvery time.Duration
	// OIDC verifies GitHub Actions OIDC tokens; nil takes API tokens only.
	OIDC *OIDC
	// Harness is the judge's own identity, recorded in every certificate.
	Harness report.Harness
	Log     *slog.Logger
	Now     func() time.Time
}

// Defaults.
const (
	DefaultSessionTTL = 15 * time.Minute
	DefaultMaxOpen    = 8
	DefaultMaxPerHour = 600
	DefaultAPIRate    = 200
	DefaultMockRate   = 100
	// DefaultCheckpointEvery is how often, at most, the judge signs a fresh checkpoint.
	DefaultCheckpointEvery = time.Minute
	// staleClaim is how long a judge may take to grade a session before another takes it over.
	staleClaim = 2 * time.Minute
)

// Judge is one judge process.
type Judge struct {
	cfg      Config
	signer   *translog.Signer
	keyID    string
	mocks    *mockCache
	limitsMu sync.Mutex
	limits   map[string]*rate.Limiter
	// unattributed counts mock requests that carried no session's credentials.
	unattributedMu sync.Mutex
	unattributed   int
}

// New makes a judge.
func New(cfg Config) (*Judge, error) {
	if cfg.Store == nil || cfg.Key == nil || cfg.Private == nil {
		return nil, errors.New("new judge: a store and a signing key are needed")
	}
	cfg.URL = strings.TrimRight(cfg.URL, "/")
	if cfg.URL == "" {
		return nil, errors.New("new judge: its public URL is needed")
	}
	if cfg.LogOrigin == "" {
		cfg.LogOrigin = Origin(cfg.URL)
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultSessionTTL
	}
	if cfg.MaxOpen <= 0 {
		cfg.MaxOpen = DefaultMaxOpen
	}
	if cfg.MaxPerHour <= 0 {
		cfg.MaxPerHour = DefaultMaxPerHour
	}
	if cfg.APIRate <= 0 {
		cfg.APIRate = DefaultAPIRate
	}
	if cfg.MockRate <= 0 {
		cfg.MockRate = DefaultMockRate
	}
	if cfg.CheckpointEvery <= 0 {
		cfg.CheckpointEvery = DefaultCheckpointEvery
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	signer, err := translog.NewSigner(cfg.Private)
	if err != nil {
		return nil, fmt.Errorf("new judge: %w", err)
	}
	id, _ := cfg.Key.KeyID()
	return &Judge{cfg: cfg, signer: signer, keyID: id, mocks: newMockCache(512), limits: map[string]*rate.Limiter{}}, nil
}

// Origin is the log origin of a judge at url: its host and path.
func Origin(url string) string {
	o := strings.TrimPrefix(strings.TrimPrefix(url, "https://"), "http://")
	return "payconform judge " + strings.TrimRight(o, "/")
}

// Checkpointer signs the log's head for a store: judgestore.Open takes it.
func Checkpointer(origin string, key ed25519.PrivateKey) (judgestore.Signer, error) {
	signer, err := translog.NewSigner(key)
	if err != nil {
		return nil, err
	}
	return func(size uint64, root []byte, at time.Time) ([]byte, error) {
		return translog.Checkpoint(origin, size, root, at, signer)
	}, nil
}

// Handler serves everything: the API, the log, the pages, the admin actions, and the verifying
// mock on every other path.
func (j *Judge) Handler() http.Handler {
	mux := http.NewServeMux()
	api := judgeapi.APIPrefix
	mux.HandleFunc("GET "+api+"info", j.info)
	mux.HandleFunc("POST "+api+"sessions", j.open)
	mux.HandleFunc("POST "+api+"sessions/{id}/describe", j.session(j.describe))
	mux.HandleFunc("POST "+api+"sessions/{id}/next", j.session(j.next))
	mux.HandleFunc("POST "+api+"sessions/{id}/answers", j.session(j.answer))
	mux.HandleFunc("POST "+api+"sessions/{id}/finish", j.session(j.finish))
	mux.HandleFunc("GET "+api+"sessions/{id}", j.certificate)
	mux.HandleFunc(api, func(w http.ResponseWriter, r *http.Request) {
		refuse(w, http.StatusNotFound, "no such API call: %s %s", r.Method, r.URL.Path)
	})
	lg := judgeapi.LogPrefix
	mux.HandleFunc("GET "+lg+"checkpoint", j.checkpoint)
	mux.HandleFunc("GET "+lg+"proof", j.inclusion)
	mux.HandleFunc("GET "+lg+"consistency", j.consistency)
	mux.HandleFunc("GET "+lg+"entries", j.entries)
	mux.HandleFunc("GET "+lg+"revocations", j.revocations)
	mux.HandleFunc(lg, func(w http.ResponseWriter, r *http.Request) {
		refuse(w, http.StatusNotFound, "no such log call: %s %s", r.Method, r.URL.Path)
	})
	ad := judgeapi.AdminPrefix
	mux.HandleFunc("POST "+ad+"tokens/{id}/revoke", j.operator(j.revokeToken))
	mux.HandleFunc("POST "+ad+"sessions/{id}/revoke", j.operator(j.revokeCertificate))
	mux.HandleFunc(ad, func(w http.ResponseWriter, r *http.Request) {
		refuse(w, http.StatusNotFound, "no such admin call: %s %s", r.Method, r.URL.Path)
	})
	mux.HandleFunc("GET /{$}", j.indexPage)
	mux.HandleFunc("GET "+judgeapi.PagePrefix+"{id}", j.sessionPage)
	mux.HandleFunc("/", j.serveMock)
	return mux
}

// HTTPServer is the http.Server a judge is served with: the mock's bounds (header size, read
// and write timeouts) apply to every route.
func (j *Judge) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           j.Handler(),
		MaxHeaderBytes:    mock.MaxHeaderBytes,
		ReadHeaderTimeout: mock.ReadHeaderTimeout,
		ReadTimeout:       mock.ReadTimeout,
		WriteTimeout:      mock.WriteTimeout,
		IdleTimeout:       mock.IdleTimeout,
	}
}

// Sweep grades, until ctx ends, every session whose deadline passed without its vendor
// finishing it (an abandoned session is logged too), and any a judge left half graded.
func (j *Judge) Sweep(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			j.SweepOnce(ctx)
		}
	}
}

// SweepOnce grades the sessions that are due now.
func (j *Judge) SweepOnce(ctx context.Context) {
	now := j.cfg.Now()
	ids, err := j.cfg.Store.Due(ctx, now, now.Add(-staleClaim), 32)
	if err != nil {
		j.cfg.Log.Error("sweep", "error", err)
		return
	}
	for _, id := range ids {
		if _, err := j.grade(ctx, id); err != nil && !errors.Is(err, errNotClaimed) {
			j.cfg.Log.Error("grade expired session", "session", id, "error", err)
		}
	}
}

// Unattributed counts the mock requests this process could not route to any session.
func (j *Judge) Unattributed() int {
	j.unattributedMu.Lock()
	defer j.unattributedMu.Unlock()
	return j.unattributed
}

// allow spends one of a key's requests (a principal's API calls, a session's mock requests).
func (j *Judge) allow(key string, perSecond float64) bool {
	j.limitsMu.Lock()
	l, ok := j.limits[key]
	if !ok {
		if len(j.limits) > 100_000 {
			clear(j.limits) // a flood of keys: start over rather than grow without bound
		}
		l = rate.NewLimiter(rate.Limit(perSecond), int(2*perSecond))
		j.limits[key] = l
	}
	j.limitsMu.Unlock()
	return l.Allow()
}

// refuse answers with a judgeapi.Error.
func refuse(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, judgeapi.Error{Error: fmt.Sprintf(format, args...)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "1")
	}
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encode answer: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}

// readJSON decodes a bounded, strict JSON body into v.
func readJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) bool {
	dec := json.NewDecoder(io.LimitReader(r.Body, limit+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		refuse(w, http.StatusBadRequest, "the body is not the JSON this call takes (at most %d bytes): %v", limit, clip(err.Error(), 200))
		return false
	}
	if dec.More() {
		refuse(w, http.StatusBadRequest, "the body holds more than one JSON value")
		return false
	}
	return true
}

func clip(s string, n int) string {
	if len(s) > n {
		return strings.ToValidUTF8(s[:n], "") + "…"
	}
	return s
}

// KeyID is the judge's signing key's id.
func (j *Judge) KeyID() string { return j.keyID }
