package vectors_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/payconform/payconform/vectors"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := vectors.FS.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse schema.json: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatalf("compile schema.json: %v", err)
	}
	return s
}

// Every vector file validates against vectors/schema.json.
func TestVectorFilesMatchSchema(t *testing.T) {
	schema := compileSchema(t)
	files, err := fs.Glob(vectors.FS, "*/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no vector files: %v", err)
	}
	for _, name := range files {
		raw, _ := vectors.FS.ReadFile(name)
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The schema refuses what it should, so the test above can fail: a test without a result, an
// unknown group type, an invalid test with a reason of "", a signature in upper case.
func TestSchemaRefusesBrokenFiles(t *testing.T) {
	schema := compileSchema(t)
	raw, _ := vectors.FS.ReadFile("iyzico/iyzwsv2_verify.json")
	breakages := map[string]func(map[string]any){
		"test without result": func(d map[string]any) { firstTest(d)["result"] = nil; delete(firstTest(d), "result") },
		"unknown group type":  func(d map[string]any) { group(d)["type"] = "Nope" },
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
