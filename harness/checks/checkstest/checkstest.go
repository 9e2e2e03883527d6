// Package checkstest fuzzes a provider's judgements of a target's answers: whatever a target
// sends back (any status, any media type, any bytes), reading and judging it never panics, and
// an answer is never both a recognised refusal and a grant.
package checkstest

import (
	"net/http"
	"testing"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/exchange"
)

// Judge is what a provider does with one answer: every reading and judgement it makes of it.
type Judge func(ex *exchange.Exchange)

// FuzzAnswers runs judge over arbitrary answers, seeded with seeds (bodies) under common
// statuses, and checks the shape's refusal and grant never agree on one answer.
func FuzzAnswers(f *testing.F, shape checks.RefusalShape, judge Judge, seeds ...string) {
	for _, s := range append(seeds, `{}`, `null`, `[]`, `{"a":`, "\xff", `{"Body":{"Token":1}}`, `<html></html>`) {
		for _, status := range []uint16{200, 302, 400, 401, 500} {
			f.Add(status, true, []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, status uint16, json bool, body []byte) {
		ct := "text/html"
		if json {
			ct = "application/json; charset=utf-8"
		}
		ex := &exchange.Exchange{Method: http.MethodPost, Status: 100 + int(status)%500, Header: http.Header{"Content-Type": {ct}}, Body: body}
		judge(ex)
		if _, granted := shape.Granted(ex); granted && shape.Refused(ex) {
			t.Fatalf("HTTP %d %q is both a refusal and a grant", ex.Status, body)
		}
		_ = checks.MustRefuse(ex, shape, checks.Bypass)
		_ = checks.DescribeBody(ex)
	})
}
