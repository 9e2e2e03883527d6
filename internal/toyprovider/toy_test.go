package toyprovider_test

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/payconform/payconform/internal/toyprovider"
	"github.com/payconform/payconform/vectors"
)

// Every vector is recomputed with the openssl command line, so that it does not merely agree
// with the Go code that checks it.
func TestVectorsAgreeWithOpenSSL(t *testing.T) {
	for _, v := range toyprovider.Vectors().Tests() {
		msg := "POST " + v.Input.Path + "\n" + v.Input.Body
		if v.Result != "valid" {
			msg = v.Input.Body // the defect: the body alone
		}
		cmd := exec.Command("openssl", "dgst", "-sha256", "-hmac", v.Input.Secret)
		cmd.Stdin = strings.NewReader(msg)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("openssl: %v", err)
		}
		f := strings.Fields(string(out))
		if got := f[len(f)-1]; got != v.Expected.Signature {
			t.Errorf("#%d: openssl %s, vector %s", v.ID, got, v.Expected.Signature)
		}
	}
}

// TOY-KAT-01 can fail: a signer that leaves the path out fails the valid vectors and
// reproduces the invalid one.
func TestKATCatchesAMutantSigner(t *testing.T) {
	mutant := func(secret, _ string, body []byte) string { return toyprovider.SignBodyOnly(secret, body) }
	caught := 0
	for _, v := range toyprovider.Vectors().Tests() {
		caught += len(toyprovider.CheckSign(v, mutant))
		if p := toyprovider.CheckSign(v, toyprovider.Sign); len(p) > 0 {
			t.Errorf("#%d: the correct signer fails: %+v", v.ID, p)
		}
	}
	if caught != 3 {
		t.Errorf("the mutant signer failed %d vectors, want 3", caught)
	}
}

// The toy's vectors follow the generic vector schema, which names no provider.
func TestVectorsMatchTheGenericSchema(t *testing.T) {
	raw, _ := vectors.FS.ReadFile("schema.json")
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open("vectors.json")
	defer f.Close()
	v, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(v); err != nil {
		t.Error(err)
	}
}
