package certify_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/mock"
	_ "github.com/payconform/payconform/providers/all"
)

// A hosted session's cases are drawn from its seed: the same seed draws the same cases on any
// judge, another seed draws other inputs for every case a provider freshens, and every case keeps
// its id, title and operation (what the certify suite's specs are named after).
func TestFreshCasesComeFromTheSeed(t *testing.T) {
	cfg := mock.Config{}
	cfg.Generate()
	draw := func(seed byte) map[string]string {
		out := map[string]string{}
		for _, c := range certify.FreshCases(rand.NewChaCha8([32]byte{seed})) {
			in, _ := json.Marshal(c.SessionInput(cfg.Credentials))
			creds, _ := json.Marshal(c.Credentials)
			out[c.ID+" "+c.Title+" "+c.Operation] = string(in) + string(creds)
		}
		return out
	}
	a, again, b := draw(1), draw(1), draw(2)
	static := map[string]string{}
	for _, c := range certify.AllCases() {
		in, _ := json.Marshal(c.SessionInput(cfg.Credentials))
		creds, _ := json.Marshal(c.Credentials)
		static[c.ID+" "+c.Title+" "+c.Operation] = string(in) + string(creds)
	}
	if len(a) != len(static) {
		t.Fatalf("%d fresh cases, %d registered", len(a), len(static))
	}
	fresh := 0
	for k, v := range a {
		if again[k] != v {
			t.Errorf("%s: the same seed drew another case", k)
		}
		if _, ok := static[k]; !ok {
			t.Errorf("%s: a fresh case changed its id, title or operation", k)
		}
		if b[k] != v {
			fresh++
		} else if static[k] != v {
			t.Errorf("%s: two seeds drew the same fresh input", k)
		}
	}
	// The others are bounds (ExpiryMin 0, 1, 1440) or the session's own generated agent and user:
	// their answers are fresh all the same, as they must echo what the session's mock answered
	// (a new token, session key or systemTime) to requests carrying the session's credentials.
	if fresh < len(a)/2 {
		t.Errorf("only %d of %d cases differ between two seeds", fresh, len(a))
	}
}
