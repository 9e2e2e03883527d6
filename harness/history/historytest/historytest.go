// Package historytest builds the Ginkgo reports of runs against the mock for the history's
// tests, as the suites write them: one report per provider suite, one spec (or more) per
// requirement of the catalogue, each spec that talks to the target carrying a
// payconform.exchange entry that holds the mock's real answer: to a valid request (with the
// mutants asked for) for the contract and invariant specs, to a request without credentials
// for the others. Specs fail, warn or error when the test says so. It links every provider
// (providers/all).
package historytest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mock/mocktest"
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/verdict"
	_ "github.com/payconform/payconform/providers/all" // every provider's catalogue and mock
)

// Run says what one run did.
type Run struct {
	// Mutants are switched on in the mock whose answers the exchanges hold.
	Mutants []string
	// Fail, Warn and Error map requirement IDs to the message of a failure, a warning or an
	// infrastructure error; every other spec passes.
	Fail, Warn, Error map[string]string
	// Start is when the run began (the reports' StartTime); the suites take 40, 60 and 80 ms.
	Start time.Time
	// Exchange, when set, replaces every recorded exchange (for hostile answers).
	Exchange func(e entry.ExchangeEntry) entry.ExchangeEntry
	// Specs, when more than the catalogue's requirements, spreads that many specs over them
	// (table entries: "case 2", "case 3", ...), as a real run's vectors do.
	Specs int
}

// Reports builds the run's Ginkgo reports.
func Reports(tb testing.TB, r Run) []types.Report {
	tb.Helper()
	s := mocktest.NewServer(tb, r.Mutants...)
	start := r.Start
	if start.IsZero() {
		start = time.Date(2026, 12, 1, 3, 17, 0, 0, time.UTC)
	}
	var out []types.Report
	for i, d := range provider.All() {
		success, refusal := exchanges(tb, s, d)
		runTime := time.Duration(40+20*i) * time.Millisecond
		rep := types.Report{SuiteDescription: d.Name + " conformance", SuiteSucceeded: true, StartTime: start, EndTime: start.Add(runTime), RunTime: runTime}
		rep.SpecReports = append(rep.SpecReports, types.SpecReport{LeafNodeType: types.NodeTypeSynchronizedBeforeSuite, State: types.SpecStatePassed,
			ReportEntries: types.ReportEntries{{Name: entry.Target, Value: types.WrapEntryValue("mock")}}})
		var reqs []verdict.Requirement
		for _, req := range verdict.Catalogue(d.Name) {
			if req.Area() != "CERT" {
				reqs = append(reqs, req)
			}
		}
		var cases []specCase
		for i, req := range reqs {
			n := 1
			if total := r.Specs / len(provider.All()); total > len(reqs) {
				n = total / len(reqs)
				if i < total%len(reqs) {
					n++
				}
			}
			for c := range n {
				leaf := ""
				if c > 0 {
					leaf = "case " + strconv.Itoa(c+1)
				}
				cases = append(cases, specCase{req, leaf})
			}
		}
		for _, sc := range cases {
			req := sc.req
			sr := types.SpecReport{LeafNodeType: types.NodeTypeIt, State: types.SpecStatePassed, LeafNodeText: sc.leaf,
				ContainerHierarchyTexts: []string{strings.ToLower(req.Area()), req.ID + ": " + req.Text},
				LeafNodeLabels:          []string{"provider:" + d.Name}, StartTime: start, EndTime: start.Add(time.Millisecond)}
			if req.Area() == "KAT" {
				sr.LeafNodeLabels = append(sr.LeafNodeLabels, "kat")
			}
			// Every spec that talks to the target records its own exchange, as the suites do:
			// contract specs a success, the others a refusal; each is told apart by a
			// request ID, so that no two entries are the same text.
			var ex entry.ExchangeEntry
			switch req.Area() {
			case "KAT":
			case "CONTRACT", "INVARIANT":
				ex = success
			default:
				ex = refusal
			}
			if ex.Status != 0 {
				ex.ResponseHeader = http.Header(ex.ResponseHeader).Clone()
				ex.ResponseHeader["X-Request-Id"] = []string{strconv.Itoa(len(rep.SpecReports))}
				sr.ReportEntries = append(sr.ReportEntries, exchangeEntry(r, ex))
			}
			switch {
			case r.Fail[req.ID] != "":
				sr.State = types.SpecStateFailed
				sr.Failure = types.Failure{Message: r.Fail[req.ID]}
				sr.ReportEntries = append(sr.ReportEntries, types.ReportEntry{Name: entry.Finding, Visibility: types.ReportEntryVisibilityNever,
					Value: types.WrapEntryValue(entry.FindingEntry{ID: req.ID, Level: string(req.Level), Message: r.Fail[req.ID]})})
			case r.Error[req.ID] != "":
				sr.State = types.SpecStateFailed
				sr.Failure = types.Failure{Message: r.Error[req.ID]}
				sr.ReportEntries = append(sr.ReportEntries, types.ReportEntry{Name: entry.Error, Value: types.WrapEntryValue(r.Error[req.ID])})
			case r.Warn[req.ID] != "":
				sr.ReportEntries = append(sr.ReportEntries, types.ReportEntry{Name: entry.Warning, Value: types.WrapEntryValue(r.Warn[req.ID])})
			}
			if sr.State != types.SpecStatePassed {
				rep.SuiteSucceeded = false
			}
			rep.SpecReports = append(rep.SpecReports, sr)
		}
		out = append(out, rep)
	}
	// What a run writes and reads back: the entries' values as JSON, as in report.json.
	data, err := json.Marshal(out)
	if err != nil {
		tb.Fatal(err)
	}
	var back []types.Report
	if err := json.Unmarshal(data, &back); err != nil {
		tb.Fatal(err)
	}
	return back
}

type specCase struct {
	req  verdict.Requirement
	leaf string
}

func exchangeEntry(r Run, e entry.ExchangeEntry) types.ReportEntry {
	if r.Exchange != nil {
		e = r.Exchange(e)
	}
	return types.ReportEntry{Name: entry.Exchange, Visibility: types.ReportEntryVisibilityNever, Value: types.WrapEntryValue(e)}
}

// exchanges sends the provider's first sample to the mock, once as it is and once without its
// credential headers, and records both as a suite would: credentials masked.
func exchanges(tb testing.TB, s *mock.Server, d *provider.Descriptor) (success, refusal entry.ExchangeEntry) {
	tb.Helper()
	i := slices.IndexFunc(mock.Samples(), func(sm mock.Sample) bool { return strings.HasPrefix(sm.Name, d.Name+" ") })
	if i < 0 {
		tb.Fatalf("no mock sample for %s", d.Name)
	}
	sample := mock.Samples()[i]
	body := sample.Body(s.Config().Var)
	send := func(strip bool) entry.ExchangeEntry {
		req := mocktest.Request(s, sample, body, true)
		if strip {
			for _, h := range d.CredentialHeaders {
				req.Header.Del(h)
			}
		}
		w := mocktest.Do(s, req)
		return entry.ExchangeEntry{Method: req.Method, URL: "http://127.0.0.1:8080" + req.URL.RequestURI(),
			RequestHeader: d.RedactHeaders(req.Header), RequestBody: string(body),
			Status: w.Code, ResponseHeader: http.Header(w.Header()).Clone(), ResponseBody: w.Body.String(), Attempts: 1}
	}
	return send(false), send(true)
}
