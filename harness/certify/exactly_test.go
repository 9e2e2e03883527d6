package certify_test

import (
	"context"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
	"github.com/payconform/payconform/harness/mockapi"
)

// A field the case did not give passes only when it says no more than leaving it out: null, or
// its type's zero value (false, 0 in any spelling, "", an empty array, an object of such). Any
// other value is state kept from an earlier request, whatever its type.
func TestAFieldTheCaseDidNotGive(t *testing.T) {
	spec := certify.BodySpec{Doc: conform.Contract, Path: iyzico.BinCheckPath, Want: map[string]any{"binNumber": "554960"}}
	judge := func(extra string) []string {
		body := `{"binNumber":"554960","x":` + extra + `}`
		o := &certify.Outcome{Entries: []mockapi.Entry{{Method: "POST", Path: iyzico.BinCheckPath, Body: mockapi.Bytes(body)}}}
		var out []string
		for _, p := range certify.Body(context.Background(), o, spec) {
			out = append(out, p.Defect.Class+": "+p.Got)
		}
		return out
	}
	for _, zero := range []string{`null`, `false`, `""`, `0`, `0.0`, `-0`, `0e5`, `[]`, `{}`, `{"a":null,"b":0,"c":{"d":false}}`} {
		if got := judge(zero); len(got) != 0 {
			t.Errorf("x = %s: %v, want no problem", zero, got)
		}
	}
	for _, kept := range []string{`true`, `"0"`, `" "`, `1`, `0.001`, `-1e-9`, `[0]`, `[null]`, `{"a":1}`, `{"a":{"b":"c"}}`} {
		got := judge(kept)
		if len(got) != 1 || !strings.HasPrefix(got[0], "CLIENT_STATE_KEPT: body.x = "+kept) {
			t.Errorf("x = %s: %v, want state kept", kept, got)
		}
	}
}

// Every field is named, in name order, and an optional field is held to its one value.
func TestEveryFieldKeptIsNamed(t *testing.T) {
	spec := certify.BodySpec{Doc: conform.Contract, Path: iyzico.BinCheckPath,
		Want: map[string]any{"binNumber": "554960"}, Optional: map[string]any{"locale": "tr", "count": 2}}
	body := `{"zeta":"z","binNumber":"554960","alpha":"a","locale":"en","count":2.0,"conversationId":"c-1"}`
	o := &certify.Outcome{Entries: []mockapi.Entry{{Method: "POST", Path: iyzico.BinCheckPath, Body: mockapi.Bytes(body)}}}
	var got []string
	for _, p := range certify.Body(context.Background(), o, spec) {
		got = append(got, p.Defect.Class+" "+p.Expected)
	}
	want := []string{
		"CLIENT_STATE_KEPT no body.alpha: the case did not give it",
		"CLIENT_STATE_KEPT no body.conversationId: the case did not give it",
		`CLIENT_BODY_MISMATCH body.locale = "tr"`,
		"CLIENT_STATE_KEPT no body.zeta: the case did not give it",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
