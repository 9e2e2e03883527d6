package catalogue_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/payconform/payconform/harness/catalogue"
	_ "github.com/payconform/payconform/providers/all"
)

// docs/requirements.md is generated; a stale copy would mislead readers of the README.
func TestRequirementsDocIsCurrent(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "requirements.md")
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v (generate it: go run ./cmd/payconform requirements > docs/requirements.md)", path, err)
	}
	if string(got) != catalogue.Markdown() {
		t.Errorf("%s is stale: run `go run ./cmd/payconform requirements > docs/requirements.md`", path)
	}
}

// docs/mutants.md is generated too.
func TestMutantsDocIsCurrent(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "mutants.md")
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v (generate it: go run ./cmd/payconform requirements -mutants > docs/mutants.md)", path, err)
	}
	if string(got) != catalogue.MutantsMarkdown() {
		t.Errorf("%s is stale: run `go run ./cmd/payconform requirements -mutants > docs/mutants.md`", path)
	}
}
