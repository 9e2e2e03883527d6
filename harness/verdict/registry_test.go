package verdict_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/verdict"
	"github.com/payconform/payconform/internal/toyprovider"
)

// The toy provider's catalogue (internal/toyprovider) is registered in this test binary: TOY-KAT-01,
// TOY-CONTRACT-01, TOY-AUTH-01, TOY-CERT-01, TOY-CERT-02, all MUSTs.
var toyIDs = []string{"TOY-AUTH-01", "TOY-CERT-01", "TOY-CERT-02", "TOY-CONTRACT-01", "TOY-KAT-01"}

func TestRequirementParts(t *testing.T) {
	r := verdict.Requirement{ID: "TOY-AUTH-01", Level: verdict.MUST}
	if r.Provider() != "toy" || r.Area() != "AUTH" || r.String() != "TOY-AUTH-01 MUST" {
		t.Errorf("parts of %s: provider %q, area %q, string %q", r.ID, r.Provider(), r.Area(), r.String())
	}
	if p := (verdict.Requirement{ID: "NOPE-AUTH-01"}).Provider(); p != "" {
		t.Errorf("an unknown prefix's provider: %q", p)
	}
	for text, ids := range map[string][]string{
		"TOY-AUTH-01 MUST an echo":                       {"TOY-AUTH-01"},
		"[TOY-CERT-02] and IYZ-KAT-04, not X-Y-1":        {"TOY-CERT-02", "IYZ-KAT-04"},
		"TOY-AUTH-011 toy-auth-01 TOY-auth-01 T-AUTH-01": nil,
	} {
		if got := verdict.IDPattern.FindAllString(text, -1); !slices.Equal(got, ids) {
			t.Errorf("IDPattern in %q: %q, want %q", text, got, ids)
		}
	}
}

func TestTheRegistry(t *testing.T) {
	for _, id := range toyIDs {
		r, ok := verdict.Lookup(id)
		if !ok || r.ID != id || r.Level != verdict.MUST || r.Quote == "" {
			t.Errorf("Lookup(%s) = %+v, %t", id, r, ok)
		}
		if verdict.MustLookup(id) != r {
			t.Errorf("MustLookup(%s) differs from Lookup", id)
		}
	}
	if _, ok := verdict.Lookup("TOY-AUTH-99"); ok {
		t.Error("an unregistered ID is found")
	}
	func() {
		defer func() {
			if p := recover(); p == nil || !strings.Contains(p.(string), "unknown requirement TOY-AUTH-99") {
				t.Errorf("MustLookup of an unknown ID: %v", p)
			}
		}()
		verdict.MustLookup("TOY-AUTH-99")
	}()
	var got []string
	for _, r := range verdict.Catalogue("toy") {
		got = append(got, r.ID)
	}
	if !slices.Equal(got, toyIDs) {
		t.Errorf("Catalogue(toy) = %v, want %v in ID order", got, toyIDs)
	}
	all := verdict.Catalogue("")
	if len(all) < len(toyIDs) || !slices.IsSortedFunc(all, func(a, b verdict.Requirement) int { return strings.Compare(a.ID, b.ID) }) {
		t.Errorf("Catalogue(\"\") has %d requirements, not sorted", len(all))
	}
	if len(verdict.Catalogue("nobody")) != 0 {
		t.Error("a provider with no catalogue has requirements")
	}
	if len(toyprovider.Requirements) != len(toyIDs) {
		t.Errorf("Register returned %d requirements, want %d", len(toyprovider.Requirements), len(toyIDs))
	}
}

// A requirement Register accepts: each well-formed kind, once.
func TestRegisterAcceptsWellFormedEntries(t *testing.T) {
	ok := []verdict.Requirement{
		{ID: "TOY-TEST-01", Level: verdict.MUST, Text: "x MUST", Source: "s", Quote: "q"},
		{ID: "TOY-TEST-02", Level: verdict.SHOULD, Text: "x SHOULD", Source: "s", Silent: "the docs say nothing"},
		{ID: "TOY-TEST-03", Level: verdict.SHOULD, Text: "x SHOULD", Source: "s", Quote: "q"},
		{ID: "TOY-AB-04", Level: verdict.SHOULD, Text: "x SHOULD", Source: "s", Quote: "q"},
	}
	got := verdict.Register(ok...)
	if !slices.EqualFunc(got, ok, func(a, b verdict.Requirement) bool { return a == b }) {
		t.Errorf("Register returned %v", got)
	}
	for _, r := range ok {
		if _, found := verdict.Lookup(r.ID); !found {
			t.Errorf("%s was not registered", r.ID)
		}
	}
}

// Each malformed entry is refused with a message that says what is wrong; the panics of
// TestRegisterRefusesMalformedEntries are asserted on their reason here.
func TestRegisterSaysWhy(t *testing.T) {
	for why, r := range map[string]verdict.Requirement{
		"is not <PROVIDER>-<AREA>-<NN>":              {ID: "TOY-AUTH-1", Level: verdict.MUST, Text: "x MUST", Source: "s", Quote: "q"},
		"no registered provider has the prefix NOPE": {ID: "NOPE-TEST-11", Level: verdict.MUST, Text: "x MUST", Source: "s", Quote: "q"},
		`has level "MAY"`:                            {ID: "TOY-TEST-12", Level: "MAY", Text: "x MAY", Source: "s", Quote: "q"},
		"needs a text and a source":                  {ID: "TOY-TEST-13", Level: verdict.MUST, Source: "s", Quote: "q"},
		"its text must say so in RFC 2119 terms":     {ID: "TOY-TEST-14", Level: verdict.SHOULD, Text: "x MUST", Source: "s", Quote: "q"},
		"is a MUST without a quoted sentence":        {ID: "TOY-TEST-15", Level: verdict.MUST, Text: "x MUST", Source: "s", Quote: "  "},
		"is a MUST on a point the documentation":     {ID: "TOY-TEST-16", Level: verdict.MUST, Text: "x MUST", Source: "s", Quote: "q", Silent: "s"},
		"is a SHOULD that says neither":              {ID: "TOY-TEST-17", Level: verdict.SHOULD, Text: "x SHOULD", Source: "s", Quote: " ", Silent: " "},
		"registered twice":                           {ID: "TOY-KAT-01", Level: verdict.MUST, Text: "x MUST", Source: "s", Quote: "q"},
	} {
		func() {
			defer func() {
				if p := recover(); p == nil || !strings.Contains(p.(string), why) {
					t.Errorf("%s: %v", why, p)
				}
			}()
			verdict.Register(r)
		}()
	}
	if _, ok := verdict.Lookup("TOY-TEST-13"); ok {
		t.Error("a refused requirement was registered")
	}
}

func TestDefects(t *testing.T) {
	d := verdict.Defect{Class: "VERDICT_TEST_DEFECT", Words: "a defect of this test"}
	if got := verdict.RegisterDefect(d); got != d {
		t.Errorf("RegisterDefect returned %+v", got)
	}
	if got, ok := verdict.LookupDefect("VERDICT_TEST_DEFECT"); !ok || got != d {
		t.Errorf("LookupDefect: %+v %t", got, ok)
	}
	if _, ok := verdict.LookupDefect("NO_SUCH_DEFECT"); ok {
		t.Error("an unregistered defect is found")
	}
	verdict.RegisterDefect(d) // the same words again: a second package may name it too
	for why, bad := range map[string]verdict.Defect{
		"needs an UPPER_SNAKE class":          {Class: "lower_case", Words: "w"},
		"needs an UPPER_SNAKE class and word": {Class: "NO_WORDS"},
		"registered twice":                    {Class: "VERDICT_TEST_DEFECT", Words: "other words"},
		"UPPER_SNAKE":                         {Class: "_LEADING", Words: "w"},
	} {
		func() {
			defer func() {
				if p := recover(); p == nil || !strings.Contains(p.(string), why) {
					t.Errorf("%s: %v", why, p)
				}
			}()
			verdict.RegisterDefect(bad)
		}()
	}
	if d.String() != "a defect of this test [defect:VERDICT_TEST_DEFECT]" || (verdict.Defect{Words: "w"}).String() != "" {
		t.Errorf("Defect.String: %q", d.String())
	}
}

func TestHoldAndFindings(t *testing.T) {
	r := verdict.Requirement{ID: "TOY-TEST-50", Level: verdict.SHOULD, Silent: "no page says which status"}
	cause := errors.New("cause")
	found := verdict.Hold(r, verdict.Problem{Expected: "401", Got: "403", Err: cause}, verdict.Problem{Expected: "a", Got: "b"})
	if len(found) != 2 || found[0].Requirement != r || found[1].Got != "b" || !errors.Is(found[0], cause) || found[1].Unwrap() != nil {
		t.Errorf("Hold: %+v", found)
	}
	if len(verdict.Hold(r)) != 0 {
		t.Error("Hold of no problem holds one")
	}
	want := "TOY-TEST-50 SHOULD: expected 401; got 403 (a warning, not a failure: the documentation is silent here: no page says which status)"
	if found[0].Error() != want {
		t.Errorf("got  %s\nwant %s", found[0].Error(), want)
	}
}
