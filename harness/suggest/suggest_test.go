package suggest_test

import (
	"testing"

	"github.com/payconform/payconform/harness/suggest"
)

func TestClosest(t *testing.T) {
	commands := []string{"test", "certify", "mock", "sign", "verify", "keygen", "report", "image", "requirements", "version"}
	for word, want := range map[string]string{"tset": "test", "certfy": "certify", "mok": "mock", "requirement": "requirements", "verison": "version", "req": "requirements", "xyz": "", "t": "", "deploy": ""} {
		got, ok := suggest.Closest(word, commands)
		if got != want || ok != (want != "") {
			t.Errorf("Closest(%q) = %q, %t; want %q", word, got, ok, want)
		}
	}
	if got := suggest.DidYouMean("sandbx", []string{"mock", "container", "sandbox", "custom"}); got != "; did you mean sandbox?" {
		t.Errorf("DidYouMean: %q", got)
	}
}
