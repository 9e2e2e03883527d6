package mock

import (
	"container/heap"
	"sync"
	"time"
)

// ExpiringSet remembers issued keys (session keys, temporary tokens) until they expire. It
// holds at most max of them: when full, the one that expires soonest goes first. A min-heap on
// expiry keeps every add at O(log n), however many keys are live.
type ExpiringSet struct {
	mu   sync.Mutex
	max  int
	keys map[string]time.Time
	byExpiry
}

type expiring struct {
	key    string
	expiry time.Time
}

// byExpiry is a container/heap of keys, soonest expiry first.
type byExpiry []expiring

func (h byExpiry) Len() int           { return len(h) }
func (h byExpiry) Less(i, j int) bool { return h[i].expiry.Before(h[j].expiry) }
func (h byExpiry) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *byExpiry) Push(x any)        { *h = append(*h, x.(expiring)) }
func (h *byExpiry) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// NewExpiringSet remembers at most max keys.
func NewExpiringSet(max int) *ExpiringSet {
	return &ExpiringSet{max: max, keys: map[string]time.Time{}}
}

// Add remembers key until expiry, dropping keys that expired by now.
func (s *ExpiringSet) Add(key string, expiry, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.byExpiry.Len() > 0 && (!s.byExpiry[0].expiry.After(now) || s.byExpiry.Len() >= s.max) {
		old := heap.Pop(&s.byExpiry).(expiring)
		if s.keys[old.key] == old.expiry {
			delete(s.keys, old.key)
		}
	}
	s.keys[key] = expiry
	heap.Push(&s.byExpiry, expiring{key: key, expiry: expiry})
}

// Valid reports whether key was issued and has not expired at now.
func (s *ExpiringSet) Valid(key string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.keys[key]
	return ok && e.After(now)
}
