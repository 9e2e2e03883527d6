package mocks_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mock/mocktest"
	_ "github.com/payconform/payconform/providers/mocks"
)

// discard is a minimal ResponseWriter, so that the benchmark measures the mock, not a recorder.
type discard struct {
	h      http.Header
	status int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(s int)           { d.status = s }

// BenchmarkRoutes serves every registered provider's valid sample in-process, with credential
// checks, OpenAPI request validation and the journal all on: the mock's cost per request without
// the network. The loopback figures (wrk) are in the README.
func BenchmarkRoutes(b *testing.B) {
	s := mocktest.NewServer(b)
	for _, sample := range mock.Samples() {
		body := sample.Body(s.Config().Var)
		b.Run(sample.Name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				r := mocktest.Request(s, sample, body, true)
				rd := bytes.NewReader(body)
				w := &discard{h: http.Header{}}
				for pb.Next() {
					rd.Reset(body)
					r.Body = io.NopCloser(rd)
					clear(w.h)
					s.ServeHTTP(w, r)
					if w.status != http.StatusOK {
						b.Fatalf("%s: HTTP %d", sample.Name, w.status)
					}
				}
			})
		})
	}
}

// Every sample is a valid request: the mock answers it with a success.
func TestSamplesAreValid(t *testing.T) {
	s := mocktest.NewServer(t)
	samples := mock.Samples()
	if len(samples) == 0 {
		t.Fatal("no samples registered")
	}
	for _, sample := range samples {
		w := mocktest.Do(s, mocktest.Request(s, sample, sample.Body(s.Config().Var), true))
		if w.Code != http.StatusOK || !sample.Shaped(w.Code, w.Body.Bytes()) {
			t.Errorf("%s: HTTP %d %s", sample.Name, w.Code, w.Body)
		}
	}
}
