package vectors_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/payconform/payconform/harness/provider"
	_ "github.com/payconform/payconform/providers/all"
	"github.com/payconform/payconform/vectors"
)

const base = "https://payconform.dev/vectors/"

// compile compiles a schema of vectors.FS (schema.json, or <provider>/schema.json), with every
// schema of the file system loaded so that the provider schemas' references resolve.
func compile(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	schemas, _ := fs.Glob(vectors.FS, "*schema.json")
	more, _ := fs.Glob(vectors.FS, "*/schema.json")
	for _, s := range append(schemas, more...) {
		raw, _ := vectors.FS.ReadFile(s)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("parse %s: %v", s, err)
		}
		if err := c.AddResource(base+s, doc); err != nil {
			t.Fatal(err)
		}
	}
	sch, err := c.Compile(base + name)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return sch
}

// vectorFiles lists every vector file, by provider folder.
func vectorFiles(t *testing.T) map[string][]string {
	t.Helper()
	files, err := fs.Glob(vectors.FS, "*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, f := range files {
		if path.Base(f) != "schema.json" {
			out[path.Dir(f)] = append(out[path.Dir(f)], f)
		}
	}
	if len(out) == 0 {
		t.Fatal("no vector files")
	}
	return out
}

// Every vector file validates against the generic schema and its provider folder's schema, and
// names the registered provider its folder is named after. The generic schema names no provider.
func TestVectorFilesMatchSchema(t *testing.T) {
	generic := compile(t, "schema.json")
	for folder, files := range vectorFiles(t) {
		if _, ok := provider.Lookup(folder); !ok {
			t.Errorf("vectors/%s: no registered provider of that name", folder)
			continue
		}
		own := compile(t, folder+"/schema.json")
		for _, name := range files {
			raw, _ := vectors.FS.ReadFile(name)
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			for _, s := range []*jsonschema.Schema{generic, own} {
				if err := s.Validate(doc); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		}
	}
	raw, _ := vectors.FS.ReadFile("schema.json")
	for _, p := range provider.Names() {
		if strings.Contains(string(raw), p) {
			t.Errorf("schema.json names the provider %s; only vectors/%s/schema.json may", p, p)
		}
	}
}

// The schemas refuse what they should, so the test above can fail.
func TestSchemaRefusesBrokenFiles(t *testing.T) {
	schema := compile(t, "iyzico/schema.json")
	raw, _ := vectors.FS.ReadFile("iyzico/iyzwsv2_verify.json")
	breakages := map[string]func(map[string]any){
		"test without result": func(d map[string]any) { delete(firstTest(d), "result") },
		"unknown group type":  func(d map[string]any) { group(d)["type"] = "Nope" },
		"another provider":    func(d map[string]any) { d["provider"] = "paynet" },
		"version 2":           func(d map[string]any) { d["version"] = "2" },
		"invalid with empty reason": func(d map[string]any) {
			for _, tc := range group(d)["tests"].([]any) {
				if tc.(map[string]any)["result"] == "invalid" {
					tc.(map[string]any)["expected"].(map[string]any)["reason"] = ""
					return
				}
			}
		},
		"unknown top-level field": func(d map[string]any) { d["extra"] = true },
	}
	for name, breakIt := range breakages {
		var d map[string]any
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatal(err)
		}
		breakIt(d)
		b, _ := json.Marshal(d)
		doc, _ := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
		if err := schema.Validate(doc); err == nil {
			t.Errorf("%s: the schema accepted it", name)
		}
	}
}

func group(d map[string]any) map[string]any {
	return d["testGroups"].([]any)[0].(map[string]any)
}

func firstTest(d map[string]any) map[string]any {
	return group(d)["tests"].([]any)[0].(map[string]any)
}
