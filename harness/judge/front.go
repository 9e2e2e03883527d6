package judge

import (
	"bytes"
	"container/list"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"

	"github.com/payconform/payconform/harness/judgestore"
	"github.com/payconform/payconform/harness/mock"
)

// minRouteKey is the shortest credential that routes a request: generated keys are longer, and a
// short value (a six-digit agent id) could belong to anyone.
const minRouteKey = 16

// Bounds of the routing: how many header values and words are looked at, and how many
// candidate keys are looked up, so that a hostile request costs a bounded number of lookups.
const (
	maxRouteValues = 16
	maxRouteWords  = 64
	maxRouteLookup = 24
)

// serveMock is the public mock endpoint: it finds the session a request belongs to by the
// session's own credentials (an iyzico apiKey inside the IYZWSv2 token, Paynet's key, Paywall's
// apikeypublic: a credential as it is, or base64-encoded as HTTP Basic and IYZWSv2 carry it),
// serves it with that session's verifying mock, with the case handed out's fault injection, and
// journals it in the database before answering, under the case handed out when it arrived. A
// request with no session's credential is refused, and counted.
func (j *Judge) serveMock(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, mock.AdminPrefix) {
		refuse(w, http.StatusNotFound, "payconform judge: the mock's admin API is not served here")
		return
	}
	ctx := r.Context()
	id := j.route(r)
	if id == "" {
		j.unattributedMu.Lock()
		j.unattributed++
		j.unattributedMu.Unlock()
		refuse(w, http.StatusUnauthorized, "payconform judge: this request carries no open session's credentials, so no session's mock can answer it")
		return
	}
	ss, err := j.cfg.Store.Session(ctx, id)
	if err != nil {
		refuse(w, http.StatusServiceUnavailable, "payconform judge: %v", err)
		return
	}
	if ss.State != judgestore.StateOpen || j.cfg.Now().After(ss.Expires) {
		refuse(w, http.StatusGone, "payconform judge: the session these credentials belong to is closed")
		return
	}
	if !j.allow("mock "+id, j.cfg.MockRate) {
		refuse(w, http.StatusTooManyRequests, "payconform judge: too many requests for this session; slow down")
		return
	}
	m, err := j.mocks.load(ss)
	if err != nil {
		refuse(w, http.StatusInternalServerError, "payconform judge: %v", err)
		return
	}
	c := m.cases.byID[ss.OpenCase]
	rec := &recorder{header: http.Header{}}
	m.mu.Lock()
	m.srv.Journal().Clear()
	m.srv.SetInjection(c.Inject)
	m.srv.ServeHTTP(rec, asLocal(r))
	m.srv.SetInjection(mock.NoInjection)
	entries := m.srv.Journal().Entries()
	m.mu.Unlock()
	for _, e := range entries {
		data, _ := json.Marshal(e)
		if err := j.cfg.Store.Journal(ctx, id, ss.OpenCase, string(data)); err != nil {
			if errors.Is(err, judgestore.ErrFull) {
				refuse(w, http.StatusTooManyRequests, "payconform judge: this session sent %d requests, the most one session may", judgestore.MaxJournal)
				return
			}
			refuse(w, http.StatusServiceUnavailable, "payconform judge: could not journal the request: %v", err)
			return
		}
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
}

// asLocal is the request as the session's mock sees it: from loopback, as a local
// certification's client calls from its sandbox. A mock that serves only the addresses a
// provider registered (Paynet's allow-list) serves a hosted client wherever it calls from;
// the address it called from is not evidence of anything the checks judge.
func asLocal(r *http.Request) *http.Request {
	r2 := r.Clone(r.Context())
	r2.RemoteAddr = "127.0.0.1:1"
	return r2
}

// route names the session whose credential the request carries, or "".
func (j *Judge) route(r *http.Request) string {
	looked, values := 0, 0
	for _, vs := range r.Header {
		for _, v := range vs {
			if values++; values > maxRouteValues {
				return ""
			}
			for _, key := range routeCandidates(v) {
				if looked++; looked > maxRouteLookup {
					return ""
				}
				if id, ok := j.mocks.route(key); ok {
					return id
				}
				if id, err := j.cfg.Store.SessionForKey(r.Context(), judgestore.SHA256(key)); err == nil {
					j.mocks.remember(key, id)
					return id
				}
			}
		}
	}
	return ""
}

// routeCandidates are the words of a header value that could be a credential: each word as it
// is, and the parts of each word that decodes from base64 (IYZWSv2's token, a Basic
// credential), split at the separators those formats use.
func routeCandidates(v string) []string {
	var out []string
	words := strings.Fields(v)
	if len(words) > maxRouteWords {
		words = words[:maxRouteWords]
	}
	for _, w := range words {
		if len(w) > 1024 {
			continue
		}
		if len(w) >= minRouteKey {
			out = append(out, w)
		}
		decoded, err := base64.StdEncoding.DecodeString(w)
		if err != nil {
			continue
		}
		for _, part := range strings.FieldsFunc(string(decoded), func(r rune) bool { return r == '&' || r == ':' || r == '=' }) {
			if len(part) >= minRouteKey {
				out = append(out, part)
			}
		}
	}
	return out
}

// recorder holds the mock's answer until the request is journalled.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if r.body.Len()+len(p) > 4<<20 {
		return 0, errors.New("the mock's answer is larger than 4 MiB")
	}
	return r.body.Write(p)
}

// sessionMock is one session's verifying mock in this process, rebuilt from the stored
// credentials on any judge: the mock keeps no state a verdict needs beyond what is journalled.
type sessionMock struct {
	id    string
	mu    sync.Mutex
	srv   *mock.Server
	cases *sessionCases
	elem  *list.Element
}

// mockCache keeps the most recently used sessions' mocks, and which credential names which
// session.
type mockCache struct {
	mu     sync.Mutex
	max    int
	byID   map[string]*sessionMock
	order  *list.List
	routes map[string]string
}

func newMockCache(max int) *mockCache {
	return &mockCache{max: max, byID: map[string]*sessionMock{}, order: list.New(), routes: map[string]string{}}
}

func (c *mockCache) get(id string) *sessionMock {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.byID[id]
	if m != nil {
		c.order.MoveToFront(m.elem)
	}
	return m
}

func (c *mockCache) route(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.routes[key]
	return id, ok
}

func (c *mockCache) remember(key, id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.routes) > 16*c.max {
		clear(c.routes)
	}
	c.routes[key] = id
}

// load is a session's mock, built on first use.
func (c *mockCache) load(ss judgestore.Session) (*sessionMock, error) {
	if m := c.get(ss.ID); m != nil {
		return m, nil
	}
	sc, err := casesOf(ss)
	if err != nil {
		return nil, err
	}
	cfg := sc.cfg
	cfg.JournalSize = 16
	srv, err := mock.New(cfg)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if m := c.byID[ss.ID]; m != nil {
		return m, nil
	}
	m := &sessionMock{id: ss.ID, srv: srv, cases: sc}
	m.elem = c.order.PushFront(m)
	c.byID[ss.ID] = m
	for c.order.Len() > c.max {
		old := c.order.Back().Value.(*sessionMock)
		c.order.Remove(old.elem)
		delete(c.byID, old.id)
	}
	return m, nil
}

// forget drops a session's mock (it was graded).
func (c *mockCache) forget(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m := c.byID[id]; m != nil {
		c.order.Remove(m.elem)
		delete(c.byID, id)
	}
}
