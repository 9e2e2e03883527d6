package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/provider"
	_ "github.com/payconform/payconform/providers/all" // the full registry, to compare with the mock's
)

// The mock binary links the providers' wire and mock packages and nothing that judges: no
// Ginkgo, no Gomega, no testing, no vectors, no client transport.
func TestLinksNoHarness(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/onsi/", "/vectors", "/vectorset", "/harness/exchange", "/conform", "/harness/certify", "/harness/target"} {
			if strings.Contains(pkg, banned) {
				t.Errorf("the mock links %s", pkg)
			}
		}
		if pkg == "testing" {
			t.Error("the mock links testing")
		}
	}
}

// providers/mocks, which the mock links, registers the same providers as providers/all: a new
// provider added to one list and not the other fails here.
func TestServesEveryProvider(t *testing.T) {
	out, err := exec.Command("go", "run", ".", "-list-providers").CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	got := strings.Fields(string(out))
	if want := provider.Names(); !slices.Equal(got, want) {
		t.Errorf("the mock serves %v; providers/all registers %v", got, want)
	}
}
