package verdict_test

import (
	"errors"
	"testing"

	"github.com/payconform/payconform/harness/verdict"
	_ "github.com/payconform/payconform/internal/toyprovider" // registers the TOY prefix
)

func TestFindingMessageTeaches(t *testing.T) {
	cause := errors.New("typed cause")
	f := verdict.Finding{
		Requirement: verdict.Requirement{ID: "IYZ-AUTH-04", Level: verdict.MUST},
		Problem: verdict.Problem{Expected: "a refusal", Got: "a success", Err: cause,
			Defect: verdict.Defect{Class: "PATH_NOT_SIGNED", Words: "the client signs rnd+body without the path"}},
	}
	want := "IYZ-AUTH-04 MUST: expected a refusal; got a success; likely defect: the client signs rnd+body without the path [defect:PATH_NOT_SIGNED]"
	if f.Error() != want {
		t.Errorf("got  %s\nwant %s", f.Error(), want)
	}
	if !errors.Is(f, cause) {
		t.Error("Finding should unwrap to its cause")
	}
}

func TestRegisterRefusesMalformedEntries(t *testing.T) {
	for name, r := range map[string]verdict.Requirement{
		"bad ID":         {ID: "TOY-auth-1", Level: verdict.MUST, Text: "x MUST", Source: "s", Quote: "q"},
		"bad level":      {ID: "TOY-TEST-98", Level: "MAY", Text: "x MAY", Source: "s", Quote: "q"},
		"no source":      {ID: "TOY-TEST-97", Level: verdict.MUST, Text: "x MUST", Quote: "q"},
		"no level word":  {ID: "TOY-TEST-96", Level: verdict.MUST, Text: "x is nice", Source: "s", Quote: "q"},
		"unknown prefix": {ID: "NOPE-TEST-95", Level: verdict.MUST, Text: "x MUST", Source: "s", Quote: "q"},
		"duplicate":      {ID: "TOY-AUTH-01", Level: verdict.MUST, Text: "x MUST", Source: "s", Quote: "q"},
		"MUST unquoted":  {ID: "TOY-TEST-94", Level: verdict.MUST, Text: "x MUST", Source: "s"},
		"MUST silent":    {ID: "TOY-TEST-93", Level: verdict.MUST, Text: "x MUST", Source: "s", Quote: "q", Silent: "the docs say nothing"},
		"SHOULD unsaid":  {ID: "TOY-TEST-92", Level: verdict.SHOULD, Text: "x SHOULD", Source: "s"},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: registered without complaint", name)
				}
			}()
			verdict.Register(r)
		}()
	}
}
