package certify_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/contract"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
	"github.com/payconform/payconform/harness/mockapi"
	"github.com/payconform/payconform/harness/verdict"
)

// A defect these tests hand the judge as the one to name, distinct from every defect the
// package names itself.
var testDefect = verdict.RegisterDefect(verdict.Defect{Class: "CERTIFY_TEST_DEFECT", Words: "a defect the certify tests name"})

// problem is what a test expects of one problem: the defect, and words its Expected and Got
// must hold (empty: anything).
type problem struct {
	defect        verdict.Defect
	expected, got string
}

// want checks that problems are exactly the expected ones, in order.
func want(t *testing.T, what string, got []verdict.Problem, expected ...problem) {
	t.Helper()
	if len(got) != len(expected) {
		t.Errorf("%s: %d problems, want %d: %+v", what, len(got), len(expected), got)
		return
	}
	for i, e := range expected {
		g := got[i]
		if g.Defect != e.defect || !strings.Contains(g.Expected, e.expected) || !strings.Contains(g.Got, e.got) {
			t.Errorf("%s: problem %d is {%s; expected %q; got %q}, want {%s; expected ~%q; got ~%q}",
				what, i, g.Defect.Class, g.Expected, g.Got, e.defect.Class, e.expected, e.got)
		}
	}
}

func entry(method, path string, header http.Header) mockapi.Entry {
	if header == nil {
		header = http.Header{}
	}
	return mockapi.Entry{Method: method, Path: path, Header: header}
}

func answered(ok bool, output string) *certify.Outcome {
	return &certify.Outcome{Run: candidate.Run{Response: candidate.Response{OK: ok, Output: []byte(output)}}}
}

func TestAnsweredAndSucceeded(t *testing.T) {
	broken := &certify.Outcome{Err: &candidate.ProtocolError{Kind: candidate.NonZero, Detail: "exit status 3"}}
	want(t, "a broken protocol", certify.Answered(broken), problem{certify.ProtocolBroken, "one JSON object on stdout", "exit status 3"})
	want(t, "a broken protocol, succeeded", certify.Succeeded(broken), problem{certify.ProtocolBroken, "", "exit status 3"})
	if p := certify.Answered(answered(false, "")); p != nil {
		t.Errorf("an answer that kept the protocol: %+v", p)
	}
	want(t, "ok:true", certify.Succeeded(answered(true, `{}`)))
	want(t, "ok:false without an error", certify.Succeeded(answered(false, "")), problem{verdict.Defect{}, "ok:true", "ok:false"})
	failed := answered(false, "")
	failed.Run.Response.Error = &candidate.ErrorInfo{Code: "1000", Message: "Geçersiz imza " + strings.Repeat("x", 200)}
	p := certify.Succeeded(failed)
	want(t, "ok:false with an error", p, problem{verdict.Defect{}, "ok:true", `ok:false, error "1000": Geçersiz imza`})
	if len(p) == 1 && len(p[0].Got) > 120 {
		t.Errorf("the candidate's message is not clipped: %d bytes", len(p[0].Got))
	}
}

func TestUnsupported(t *testing.T) {
	declined := answered(false, "")
	declined.Run.Response.Unsupported = true
	if !declined.Unsupported() {
		t.Error("ok:false, unsupported:true is not unsupported")
	}
	for name, o := range map[string]*certify.Outcome{
		"ok:false":                 answered(false, ""),
		"ok:true, unsupported":     {Run: candidate.Run{Response: candidate.Response{OK: true, Unsupported: true}}},
		"a broken protocol, too":   {Err: errors.New("broken"), Run: declined.Run},
		"ok:true, nothing claimed": answered(true, "{}"),
	} {
		if o.Unsupported() {
			t.Errorf("%s: taken for unsupported", name)
		}
	}
}

func TestRoute(t *testing.T) {
	const path = "/payment/bin/check"
	signed := http.Header{"Authorization": {"IYZWSv2 x"}}
	want(t, "no request", certify.Route(&certify.Outcome{}, "POST", path, "Authorization", testDefect),
		problem{certify.NoRequest, "a request POST /payment/bin/check to base_url", "no request"})
	want(t, "the right route", certify.Route(&certify.Outcome{Entries: []mockapi.Entry{entry("POST", path, signed)}}, "POST", path, "Authorization", testDefect))
	want(t, "no header asked for", certify.Route(&certify.Outcome{Entries: []mockapi.Entry{entry("POST", path, nil)}}, "POST", path, "", testDefect))
	want(t, "another method", certify.Route(&certify.Outcome{Entries: []mockapi.Entry{entry("GET", path, signed)}}, "POST", path, "Authorization", testDefect),
		problem{certify.WrongRoute, "POST /payment/bin/check", "GET /payment/bin/check"})
	want(t, "another path", certify.Route(&certify.Outcome{Entries: []mockapi.Entry{entry("POST", path+"/", signed)}}, "POST", path, "Authorization", testDefect),
		problem{certify.WrongRoute, "POST /payment/bin/check", "POST /payment/bin/check/"})
	want(t, "no header", certify.Route(&certify.Outcome{Entries: []mockapi.Entry{entry("POST", path, nil)}}, "POST", path, "Authorization", testDefect),
		problem{testDefect, "a Authorization header", "none"})
	// Every request is judged, not only the first.
	want(t, "a second request elsewhere", certify.Route(&certify.Outcome{Entries: []mockapi.Entry{entry("POST", path, signed), entry("PUT", "/x", nil)}}, "POST", path, "Authorization", testDefect),
		problem{certify.WrongRoute, "", "PUT /x"}, problem{testDefect, "", "none"})
}

func TestContentType(t *testing.T) {
	o := &certify.Outcome{Entries: []mockapi.Entry{
		entry("POST", "/", http.Header{"Content-Type": {"application/json"}}),
		entry("POST", "/", http.Header{"Content-Type": {"Application/JSON; charset=utf-8"}}),
		entry("POST", "/", http.Header{"Content-Type": {"text/plain"}}),
		entry("POST", "/", nil),
	}}
	want(t, "four requests", certify.ContentType(o),
		problem{checks.WrongContentType, "Content-Type application/json", `"text/plain"`},
		problem{checks.WrongContentType, "Content-Type application/json", "no Content-Type"})
	want(t, "no request", certify.ContentType(&certify.Outcome{}))
}

func TestMockWarnings(t *testing.T) {
	warned := func(classes ...string) mockapi.Entry {
		e := entry("POST", "/", nil)
		e.Auth.Warnings = classes
		return e
	}
	o := &certify.Outcome{Entries: []mockapi.Entry{warned(), warned(testDefect.Class, "UNREGISTERED_CLASS"), warned("OTHER")}}
	want(t, "one class", certify.MockWarning(testDefect.Class, "the documented form")(o),
		problem{testDefect, "the documented form", "the mock served it with a warning: CERTIFY_TEST_DEFECT"})
	want(t, "two classes", certify.MockWarnings("the documented form", "UNREGISTERED_CLASS", testDefect.Class)(o),
		problem{verdict.Defect{}, "", "UNREGISTERED_CLASS"}, problem{testDefect, "", "CERTIFY_TEST_DEFECT"})
	want(t, "a class no request carries", certify.MockWarning("NONE", "x")(o))
}

func TestAtMost(t *testing.T) {
	two := &certify.Outcome{Entries: []mockapi.Entry{entry("POST", "/", nil), entry("POST", "/", nil)}}
	want(t, "two of two", certify.AtMost(2)(two))
	want(t, "two of one", certify.AtMost(1)(two), problem{certify.RepeatsRefused, "at most 1 request(s)", "2 requests"})
	want(t, "none", certify.AtMost(1)(&certify.Outcome{}))
}

func TestCredentials(t *testing.T) {
	want(t, "no request", certify.Credentials(&certify.Outcome{}), problem{certify.NoRequest, "valid credentials", "no request"})
	good := entry("POST", "/p", nil)
	good.Provider, good.Auth = "iyzico", mockapi.AuthRecord{Scheme: "IYZWSv2", OK: true}
	elsewhere := entry("POST", "/elsewhere", nil)
	elsewhere.Provider = "unknown"
	refused := entry("POST", "/p", nil)
	refused.Provider, refused.Auth = "iyzico", mockapi.AuthRecord{Scheme: "IYZWSv2", Reason: "signature mismatch", Defect: testDefect.Class}
	unnamed := refused
	unnamed.Auth.Defect = "NOT_A_REGISTERED_CLASS"
	want(t, "good", certify.Credentials(&certify.Outcome{Entries: []mockapi.Entry{good}}))
	want(t, "every request", certify.Credentials(&certify.Outcome{Entries: []mockapi.Entry{good, elsewhere, refused, unnamed}}),
		problem{certify.WrongRoute, "credentials on a request to the operation's path", "a request to /elsewhere"},
		problem{testDefect, "valid IYZWSv2 credentials", "refused: signature mismatch"},
		problem{verdict.Defect{}, "valid IYZWSv2 credentials", "refused: signature mismatch"})
}

func TestFaultRefused(t *testing.T) {
	broken := &certify.Outcome{Err: errors.New("no answer in time")}
	want(t, "a broken protocol", certify.FaultRefused(broken, "1000", testDefect), problem{certify.ProtocolBroken, "", "no answer in time"})
	want(t, "ok:true", certify.FaultRefused(answered(true, `{"cardType":"CREDIT_CARD"}`), "1000", testDefect),
		problem{testDefect, "ok:false", `ok:true: {"cardType":"CREDIT_CARD"}`})
	refused := func(code string) *certify.Outcome {
		o := answered(false, "")
		o.Run.Response.Error = &candidate.ErrorInfo{Code: code}
		return o
	}
	want(t, "the provider's code", certify.FaultRefused(refused("1000"), "1000", testDefect))
	want(t, "any code", certify.FaultRefused(refused("mine"), "", testDefect))
	want(t, "no error object, none wanted", certify.FaultRefused(answered(false, ""), "", testDefect))
	want(t, "its own code", certify.FaultRefused(refused("CLIENT_ERR"), "1000", testDefect),
		problem{certify.ErrorCodeLost, `error.code "1000"`, `error.code "CLIENT_ERR"`})
	want(t, "no error object", certify.FaultRefused(answered(false, ""), "1000", testDefect),
		problem{certify.ErrorCodeLost, `error.code "1000"`, "no error object"})
	judge := certify.Refusal("1000", testDefect)
	want(t, "Refusal", judge(context.Background(), nil, answered(true, `{}`)), problem{testDefect, "ok:false", "ok:true"})
}

// withResponse is an outcome whose last request the mock answered with sent, and whose candidate
// reported output.
func withResponse(sent, output string) *certify.Outcome {
	o := answered(true, output)
	o.Entries = []mockapi.Entry{{Response: mockapi.Bytes(`{"first":"exchange"}`)}, {Response: mockapi.Bytes(sent)}}
	return o
}

func TestOutput(t *testing.T) {
	const sent = `{"status":"success","bankCode":62,"rate":1.50,"card":{"type":"CREDIT_CARD","tags":["a","b"]},"errorCode":null}`
	for _, same := range []string{
		sent,
		`{"status":"success","bankCode":62.0,"rate":1.5,"card":{"type":"CREDIT_CARD","tags":["a","b"]}}`, // null left out, numbers by value
		`{"status":"success","bankCode":6.2e1,"rate":15e-1,"card":{"tags":["a","b"],"type":"CREDIT_CARD"},"errorCode":null,"extra":null}`,
	} {
		want(t, same, certify.Output(withResponse(sent, same), ""))
	}
	for _, tc := range []struct {
		output string
		want   problem
	}{
		{`{"status":"success","rate":1.5,"card":{"type":"CREDIT_CARD","tags":["a","b"]}}`, problem{certify.OutputMismatch, "output.bankCode = 62", "no such field"}},
		{`{"status":"success","bankCode":"62","rate":1.5,"card":{"type":"CREDIT_CARD","tags":["a","b"]}}`, problem{certify.OutputMismatch, "output.bankCode = 62", `"62"`}},
		{`{"status":"success","bankCode":63,"rate":1.5,"card":{"type":"CREDIT_CARD","tags":["a","b"]}}`, problem{certify.OutputMismatch, "output.bankCode = 62", "63"}},
		{`{"status":"Success","bankCode":62,"rate":1.5,"card":{"type":"CREDIT_CARD","tags":["a","b"]}}`, problem{certify.OutputMismatch, `output.status = "success"`, `"Success"`}},
		{`{"status":"success","bankCode":62,"rate":1.5,"card":"CREDIT_CARD"}`, problem{certify.OutputMismatch, "output.card = {", `"CREDIT_CARD"`}},
		{`{"status":"success","bankCode":62,"rate":1.5,"card":{"type":"CREDIT_CARD","tags":["a"]}}`, problem{certify.OutputMismatch, `output.card.tags = ["a","b"]`, `["a"]`}},
		{`{"status":"success","bankCode":62,"rate":1.5,"card":{"type":"CREDIT_CARD","tags":"a,b"}}`, problem{certify.OutputMismatch, `output.card.tags = ["a","b"]`, `"a,b"`}},
		{`{"status":"success","bankCode":62,"rate":1.5,"card":{"type":"CREDIT_CARD","tags":["a","c"]}}`, problem{certify.OutputMismatch, `output.card.tags[1] = "b"`, `"c"`}},
		{`{"status":"success","bankCode":62,"rate":1.5,"card":{"type":"CREDIT_CARD","tags":["a","b"]},"bankName":"X"}`, problem{certify.OutputMismatch, "no output.bankName (the provider did not send it)", `"X"`}},
		{`{"status":"success","bankCode":62,"rate":1.5,"card":{"type":"CREDIT_CARD","tags":["a","b"],"extra":1}}`, problem{certify.OutputMismatch, "no output.card.extra", "1"}},
		{`["status"]`, problem{certify.OutputMismatch, "output = {", `["status"]`}},
		{`{"status":"succ`, problem{certify.OutputMismatch, "an output object", `{"status":"succ`}},
	} {
		want(t, tc.output, certify.Output(withResponse(sent, tc.output), ""), tc.want)
	}
	// part picks the reported object out of a wrapper.
	wrapped := `{"Result":true,"Body":{"Token":"t-1","TempTokenId":7}}`
	want(t, "a wrapper's part", certify.Output(withResponse(wrapped, `{"Token":"t-1","TempTokenId":7}`), "Body"))
	want(t, "a wrapper's part, differing", certify.Output(withResponse(wrapped, `{"Token":"t-2","TempTokenId":7}`), "Body"),
		problem{certify.OutputMismatch, `output.Token = "t-1"`, `"t-2"`})
	want(t, "the whole wrapper for a part", certify.Output(withResponse(wrapped, wrapped), "Body"),
		problem{certify.OutputMismatch, "output.TempTokenId = 7", "no such field"}, problem{certify.OutputMismatch, `output.Token = "t-1"`, "no such field"},
		problem{certify.OutputMismatch, "no output.Body", ""}, problem{certify.OutputMismatch, "no output.Result", ""})
	// What comes before the comparison: the protocol, the candidate's answer, the request.
	failed := withResponse(sent, sent)
	failed.Run.Response.OK = false
	want(t, "ok:false", certify.Output(failed, ""), problem{verdict.Defect{}, "ok:true", "ok:false"})
	none := answered(true, sent)
	want(t, "no request", certify.Output(none, ""), problem{certify.NoRequest, "a request to base_url", "no request"})
	want(t, "an answer that is not JSON", certify.Output(withResponse("<html>", sent), ""), problem{verdict.Defect{}, "the mock's answer to compare with", ""})
}

func TestOutputNamesAtMostTwelveDifferences(t *testing.T) {
	var sent, output []string
	for i := range 20 {
		sent = append(sent, fmt.Sprintf(`"f%02d":%d`, i, i))
		output = append(output, fmt.Sprintf(`"f%02d":%d`, i, i+100))
	}
	o := withResponse("{"+strings.Join(sent, ",")+"}", "{"+strings.Join(output, ",")+"}")
	p := certify.Output(o, "")
	if len(p) != 13 {
		t.Fatalf("%d problems, want 12 and a count of the rest", len(p))
	}
	if p[0].Expected != "output.f00 = 0" || p[11].Expected != "output.f11 = 11" {
		t.Errorf("the differences are not in field order: %q ... %q", p[0].Expected, p[11].Expected)
	}
	if p[12].Got != "8 more differences" || p[12].Defect != certify.OutputMismatch {
		t.Errorf("the last problem is %+v, want a count of the 8 more", p[12])
	}
	twelve := withResponse("{"+strings.Join(sent[:12], ",")+"}", "{"+strings.Join(output[:12], ",")+"}")
	if p := certify.Output(twelve, ""); len(p) != 12 {
		t.Errorf("twelve differences give %d problems, want 12", len(p))
	}
}

func TestBodyAgainstTheContract(t *testing.T) {
	ctx := context.Background()
	spec := certify.BodySpec{Doc: conform.Contract, Path: iyzico.BinCheckPath,
		Want: map[string]any{"binNumber": "554960", "locale": "tr", "price": 1.5}}
	judge := func(s certify.BodySpec, bodies ...string) []verdict.Problem {
		o := &certify.Outcome{}
		for _, b := range bodies {
			o.Entries = append(o.Entries, mockapi.Entry{Method: "POST", Path: iyzico.BinCheckPath, Header: http.Header{"Content-Type": {"text/plain"}}, Body: mockapi.Bytes(b)})
		}
		return certify.Body(ctx, o, s)
	}
	want(t, "no request", certify.Body(ctx, &certify.Outcome{}, spec), problem{certify.NoRequest, "a request body", "no request"})
	// The route check judges Content-Type; the body check reads the body as JSON whatever it says.
	want(t, "the case's values", judge(spec, `{"binNumber":"554960","locale":"tr","price":1.50}`))
	want(t, "a value changed", judge(spec, `{"binNumber":"554961","locale":"tr","price":1.5}`),
		problem{certify.BodyMismatch, `body.binNumber = "554960"`, `"554961"`})
	want(t, "a number as a string", judge(spec, `{"binNumber":"554960","locale":"tr","price":"1.5"}`),
		problem{certify.BodyMismatch, "body.price = 1.5", `"1.5"`})
	want(t, "a value left out", judge(spec, `{"binNumber":"554960","price":1.5}`),
		problem{certify.BodyMismatch, `body.locale = "tr"`, "no such field"})
	want(t, "every request", judge(spec, `{"binNumber":"554960","locale":"tr","price":1.5}`, `{"binNumber":"1","locale":"tr","price":1.5}`),
		problem{certify.BodyMismatch, "body.binNumber", `"1"`})
	// A contract violation names the field; DefectOf may name a better defect, and a zero one keeps BodyMismatch.
	violation := judge(spec, `{"binNumber":554960,"locale":"tr","price":1.5}`)
	if len(violation) == 0 || violation[0].Defect != certify.BodyMismatch || !strings.Contains(violation[0].Expected, "binNumber") {
		t.Errorf("a number where the contract wants a string: %+v", violation)
	}
	better := spec
	better.DefectOf = func(v contract.Violation, w map[string]any) verdict.Defect {
		if w["binNumber"] != "554960" {
			t.Errorf("DefectOf is not handed the case's values: %v", w)
		}
		return testDefect
	}
	if p := judge(better, `{"binNumber":554960,"locale":"tr","price":1.5}`); len(p) == 0 || p[0].Defect != testDefect {
		t.Errorf("DefectOf's defect is not named: %+v", p)
	}
	zero := spec
	zero.DefectOf = func(contract.Violation, map[string]any) verdict.Defect { return verdict.Defect{} }
	if p := judge(zero, `{"binNumber":554960,"locale":"tr","price":1.5}`); len(p) == 0 || p[0].Defect != certify.BodyMismatch {
		t.Errorf("a zero DefectOf does not keep BodyMismatch: %+v", p)
	}
	want(t, "not JSON", judge(spec, `{"binNumber":`), problem{certify.BodyMismatch, "", ""})
	// Canon rewrites the body first; a body it cannot read is malformed JSON, and judging goes on.
	canon := spec
	canon.Canon = func(b []byte) ([]byte, error) {
		if !strings.HasPrefix(string(b), "{") {
			return nil, errors.New("not an object")
		}
		return []byte(strings.ReplaceAll(string(b), "BINNUMBER", "binNumber")), nil
	}
	want(t, "canonical names", judge(canon, `{"BINNUMBER":"554960","locale":"tr","price":1.5}`))
	want(t, "Canon refuses", judge(canon, `[]`, `{"BINNUMBER":"1","locale":"tr","price":1.5}`),
		problem{checks.MalformedJSON, "a JSON object body", "not an object"},
		problem{certify.BodyMismatch, "body.binNumber", `"1"`})
}
