package mock_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mock/mocktest"
)

// FuzzAdminBodies sends arbitrary bodies to every admin endpoint that reads one, with the
// token: each answers 2xx or 4xx with a JSON error, never a 5xx or a panic, and a refused body
// changes nothing.
func FuzzAdminBodies(f *testing.F) {
	s := mocktest.NewServer(f)
	paths := []string{"mutants", "injection"}
	for i, seed := range []string{`{"active":["toy-no-echo"]}`, `{"active":[]}`, `{"injection":"server-error"}`, `{"injection":"none"}`,
		`{"active":"x"}`, `{"active":[1,2]}`, `[]`, `null`, `{`, "\xff"} {
		f.Add(uint8(i), []byte(seed))
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		path := paths[int(which)%len(paths)]
		before, beforeInj := s.Mutants(), s.Injected()
		r := httptest.NewRequest(http.MethodPut, mock.AdminPrefix+path, bytes.NewReader(body))
		r.Header.Set(mock.AdminTokenHeader, s.Config().AdminToken)
		w := mocktest.Do(s, r)
		switch {
		case w.Code >= 500:
			t.Fatalf("PUT %s %q: HTTP %d %s", path, body, w.Code, w.Body)
		case w.Code >= 400 && (s.Mutants() != before || s.Injected() != beforeInj):
			t.Fatalf("PUT %s %q was refused but changed the mock", path, body)
		}
		s.SetMutants(mock.MutantSet{})
		s.SetInjection(mock.NoInjection)
	})
}
