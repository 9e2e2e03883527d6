package mock

import (
	"cmp"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/payconform/payconform/harness/mockapi"
)

// An entry is bounded whatever a client sends: at most MaxJournalBody bytes of the request body
// and of the answer, and MaxJournalHeader bytes of header names and values; the rest is
// counted, not stored, and Entry.Truncated says which parts were cut. With the default 1024
// entries the journal holds at most about 1024 × 21 KiB ≈ 21 MiB of request data.
const (
	MaxJournalBody   = 8 << 10
	MaxJournalHeader = 4 << 10
)

// Journal keeps the last N entries in a ring. Add holds the lock only to place one entry, so a
// loaded mock does not queue on it.
type Journal struct {
	mu   sync.Mutex
	ring []mockapi.Entry
	next uint64
}

// NewJournal keeps the last size entries.
func NewJournal(size int) *Journal {
	if size <= 0 {
		size = 1024
	}
	return &Journal{ring: make([]mockapi.Entry, size)}
}

// Add stores e, numbering it, and returns its sequence number.
func (j *Journal) Add(e mockapi.Entry) uint64 {
	j.mu.Lock()
	j.next++
	e.Seq = j.next
	j.ring[int(e.Seq%uint64(len(j.ring)))] = e
	j.mu.Unlock()
	return e.Seq
}

// Page returns at most limit kept entries whose sequence number is above after, oldest first;
// limit 0 means all of them.
func (j *Journal) Page(after uint64, limit int) []mockapi.Entry {
	all := j.Entries()
	i, _ := slices.BinarySearchFunc(all, after+1, func(e mockapi.Entry, seq uint64) int { return cmp.Compare(e.Seq, seq) })
	all = all[i:]
	if limit > 0 && len(all) > limit {
		all = all[:limit]
	}
	return all
}

// Entries returns the kept entries, oldest first.
func (j *Journal) Entries() []mockapi.Entry {
	j.mu.Lock()
	out := make([]mockapi.Entry, 0, len(j.ring))
	for _, e := range j.ring {
		if e.Seq != 0 {
			out = append(out, e)
		}
	}
	j.mu.Unlock()
	slices.SortFunc(out, func(a, b mockapi.Entry) int { return cmp.Compare(a.Seq, b.Seq) })
	return out
}

// Clear forgets every entry; numbering goes on.
func (j *Journal) Clear() {
	j.mu.Lock()
	clear(j.ring)
	j.mu.Unlock()
}

// keep is what the journal keeps of a body: at most MaxJournalBody bytes; cut reports whether
// it was truncated. The mock's own secrets are masked when the journal is served (see
// Server.redactEntry), not here, on every request's path.
func (s *Server) keep(b []byte) (kept []byte, cut bool) {
	if len(b) > MaxJournalBody {
		b, cut = b[:MaxJournalBody], true
	}
	return slices.Clone(b), cut
}

// redactEntry masks the mock's own secrets in what an entry kept of the request and the
// answer: a mutant (or a route's bug) may echo a credential, and the journal is served to
// anyone with the admin token.
func (s *Server) redactEntry(e mockapi.Entry) mockapi.Entry {
	mask := func(b mockapi.Bytes) mockapi.Bytes {
		if masked := s.redactor.String(string(b)); masked != string(b) {
			return mockapi.Bytes(masked)
		}
		return b
	}
	e.Body, e.Response = mask(e.Body), mask(e.Response)
	e.Refusal = s.redactor.String(e.Refusal)
	return e
}

// keepHeader bounds a (redacted) header to MaxJournalHeader bytes of names and values: the
// values that do not fit are cut, and the names past the budget dropped.
func keepHeader(h http.Header) (http.Header, bool) {
	size := 0
	for name, vs := range h {
		size += len(name)
		for _, v := range vs {
			size += len(v)
		}
	}
	if size <= MaxJournalHeader {
		return h, false // the common case: the redacted copy is small enough as it is
	}
	budget, cut := MaxJournalHeader, false
	out := make(http.Header, len(h))
	for _, name := range slices.Sorted(maps.Keys(h)) {
		if budget <= len(name) {
			cut = true
			continue
		}
		budget -= len(name)
		for _, v := range h[name] {
			if len(v) > budget {
				v, cut = strings.ToValidUTF8(v[:budget], "")+"…", true
			}
			budget -= min(len(v), budget)
			out[name] = append(out[name], v)
			if budget == 0 {
				break
			}
		}
	}
	return out, cut
}
