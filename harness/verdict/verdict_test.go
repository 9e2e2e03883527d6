package verdict_test

import (
	"errors"
	"testing"

	"github.com/payconform/payconform/harness/verdict"
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
		"bad ID":        {ID: "IYZ-auth-1", Level: verdict.MUST, Text: "x MUST", Source: "s"},
		"bad level":     {ID: "IYZ-TEST-98", Level: "MAY", Text: "x MAY", Source: "s"},
		"no source":     {ID: "IYZ-TEST-97", Level: verdict.MUST, Text: "x MUST"},
		"no level word": {ID: "IYZ-TEST-96", Level: verdict.MUST, Text: "x is nice", Source: "s"},
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
