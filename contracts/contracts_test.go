package contracts_test

import (
	"io/fs"
	"testing"

	"github.com/payconform/payconform/contracts"
	"github.com/payconform/payconform/harness/contract"
)

// Every embedded document loads in kin-openapi and passes its validation.
func TestContractsLoadAndValidate(t *testing.T) {
	names, err := fs.Glob(contracts.FS, "*.openapi.*")
	if err != nil || len(names) == 0 {
		t.Fatalf("no contracts embedded: %v", err)
	}
	for _, name := range names {
		d, err := contract.Load(contracts.FS, name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(d.Operations()) == 0 {
			t.Errorf("%s: no operations", name)
		}
	}
}

// A broken document is refused, so the test above can fail.
func TestBrokenContractIsRefused(t *testing.T) {
	broken := []byte("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /x:\n    post:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Missing'}}}}\n")
	if _, err := contract.Parse("broken.yaml", broken); err == nil {
		t.Fatal("a document with a dangling $ref loaded without error")
	}
}
