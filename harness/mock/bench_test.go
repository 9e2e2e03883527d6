package mock_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/payconform/payconform/harness/iyzico"
)

// discard is a minimal ResponseWriter, so that the benchmark measures the mock, not a recorder.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkBinCheck serves signed bin/check requests in-process, with signature verification,
// OpenAPI request validation and the journal all on: the mock's cost per request without the
// network. The loopback figure (wrk) is in the README.
func BenchmarkBinCheck(b *testing.B) {
	s := newMock(b)
	body := []byte(`{"locale":"tr","conversationId":"bench","binNumber":"554960"}`)
	authz := iyzico.Signer{Credentials: testCreds}.Sign("bench-rnd", iyzico.BinCheckPath, body).Authorization
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		r := httptest.NewRequest(http.MethodPost, iyzico.BinCheckPath, nil)
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", authz)
		rd := bytes.NewReader(body)
		w := &discard{h: http.Header{}}
		for pb.Next() {
			rd.Reset(body)
			r.Body = io.NopCloser(rd)
			clear(w.h)
			s.ServeHTTP(w, r)
		}
	})
}
