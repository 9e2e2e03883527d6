package trend_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/history"
	"github.com/payconform/payconform/harness/history/historytest"
	"github.com/payconform/payconform/harness/redact"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/trend"
)

// env is a fake environment.
type env map[string]string

func (e env) get(name string) string { return e[name] }

// publish does what payconform test does after its suites ran: the record and the drift
// headline, the published reports, then the history and index.html.
func publish(t testing.TB, dir string, e env, r historytest.Run) (report.Published, int64, string) {
	t.Helper()
	ctx := context.Background()
	reports := historytest.Reports(t, r)
	data, _ := json.Marshal(reports)
	if err := os.WriteFile(filepath.Join(dir, "report.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	hist := trend.Begin(ctx, reports, trend.Settings{Kind: "test", Target: "mock", Mutants: strings.Join(r.Mutants, ","), Reports: dir, Getenv: e.get})
	pub, err := report.Publish(reports, dir, report.Options{Drift: hist.Headline()})
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	id := hist.Finish(ctx, pub, &stderr)
	return pub, id, stderr.String()
}

// contractFailures are what the suites report for the commercial-boolean drift mutant.
var contractFailures = map[string]string{
	"IYZ-CONTRACT-01": "IYZ-CONTRACT-01 MUST: expected /commercial: one of [0,1]; got boolean false",
	"IYZ-CONTRACT-03": "IYZ-CONTRACT-03 MUST: expected commercial 0",
	"IYZ-CONTRACT-04": "IYZ-CONTRACT-04 MUST: expected commercial 1",
}

// Two runs against the mock, the second with the mutant that adds a field and the one that
// changes a type: the drift is exactly those two shape changes and the three requirements the
// changed type fails, each dated from the second run; the summary's headline counts them.
func TestDriftOfTwoRunsAgainstTheMock(t *testing.T) {
	dir := t.TempDir()
	_, first, stderr := publish(t, dir, env{}, historytest.Run{})
	if first != 1 || stderr != "" {
		t.Fatalf("first run: #%d, stderr %q", first, stderr)
	}
	if s, _ := os.ReadFile(filepath.Join(dir, "summary.txt")); !strings.Contains(string(s), "Drift: the first run against mock in the history") {
		t.Errorf("first summary:\n%s", s)
	}
	pub, second, _ := publish(t, dir, env{}, historytest.Run{Mutants: []string{"iyzico-drift-added-field", "iyzico-drift-commercial-boolean"},
		Fail: contractFailures, Start: time.Date(2026, 12, 2, 3, 17, 0, 0, time.UTC)})
	if second != 2 || pub.Exit != 1 {
		t.Fatalf("second run: #%d, exit %d", second, pub.Exit)
	}
	c, err := trend.Compare(context.Background(), filepath.Join(dir, history.DefaultFile), trend.Pair{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	var shapes, outcomes []string
	for _, s := range c.Report.Shapes {
		shapes = append(shapes, s.String())
		if s.Since.ID != second {
			t.Errorf("%s appeared in #%d, want #%d", s, s.Since.ID, second)
		}
	}
	for _, o := range c.Report.Outcomes {
		outcomes = append(outcomes, o.Requirement+" "+string(o.From)+"→"+string(o.To))
		if o.Since.ID != second || o.ToMessage != contractFailures[o.Requirement] {
			t.Errorf("%s: since #%d, message %q", o.Requirement, o.Since.ID, o.ToMessage)
		}
	}
	if want := []string{"+ POST /payment/bin/check 200: $.cardProgram string", "~ POST /payment/bin/check 200: $.commercial number → boolean"}; !slices.Equal(shapes, want) {
		t.Errorf("shape changes %q, want %q", shapes, want)
	}
	if want := []string{"IYZ-CONTRACT-01 pass→fail", "IYZ-CONTRACT-03 pass→fail", "IYZ-CONTRACT-04 pass→fail"}; !slices.Equal(outcomes, want) {
		t.Errorf("outcome changes %q, want %q", outcomes, want)
	}
	for _, name := range []string{"summary.txt", "summary.md", "summary.json"} {
		if s, _ := os.ReadFile(filepath.Join(dir, name)); !strings.Contains(string(s), "Drift: 5 changes since the last run against mock, #1") {
			t.Errorf("%s has no drift headline:\n%s", name, s)
		}
	}
}

// The canary secrets of a run, in the environment and in hostile answers (as values, as keys,
// as error codes, in the URL, in messages), reach neither the store nor index.html, in any
// form redact knows.
func TestTheHistoryKeepsNoSecret(t *testing.T) {
	dir := t.TempDir()
	canaries := env{"IYZICO_SECRET_KEY": "canaryIyzicoSecret9f8e7d6c5b4a3921", "PAYNET_SECRET_KEY": "sk_canary_paynet_0a1b2c3d4e5f6789",
		"PAYWALL_API_KEY_PUBLIC": "canaryPaywallPublic77aa88bb"}
	secrets := []string{canaries["IYZICO_SECRET_KEY"], canaries["PAYNET_SECRET_KEY"]}
	hostile := func(e entry.ExchangeEntry) entry.ExchangeEntry {
		s := secrets[0]
		e.URL += "/" + s + "?k=" + secrets[1]
		e.ResponseBody = `{"` + s + `":"` + secrets[1] + `","errorCode":"` + s + `","code":"` + secrets[1][:20] + `","result_code":"` + strings.ToUpper(s) + `","echo":"` + s + `"}`
		e.ResponseHeader = map[string][]string{"Content-Type": {"application/json"}, "X-Echo": {s}}
		e.RequestHeader = map[string][]string{"Authorization": {"Basic " + secrets[1]}}
		return e
	}
	failures := map[string]string{"IYZ-AUTH-14": "IYZ-AUTH-14 MUST: the answer holds the secret " + secrets[0] + " and " + strings.ToUpper(secrets[1])}
	for range 2 {
		publish(t, dir, canaries, historytest.Run{Exchange: hostile, Fail: failures})
	}
	for _, name := range []string{history.DefaultFile, trend.Index} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if form, found := redact.Find(string(data), secrets...); found {
			t.Errorf("%s holds a secret, as %s", name, form.Form)
		}
	}
	// The store is not empty of what it should keep.
	st, err := history.Open(context.Background(), filepath.Join(dir, history.DefaultFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	run, err := st.Load(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Shapes) < 10 || run.Counts[report.Failed] != 1 {
		t.Errorf("the run kept %d shape elements and %d failures", len(run.Shapes), run.Counts[report.Failed])
	}
}

// A store that cannot be opened costs one line on stderr and no headline, never the verdict.
func TestAStoreThatCannotBeOpenedIsOneLine(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "not-a-store")
	if err := os.WriteFile(bad, bytes.Repeat([]byte("garbage\n"), 600), 0o644); err != nil {
		t.Fatal(err)
	}
	pub, id, stderr := publish(t, dir, env{history.Env: bad}, historytest.Run{})
	if id != 0 || pub.Exit != 0 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "the run's verdict is unchanged") {
		t.Errorf("id %d, exit %d, stderr %q", id, pub.Exit, stderr)
	}
	if pub.Summary.Drift != "" {
		t.Errorf("a headline without a history: %q", pub.Summary.Drift)
	}
	// Off is off: no store, no page.
	off := t.TempDir()
	if _, id, stderr := publish(t, off, env{history.Env: "off"}, historytest.Run{}); id != 0 || stderr != "" {
		t.Errorf("off: #%d %q", id, stderr)
	}
	for _, name := range []string{history.DefaultFile, trend.Index} {
		if _, err := os.Stat(filepath.Join(off, name)); err == nil {
			t.Errorf("PAYCONFORM_HISTORY=off wrote %s", name)
		}
	}
}

// index.html regenerated from the history shows the same run; the evidence of its failures
// only when the run's own report.json is at hand.
func TestRegenerate(t *testing.T) {
	dir := t.TempDir()
	fail := map[string]string{"IYZ-CONTRACT-01": "IYZ-CONTRACT-01 MUST: broken"}
	publish(t, dir, env{}, historytest.Run{Fail: fail})
	written, _ := os.ReadFile(filepath.Join(dir, trend.Index))
	out := t.TempDir()
	run, err := trend.Regenerate(context.Background(), filepath.Join(dir, history.DefaultFile), out, 0, 10, env{}.get)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(out, trend.Index))
	if run.ID != 1 || !bytes.Contains(page, []byte(">FAILED<")) || bytes.Contains(page, []byte(`class="curl"`)) ||
		!bytes.Contains(page, []byte("only when the run&#39;s own report.json is at hand")) {
		t.Errorf("regenerated without the run's report.json: run #%d\n%s", run.ID, page)
	}
	if !bytes.Contains(written, []byte(`class="curl"`)) || !bytes.Contains(written, []byte("curl -sS -i -X POST")) {
		t.Error("the page written after the run shows no request")
	}
	if _, err := trend.Regenerate(context.Background(), filepath.Join(dir, history.DefaultFile), dir, 0, 10, env{}.get); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(filepath.Join(dir, trend.Index)); !bytes.Contains(again, []byte(`class="curl"`)) {
		t.Error("regenerated beside the run's report.json, the page shows no request")
	}
	if _, err := trend.Regenerate(context.Background(), filepath.Join(t.TempDir(), "none.sqlite"), out, 0, 10, env{}.get); err == nil {
		t.Error("regenerating from no history")
	}
}
