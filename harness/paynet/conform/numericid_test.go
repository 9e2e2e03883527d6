package conform

import (
	"context"
	"net/http"
	"testing"

	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/mockapi"
	"github.com/payconform/payconform/harness/paynet"
)

// An id sent as a JSON number is named as that defect (NUMERIC_ID), not as a body that differs.
func TestANumericIDIsNamed(t *testing.T) {
	spec := certify.BodySpec{Doc: Contract, Path: paynet.GetAuthKeyPath, Want: map[string]any{"agent_id": "12345", "user_id": "u"}, DefectOf: numericID}
	for body, class := range map[string]string{
		`{"agent_id":12345,"user_id":"u"}`:   "NUMERIC_ID",
		`{"agent_id":"12345","user_id":7}`:   "NUMERIC_ID",
		`{"agent_id":true,"user_id":"u"}`:    "CLIENT_BODY_MISMATCH",
		`{"agent_id":"12345","user_id":"v"}`: "CLIENT_BODY_MISMATCH",
	} {
		o := &certify.Outcome{Entries: []mockapi.Entry{{Method: "POST", Path: paynet.GetAuthKeyPath, Body: mockapi.Bytes(body),
			Header: http.Header{"Authorization": {"Basic k"}, http.CanonicalHeaderKey(paynet.MobileHeader): {"1"}}}}}
		p := certify.Body(context.Background(), o, spec)
		if len(p) != 1 || p[0].Defect.Class != class {
			t.Errorf("%s: %+v, want %s", body, p, class)
		}
	}
}
