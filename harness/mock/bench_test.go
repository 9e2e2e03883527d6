package mock_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// discard is a minimal ResponseWriter, so that the benchmark measures the mock, not a recorder.
type discard struct {
	h      http.Header
	status int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(s int)           { d.status = s }

// benchBodies are valid requests, one per route (same order as routes).
var benchBodies = [][]byte{
	[]byte(`{"locale":"tr","conversationId":"bench","binNumber":"554960"}`),
	[]byte(`{"agent_id":"11111","user_id":"mock-user"}`),
	[]byte(`{"ClientCardSave":true,"ThreeDSession":false,"ClientSdk":true,"ScopeBased":false,"ExpiryMin":30}`),
}

// BenchmarkRoutes serves valid requests in-process on every route, with credential checks,
// OpenAPI request validation and the journal all on: the mock's cost per request without the
// network. The loopback figures (wrk) are in the README.
func BenchmarkRoutes(b *testing.B) {
	s := newMock(b)
	for i, rt := range routes {
		body := benchBodies[i]
		b.Run(rt.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				r := httptest.NewRequest(http.MethodPost, rt.path, nil)
				r.Header.Set("Content-Type", "application/json")
				rt.prepare(r, body)
				rd := bytes.NewReader(body)
				w := &discard{h: http.Header{}}
				for pb.Next() {
					rd.Reset(body)
					r.Body = io.NopCloser(rd)
					clear(w.h)
					s.ServeHTTP(w, r)
					if w.status != http.StatusOK {
						b.Fatalf("%s: HTTP %d", rt.name, w.status)
					}
				}
			})
		})
	}
}
