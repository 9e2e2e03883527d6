package conform

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/contract"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/verdict"
)

// Contract is Paywall's loaded contract.
var Contract = contract.For(paywall.Provider)

// ExpiryTolerance is how far ExpiryDateTime may sit from now + ExpiryMin: clock skew between the
// harness and the target, plus the request's own latency.
const ExpiryTolerance = 2 * time.Minute

// Server-side defects a Paywall target can have.
var (
	KeyNotChecked = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_PUBLIC_KEYS_NOT_CHECKED",
		Words: "the server does not compare apikeypublic and apiclientpublic with the merchant's"})
	RangeNotChecked = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_RANGE_NOT_CHECKED",
		Words: "the server does not enforce a documented range (ExpiryMin 0..1440, Scope 0..3)"})
	ConditionNotChecked = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_CONDITIONAL_FIELD_NOT_CHECKED",
		Words: "the server does not require Scope with ScopeBased, or MasterpassSession with IncludeMasterpassSession"})
	DefaultsMissing = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_DEFAULTS_MISSING_BOOLEANS",
		Words: "the server reads a missing boolean as false instead of refusing the request"})
	NotAGUID = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_TOKEN_NOT_GUID",
		Words: "the server issues a Token that is not a GUID"})
	ExpiryIgnored = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_EXPIRY_IGNORED",
		Words: "the server's ExpiryDateTime does not follow ExpiryMin (a fixed lifetime, or a time-zone error)"})
	ScopeNotEchoed = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_SCOPE_NOT_ECHOED",
		Words: "the server's Scope differs from the scope the token was asked for"})
	MasterpassMismatch = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_MASTERPASS_UNASKED",
		Words: "the server returns Masterpass when it was not asked for, or leaves it out when it was"})
	TokenIDNotPositive = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_TOKEN_ID",
		Words: "the server's TempTokenId is not a positive number"})
	OffsetNotTurkey = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_EXPIRY_OFFSET",
		Words: "the server writes ExpiryDateTime without the +03:00 offset the documentation shows"})
	WrongErrorCode = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_PAYWALL_ERROR_CODE",
		Words: "the server refuses with another ErrorCode than the one Paywall documents"})
	TokenReused = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_TOKEN_REUSED",
		Words: "the server hands out the same Token, or TempTokenId, twice"})
	KeysComparedLoosely = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_PUBLIC_KEYS_COMPARED_LOOSELY",
		Words: "the server checks one public value and not the other, or compares them loosely (without case, or by prefix)"})
	AnswerIncomplete = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_PAYWALL_ANSWER_INCOMPLETE",
		Words: "the server leaves out fields the documentation's example answer carries"})
	SecretEchoed = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_ECHOES_PUBLIC_KEYS",
		Words: "the server writes the apikeypublic or apiclientpublic it was sent into its answer"})
	CaseSensitive = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_CASE_SENSITIVE",
		Words: "the server reads property names case-sensitively, refusing the camelCase names Paywall's own .NET SDK sends"})
)

// Decode reads an answer field by field. It fails when the body is not a JSON object, or when
// a field that decides what the answer grants has another type than the envelope's (Result,
// ErrorCode, Body, Body.Token), naming it ("field Result: want a boolean, got the string
// \"true\""). Other fields of the wrong type are left zero: types are PWL-CONTRACT-01's
// business, values the invariants'.
func Decode(ex *exchange.Exchange) (paywall.Envelope, error) {
	var e paywall.Envelope
	o, err := checks.ParseObject(ex.Body)
	if err != nil {
		return e, fmt.Errorf("read temptoken answer: %w", err)
	}
	var ferr *checks.FieldError
	if e.Result, _, ferr = o.Bool("Result"); ferr != nil {
		return e, ferr
	}
	code, _, ferr := o.Int("ErrorCode")
	if ferr != nil {
		return e, ferr
	}
	e.ErrorCode = int(code)
	for name, dst := range map[string]**string{"ErrorMessage": &e.ErrorMessage, "Message": &e.Message} {
		if v, ok, ferr := o.String(name); ok && ferr == nil {
			*dst = &v
		}
	}
	body, ok, ferr := o.Object("Body")
	switch {
	case ferr != nil:
		return e, ferr
	case !ok:
		return e, nil
	}
	e.Body = &paywall.TempTokenBody{}
	if e.Body.Token, _, ferr = body.String("Token"); ferr != nil {
		ferr.Field = "Body." + ferr.Field
		return e, ferr
	}
	e.Body.TempTokenID, _, _ = body.Int("TempTokenId")
	e.Body.ExpiryDateTime, _, _ = body.String("ExpiryDateTime")
	if body.Has("Scope") {
		var scope paywall.TokenScope
		if json.Unmarshal(body["Scope"], &scope) == nil {
			e.Body.Scope = &scope
		}
	}
	if mp, ok, ferr := body.Object("Masterpass"); ferr != nil || (ok && !AllNull(mp)) {
		e.Body.Masterpass = &paywall.MasterpassInfo{}
		_ = json.Unmarshal(body["Masterpass"], e.Body.Masterpass)
	}
	return e, nil
}

// AllNull reports whether an object is absent, empty, or has every field null: it carries
// nothing, so it is not "present".
func AllNull(o checks.Object) bool {
	for name := range o {
		if o.Has(name) {
			return false
		}
	}
	return true
}

// Shape tells Paywall's refusal from anything else: the envelope with Result false is a
// refusal; a Body with a Token, or with a Masterpass session, is a grant whatever Result and
// ErrorCode say beside it; Result true on a 2xx claims one.
var Shape = checks.RefusalShape{
	Refused: func(ex *exchange.Exchange) bool {
		o, err := checks.ParseObject(ex.Body)
		if err != nil {
			return false
		}
		result, ok, ferr := o.Bool("Result")
		return ok && ferr == nil && !result
	},
	Grants: func(ex *exchange.Exchange) (string, bool) {
		o, err := checks.ParseObject(ex.Body)
		if err != nil {
			return "", false
		}
		body, _, _ := o.Object("Body")
		if token, _, _ := body.String("Token"); token != "" {
			return "a Token", true
		}
		if mp, _, _ := body.Object("Masterpass"); mp != nil {
			for _, name := range []string{"SessionId", "MasterpassToken"} {
				if v, _, _ := mp.String(name); v != "" {
					return "a Masterpass session (" + name + ")", true
				}
			}
		}
		return "", false
	},
	Claims: func(ex *exchange.Exchange) (string, bool) {
		o, err := checks.ParseObject(ex.Body)
		if err != nil {
			return "", false
		}
		result, _, _ := o.Bool("Result")
		return "Result true", result
	},
}

// Conforms checks an exchange against the contract operation at path.
func Conforms(ctx context.Context, path string, ex *exchange.Exchange) []verdict.Problem {
	return checks.Conforms(ctx, Contract, http.MethodPost, path, ex)
}

// Answered checks that a valid request got a token it can read: no 5xx, the envelope with
// Result true, ErrorCode 0 and a Body with a Token. Aspect checks start here; when it fails
// they are not judged (conformance.Req.Given).
func Answered(ex *exchange.Exchange) (paywall.TempTokenBody, []verdict.Problem) {
	if ex.ServerError() {
		return paywall.TempTokenBody{}, []verdict.Problem{{Expected: "a token (Result true)", Got: fmt.Sprintf("HTTP %d (%s)", ex.Status, checks.DescribeBody(ex))}}
	}
	e, err := Decode(ex)
	switch {
	case err != nil:
		return paywall.TempTokenBody{}, []verdict.Problem{{Expected: "the Paywall envelope", Got: err.Error() + " (" + checks.DescribeBody(ex) + ")", Defect: checks.NotConformant, Err: err}}
	case e.Result && e.ErrorCode != paywall.CodeSuccess:
		return paywall.TempTokenBody{}, []verdict.Problem{{Expected: "Result true with ErrorCode 0", Got: fmt.Sprintf("HTTP %d, Result true beside ErrorCode %d (%s)", ex.Status, e.ErrorCode, checks.Clip(deref(e.ErrorMessage), 60)), Defect: checks.SuccessWithError}}
	case !e.Result || e.ErrorCode != paywall.CodeSuccess:
		return paywall.TempTokenBody{}, []verdict.Problem{{Expected: "Result true, ErrorCode 0", Got: fmt.Sprintf("HTTP %d, Result %t, ErrorCode %d, Message %q", ex.Status, e.Result, e.ErrorCode, checks.Clip(deref(e.Message), 80))}}
	case e.Body == nil || e.Body.Token == "":
		return paywall.TempTokenBody{}, []verdict.Problem{{Expected: "a Body with a Token", Got: "none", Defect: checks.NotConformant}}
	}
	return *e.Body, nil
}

// Succeeded is Answered plus the body's types as the contract gives them. Status and media type
// are Framing's business (a SHOULD: the documentation states neither).
func Succeeded(ctx context.Context, path string, ex *exchange.Exchange) (paywall.TempTokenBody, []verdict.Problem) {
	body, problems := Answered(ex)
	if problems != nil {
		return body, problems
	}
	return body, checks.ConformsBody(ctx, Contract, http.MethodPost, path, ex)
}

// exampleFields are the fields of the documentation's example answer, by object.
var exampleFields = map[string][]string{
	"":     {"ErrorCodeType", "ErrorMessage", "ErrorCode", "Result", "Message", "Body"},
	"Body": {"TempTokenId", "Token", "ExpiryDateTime", "Scope"},
}

// Framing checks what the documentation's example shows but its text does not state: HTTP
// 200, application/json, every field of the example, and ErrorMessage null on a success.
func Framing(ctx context.Context, path string, ex *exchange.Exchange) []verdict.Problem {
	out := checks.ConformsFraming(ctx, Contract, http.MethodPost, path, ex)
	o, err := checks.ParseObject(ex.Body)
	if err != nil {
		return out
	}
	var missing []string
	body, _, _ := o.Object("Body")
	for obj, fields := range map[string]checks.Object{"": o, "Body": body} {
		for _, f := range exampleFields[obj] {
			if _, ok := fields[f]; !ok {
				missing = append(missing, strings.TrimPrefix(obj+"."+f, "."))
			}
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		out = append(out, verdict.Problem{Expected: "every field of the documented example answer", Got: "no " + strings.Join(missing, ", "), Defect: AnswerIncomplete})
	}
	if msg, _, _ := o.String("ErrorMessage"); msg != "" {
		out = append(out, verdict.Problem{Expected: "ErrorMessage null on a success, as in the documented example", Got: fmt.Sprintf("ErrorMessage %q", checks.Clip(msg, 60)), Defect: checks.SuccessWithError})
	}
	return out
}

// Refused checks that a request was recognisably refused: the envelope with Result false, or a
// 4xx. ifAccepted is the server defect a grant most likely comes from.
func Refused(ex *exchange.Exchange, ifAccepted verdict.Defect) []verdict.Problem {
	return checks.MustRefuse(ex, Shape, ifAccepted)
}

// RefusedWithCode checks, of a recognised refusal, that it is the envelope with Result false
// and, unless wantCode is nil, that ErrorCode. A request that was not refused is Refused's
// business: it passes here.
func RefusedWithCode(ctx context.Context, path string, ex *exchange.Exchange, wantCode *int) []verdict.Problem {
	if Refused(ex, verdict.Defect{}) != nil {
		return nil
	}
	out := checks.ConformsBody(ctx, Contract, http.MethodPost, path, ex)
	e, err := Decode(ex)
	switch {
	case err != nil:
		out = append(out, verdict.Problem{Expected: "the Paywall envelope with Result false", Got: err.Error() + " (" + checks.DescribeBody(ex) + ")", Defect: checks.NotConformant, Err: err})
	case wantCode != nil && e.ErrorCode != *wantCode:
		out = append(out, verdict.Problem{Expected: fmt.Sprintf("ErrorCode %d", *wantCode), Got: fmt.Sprintf("HTTP %d, ErrorCode %d (%s)", ex.Status, e.ErrorCode, checks.Clip(deref(e.Message), 60)), Defect: WrongErrorCode})
	}
	return out
}

var guid = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// TokenIsGUID checks the Token's form (the documented example is 22ae3b5a-8eb0-41cc-88c7-219e25b95441).
func TokenIsGUID(b paywall.TempTokenBody) []verdict.Problem {
	if !guid.MatchString(b.Token) {
		return []verdict.Problem{{Expected: "Token as a GUID (8-4-4-4-12 hex)", Got: fmt.Sprintf("%q", checks.Clip(b.Token, 50)), Defect: NotAGUID}}
	}
	return nil
}

// ParseExpiry reads ExpiryDateTime: RFC 3339 with an offset, .NET's seven fractional digits
// included.
func ParseExpiry(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return t, fmt.Errorf("parse ExpiryDateTime %q: not RFC 3339 with an offset", checks.Clip(s, 40))
	}
	return t, nil
}

// ExpiryFollows checks that ExpiryDateTime is now + expiryMin minutes, within ExpiryTolerance.
func ExpiryFollows(b paywall.TempTokenBody, now time.Time, expiryMin int) []verdict.Problem {
	t, err := ParseExpiry(b.ExpiryDateTime)
	if err != nil {
		return []verdict.Problem{{Expected: "ExpiryDateTime in RFC 3339 with an offset", Got: fmt.Sprintf("%q", checks.Clip(b.ExpiryDateTime, 40)), Defect: ExpiryIgnored, Err: err}}
	}
	want := now.Add(time.Duration(expiryMin) * time.Minute)
	if d := t.Sub(want); d < -ExpiryTolerance || d > ExpiryTolerance {
		return []verdict.Problem{{
			Expected: fmt.Sprintf("ExpiryDateTime ≈ now + %d min (%s, ±%s)", expiryMin, want.Format(time.RFC3339), ExpiryTolerance),
			Got:      fmt.Sprintf("%s (%s off)", b.ExpiryDateTime, d.Round(time.Second)),
			Defect:   ExpiryIgnored,
		}}
	}
	return nil
}

// ExpiredOnIssue is a token that has expired when it is handed out.
var ExpiredOnIssue = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_TOKEN_EXPIRED_ON_ISSUE",
	Words: "the server issues a token whose ExpiryDateTime has already passed (a clock, time-zone or arithmetic error)"})

// ExpiryNotPast checks that a token asked for with expiryMin above 0 has not expired at now, a
// moment just after it was issued: "How long will the token be valid?" has no answer in the past.
// An ExpiryDateTime that does not parse, or one asked for with ExpiryMin 0, passes here:
// ExpiryFollows judges the first, and a token valid for 0 minutes may well be over.
func ExpiryNotPast(b paywall.TempTokenBody, now time.Time, expiryMin int) []verdict.Problem {
	// An offset in a form RFC 3339 does not have still names the instant (the SHOULDs judge
	// the form).
	t, ok := checks.ParseZoned(b.ExpiryDateTime)
	if !ok || expiryMin <= 0 || t.After(now) {
		return nil
	}
	return []verdict.Problem{{Expected: fmt.Sprintf("ExpiryDateTime after %s (ExpiryMin %d)", now.Format(time.RFC3339), expiryMin),
		Got: fmt.Sprintf("%s, %s in the past", b.ExpiryDateTime, now.Sub(t).Round(time.Second)), Defect: ExpiredOnIssue}}
}

// ExpiryInTurkeyTime checks the offset the documentation's example carries (+03:00).
func ExpiryInTurkeyTime(b paywall.TempTokenBody) []verdict.Problem {
	t, err := ParseExpiry(b.ExpiryDateTime)
	if err != nil {
		return nil // ExpiryFollows reports it
	}
	if _, off := t.Zone(); off != 3*60*60 {
		return []verdict.Problem{{Expected: "ExpiryDateTime with offset +03:00", Got: b.ExpiryDateTime, Defect: OffsetNotTurkey}}
	}
	return nil
}

// ScopeEchoed checks that Scope carries what the request asked for, field by field: each of
// ClientCardSave and ThreeDSession, and for temptoken/sdk ClientSdk, ScopeBased and (when
// ScopeBased) Scope.
func ScopeEchoed(b paywall.TempTokenBody, req paywall.SdkRequest, sdk bool) []verdict.Problem {
	s := b.Scope
	if s == nil {
		return []verdict.Problem{{Expected: "a Scope object", Got: "none", Defect: ScopeNotEchoed}}
	}
	var out []verdict.Problem
	compare := func(name string, want any, got any) {
		if fmt.Sprint(want) != fmt.Sprint(got) {
			out = append(out, verdict.Problem{Expected: fmt.Sprintf("Scope.%s %v", name, want), Got: fmt.Sprint(got), Defect: ScopeNotEchoed})
		}
	}
	opt := func(p any) any {
		switch v := p.(type) {
		case *bool:
			if v != nil {
				return *v
			}
		case *int:
			if v != nil {
				return *v
			}
		}
		return "(absent)"
	}
	compare("ClientCardSave", req.ClientCardSave, s.ClientCardSave)
	compare("ThreeDSession", req.ThreeDSession, s.ThreeDSession)
	if sdk {
		compare("ClientSdk", req.ClientSdk, opt(s.ClientSdk))
		compare("ScopeBased", req.ScopeBased, opt(s.ScopeBased))
		if req.ScopeBased && req.Scope != nil {
			compare("Scope", *req.Scope, opt(s.Scope))
		}
	}
	return out
}

// MasterpassWhenAsked checks that an answer to a request with IncludeMasterpassSession true
// carries the Masterpass session information: an object whose fields have the documented types,
// with a SessionId and a MasterpassToken. An object of nulls, or without the session's id and
// token, is not the information asked for.
func MasterpassWhenAsked(ctx context.Context, ex *exchange.Exchange) []verdict.Problem {
	const want = "Masterpass session information (IncludeMasterpassSession was true): a SessionId and a MasterpassToken, of the documented types"
	o, err := checks.ParseObject(ex.Body)
	if err != nil {
		return []verdict.Problem{{Expected: want, Got: err.Error(), Defect: MasterpassMismatch}}
	}
	body, _, _ := o.Object("Body")
	mp, present, ferr := body.Object("Masterpass")
	switch {
	case ferr != nil:
		return []verdict.Problem{{Expected: want, Got: ferr.Error(), Defect: MasterpassMismatch}}
	case !present:
		return []verdict.Problem{{Expected: want, Got: "Masterpass null or absent", Defect: MasterpassMismatch}}
	case AllNull(mp):
		return []verdict.Problem{{Expected: want, Got: "a Masterpass object whose every field is null: nothing was returned", Defect: MasterpassMismatch}}
	}
	var out []verdict.Problem
	for _, p := range checks.ConformsBody(ctx, Contract, http.MethodPost, paywall.SdkPath, ex) {
		if strings.Contains(p.Expected, "Masterpass") {
			p.Defect = MasterpassMismatch
			out = append(out, p)
		}
	}
	for _, name := range []string{"SessionId", "MasterpassToken"} {
		if v, _, ferr := mp.String(name); ferr == nil && v == "" {
			out = append(out, verdict.Problem{Expected: want, Got: "Masterpass without a " + name, Defect: MasterpassMismatch})
		}
	}
	return out
}

// MasterpassOnlyWhenAsked checks that an answer to a request without IncludeMasterpassSession
// carries no Masterpass (Decode reads an object of nulls as none).
func MasterpassOnlyWhenAsked(b paywall.TempTokenBody) []verdict.Problem {
	if b.Masterpass != nil {
		return []verdict.Problem{{Expected: "Masterpass null (it was not asked for)", Got: "a Masterpass object", Defect: MasterpassMismatch}}
	}
	return nil
}

// DistinctTokens checks that two answers carry two different Tokens and TempTokenIds.
func DistinctTokens(a, b paywall.TempTokenBody) []verdict.Problem {
	var out []verdict.Problem
	if a.Token == b.Token {
		out = append(out, verdict.Problem{Expected: "a different Token on each call", Got: "the same Token twice", Defect: TokenReused})
	}
	if a.TempTokenID == b.TempTokenID {
		out = append(out, verdict.Problem{Expected: "a different TempTokenId on each call", Got: fmt.Sprintf("TempTokenId %d twice", a.TempTokenID), Defect: TokenReused})
	}
	return out
}

// TokenIDPositive checks TempTokenId.
func TokenIDPositive(b paywall.TempTokenBody) []verdict.Problem {
	if b.TempTokenID <= 0 {
		return []verdict.Problem{{Expected: "TempTokenId > 0", Got: fmt.Sprint(b.TempTokenID), Defect: TokenIDNotPositive}}
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
