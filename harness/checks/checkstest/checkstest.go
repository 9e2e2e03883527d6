// Package checkstest fuzzes a provider's judgements of a target's answers: whatever a target
// sends back (any status, any media type, any bytes), reading and judging it never panics, and
// an answer that grants is never judged a refusal, and a 4xx that grants nothing always is.
package checkstest

import (
	"net/http"
	"testing"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/exchange"
)

// Judge is what a provider does with one answer: every reading and judgement it makes of it,
// each verdict checked against what it claims (a check that passes an answer says what the
// answer then holds, and the judge fails t when it does not).
type Judge func(t *testing.T, ex *exchange.Exchange)

// FuzzAnswers runs judge over arbitrary answers, seeded with seeds (bodies) under common
// statuses, and checks the verdict MustRefuse gives: an answer that hands out what a success
// grants never passes as a refusal, whatever its status and envelope; a 4xx that grants nothing
// always does; and a refusal is never also a grant.
func FuzzAnswers(f *testing.F, shape checks.RefusalShape, judge Judge, seeds ...string) {
	for _, s := range append(seeds, `{}`, `null`, `[]`, `{"a":`, "\xff", `{"Body":{"Token":1}}`, `<html></html>`, "\xef\xbb\xbf{}") {
		for _, status := range []int{200, 302, 400, 401, 500} {
			f.Add(uint16(status-100), true, []byte(s)) // the target below reads it back as 100 + n%500
		}
	}
	f.Fuzz(func(t *testing.T, status uint16, json bool, body []byte) {
		ct := "text/html"
		if json {
			ct = "application/json; charset=utf-8"
		}
		ex := &exchange.Exchange{Method: http.MethodPost, Status: 100 + int(status)%500, Header: http.Header{"Content-Type": {ct}}, Body: body}
		judge(t, ex)
		_, granted := shape.Grants(ex)
		problems := checks.MustRefuse(ex, shape, checks.Bypass)
		answer, _ := checks.Classify(ex, shape)
		switch {
		case granted && len(problems) == 0:
			t.Fatalf("HTTP %d %q hands out a grant and passed as a refusal", ex.Status, body)
		case granted && answer != checks.Grant:
			t.Fatalf("HTTP %d %q hands out a grant but is classified %v", ex.Status, body, answer)
		case !granted && ex.Status >= 400 && ex.Status < 500 && len(problems) != 0:
			t.Fatalf("HTTP %d %q grants nothing and was not taken for a refusal: %v", ex.Status, body, problems)
		case answer == checks.Refusal && len(problems) != 0, answer != checks.Refusal && len(problems) == 0:
			t.Fatalf("HTTP %d %q: classified %v, MustRefuse says %v", ex.Status, body, answer, problems)
		}
		_ = checks.DescribeBody(ex)
	})
}
