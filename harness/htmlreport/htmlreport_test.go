package htmlreport_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/htmlreport"
)

const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)>`

// Every text a target or an adapter wrote is escaped: a message, an answer body, a spec name
// cannot put markup or script on the page; the page loads nothing from anywhere.
func TestThePageEscapesWhatItWasGiven(t *testing.T) {
	ev := htmlreport.EvidenceOf(entry.ExchangeEntry{Method: "POST", URL: "http://127.0.0.1:1/p", Status: 500,
		ResponseHeader: map[string][]string{"X-Evil": {hostile}}, ResponseBody: hostile})
	page, err := htmlreport.Render(htmlreport.Page{Verdict: htmlreport.VerdictOf(1), Banner: hostile, Generated: time.Now(),
		Run:      htmlreport.Run{Target: hostile, Mutants: hostile},
		Rows:     []htmlreport.Row{{Requirement: "IYZ-AUTH-01", Provider: "iyzico", Level: "MUST", Outcome: "fail", Message: hostile, Strip: []htmlreport.Cell{{Run: hostile, Outcome: "fail"}}}},
		Failures: []htmlreport.Failure{{Requirement: "IYZ-AUTH-01", Name: hostile, Outcome: "fail", Messages: []string{hostile}, Evidence: []htmlreport.Evidence{ev}}},
		Drift:    htmlreport.Drift{Headline: hostile, Shapes: []htmlreport.ShapeChange{{Line: hostile, Since: hostile, Kind: "added"}}}})
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, bad := range []string{"<script>alert", "<img src"} {
		if strings.Contains(html, bad) {
			t.Errorf("the page carries %q unescaped", bad)
		}
	}
	if strings.Count(html, "<script>") != 1 {
		t.Errorf("want exactly the page's own script, found %d", strings.Count(html, "<script>"))
	}
	for _, fetch := range []string{`src="http`, `href="http`, "@import", "url(http"} {
		if strings.Contains(html, fetch) {
			t.Errorf("the page fetches something: %s", fetch)
		}
	}
}

// The curl command quotes everything for the shell, keeps ${VARIABLE} references for the shell
// to expand, and leaves out the headers curl writes itself.
func TestCurl(t *testing.T) {
	got := htmlreport.Curl(entry.ExchangeEntry{Method: "POST", URL: "https://api.example.com/v1/agent/get_auth_key",
		RequestHeader: map[string][]string{"Authorization": {"Basic ${PAYNET_SECRET_KEY}"}, "Content-Length": {"40"}, "X-Quote": {"it's"}},
		RequestBody:   `{"agent_id":"a'b","user_id":"$(rm -rf /)"}`})
	want := `curl -sS -i -X POST https://api.example.com/v1/agent/get_auth_key \
  -H 'Authorization: Basic '"${PAYNET_SECRET_KEY}" \
  -H 'X-Quote: it'\''s' \
  --data-binary '{"agent_id":"a'\''b","user_id":"$(rm -rf /)"}'`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// certificate.html shows the certificate's verdict and each failing case with the exchanges
// its spec recorded and the adapter's stderr.
func TestCertificatePage(t *testing.T) {
	cert := map[string]any{
		"protocol":  "payconform-candidate/1",
		"candidate": map[string]any{"description": map[string]any{"name": "my-sdk", "version": "1.0", "language": "go", "operations": []string{"iyzico.bin_check"}}},
		"subject":   map[string]any{"command": "./adapter", "commandSha256": "ab"},
		"harness":   map[string]any{"version": "(devel) 123"}, "isolation": map[string]any{"network": "loopback only"},
		"time": time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), "certified": false,
		"operations":   []map[string]any{{"operation": "iyzico.bin_check", "status": "failed"}},
		"requirements": []map[string]any{{"id": "IYZ-CERT-01", "level": "MUST", "operation": "iyzico.bin_check", "status": "fail", "cases": 1, "failed": 1}},
		"failures":     []map[string]any{{"requirement": "IYZ-CERT-01", "case": "success 554960", "messages": []string{"IYZ-CERT-01 MUST: wrong path " + hostile}, "stderr": "traceback " + hostile}},
	}
	data, _ := json.Marshal(cert)
	reports := []types.Report{{SpecReports: []types.SpecReport{{LeafNodeType: types.NodeTypeIt, State: types.SpecStateFailed,
		ContainerHierarchyTexts: []string{"iyzico.bin_check", "IYZ-CERT-01: the route"}, LeafNodeText: "success 554960",
		ReportEntries: types.ReportEntries{{Name: entry.Exchange, Value: types.WrapEntryValue(entry.ExchangeEntry{Method: "POST", URL: "http://127.0.0.1:9/payment/bin", Status: 404, ResponseBody: "not found"})}}}}}}
	back, _ := json.Marshal(reports)
	_ = json.Unmarshal(back, &reports)
	page, err := htmlreport.Certificate(data, reports)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, want := range []string{">NOT CERTIFIED<", "my-sdk", "IYZ-CERT-01", "success 554960", "curl -sS -i -X POST http://127.0.0.1:9/payment/bin", "HTTP 404", "traceback &lt;script&gt;"} {
		if !strings.Contains(html, want) {
			t.Errorf("certificate.html lacks %q", want)
		}
	}
	if strings.Contains(html, "<script>alert") {
		t.Error("certificate.html carries the adapter's markup unescaped")
	}
	if _, err := htmlreport.Certificate([]byte("{"), nil); err == nil {
		t.Error("a certificate that is not JSON rendered")
	}
}
