package conform

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/contract"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/verdict"
)

// Contract is Paynet's loaded contract.
var Contract = contract.For(paynet.Provider)

// Server-side defects a Paynet target can have.
var (
	KeyNotChecked = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_KEY_NOT_CHECKED",
		Words: "the server does not compare the key with the merchant's secret key"})
	KeyComparedLoosely = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_KEY_COMPARED_LOOSELY",
		Words: "the server compares the secret key loosely (without case, or over the shorter length)"})
	EncodedKeyAccepted = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_ENCODED_KEY_ACCEPTED",
		Words: "the server accepts the key base64-encoded as HTTP Basic user:pass, which Paynet's examples do not show"})
	AllowListIgnored = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_ALLOW_LIST_IGNORED",
		Words: "the server serves client addresses that are not registered"})
	MobileNotRequired = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_PAYNETMOBILE_NOT_REQUIRED",
		Words: "the server does not require the PaynetMobile header"})
	AgentNotChecked = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_AGENT_NOT_CHECKED",
		Words: "the server issues session keys for agents it does not know"})
	SessionKeyReused = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_SESSION_KEY_REUSED",
		Words: "the server hands out the same session_key twice"})
	SessionKeyShared = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_SESSION_KEY_SHARED",
		Words: "the server hands two users, or two agents, the same session_key"})
	ExpiredOnIssue = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_EXPIRED_ON_ISSUE",
		Words: "the server issues a session key whose expired_date has already passed (clock or time-zone error)"})
	ExpiryUnreadable = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_EXPIRY_UNREADABLE",
		Words: "the server writes expired_date in a format no client can be expected to parse"})
	ExpiryZoneless = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_EXPIRY_WITHOUT_OFFSET",
		Words: "the server writes expired_date without an offset in a time zone other than Turkey's (UTC, most likely)"})
	WrongEnvelope = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_ERROR_ENVELOPE",
		Words: "the server refuses with another status, error type or result code than Paynet documents"})
	AnswerIncomplete = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_ANSWER_INCOMPLETE",
		Words: "the server leaves out fields of the AuthResponse the documentation lists"})
	SecretEchoed = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_ECHOES_SECRET_KEY",
		Words: "the server writes the secret key it was sent into its answer"})
)

// Decode reads a 200 answer field by field. It fails when the body is not a JSON object, or
// when session_key or code, which decide whether a key was granted, has another type than the
// AuthResponse's, naming the field ("field code: want an integer, got the string \"0\"").
// Another field of the wrong type is read as its JSON text: types are PNT-CONTRACT-01's
// business, and the echo checks judge values. Code is -1 when absent.
func Decode(ex *exchange.Exchange) (paynet.AuthResponse, error) {
	o, err := checks.ParseObject(ex.Body)
	if err != nil {
		return paynet.AuthResponse{}, fmt.Errorf("read get_auth_key answer: %w", err)
	}
	var r paynet.AuthResponse
	if r.SessionKey, _, err = stringField(o, "session_key"); err != nil {
		return r, err
	}
	code, ok, ferr := o.Int("code")
	switch {
	case ferr != nil:
		return r, ferr
	case !ok:
		r.Code = -1
	default:
		r.Code = int(code)
	}
	for name, dst := range map[string]*string{"expired_date": &r.ExpiredDate, "agent_id": &r.AgentID, "user_id": &r.UserID,
		"message": &r.Message, "company_code": &r.CompanyCode, "user_unique_id": &r.UserUniqueID, "object_name": &r.ObjectName} {
		if v, _, err := stringField(o, name); err == nil {
			*dst = v
		} else {
			*dst = string(o[name])
		}
	}
	return r, nil
}

// stringField reads a string field; a *checks.FieldError when it is another type.
func stringField(o checks.Object, name string) (string, bool, error) {
	s, ok, ferr := o.String(name)
	if ferr != nil {
		return "", true, ferr
	}
	return s, ok, nil
}

// Shape tells Paynet's refusal from anything else: the error object (a documented type, or a
// result_code) or, on HTTP 200, a code other than 0; a session_key is a grant whatever status,
// code or type stands beside it.
var Shape = checks.RefusalShape{
	Refused: func(ex *exchange.Exchange) bool {
		o, err := checks.ParseObject(ex.Body)
		if err != nil {
			return false
		}
		if typ, _, _ := o.String("type"); typ == paynet.TypeAPI || typ == paynet.TypeInvalidInput || typ == paynet.TypeAuthorization || typ == paynet.TypeNoData {
			return true
		}
		if rc, ok, _ := o.Int("result_code"); ok && rc != paynet.ResultSuccessful {
			return true
		}
		code, ok, _ := o.Int("code")
		return ok && code != paynet.ResultSuccessful
	},
	Grants: func(ex *exchange.Exchange) (string, bool) {
		o, err := checks.ParseObject(ex.Body)
		if err != nil || !o.Has("session_key") {
			return "", false
		}
		if key, ok, ferr := o.String("session_key"); ferr == nil && ok && key == "" {
			return "", false
		}
		return "a session_key", true
	},
}

// Conforms checks a get_auth_key exchange against the contract.
func Conforms(ctx context.Context, ex *exchange.Exchange) []verdict.Problem {
	return checks.Conforms(ctx, Contract, http.MethodPost, paynet.GetAuthKeyPath, ex)
}

// Answered checks that a valid request got a session key it can read: HTTP 200, a JSON object
// whose fields read as the AuthResponse's, code 0 and a session_key. Aspect checks (echo,
// expiry) start here; when it fails they are not judged (conformance.Req.Given).
func Answered(ex *exchange.Exchange) (paynet.AuthResponse, []verdict.Problem) {
	if ex.Status != http.StatusOK {
		return paynet.AuthResponse{}, []verdict.Problem{{Expected: "HTTP 200 with a session key", Got: fmt.Sprintf("HTTP %d (%s)", ex.Status, checks.DescribeBody(ex))}}
	}
	resp, err := Decode(ex)
	if err != nil {
		return resp, []verdict.Problem{{Expected: "an AuthResponse", Got: err.Error(), Defect: checks.NotConformant, Err: err}}
	}
	var out []verdict.Problem
	if resp.Code != paynet.ResultSuccessful {
		p := verdict.Problem{Expected: "code 0 (successful)", Got: fmt.Sprintf("code %d, message %q", resp.Code, checks.Clip(resp.Message, 80))}
		absent := resp.Code == -1 // no code at all: the answer claims no error beside its session_key
		if absent {
			p.Got = "no code field"
		}
		if resp.SessionKey != "" {
			p.Got += ", beside a session_key"
			if !absent {
				p.Defect = checks.SuccessWithError
			}
		}
		out = append(out, p)
	}
	if resp.SessionKey == "" {
		out = append(out, verdict.Problem{Expected: "a non-empty session_key", Got: "none"})
	}
	return resp, out
}

// Succeeded is Answered plus contract conformance: the status, media type and field types the
// PayPOS OpenAPI document gives its 200 answer.
func Succeeded(ctx context.Context, ex *exchange.Exchange) (paynet.AuthResponse, []verdict.Problem) {
	resp, problems := Answered(ex)
	return resp, append(Conforms(ctx, ex), problems...)
}

// documentedFields are the AuthResponse's fields, as the PayPOS create-session page lists them.
var documentedFields = []string{"session_key", "expired_date", "agent_id", "company_code", "user_id", "user_unique_id", "is_okc_inquiry", "object_name", "code", "message"}

// Complete checks that a session key answer carries every field the documentation lists.
func Complete(ex *exchange.Exchange) []verdict.Problem {
	o, err := checks.ParseObject(ex.Body)
	if err != nil {
		return nil // Answered reports it
	}
	var missing []string
	for _, f := range documentedFields {
		if _, ok := o[f]; !ok {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return []verdict.Problem{{Expected: "every AuthResponse field: " + strings.Join(documentedFields, ", "), Got: "no " + strings.Join(missing, ", "), Defect: AnswerIncomplete}}
	}
	return nil
}

// Refused checks that a request was recognisably refused: Paynet's error object, a code other
// than 0 on HTTP 200, or a 4xx; and that it hands out no session_key, whatever else it says. ifAccepted is the server defect a grant most likely comes from.
func Refused(ex *exchange.Exchange, ifAccepted verdict.Defect) []verdict.Problem {
	return checks.MustRefuse(ex, Shape, ifAccepted)
}

// Envelope checks, of a recognised refusal, that it has the status, error type and result code
// Paynet documents for it, in an ErrorResponse the contract allows. A request that was not
// refused is Refused's business: it passes here.
func Envelope(ctx context.Context, ex *exchange.Exchange, status int, typ string, resultCode int) []verdict.Problem {
	if Refused(ex, verdict.Defect{}) != nil {
		return nil
	}
	out := Conforms(ctx, ex)
	o, err := checks.ParseObject(ex.Body)
	if err != nil {
		return append(out, verdict.Problem{Expected: "Paynet's error object {type, message, code, result_code}", Got: err.Error() + " (" + checks.DescribeBody(ex) + ")", Defect: WrongEnvelope})
	}
	gotType, _, _ := o.String("type")
	gotCode, _, _ := o.Int("result_code")
	message, _, _ := o.String("message")
	if ex.Status != status || gotType != typ || int(gotCode) != resultCode {
		out = append(out, verdict.Problem{
			Expected: fmt.Sprintf("HTTP %d, type %s, result_code %d", status, typ, resultCode),
			Got:      fmt.Sprintf("HTTP %d, type %q, result_code %s (%s)", ex.Status, gotType, checks.Clip(string(o["result_code"]), 20), checks.Clip(message, 60)),
			Defect:   WrongEnvelope,
		})
	}
	return out
}

// Echoes checks that the answer names the agent and user asked for.
func Echoes(resp paynet.AuthResponse, req paynet.AuthRequest) []verdict.Problem {
	var out []verdict.Problem
	if resp.AgentID != req.AgentID {
		out = append(out, verdict.Problem{Expected: fmt.Sprintf("agent_id %q", req.AgentID), Got: fmt.Sprintf("%q", resp.AgentID), Defect: checks.NoEcho})
	}
	if resp.UserID != req.UserID {
		out = append(out, verdict.Problem{Expected: fmt.Sprintf("user_id %q", req.UserID), Got: fmt.Sprintf("%q", resp.UserID), Defect: checks.NoEcho})
	}
	return out
}

// DistinctSessionKeys checks that two answers got two different session keys; ifSame is the
// defect a repeat most likely comes from, what says what the two asked for.
func DistinctSessionKeys(a, b paynet.AuthResponse, what string, ifSame verdict.Defect) []verdict.Problem {
	if a.SessionKey == b.SessionKey {
		return []verdict.Problem{{Expected: "a different session_key for " + what, Got: "the same session_key twice", Defect: ifSame}}
	}
	return nil
}

// istanbul is Turkey's fixed offset (UTC+3, no daylight saving since 2016), for expiry dates
// written without one.
var istanbul = time.FixedZone("+03", 3*60*60)

// Expiry is a parsed expired_date and whether it carried its own offset.
type Expiry struct {
	Time      time.Time
	HasOffset bool
}

// zoned and zoneless are the formats ParseExpiry tries. Paynet documents expired_date only as
// a string; these are the forms a Turkish .NET or Java service plausibly writes.
var (
	zoned    = []string{time.RFC3339Nano}
	zoneless = []string{"2006-01-02T15:04:05.9999999", "2006-01-02 15:04:05", "02.01.2006 15:04:05"}
)

// ParseExpiry reads expired_date. A value without an offset is read as Turkey time.
func ParseExpiry(s string) (Expiry, error) {
	for _, layout := range zoned {
		if t, err := time.Parse(layout, s); err == nil {
			return Expiry{Time: t, HasOffset: true}, nil
		}
	}
	for _, layout := range zoneless {
		if t, err := time.ParseInLocation(layout, s, istanbul); err == nil {
			return Expiry{Time: t}, nil
		}
	}
	return Expiry{}, fmt.Errorf("parse expired_date %q: not RFC 3339, nor yyyy-MM-dd HH:mm:ss, nor dd.MM.yyyy HH:mm:ss", checks.Clip(s, 40))
}

// ExpiryReadable checks that expired_date parses.
func ExpiryReadable(resp paynet.AuthResponse) []verdict.Problem {
	if _, err := ParseExpiry(resp.ExpiredDate); err != nil {
		return []verdict.Problem{{Expected: "expired_date as a date-time (RFC 3339 or a common Turkish form)", Got: fmt.Sprintf("%q", checks.Clip(resp.ExpiredDate, 40)), Defect: ExpiryUnreadable, Err: err}}
	}
	return nil
}

// ExpiryInFuture checks that an expired_date with an offset lies after now: an instant the
// server named itself. One without an offset is ExpiryInFutureTurkeyTime's business, an
// unreadable one ExpiryReadable's; both pass here.
func ExpiryInFuture(resp paynet.AuthResponse, now time.Time) []verdict.Problem {
	// An offset in a form RFC 3339 does not have (+0300, /Date(...)/) still names the instant;
	// PNT-INVARIANT-04 judges the form.
	t, ok := checks.ParseZoned(resp.ExpiredDate)
	if !ok || t.After(now) {
		return nil
	}
	return []verdict.Problem{{Expected: "expired_date after " + now.Format(time.RFC3339), Got: resp.ExpiredDate, Defect: ExpiredOnIssue}}
}

// ExpiryInFutureTurkeyTime checks that an expired_date without an offset, read as Turkey time,
// lies after now.
func ExpiryInFutureTurkeyTime(resp paynet.AuthResponse, now time.Time) []verdict.Problem {
	e, err := ParseExpiry(resp.ExpiredDate)
	if err != nil || e.HasOffset || e.Time.After(now) {
		return nil
	}
	return []verdict.Problem{{Expected: "expired_date, read as Turkey time (+03:00), after " + now.In(istanbul).Format("2006-01-02 15:04:05"),
		Got: resp.ExpiredDate + fmt.Sprintf(" (%s ago)", now.Sub(e.Time).Round(time.Minute)), Defect: ExpiryZoneless}}
}
