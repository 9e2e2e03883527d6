package candidate_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/payconform/payconform/harness/candidate"
)

// FuzzAnswer feeds arbitrary stdout to the candidate answer decoder: it reads one JSON object
// with the protocol's field types or returns a *ProtocolError; never a panic, never an answer
// that is neither ok nor an error.
func FuzzAnswer(f *testing.F) {
	for _, seed := range []string{
		`{"ok":true,"output":{"authorization":"IYZWSv2 abc"}}`,
		`{"ok":false,"error":{"code":"1000","message":"Geçersiz imza"}}`,
		`{"ok":false,"unsupported":true}`,
		`{"ok":false,"error":{"code":7}}`,
		`{"ok":"true"}`, `[]`, `null`, `{"ok":true}{"ok":true}`, "debug line\n{\"ok\":true}", "",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, stdout []byte) {
		resp, err := candidate.ParseAnswer(stdout)
		if err != nil {
			var pe *candidate.ProtocolError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a ProtocolError", err)
			}
			return
		}
		if _, err := json.Marshal(resp); err != nil {
			t.Fatalf("an accepted answer does not encode again: %v", err)
		}
	})
}
