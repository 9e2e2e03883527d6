package conform

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/contract"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/redact"
	"github.com/payconform/payconform/harness/verdict"
)

// Contract is iyzico's loaded contract.
var Contract = contract.For(iyzico.Provider)

// Server-side defects: what a target most likely does wrong when a check fails.
var (
	LegacyAccepted = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_LEGACY_ACCEPTED",
		Words: "the server still accepts the retired IYZWS (SHA1) scheme"})
	APIKeyNotChecked = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_API_KEY_NOT_CHECKED",
		Words: "the server does not look the apiKey up before trusting the signature"})
	SignatureNotChecked = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_SIGNATURE_NOT_CHECKED",
		Words: "the server does not verify the HMAC signature"})
	PathNotVerified = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_PATH_NOT_VERIFIED",
		Words: "the server verifies rnd+body without the path"})
	BodyNotVerified = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_BODY_NOT_VERIFIED",
		Words: "the server verifies the signature over something other than the raw body bytes it received"})
	QueryVerified = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_QUERY_VERIFIED",
		Words: "the server includes the query string in the path it verifies"})
	WrongBINData = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_WRONG_BIN_DATA",
		Words: "the server's BIN data differs from the documented answer"})
	ClockSkew = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_SYSTEM_TIME",
		Words: "the server's systemTime is not epoch milliseconds near the current time (seconds, or a stale clock)"})
	WrongErrorCode = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_ERROR_CODE",
		Words: "the server refuses with another errorCode than the one iyzico uses"})
	SignatureCompareLoose = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_SIGNATURE_COMPARED_LOOSELY",
		Words: "the server compares the signature loosely (a prefix, some characters, or without case)"})
	IncompleteTokenAccepted = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_INCOMPLETE_TOKEN_ACCEPTED",
		Words: "the server accepts a token that lacks one of apiKey, randomKey and signature"})
	LenientBase64 = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_LENIENT_BASE64",
		Words: "the server decodes the token with a lenient base64 (URL-safe, or unpadded)"})
	SecretEchoed = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_ECHOES_SECRET",
		Words: "the server writes the merchant's secret into its answer"})
	MerchantsMixed = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_SECRET_OF_ANOTHER_MERCHANT",
		Words: "the server checks a signature against a secret other than the apiKey's own: any merchant's, or whichever one the signature matches"})
)

// Decode reads a bin/check answer leniently: it fails only when the body is not a JSON object,
// and reads a field of the wrong JSON type as best it can ("62" as bankCode 62). Types are
// IYZ-CONTRACT-01's business; the other checks judge values, so one wrong type fails one check.
func Decode(ex *exchange.Exchange) (iyzico.BinCheckResponse, error) {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(checks.WithoutBOM(ex.Body)))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return iyzico.BinCheckResponse{}, fmt.Errorf("decode bin/check response: %w", err)
	}
	if m == nil {
		return iyzico.BinCheckResponse{}, fmt.Errorf("decode bin/check response: null, want an object")
	}
	str := func(k string) string {
		switch v := m[k].(type) {
		case nil:
			return ""
		case string:
			return v
		default:
			return fmt.Sprint(v)
		}
	}
	num := func(k string) *int64 {
		if n, err := strconv.ParseInt(str(k), 10, 64); err == nil {
			return &n
		}
		// A JSON number may write an integer with a fraction or an exponent (6.2E1,
		// 1.796228106685e12): read it when it is exact (red team, 2026-12-02: read as 0).
		if f, err := strconv.ParseFloat(str(k), 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			n := int64(f)
			return &n
		}
		return nil
	}
	r := iyzico.BinCheckResponse{
		Status: str("status"), ErrorCode: str("errorCode"), ErrorMessage: str("errorMessage"), ErrorGroup: str("errorGroup"),
		Locale: str("locale"), ConversationID: str("conversationId"), BinNumber: str("binNumber"), CardType: str("cardType"),
		CardAssociation: str("cardAssociation"), CardFamily: str("cardFamily"), BankName: str("bankName"), BankCode: num("bankCode"),
	}
	if t := num("systemTime"); t != nil {
		r.SystemTime = *t
	}
	if c := num("commercial"); c != nil {
		v := int(*c)
		r.Commercial = &v
	}
	return r, nil
}

// Shape tells iyzico's refusal from anything else: the failure envelope (status "failure") is
// a refusal; card data is a grant whatever status says beside it; status "success" on a 2xx
// claims one.
var Shape = checks.RefusalShape{
	Refused: func(ex *exchange.Exchange) bool {
		o, err := checks.ParseObject(ex.Body)
		if err != nil {
			return false
		}
		status, _, _ := o.String("status")
		return status == iyzico.StatusFailure
	},
	Grants: func(ex *exchange.Exchange) (string, bool) {
		o, err := checks.ParseObject(ex.Body)
		if err != nil {
			return "", false
		}
		var fields []string
		for _, name := range []string{"cardType", "cardAssociation", "cardFamily", "bankName"} {
			if v, _, _ := o.String(name); v != "" {
				fields = append(fields, name)
			}
		}
		if code, ok, _ := o.Int("bankCode"); ok && code != 0 {
			fields = append(fields, "bankCode")
		}
		if len(fields) == 0 {
			return "", false
		}
		return "card data (" + strings.Join(fields, ", ") + ")", true
	},
	Claims: func(ex *exchange.Exchange) (string, bool) {
		o, err := checks.ParseObject(ex.Body)
		if err != nil {
			return "", false
		}
		status, _, _ := o.String("status")
		return `status "success"`, status == iyzico.StatusSuccess
	},
}

// Succeeded checks that a correctly signed bin/check was answered as the SDK's sandbox test
// reads a success: a JSON object with status "success", every field of the contract's success
// schema in its type, and no error field. Status and media type are Framing's business (a SHOULD).
func Succeeded(ctx context.Context, ex *exchange.Exchange) (iyzico.BinCheckResponse, []verdict.Problem) {
	resp, problems := Answered(ex)
	if problems != nil {
		return resp, problems
	}
	// The contract types are the SDK's; a Long or Integer field sent as a string of digits is
	// read by the SDK (Gson's nextLong parses it), so it is checked as the number it spells;
	// IYZ-CONTRACT-07 (a SHOULD) reports it.
	checked := ex
	if quoted, body := quotedNumbers(ex.Body); quoted != nil {
		c := *ex
		c.Body = body
		checked = &c
	}
	out := checks.ConformsBody(ctx, Contract, http.MethodPost, iyzico.BinCheckPath, checked)
	o, _ := checks.ParseObject(ex.Body)
	for _, name := range []string{"errorCode", "errorMessage", "errorGroup"} {
		if o.Has(name) {
			out = append(out, verdict.Problem{Expected: `no ` + name + ` in a success (the SDK's sandbox test asserts it is null)`,
				Got: fmt.Sprintf("%s %s beside status \"success\"", name, checks.Clip(string(o[name]), 60)), Defect: checks.SuccessWithError})
		}
	}
	return resp, out
}

// integerFields are the answer's fields the SDK types as Long or Integer.
var integerFields = []string{"systemTime", "bankCode", "commercial"}

// quotedNumbers names the integer fields body sends as a string of digits, and gives body with
// them written as the numbers they spell (nil and body when there are none).
func quotedNumbers(body []byte) ([]string, []byte) {
	o, err := checks.ParseObject(body)
	if err != nil {
		return nil, body
	}
	var quoted []string
	for _, name := range integerFields {
		var s string
		if raw, ok := o[name]; ok && json.Unmarshal(raw, &s) == nil {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				o[name] = json.RawMessage(strconv.FormatInt(n, 10))
				quoted = append(quoted, name)
			}
		}
	}
	if quoted == nil {
		return nil, body
	}
	b, err := json.Marshal(o)
	if err != nil {
		return nil, body
	}
	return quoted, b
}

// QuotedNumbers checks what iyzico's examples show but no sentence states: systemTime,
// bankCode and commercial as JSON numbers, not strings of digits.
func QuotedNumbers(ex *exchange.Exchange) []verdict.Problem {
	quoted, _ := quotedNumbers(ex.Body)
	o, _ := checks.ParseObject(ex.Body)
	var out []verdict.Problem
	for _, name := range quoted {
		out = append(out, verdict.Problem{Expected: name + " as a JSON number, as iyzico's examples write it",
			Got: fmt.Sprintf("%s %s, a string of digits (the SDK reads it all the same)", name, checks.Clip(string(o[name]), 40)), Defect: checks.NotConformant})
	}
	return out
}

// Framing checks what iyzico's examples show but its documentation does not state: HTTP 200
// and Content-Type application/json.
func Framing(ctx context.Context, ex *exchange.Exchange) []verdict.Problem {
	return checks.ConformsFraming(ctx, Contract, http.MethodPost, iyzico.BinCheckPath, ex)
}

// Answered checks that a correctly signed bin/check got a success it can read: no 5xx, a JSON
// object, status "success". Checks of one aspect of the answer (echo, BIN data, systemTime)
// start here; a refusal makes them not judged (conformance.Req.Given).
func Answered(ex *exchange.Exchange) (iyzico.BinCheckResponse, []verdict.Problem) {
	if ex.ServerError() {
		return iyzico.BinCheckResponse{}, []verdict.Problem{{Expected: `a success (status "success")`, Got: fmt.Sprintf("HTTP %d (%s)", ex.Status, checks.DescribeBody(ex))}}
	}
	if _, err := checks.ParseObject(ex.Body); err != nil {
		return iyzico.BinCheckResponse{}, []verdict.Problem{{Expected: "a JSON object", Got: err.Error() + " (" + checks.DescribeBody(ex) + ")", Defect: checks.NotConformant, Err: err}}
	}
	resp, _ := Decode(ex)
	if resp.Status != iyzico.StatusSuccess {
		return resp, []verdict.Problem{{
			Expected: `status "success"`,
			Got:      fmt.Sprintf("HTTP %d, status %q, errorCode %q, errorMessage %q", ex.Status, resp.Status, resp.ErrorCode, checks.Clip(resp.ErrorMessage, 80)),
		}}
	}
	return resp, nil
}

// Refused checks that a request was recognisably refused: iyzico's failure envelope or a 4xx.
// ifAccepted is the server defect a grant most likely comes from.
func Refused(ex *exchange.Exchange, ifAccepted verdict.Defect) []verdict.Problem {
	return checks.MustRefuse(ex, Shape, ifAccepted)
}

// Envelope checks, of a recognised refusal, that it is iyzico's failure envelope as the
// contract describes it, with errorCode wantCode (any code if wantCode is empty), and no byte
// order mark before it. A request that was not refused is Refused's business: it passes here.
func Envelope(ctx context.Context, ex *exchange.Exchange, wantCode string) []verdict.Problem {
	if Refused(ex, verdict.Defect{}) != nil {
		return nil
	}
	problems := append(checks.ConformsBody(ctx, Contract, http.MethodPost, iyzico.BinCheckPath, ex), checks.BOM(ex)...)
	resp, _ := Decode(ex)
	switch {
	case resp.Status != iyzico.StatusFailure:
		problems = append(problems, verdict.Problem{Expected: `the failure envelope, status "failure"`, Got: fmt.Sprintf("HTTP %d (%s)", ex.Status, checks.DescribeBody(ex)), Defect: checks.NotConformant})
	case wantCode != "" && resp.ErrorCode != wantCode:
		problems = append(problems, verdict.Problem{Expected: fmt.Sprintf("errorCode %q", wantCode), Got: fmt.Sprintf("errorCode %q (%s)", resp.ErrorCode, checks.Clip(resp.ErrorMessage, 80)), Defect: WrongErrorCode})
	}
	return problems
}

// Echoes checks that the answer carries the request's conversationId and locale.
func Echoes(resp iyzico.BinCheckResponse, req iyzico.BinCheckRequest) []verdict.Problem {
	var out []verdict.Problem
	if resp.ConversationID != req.ConversationID {
		out = append(out, verdict.Problem{Expected: fmt.Sprintf("conversationId %q", req.ConversationID), Got: fmt.Sprintf("%q", resp.ConversationID), Defect: checks.NoEcho})
	}
	if req.Locale != "" && resp.Locale != req.Locale {
		out = append(out, verdict.Problem{Expected: fmt.Sprintf("locale %q", req.Locale), Got: fmt.Sprintf("%q", resp.Locale), Defect: checks.NoEcho})
	}
	return out
}

// MatchesBIN checks the card data against a known row.
func MatchesBIN(resp iyzico.BinCheckResponse, want iyzico.BIN) []verdict.Problem {
	var out []verdict.Problem
	field := func(name string, want, got any) {
		if fmt.Sprint(want) != fmt.Sprint(got) {
			out = append(out, verdict.Problem{Expected: fmt.Sprintf("%s %v", name, want), Got: fmt.Sprintf("%v", got), Defect: WrongBINData})
		}
	}
	field("binNumber", want.BinNumber, resp.BinNumber)
	field("cardType", want.CardType, resp.CardType)
	field("cardAssociation", want.CardAssociation, resp.CardAssociation)
	field("cardFamily", want.CardFamily, resp.CardFamily)
	field("bankName", want.BankName, resp.BankName)
	field("bankCode", want.BankCode, deref(resp.BankCode))
	field("commercial", want.Commercial, deref(resp.Commercial))
	return out
}

// SystemTimeFresh checks that systemTime is epoch milliseconds within tolerance of now.
func SystemTimeFresh(resp iyzico.BinCheckResponse, now time.Time, tolerance time.Duration) []verdict.Problem {
	got := time.UnixMilli(resp.SystemTime)
	if d := got.Sub(now); d < -tolerance || d > tolerance {
		return []verdict.Problem{{
			Expected: fmt.Sprintf("systemTime within %s of %d", tolerance, now.UnixMilli()),
			Got:      fmt.Sprintf("%d (%s off)", resp.SystemTime, d.Round(time.Second)),
			Defect:   ClockSkew,
		}}
	}
	return nil
}

func deref[T any](p *T) any {
	if p == nil {
		return "(absent)"
	}
	return *p
}

// SigningOracle is a refusal that gives away an HMAC under the merchant's secret.
var SigningOracle = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_SIGNING_ORACLE",
	Words: "the server's refusal discloses the signature it expected (an HMAC under the merchant's secret): anyone with an apiKey can then sign any request, an authentication bypass"})

// NoSigningOracle checks that an answer carries no HMAC the server could have computed with one
// of secrets for the request it answers: over randomKey + path + body as IYZWSv2 defines it, and
// over the variants a server may have computed (no path, the query string, the body compacted,
// re-serialised or trimmed), in hex (either case), base64 of the digest, or any form
// harness/redact finds of the hex. The signature the request itself carried is no disclosure,
// and is left out.
func NoSigningOracle(ex *exchange.Exchange, secrets ...string) []verdict.Problem {
	sent, _, _, _ := iyzico.ParseAuthorization(iyzico.Canonical(ex.RequestHeader.Get("Authorization")))
	rnd := sent.RandomKey
	if rnd == "" {
		rnd = ex.RequestHeader.Get(iyzico.RndHeader)
	}
	target := iyzico.BinCheckPath
	if u, err := url.Parse(ex.URL); err == nil {
		target = u.RequestURI()
	}
	var compact bytes.Buffer
	_ = json.Compact(&compact, ex.RequestBody)
	bodies := [][]byte{ex.RequestBody, compact.Bytes(), iyzico.Reserialise(ex.RequestBody), bytes.TrimSpace(ex.RequestBody)}
	var text strings.Builder
	for name, values := range ex.Header {
		fmt.Fprintf(&text, "%s: %s\n", name, strings.Join(values, ", "))
	}
	text.Write(ex.Body)
	lower := strings.ToLower(text.String())
	seen := map[string]bool{strings.ToLower(sent.Signature): true}
	// What the request carried is no disclosure when it comes back: a signature with a digit
	// appended, a 0 or 0x before it, in upper case, or the right token under another scheme
	// holds an HMAC the client computed itself (red team, 2026-12-02: a correct server that
	// repeats the signature it received failed IYZ-AUTH-16).
	carried := strings.ToLower(sent.Signature)
	if _, token, ok := strings.Cut(ex.RequestHeader.Get("Authorization"), " "); ok {
		if raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(token)); err == nil {
			carried += "\n" + strings.ToLower(string(raw))
		}
	}
	var sigs []string // looked for in every other form at once, after the cheap checks
	for _, secret := range secrets {
		if secret == "" {
			continue
		}
		for _, path := range []string{iyzico.URIPath(target), "", target} {
			for _, body := range bodies {
				mac := hmac.New(sha256.New, []byte(secret))
				mac.Write([]byte(rnd + path))
				mac.Write(body)
				sum := mac.Sum(nil)
				sig := hex.EncodeToString(sum)
				if seen[sig] || strings.Contains(carried, sig) {
					continue
				}
				seen[sig] = true
				form := ""
				switch {
				case strings.Contains(lower, sig):
					form = "hex"
				case strings.Contains(text.String(), base64.StdEncoding.EncodeToString(sum)[:40]),
					strings.Contains(text.String(), base64.URLEncoding.EncodeToString(sum)[:40]):
					form = "base64 of the digest"
				default:
					sigs = append(sigs, sig)
				}
				if form != "" {
					return signingOracle(ex, form)
				}
			}
		}
	}
	// One detector for every candidate: building one reads each form and variant of its
	// secrets, which is most of the cost here.
	if len(sigs) > 0 {
		if f, ok := redact.New(sigs...).Find(text.String()); ok {
			return signingOracle(ex, f.Form+" of the hex")
		}
	}
	return nil
}

func signingOracle(ex *exchange.Exchange, form string) []verdict.Problem {
	return []verdict.Problem{{Expected: "a refusal that discloses no HMAC under the merchant's secret",
		Got:    fmt.Sprintf("HTTP %d whose answer holds the signature the server computed for this request (%s): a signing oracle", ex.Status, form),
		Defect: SigningOracle}}
}
