package conform

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
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
	CaseSensitive = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_CASE_SENSITIVE",
		Words: "the server reads property names case-sensitively, refusing the camelCase names Paywall's own .NET SDK sends"})
)

// Decode reads an answer. It fails when the body is not the JSON envelope; a field of the wrong
// JSON type fails it too, since every field it reads is one the checks judge.
func Decode(ex *exchange.Exchange) (paywall.Envelope, error) {
	var e paywall.Envelope
	if err := json.Unmarshal(ex.Body, &e); err != nil {
		return e, fmt.Errorf("decode temptoken answer: %w", err)
	}
	return e, nil
}

// Conforms checks an exchange against the contract operation at path.
func Conforms(ctx context.Context, path string, ex *exchange.Exchange) []verdict.Problem {
	return checks.Conforms(ctx, Contract, http.MethodPost, path, ex)
}

// Answered checks that a valid request got a token it can read: no 5xx, the envelope with
// Result true, ErrorCode 0 and a Body with a Token. Aspect checks start here.
func Answered(ex *exchange.Exchange) (paywall.TempTokenBody, []verdict.Problem) {
	if ex.ServerError() {
		return paywall.TempTokenBody{}, []verdict.Problem{{Expected: "a token (Result true)", Got: fmt.Sprintf("HTTP %d (%s)", ex.Status, checks.DescribeBody(ex))}}
	}
	e, err := Decode(ex)
	switch {
	case err != nil:
		return paywall.TempTokenBody{}, []verdict.Problem{{Expected: "the Paywall envelope", Got: checks.DescribeBody(ex), Defect: checks.NotConformant, Err: err}}
	case !e.Result || e.ErrorCode != paywall.CodeSuccess:
		return paywall.TempTokenBody{}, []verdict.Problem{{Expected: "Result true, ErrorCode 0", Got: fmt.Sprintf("HTTP %d, Result %t, ErrorCode %d, Message %q", ex.Status, e.Result, e.ErrorCode, checks.Clip(deref(e.Message), 80))}}
	case e.Body == nil || e.Body.Token == "":
		return paywall.TempTokenBody{}, []verdict.Problem{{Expected: "a Body with a Token", Got: "none", Defect: checks.NotConformant}}
	}
	return *e.Body, nil
}

// Succeeded is Answered plus contract conformance.
func Succeeded(ctx context.Context, path string, ex *exchange.Exchange) (paywall.TempTokenBody, []verdict.Problem) {
	problems := Conforms(ctx, path, ex)
	body, p := Answered(ex)
	return body, append(problems, p...)
}

// Refused checks that a request got no token: no 5xx, and no Result true with a Token.
func Refused(ex *exchange.Exchange, ifAccepted verdict.Defect) []verdict.Problem {
	if p := checks.NotServerError(ex); p != nil {
		return p
	}
	if e, err := Decode(ex); err == nil && e.Result && e.Body != nil && e.Body.Token != "" {
		return []verdict.Problem{{Expected: "a refusal (Result false, no token)", Got: fmt.Sprintf("HTTP %d, Result true and a Token: the request was accepted", ex.Status), Defect: ifAccepted}}
	}
	return nil
}

// RefusedWithCode checks Refused, then that the refusal is the envelope with Result false and,
// unless wantCode is nil, that ErrorCode.
func RefusedWithCode(ctx context.Context, path string, ex *exchange.Exchange, wantCode *int) []verdict.Problem {
	if p := Refused(ex, verdict.Defect{}); p != nil {
		return p
	}
	out := Conforms(ctx, path, ex)
	e, err := Decode(ex)
	switch {
	case err != nil:
		out = append(out, verdict.Problem{Expected: "the Paywall envelope with Result false", Got: checks.DescribeBody(ex), Defect: checks.NotConformant, Err: err})
	case e.Result:
		out = append(out, verdict.Problem{Expected: "Result false", Got: "Result true", Defect: checks.NotConformant})
	case wantCode != nil && e.ErrorCode != *wantCode:
		out = append(out, verdict.Problem{Expected: fmt.Sprintf("ErrorCode %d", *wantCode), Got: fmt.Sprintf("ErrorCode %d (%s)", e.ErrorCode, checks.Clip(deref(e.Message), 60)), Defect: WrongErrorCode})
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

// ScopeEchoed checks that Scope carries what the request asked for.
func ScopeEchoed(b paywall.TempTokenBody, req paywall.SdkRequest) []verdict.Problem {
	s := b.Scope
	if s == nil {
		return []verdict.Problem{{Expected: "a Scope object", Got: "none", Defect: ScopeNotEchoed}}
	}
	var out []verdict.Problem
	compare := func(name string, want, got any) {
		if fmt.Sprint(want) != fmt.Sprint(got) {
			out = append(out, verdict.Problem{Expected: fmt.Sprintf("Scope.%s %v", name, want), Got: fmt.Sprint(got), Defect: ScopeNotEchoed})
		}
	}
	compare("ClientCardSave", req.ClientCardSave, s.ClientCardSave)
	compare("ThreeDSession", req.ThreeDSession, s.ThreeDSession)
	if s.ClientSdk != nil {
		compare("ClientSdk", req.ClientSdk, *s.ClientSdk)
	}
	if req.ScopeBased && req.Scope != nil && s.Scope != nil {
		compare("Scope", *req.Scope, *s.Scope)
	}
	return out
}

// MasterpassIffAsked checks that Masterpass is present exactly when IncludeMasterpassSession was true.
func MasterpassIffAsked(b paywall.TempTokenBody, req paywall.SdkRequest) []verdict.Problem {
	switch {
	case req.IncludeMasterpassSession && b.Masterpass == nil:
		return []verdict.Problem{{Expected: "Masterpass session information (IncludeMasterpassSession was true)", Got: "null", Defect: MasterpassMismatch}}
	case !req.IncludeMasterpassSession && b.Masterpass != nil:
		return []verdict.Problem{{Expected: "Masterpass null (it was not asked for)", Got: "a Masterpass object", Defect: MasterpassMismatch}}
	}
	return nil
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
