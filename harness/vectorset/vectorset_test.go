package vectorset_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/payconform/payconform/harness/vectorset"
	_ "github.com/payconform/payconform/internal/toyprovider" // registers the TOY_PATH_NOT_SIGNED defect
)

// ShouldPass follows the standard library's Wycheproof helper: every flag of an acceptable test
// needs a policy, and one failing flag fails the test.
func TestShouldPass(t *testing.T) {
	policy := map[string]bool{"PASSES": true, "FAILS": false}
	for _, tc := range []struct {
		result  vectorset.Result
		flags   []string
		want    bool
		wantErr bool
	}{
		{vectorset.Valid, []string{"ANYTHING"}, true, false},
		{vectorset.Invalid, nil, false, false},
		{vectorset.Acceptable, []string{"PASSES"}, true, false},
		{vectorset.Acceptable, []string{"PASSES", "FAILS"}, false, false},
		{vectorset.Acceptable, []string{"FAILS", "PASSES"}, false, false},
		{vectorset.Acceptable, []string{"PASSES", "NEVER_HEARD_OF"}, false, true},
		{vectorset.Acceptable, []string{"NEVER_HEARD_OF", "PASSES"}, false, true},
		{"maybe", nil, false, true},
	} {
		got, err := vectorset.ShouldPass(vectorset.Meta{ID: 1, Result: tc.result, Flags: tc.flags}, policy)
		if got != tc.want || (err != nil) != tc.wantErr {
			t.Errorf("%s %v: %t, %v; want %t, error %t", tc.result, tc.flags, got, err, tc.want, tc.wantErr)
		}
	}
}

type test struct {
	vectorset.Meta
	Input    map[string]string `json:"input"`
	Expected map[string]string `json:"expected"`
}

const file = `{"schema":"payconform.vectors/v1","provider":"toy","algorithm":"x","version":"VERSION","header":["h"],
"sources":{"s":{"title":"t"}},"notes":{"TOY_PATH_NOT_SIGNED":{"bugType":"CANONICALIZATION","description":"d"}},"numberOfTests":1,
"testGroups":[{"type":"x","tests":[{"id":1,"comment":"c","flags":["TOY_PATH_NOT_SIGNED"],"source":"s","result":"invalid","input":{},"expected":{}}]}]}`

// A file of another version is refused, not misread; so are the inconsistencies the JSON Schema
// cannot see.
func TestLoadChecksTheFile(t *testing.T) {
	load := func(text string) error {
		_, err := vectorset.Load[test](fstest.MapFS{"f.json": {Data: []byte(text)}}, "f.json")
		return err
	}
	if err := load(strings.Replace(file, "VERSION", "1", 1)); err != nil {
		t.Fatalf("a good file: %v", err)
	}
	for name, text := range map[string]string{
		"version 2":            strings.Replace(file, "VERSION", "2", 1),
		"unknown field":        strings.Replace(strings.Replace(file, "VERSION", "1", 1), `"header"`, `"extra":1,"header"`, 1),
		"undeclared flag":      strings.Replace(strings.Replace(file, "VERSION", "1", 1), `"flags":["TOY_PATH_NOT_SIGNED"]`, `"flags":["NOPE"]`, 1),
		"invalid without flag": strings.Replace(strings.Replace(file, "VERSION", "1", 1), `"flags":["TOY_PATH_NOT_SIGNED"]`, `"flags":[]`, 1),
		"wrong count":          strings.Replace(strings.Replace(file, "VERSION", "1", 1), `"numberOfTests":1`, `"numberOfTests":2`, 1),
		"unknown source":       strings.Replace(strings.Replace(file, "VERSION", "1", 1), `"source":"s"`, `"source":"elsewhere"`, 1),
	} {
		if load(text) == nil {
			t.Errorf("%s: loaded", name)
		}
	}
}
