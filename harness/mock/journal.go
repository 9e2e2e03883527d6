package mock

import (
	"cmp"
	"slices"
	"sync"

	"github.com/payconform/payconform/harness/mockapi"
)

// MaxJournalBody bounds the body bytes an entry keeps; the rest is counted, not stored.
const MaxJournalBody = 64 << 10

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

// keepBody copies at most MaxJournalBody bytes of a body.
// keep is what the journal keeps of a body: at most MaxJournalBody bytes, the mock's own secrets
// masked.
func (s *Server) keep(b []byte) []byte {
	kept := keepBody(b)
	if masked := s.redactor.String(string(kept)); masked != string(kept) {
		return []byte(masked)
	}
	return kept
}

func keepBody(b []byte) []byte {
	if len(b) > MaxJournalBody {
		b = b[:MaxJournalBody]
	}
	return slices.Clone(b)
}
