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

// A client's body carries exactly the case's values: a field the case did not give fails, named,
// as state kept from an earlier request; a field sent as null or with its type's zero value says
// no more than leaving it out, and passes; a documented default passes with its one value.
func TestBodyCarriesExactlyTheCase(t *testing.T) {
	spec := certify.BodySpec{Doc: conform.Contract, Path: iyzico.BinCheckPath,
		Want: map[string]any{"binNumber": "554960"}, Optional: map[string]any{"locale": "tr"}}
	judge := func(body string) []string {
		o := &certify.Outcome{Entries: []mockapi.Entry{{Method: "POST", Path: iyzico.BinCheckPath, Body: mockapi.Bytes(body)}}}
		var out []string
		for _, p := range certify.Body(context.Background(), o, spec) {
			out = append(out, p.Defect.Class+": "+p.Got)
		}
		return out
	}
	for _, ok := range []string{
		`{"binNumber":"554960"}`,
		`{"binNumber":"554960","locale":"tr"}`,
		`{"binNumber":"554960","conversationId":null,"locale":null}`,
		`{"binNumber":"554960","conversationId":""}`,
	} {
		if got := judge(ok); len(got) != 0 {
			t.Errorf("%s: %v, want no problem", ok, got)
		}
	}
	got := judge(`{"binNumber":"554960","conversationId":"€ 𝄞 ü"}`)
	if len(got) != 1 || !strings.HasPrefix(got[0], "CLIENT_STATE_KEPT: body.conversationId") || !strings.Contains(got[0], "state kept from an earlier request") {
		t.Errorf("a conversationId the case did not give: %v", got)
	}
	if got := judge(`{"binNumber":"554960","locale":"en"}`); len(got) != 1 || !strings.Contains(got[0], `"en"`) {
		t.Errorf("a default with another value: %v", got)
	}
}
