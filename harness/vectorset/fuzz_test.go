package vectorset_test

import (
	"io/fs"
	"testing"

	"github.com/payconform/payconform/harness/vectorset"
	"github.com/payconform/payconform/vectors"
)

// anyTest is the loosest test a vector file can hold: its metadata and whatever else.
type anyTest struct {
	vectorset.Meta
	Input    map[string]any `json:"input"`
	Expected map[string]any `json:"expected"`
	Probe    map[string]any `json:"probe"`
}

// FuzzVectorFile feeds arbitrary bytes to the vector loader, seeded with every shipped vector
// file: it refuses or loads, never panics, and a file it loads names its tests consistently.
func FuzzVectorFile(f *testing.F) {
	_ = fs.WalkDir(vectors.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path != "schema.json" {
			if b, err := fs.ReadFile(vectors.FS, path); err == nil {
				f.Add(b)
			}
		}
		return nil
	})
	f.Add([]byte(`{"schema":"payconform.vectors/v1","version":"1","testGroups":[{"tests":[{"id":1},{"id":1}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := vectorset.Parse[anyTest]("fuzz.json", data)
		if err != nil {
			return
		}
		seen := map[int]bool{}
		for _, v := range file.Tests() {
			if seen[v.ID] {
				t.Fatalf("loaded a file with test id %d twice", v.ID)
			}
			seen[v.ID] = true
			_ = file.TestName(v.Meta)
			_ = file.Defects(v.Meta)
		}
	})
}
