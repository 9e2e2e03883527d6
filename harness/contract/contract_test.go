package contract_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/payconform/payconform/contracts"
	"github.com/payconform/payconform/harness/contract"
)

var doc = must(contract.Load(contracts.FS, "iyzico.openapi.yaml"))

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestResponseViolationsNameFieldExpectedAndGot(t *testing.T) {
	json := http.Header{"Content-Type": {"application/json"}}
	for _, tc := range []struct {
		name, body string
		status     int
		header     http.Header
		want       []string
	}{
		{"wrong type", `{"status":"success","locale":"tr","systemTime":1,"binNumber":"1","cardType":"C","cardAssociation":"M","cardFamily":"B","bankName":"G","bankCode":"62","commercial":0}`, 200, json,
			[]string{`response /bankCode: expected type integer (int64), got string "62"`}},
		{"missing and out of range", `{"status":"success","locale":"tr","systemTime":1,"binNumber":"1","cardType":"C","cardAssociation":"M","bankName":"G","bankCode":62,"commercial":3}`, 200, json,
			[]string{"response /cardFamily: expected the property (required), got no such property", "response /commercial: expected one of [0,1], got number 3"}},
		{"errorCode as a number", `{"status":"failure","errorCode":1000,"errorMessage":"x"}`, 200, json,
			[]string{"response /errorCode: expected type string, got number 1000"}},
		{"undocumented status", `<html>`, 500, http.Header{"Content-Type": {"text/html"}},
			[]string{"response status: expected a documented status (200), got 500"}},
		{"not JSON", `not json`, 200, json, []string{"response body: expected a body that decodes as its media type"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := doc.ValidateResponse(context.Background(), "POST", "/payment/bin/check", tc.status, tc.header, []byte(tc.body))
			var vs contract.Violations
			if !errors.As(err, &vs) {
				t.Fatalf("want Violations, got %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(vs.Error(), w) {
					t.Errorf("violations %q lack %q", vs.Error(), w)
				}
			}
			var se *openapi3.SchemaError
			if tc.status == 200 && strings.HasPrefix(tc.body, "{") && !errors.As(err, &se) {
				t.Errorf("kin-openapi's SchemaError should be reachable with errors.As")
			}
		})
	}
}

func TestRequestValidation(t *testing.T) {
	for _, tc := range []struct {
		ct, body, want string
	}{
		{"application/json", `{"locale":"tr"}`, "request /binNumber: expected the property (required)"},
		{"", `{"binNumber":"554960"}`, "request Content-Type: expected a media type the operation accepts (application/json), got none"},
		{"application/json", `[]`, "request /: expected type object"},
		{"application/json; charset=utf-8", `{"binNumber":"554960"}`, ""},
	} {
		req, _ := http.NewRequest("POST", "http://x/payment/bin/check", nil)
		if tc.ct != "" {
			req.Header.Set("Content-Type", tc.ct)
		}
		v, err := doc.ValidateRequest(context.Background(), req, []byte(tc.body))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.body, err)
		case tc.want == "" && v.(map[string]any)["binNumber"] != "554960":
			t.Errorf("%s: decoded value %v", tc.body, v)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want %q", tc.body, err, tc.want)
		}
	}
}

func TestUnknownOperation(t *testing.T) {
	err := doc.ValidateResponse(context.Background(), "GET", "/payment/bin/check", 200, nil, nil)
	if !errors.Is(err, contract.ErrNoOperation) {
		t.Errorf("got %v, want ErrNoOperation", err)
	}
}
