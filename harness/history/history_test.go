package history_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/history"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/shape"
)

func sampleRun(start time.Time, outcome report.Outcome) history.Run {
	return history.Run{Kind: "test", Target: "sandbox", Endpoints: "iyzico=https://sandbox-api.iyzipay.com", Start: start, Duration: 1500 * time.Millisecond,
		Version: "v1.2.3 abcdef", Filter: "auth", Exit: 1, Banner: "!! NOT EVERYTHING WAS TESTED: 1 check(s) skipped",
		Counts: map[report.Outcome]int{report.Passed: 1, report.Failed: 1, report.Skipped: 1},
		Suites: []history.Suite{{Name: "iyzico", Duration: 1200 * time.Millisecond, Specs: 3}},
		Outcomes: []history.Outcome{
			{Suite: "iyzico", Requirement: "IYZ-AUTH-01", Level: "MUST", Name: "auth IYZ-AUTH-01: x", Outcome: report.Passed},
			{Suite: "iyzico", Requirement: "IYZ-AUTH-02", Level: "MUST", Name: "auth IYZ-AUTH-02: y", Outcome: outcome, Message: "IYZ-AUTH-02 MUST: expected a refusal\nsecond line"},
			{Suite: "iyzico", Requirement: "IYZ-AUTH-03", Level: "MUST", Name: "auth IYZ-AUTH-03: z", Outcome: report.Skipped, Message: "not applicable: mock only"},
		},
		Shapes: []shape.Element{
			{Kind: shape.Status, Endpoint: "POST /payment/bin/check", Status: 200},
			{Kind: shape.Media, Endpoint: "POST /payment/bin/check", Status: 200, Type: "application/json"},
			{Kind: shape.Field, Endpoint: "POST /payment/bin/check", Status: 200, Path: "$.bankCode", Type: "number"},
		}}
}

func open(t *testing.T, path string) *history.Store {
	t.Helper()
	st, err := history.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// A new store is created with its directory and migrated; a run reads back as it was
// appended, and the store opens again without migrating twice.
func TestARunReadsBackAsItWasAppended(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "nested", "history.sqlite")
	st := open(t, path)
	want := sampleRun(time.Date(2026, 12, 1, 3, 17, 0, 123, time.UTC), report.Failed)
	id, err := st.Append(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	st = open(t, path)
	got, err := st.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	want.ID = id
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, want)
	}
	if _, err := st.Load(ctx, id+1); !errors.Is(err, history.ErrNoRun) {
		t.Errorf("loading a run that is not there: %v", err)
	}
}

// Runs with the same outcomes and shapes share them: a nightly run like the last adds its row,
// its suites and its messages, nothing more.
func TestRunsWithTheSameResultsShareTheirSets(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "history.sqlite")
	st := open(t, path)
	start := time.Date(2026, 12, 1, 3, 17, 0, 0, time.UTC)
	for i := range 3 {
		if _, err := st.Append(ctx, sampleRun(start.Add(time.Duration(i)*24*time.Hour), report.Failed)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Append(ctx, sampleRun(start.Add(72*time.Hour), report.Passed)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for table, want := range map[string]int{"runs": 4, "outcome_sets": 2, "shape_sets": 1, "specs": 3, "shapes": 3, "messages": 2} {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
	st = open(t, path)
	runs, err := st.Runs(ctx, history.Query{Target: "sandbox", Endpoints: "iyzico=https://sandbox-api.iyzipay.com", Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].ID != 3 || runs[1].ID != 4 || len(runs[1].Suites) != 1 {
		t.Errorf("the last two runs, oldest first: %+v", runs)
	}
	byRun, err := st.Outcomes(ctx, 3, 4)
	if err != nil {
		t.Fatal(err)
	}
	if byRun[3][1].Outcome != report.Failed || byRun[4][1].Outcome != report.Passed || byRun[3][1].Message == "" {
		t.Errorf("outcomes of runs 3 and 4: %+v", byRun)
	}
}

// A message is cut to MaxMessageBytes, on a character boundary.
func TestMessagesAreBounded(t *testing.T) {
	ctx := context.Background()
	st := open(t, filepath.Join(t.TempDir(), "history.sqlite"))
	r := sampleRun(time.Now(), report.Failed)
	r.Outcomes[1].Message = strings.Repeat("ğ", history.MaxMessageBytes)
	id, err := st.Append(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if m := got.Outcomes[1].Message; len(m) > history.MaxMessageBytes || !strings.HasSuffix(m, "ğ…") {
		t.Errorf("message of %d bytes, ending %q", len(m), m[len(m)-8:])
	}
}

// A store written by a newer payconform is refused, and left as it was.
func TestANewerStoreIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.sqlite")
	open(t, path).Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)`, history.Schema()+1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(path)
	_, err = history.Open(context.Background(), path)
	if !errors.Is(err, history.ErrNewerSchema) {
		t.Fatalf("opening a newer store: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the newer store was changed")
	}
}

// A file that is not a store (a broken cache, another file named by PAYCONFORM_HISTORY) is an
// error, and is left as it was.
func TestAFileThatIsNotAStoreIsAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.sqlite")
	garbage := []byte(strings.Repeat("not a database\n", 400))
	if err := os.WriteFile(path, garbage, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := history.Open(context.Background(), path); err == nil {
		t.Fatal("a file of text opened as a history")
	}
	if after, _ := os.ReadFile(path); string(after) != string(garbage) {
		t.Error("the file was changed")
	}
}

// PAYCONFORM_HISTORY names the store, "off" turns it off, and the default is in the reports.
func TestPath(t *testing.T) {
	env := func(v string) func(string) string { return func(string) string { return v } }
	if p, ok := history.Path(env(""), "out"); !ok || p != filepath.Join("out", history.DefaultFile) {
		t.Errorf("default: %q %v", p, ok)
	}
	if p, ok := history.Path(env("/data/h.sqlite"), "out"); !ok || p != "/data/h.sqlite" {
		t.Errorf("named: %q %v", p, ok)
	}
	if _, ok := history.Path(env("OFF"), "out"); ok {
		t.Error("off is not off")
	}
}
