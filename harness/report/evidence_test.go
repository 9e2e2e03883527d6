package report_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/report"
)

func exchangeEntry(e entry.ExchangeEntry) types.ReportEntry {
	data, _ := json.Marshal(e)
	return types.ReportEntry{Name: entry.Exchange, Value: types.ReportEntryValue{AsJSON: string(data)}}
}

// A curl command quotes every value for the shell and leaves the variable references to be
// expanded: run through sh -c with the variable set, it prints the header the request carried.
func TestCurlQuotesForTheShell(t *testing.T) {
	e := entry.ExchangeEntry{Method: "POST", URL: "http://127.0.0.1:1/v1/agent/get_auth_key",
		RequestHeader: map[string][]string{"Authorization": {"Basic ${PAYNET_SECRET_KEY}"}, "X-Odd": {`it's "$HOME" and \ too`}},
		RequestBody:   `{"agent_id":"1","note":"it's"}`}
	cmd := report.Curl(e, "paynet conformance")
	if !strings.Contains(cmd, `-H 'Authorization: Basic '"${PAYNET_SECRET_KEY}"`) {
		t.Errorf("curl: %s", cmd)
	}
	echo := strings.Replace(cmd, "curl ", "printf '%s\\n' ", 1)
	sh := exec.Command("sh", "-c", echo)
	sh.Env = []string{"PAYNET_SECRET_KEY=sck_x"}
	out, err := sh.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Authorization: Basic sck_x", `X-Odd: it's "$HOME" and \ too`, `{"agent_id":"1","note":"it's"}`} {
		if !strings.Contains(string(out), want+"\n") {
			t.Errorf("the shell read %q, want a word %q", out, want)
		}
	}
}

// An iyzico request is replayed through payconform sign, which signs it anew.
func TestCurlResignsWhatCannotBeReplayed(t *testing.T) {
	e := entry.ExchangeEntry{Method: "POST", URL: "http://127.0.0.1:1/payment/bin/check?x=1",
		RequestHeader: map[string][]string{"Authorization": {"IYZWSv2 <masked>"}, "Content-Type": {"application/json"}}, RequestBody: `{"binNumber":"554960"}`}
	cmd := report.Curl(e, "iyzico conformance")
	if !strings.Contains(cmd, `payconform sign iyzico -path '/payment/bin/check?x=1' -body "$BODY" | curl`) || strings.Contains(cmd, "<masked>") || !strings.Contains(cmd, "cannot be replayed") {
		t.Errorf("curl: %s", cmd)
	}
}

// A refusal check whose requests got only 404s, on a route no request got another answer from,
// is not judged; a 404 from a route that answers otherwise (Paynet's unknown agent) is an answer.
// A refusal check whose connection the target dropped, while it answered others, fails.
func TestSummarizeJudgesRoutesAndDroppedConnections(t *testing.T) {
	served := entry.ExchangeEntry{Method: "POST", URL: "http://t/v1/agent/get_auth_key", Status: 200}
	unknownAgent := entry.ExchangeEntry{Method: "POST", URL: "http://t/v1/agent/get_auth_key", Status: 404}
	missing := entry.ExchangeEntry{Method: "POST", URL: "http://t/api/paywall/temptoken", Status: 404}
	dropped := entry.ExchangeEntry{Method: "POST", URL: "http://t/v1/agent/get_auth_key", Error: "EOF", Dropped: true}
	sr := func(text string, state types.SpecState, e entry.ExchangeEntry, entries ...string) types.SpecReport {
		s := spec(text, state, "", entries...)
		s.ReportEntries = append(s.ReportEntries, exchangeEntry(e))
		return s
	}
	r := []types.Report{{SuiteDescription: "paynet conformance", SpecReports: []types.SpecReport{
		sr("PNT-CONTRACT-01: ok", types.SpecStatePassed, served),
		sr("PNT-AUTH-08: unknown agent refused", types.SpecStatePassed, unknownAgent),
		sr("PNT-AUTH-01: a route not served", types.SpecStatePassed, missing),
		sr("PNT-INPUT-01: crashed", types.SpecStateFailed, dropped, entry.Error),
	}}}
	s := report.Summarize(r)
	got := map[string]report.Outcome{}
	for _, sp := range s.Specs {
		got[sp.Requirement] = sp.Outcome
	}
	want := map[string]report.Outcome{"PNT-CONTRACT-01": report.Passed, "PNT-AUTH-08": report.Passed, "PNT-AUTH-01": report.Skipped, "PNT-INPUT-01": report.Failed}
	for id, o := range want {
		if got[id] != o {
			t.Errorf("%s: %s, want %s", id, got[id], o)
		}
	}
	if len(s.Misconfigured) != 0 || s.ExitCode() != 1 {
		t.Errorf("misconfigured %v, exit %d; want none and 1", s.Misconfigured, s.ExitCode())
	}
}
