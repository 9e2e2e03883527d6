// Package adapter is payconform's reference client adapter: it speaks the candidate protocol
// (docs/candidate-protocol.md) and implements every operation on top of harness/. The reference
// candidate runs it as is and must certify with no failure and no warning; the mutant candidates
// run it with one defect switched on and must fail the requirement the defect names.
package adapter

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/paywall"
)

// Adapter answers protocol requests; Defect, when set, is one entry of Defects.
type Adapter struct {
	Defect string
	HTTP   *http.Client
}

func (a *Adapter) has(name string) bool { return a.Defect == name }

// Main reads one request from stdin, writes one response to stdout, and exits 0; it is the whole
// of a candidate's main function.
func Main(defect string) {
	if defect != "" && !Known(defect) {
		fmt.Fprintf(os.Stderr, "adapter: unknown defect %q\n", defect)
		os.Exit(2)
	}
	var req struct {
		candidate.Request
		Input json.RawMessage `json:"input"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fmt.Fprintf(os.Stderr, "adapter: read request: %v\n", err)
		os.Exit(2)
	}
	a := &Adapter{Defect: defect, HTTP: &http.Client{Timeout: 10 * time.Second}}
	resp := a.Handle(context.Background(), req.Request, req.Input)
	if err := json.NewEncoder(os.Stdout).Encode(resp); err != nil {
		fmt.Fprintf(os.Stderr, "adapter: write response: %v\n", err)
		os.Exit(2)
	}
}

// Handle answers one request.
func (a *Adapter) Handle(ctx context.Context, req candidate.Request, input json.RawMessage) candidate.Response {
	creds := candidate.Credentials{}
	if req.Credentials != nil {
		creds = *req.Credentials
	}
	switch req.Operation {
	case candidate.OpDescribe:
		name := "payconform-reference"
		if a.Defect != "" {
			name = "payconform-mutant-" + a.Defect
		}
		return ok(candidate.Description{Name: name, Version: "1.0.0", Language: "go", Operations: candidate.Operations})
	case candidate.OpIyzicoSign:
		var in struct {
			RandomKey string `json:"random_key"`
			Path      string `json:"path"`
			Body      string `json:"body"`
		}
		if err := json.Unmarshal(input, &in); err != nil {
			return failed("BAD_INPUT", err.Error())
		}
		s := iyzico.Signer{Credentials: iyzico.Credentials{APIKey: creds.APIKey, SecretKey: creds.SecretKey}, Faults: a.iyzicoFaults()}
		return ok(map[string]string{"authorization": s.Sign(in.RandomKey, in.Path, []byte(in.Body)).Authorization})
	case candidate.OpIyzicoBinCheck:
		return a.binCheck(ctx, req.BaseURL, creds, input)
	case candidate.OpPaynetAuthKey:
		return a.getAuthKey(ctx, req.BaseURL, creds, input)
	case candidate.OpPaywallToken:
		return a.tempToken(ctx, req.BaseURL, creds, input)
	}
	return candidate.Response{OK: false, Unsupported: true}
}

func (a *Adapter) iyzicoFaults() iyzico.Fault {
	return map[string]iyzico.Fault{
		"iyzico-path-not-signed":   iyzico.PathNotSigned,
		"iyzico-uppercase-hex":     iyzico.UppercaseHex,
		"iyzico-urlsafe-base64":    iyzico.URLSafeBase64,
		"iyzico-body-reserialised": iyzico.BodyReserialised,
		"iyzico-rnd-mismatch":      iyzico.RndMismatch,
	}[a.Defect]
}

func (a *Adapter) binCheck(ctx context.Context, base string, creds candidate.Credentials, input json.RawMessage) candidate.Response {
	var in iyzico.BinCheckRequest
	if err := json.Unmarshal(input, &in); err != nil {
		return failed("BAD_INPUT", err.Error())
	}
	c := &iyzico.Client{BaseURL: base, HTTP: a.HTTP,
		Signer: iyzico.Signer{Credentials: iyzico.Credentials{APIKey: creds.APIKey, SecretKey: creds.SecretKey}, Faults: a.iyzicoFaults(), SendRnd: true}}
	if a.has("iyzico-random-key-reused") {
		c.NewRandomKey = func() string { return "payconform-reused-random-key" }
	}
	if a.has("iyzico-drop-locale") {
		in.Locale = ""
	}
	body, _ := json.Marshal(in)
	if a.has("iyzico-body-reserialised") {
		body = bytes.ReplaceAll(body, []byte(`":`), []byte(`": `)) // sent spaced, signed compact
	}
	ex, err := c.Post(ctx, a.path(iyzico.BinCheckPath), body)
	return a.interpret(ex, err, func(obj map[string]json.RawMessage) (bool, string) {
		var status, code string
		_ = json.Unmarshal(obj["status"], &status)
		_ = json.Unmarshal(obj["errorCode"], &code)
		return status == iyzico.StatusSuccess, code
	}, "", "bankName")
}

func (a *Adapter) getAuthKey(ctx context.Context, base string, creds candidate.Credentials, input json.RawMessage) candidate.Response {
	var in paynet.AuthRequest
	if err := json.Unmarshal(input, &in); err != nil {
		return failed("BAD_INPUT", err.Error())
	}
	faults := map[string]paynet.Fault{
		"paynet-basic-base64":    paynet.Base64UserPass,
		"paynet-bearer":          paynet.BearerScheme,
		"paynet-no-paynetmobile": paynet.NoPaynetMobile,
		"paynet-numeric-ids":     paynet.NumericIDs,
	}[a.Defect]
	c := &paynet.Client{BaseURL: base, SecretKey: creds.SecretKey, HTTP: a.HTTP, Faults: faults}
	if a.has("wrong-path") {
		c.BaseURL += "/v1/agent/get_auth_key" // posts to .../get_auth_key/v1/agent/get_auth_key
	}
	ex, err := c.GetAuthKey(ctx, in)
	return a.interpret(ex, err, func(obj map[string]json.RawMessage) (bool, string) {
		if rc, ok := obj["result_code"]; ok { // Paynet's error object, on any status but 200
			return false, string(rc)
		}
		var code int
		if json.Unmarshal(obj["code"], &code) != nil {
			return false, "BAD_CODE"
		}
		return code == paynet.ResultSuccessful, strconv.Itoa(code)
	}, "", "session_key")
}

func (a *Adapter) tempToken(ctx context.Context, base string, creds candidate.Credentials, input json.RawMessage) candidate.Response {
	req, err := paywall.ParseRequest(input)
	if err != nil {
		return failed("BAD_INPUT", err.Error())
	}
	faults := map[string]paywall.Fault{
		"paywall-omitempty":       paywall.OmitFalseBooleans,
		"paywall-swapped-headers": paywall.SwappedHeaders,
	}[a.Defect]
	c := &paywall.Client{BaseURL: base, HTTP: a.HTTP, Faults: faults,
		Credentials: paywall.Credentials{APIKeyPublic: creds.APIKeyPublic, APIClientPublic: creds.APIClientPublic}}
	var ex *exchange.Exchange
	if a.has("wrong-path") {
		ex, err = c.Post(ctx, paywall.TempTokenPath, req.Encode(paywall.Encoding{}))
	} else {
		ex, err = c.TempTokenSdk(ctx, req)
	}
	return a.interpret(ex, err, func(obj map[string]json.RawMessage) (bool, string) {
		var result bool
		var code int
		_ = json.Unmarshal(obj["Result"], &result)
		_ = json.Unmarshal(obj["ErrorCode"], &code)
		return result && code == paywall.CodeSuccess, strconv.Itoa(code)
	}, "Body", "Token")
}

// path is the operation's path, or a wrong one for the wrong-path defect.
func (a *Adapter) path(p string) string {
	if a.has("wrong-path") {
		return p + "/"
	}
	return p
}

// interpret turns an exchange into the protocol's answer: ok:true with the provider's object (or
// its part) when classify says success, ok:false with the provider's code otherwise, and ok:false
// for a transport error, a 5xx, a body that is not JSON, or a Content-Type that is not JSON.
// Several defects weaken exactly one of those rules; drop removes one field from a success.
func (a *Adapter) interpret(ex *exchange.Exchange, err error, classify func(map[string]json.RawMessage) (bool, string), part, drop string) candidate.Response {
	if err != nil {
		return failed("TRANSPORT", err.Error())
	}
	if ex.ServerError() && !a.has("5xx-as-success") {
		return failed("HTTP_"+strconv.Itoa(ex.Status), "the provider answered with a server error")
	}
	if mt, _, _ := mime.ParseMediaType(ex.Header.Get("Content-Type")); mt != "application/json" && !a.has("ignore-content-type") && !a.has("5xx-as-success") {
		return failed("UNEXPECTED_CONTENT_TYPE", "the provider answered with Content-Type "+ex.Header.Get("Content-Type"))
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(ex.Body, &obj); err != nil || obj == nil {
		if a.has("malformed-as-success") || a.has("5xx-as-success") {
			return ok(map[string]any{})
		}
		return failed("MALFORMED_RESPONSE", "the provider's answer is not a JSON object")
	}
	success, code := classify(obj)
	if !success && !a.has("envelope-as-success") {
		if a.has("error-code-lost") {
			code = "FAILURE"
		}
		msg := ""
		for _, k := range []string{"errorMessage", "message", "Message"} {
			if v, ok := obj[k]; ok {
				_ = json.Unmarshal(v, &msg)
			}
		}
		return failed(code, msg)
	}
	if part != "" {
		var inner map[string]json.RawMessage
		if err := json.Unmarshal(obj[part], &inner); err != nil || inner == nil {
			inner = map[string]json.RawMessage{}
		}
		obj = inner
	}
	if a.has("drop-output-field") {
		delete(obj, drop)
	}
	return ok(obj)
}

func ok(v any) candidate.Response {
	b, _ := json.Marshal(v)
	return candidate.Response{OK: true, Output: b}
}

func failed(code, message string) candidate.Response {
	return candidate.Response{OK: false, Error: &candidate.ErrorInfo{Code: code, Message: message}}
}
