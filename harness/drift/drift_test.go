package drift_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/drift"
	"github.com/payconform/payconform/harness/history"
	"github.com/payconform/payconform/harness/history/historytest"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/shape"
)

func shapesOf(t *testing.T, mutants ...string) []shape.Element {
	t.Helper()
	return shape.FromReports(historytest.Reports(t, historytest.Run{Mutants: mutants}), nil)
}

func run(id int64, shapes []shape.Element, outcomes ...history.Outcome) history.Run {
	return history.Run{ID: id, Kind: "test", Target: "mock", Start: time.Date(2026, 12, int(id), 3, 17, 0, 0, time.UTC),
		Counts: map[report.Outcome]int{report.Passed: 1}, Shapes: shapes, Outcomes: outcomes}
}

func lines(cs []drift.ShapeChange) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.String())
	}
	return out
}

// The mock's real answers, clean and then with the two drift mutants: exactly a field added and
// a type changed, nothing else; and nothing at all between two clean runs.
func TestTheDriftMutantsChangeExactlyTwoThings(t *testing.T) {
	clean, drifted := shapesOf(t), shapesOf(t, "iyzico-drift-added-field", "iyzico-drift-commercial-boolean")
	d, err := drift.Compare(context.Background(), nil, run(1, clean), run(2, drifted))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"+ POST /payment/bin/check 200: $.cardProgram string",
		"~ POST /payment/bin/check 200: $.commercial number → boolean",
	}
	if got := lines(d.Shapes); !slices.Equal(got, want) {
		t.Errorf("shape changes:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	same, err := drift.Compare(context.Background(), nil, run(1, clean), run(2, shapesOf(t)))
	if err != nil {
		t.Fatal(err)
	}
	if same.Changes() != 0 {
		t.Errorf("two clean runs differ: %v", lines(same.Shapes))
	}
}

// Statuses, media types and error codes: new ones and ones no longer seen, on an endpoint both
// runs reached; an endpoint only one run reached is not a change of the target.
func TestStatusesMediaTypesAndCodes(t *testing.T) {
	ep := "POST /v1/agent/get_auth_key"
	from := []shape.Element{
		{Kind: shape.Status, Endpoint: ep, Status: 401}, {Kind: shape.Media, Endpoint: ep, Status: 401, Type: "application/json"},
		{Kind: shape.Code, Endpoint: ep, Status: 401, Codes: "code=401 result_code=7"},
		{Kind: shape.Field, Endpoint: ep, Status: 401, Codes: "code=401 result_code=7", Path: "$.message", Type: "string"},
		{Kind: shape.Status, Endpoint: "POST /only/in/from", Status: 200},
	}
	to := []shape.Element{
		{Kind: shape.Status, Endpoint: ep, Status: 401}, {Kind: shape.Media, Endpoint: ep, Status: 401, Type: "text/html"},
		{Kind: shape.Code, Endpoint: ep, Status: 401, Codes: "code=401 result_code=9"},
		{Kind: shape.Field, Endpoint: ep, Status: 401, Codes: "code=401 result_code=9", Path: "$.message", Type: "string"},
		{Kind: shape.Status, Endpoint: ep, Status: 429}, {Kind: shape.Media, Endpoint: ep, Status: 429, Type: "text/plain"},
	}
	d, err := drift.Compare(context.Background(), nil, run(1, from), run(2, to))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"~ POST /v1/agent/get_auth_key 401 media type application/json → text/html",
		"- error code POST /v1/agent/get_auth_key 401 code=401 result_code=7",
		"+ error code POST /v1/agent/get_auth_key 401 code=401 result_code=9",
		"+ status POST /v1/agent/get_auth_key 429",
	}
	if got := lines(d.Shapes); !slices.Equal(got, want) {
		t.Errorf("shape changes:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func outcome(id string, o report.Outcome, msg string) history.Outcome {
	return history.Outcome{Suite: "iyzico", Requirement: id, Level: "MUST", Name: id + " spec", Outcome: o, Message: msg}
}

// Outcomes are compared per requirement (its worst spec), with both messages; a requirement
// skipped or absent in one run is counted apart, not listed as a change.
func TestOutcomeChanges(t *testing.T) {
	from := run(1, nil, outcome("IYZ-AUTH-01", report.Passed, ""), outcome("IYZ-AUTH-02", report.Failed, "was broken"),
		outcome("IYZ-AUTH-03", report.Passed, ""), outcome("IYZ-AUTH-04", report.Passed, ""))
	to := run(2, nil, outcome("IYZ-AUTH-01", report.Failed, "now broken"), outcome("IYZ-AUTH-02", report.Passed, ""),
		outcome("IYZ-AUTH-03", report.Skipped, "not applicable"), outcome("IYZ-AUTH-05", report.Passed, ""))
	d, err := drift.Compare(context.Background(), nil, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Outcomes) != 2 || d.Outcomes[0].Requirement != "IYZ-AUTH-01" || d.Outcomes[0].ToMessage != "now broken" ||
		d.Outcomes[1].Requirement != "IYZ-AUTH-02" || d.Outcomes[1].FromMessage != "was broken" {
		t.Errorf("outcome changes: %+v", d.Outcomes)
	}
	if d.OnlyFrom != 2 || d.OnlyTo != 1 {
		t.Errorf("only in one run: %d and %d, want 2 (AUTH-03, AUTH-04) and 1 (AUTH-05)", d.OnlyFrom, d.OnlyTo)
	}
	if !strings.Contains(d.Headline(), "2 changes since the last run against mock, #1") {
		t.Errorf("headline: %s", d.Headline())
	}
}

// Each change names the first run it appeared in: the earliest of the runs, back from the later
// one, that all had it.
func TestEachChangeNamesTheRunItAppearedIn(t *testing.T) {
	ctx := context.Background()
	st, err := history.Open(ctx, filepath.Join(t.TempDir(), "history.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	clean, drifted := shapesOf(t), shapesOf(t, "iyzico-drift-added-field")
	seq := []struct {
		shapes  []shape.Element
		outcome report.Outcome
	}{{clean, report.Passed}, {clean, report.Passed}, {drifted, report.Failed}, {drifted, report.Failed}, {drifted, report.Failed}}
	for i, s := range seq {
		r := run(int64(i+1), s.shapes, outcome("IYZ-CONTRACT-01", s.outcome, string(s.outcome)))
		r.ID = 0
		if _, err := st.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	from, _ := st.Load(ctx, 1)
	to, _ := st.Load(ctx, 5)
	d, err := drift.Compare(ctx, st, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Shapes) != 1 || d.Shapes[0].Since.ID != 3 {
		t.Errorf("the added field should date from run #3: %+v", d.Shapes)
	}
	if len(d.Outcomes) != 1 || d.Outcomes[0].Since.ID != 3 {
		t.Errorf("the failure should date from run #3: %+v", d.Outcomes)
	}
}

// Flaky: the outcome went one way and back in the runs searched; one change is not flakiness,
// and neither are skips or infrastructure errors.
func TestFindFlaky(t *testing.T) {
	seq := map[string][]report.Outcome{
		"IYZ-AUTH-01": {report.Passed, report.Failed, report.Passed, report.Passed},
		"IYZ-AUTH-02": {report.Passed, report.Failed, report.Failed, report.Failed},
		"IYZ-AUTH-03": {report.Passed, report.Skipped, report.Errored, report.Passed},
		"IYZ-AUTH-04": {report.Warned, report.Passed, report.Warned, report.Passed},
		"IYZ-AUTH-05": {report.Known, report.Failed, report.Known, report.Failed},
	}
	var runs []history.Run
	for i := range 4 {
		r := run(int64(i+1), nil)
		for id, os := range seq {
			r.Outcomes = append(r.Outcomes, outcome(id, os[i], ""))
		}
		runs = append(runs, r)
	}
	var got []string
	for _, f := range drift.FindFlaky(runs) {
		got = append(got, f.Requirement)
		if len(f.Runs) != len(f.Outcomes) || f.Flips < 2 {
			t.Errorf("%s: %d runs, %d outcomes, %d flips", f.Requirement, len(f.Runs), len(f.Outcomes), f.Flips)
		}
	}
	if want := []string{"IYZ-AUTH-01", "IYZ-AUTH-04"}; !slices.Equal(got, want) {
		t.Errorf("flaky: %v, want %v", got, want)
	}
}

// A field gone from an answer both runs got is one removal, whatever types it had.
func TestARemovedFieldIsOneChange(t *testing.T) {
	ep := "POST /payment/bin/check"
	class := func(path, typ string) shape.Element {
		return shape.Element{Kind: shape.Field, Endpoint: ep, Status: 200, Path: path, Type: typ}
	}
	from := []shape.Element{{Kind: shape.Status, Endpoint: ep, Status: 200}, class("$", "object"), class("$.bankCode", "number"), class("$.bankCode", "string")}
	to := []shape.Element{{Kind: shape.Status, Endpoint: ep, Status: 200}, class("$", "object")}
	d, err := drift.Compare(context.Background(), nil, run(1, from), run(2, to))
	if err != nil {
		t.Fatal(err)
	}
	if got := lines(d.Shapes); !slices.Equal(got, []string{"- POST /payment/bin/check 200: $.bankCode number|string"}) {
		t.Errorf("removals: %q", got)
	}
}
