package conform

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
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
	EncodedKeyAccepted = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_ENCODED_KEY_ACCEPTED",
		Words: "the server accepts the key base64-encoded as HTTP Basic user:pass, which Paynet does not document"})
	AllowListIgnored = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_ALLOW_LIST_IGNORED",
		Words: "the server serves client addresses that are not registered"})
	MobileNotRequired = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_PAYNETMOBILE_NOT_REQUIRED",
		Words: "the server does not require the PaynetMobile header"})
	AgentNotChecked = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_AGENT_NOT_CHECKED",
		Words: "the server issues session keys for agents it does not know"})
	SessionKeyReused = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_SESSION_KEY_REUSED",
		Words: "the server hands out the same session_key twice"})
	ExpiredOnIssue = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_EXPIRED_ON_ISSUE",
		Words: "the server issues a session key whose expired_date has already passed (clock or time-zone error)"})
	ExpiryUnreadable = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_EXPIRY_UNREADABLE",
		Words: "the server writes expired_date in a format no client can be expected to parse"})
	WrongEnvelope = verdict.RegisterDefect(verdict.Defect{Class: "SERVER_ERROR_ENVELOPE",
		Words: "the server refuses with another status, error type or result code than Paynet documents"})
)

// Decode reads a 200 answer leniently: it fails only when the body is not a JSON object. A
// field of the wrong JSON type is left zero; types are the contract check's business.
func Decode(ex *exchange.Exchange) (paynet.AuthResponse, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(ex.Body, &m); err != nil || m == nil {
		return paynet.AuthResponse{}, fmt.Errorf("decode get_auth_key response: not a JSON object")
	}
	var r paynet.AuthResponse
	for k, v := range m {
		switch k {
		case "session_key":
			_ = json.Unmarshal(v, &r.SessionKey)
		case "expired_date":
			_ = json.Unmarshal(v, &r.ExpiredDate)
		case "agent_id":
			_ = json.Unmarshal(v, &r.AgentID)
		case "user_id":
			_ = json.Unmarshal(v, &r.UserID)
		case "message":
			_ = json.Unmarshal(v, &r.Message)
		case "code":
			if json.Unmarshal(v, &r.Code) != nil {
				r.Code = -1
			}
		}
	}
	if _, ok := m["code"]; !ok {
		r.Code = -1
	}
	return r, nil
}

// Conforms checks a get_auth_key exchange against the contract.
func Conforms(ctx context.Context, ex *exchange.Exchange) []verdict.Problem {
	return checks.Conforms(ctx, Contract, http.MethodPost, paynet.GetAuthKeyPath, ex)
}

// Answered checks that a valid request got a session key it can read: HTTP 200, a JSON object,
// code 0 and a session_key. Aspect checks (echo, expiry) start here.
func Answered(ex *exchange.Exchange) (paynet.AuthResponse, []verdict.Problem) {
	if ex.Status != http.StatusOK {
		return paynet.AuthResponse{}, []verdict.Problem{{Expected: "HTTP 200 with a session key", Got: fmt.Sprintf("HTTP %d (%s)", ex.Status, checks.DescribeBody(ex))}}
	}
	resp, err := Decode(ex)
	if err != nil {
		return resp, []verdict.Problem{{Expected: "a JSON object", Got: checks.DescribeBody(ex), Defect: checks.NotConformant, Err: err}}
	}
	var out []verdict.Problem
	if resp.Code != paynet.ResultSuccessful {
		out = append(out, verdict.Problem{Expected: "code 0 (successful)", Got: fmt.Sprintf("code %d, message %q", resp.Code, checks.Clip(resp.Message, 80))})
	}
	if resp.SessionKey == "" {
		out = append(out, verdict.Problem{Expected: "a non-empty session_key", Got: "none"})
	}
	return resp, out
}

// Succeeded is Answered plus contract conformance.
func Succeeded(ctx context.Context, ex *exchange.Exchange) (paynet.AuthResponse, []verdict.Problem) {
	problems := Conforms(ctx, ex)
	resp, p := Answered(ex)
	return resp, append(problems, p...)
}

// Refused checks that a request did not get a session key: no 5xx, and no HTTP 200 with code 0
// and a session_key. ifAccepted is the server defect an acceptance most likely comes from.
func Refused(ex *exchange.Exchange, ifAccepted verdict.Defect) []verdict.Problem {
	if p := checks.NotServerError(ex); p != nil {
		return p
	}
	if ex.Status == http.StatusOK {
		if resp, err := Decode(ex); err == nil && resp.Code == paynet.ResultSuccessful && resp.SessionKey != "" {
			return []verdict.Problem{{Expected: "a refusal (no session key)", Got: "HTTP 200, code 0 and a session_key: the request was accepted", Defect: ifAccepted}}
		}
	}
	return nil
}

// Envelope checks that a refusal has the documented shape: the status, error type and result
// code Paynet documents for it, and an ErrorResponse body the contract allows.
func Envelope(ctx context.Context, ex *exchange.Exchange, status int, typ string, resultCode int) []verdict.Problem {
	if ex.Status == http.StatusOK {
		if resp, err := Decode(ex); err == nil && resp.Code == paynet.ResultSuccessful && resp.SessionKey != "" {
			return []verdict.Problem{{Expected: fmt.Sprintf("HTTP %d %s, result_code %d", status, typ, resultCode), Got: "a session key: the request was accepted"}}
		}
	}
	out := Conforms(ctx, ex)
	var e paynet.ErrorResponse
	if err := json.Unmarshal(ex.Body, &e); err != nil {
		return append(out, verdict.Problem{Expected: "Paynet's error object {type, message, code, result_code}", Got: checks.DescribeBody(ex), Defect: WrongEnvelope})
	}
	if ex.Status != status || e.Type != typ || e.ResultCode != resultCode {
		out = append(out, verdict.Problem{
			Expected: fmt.Sprintf("HTTP %d, type %s, result_code %d", status, typ, resultCode),
			Got:      fmt.Sprintf("HTTP %d, type %q, result_code %d (%s)", ex.Status, e.Type, e.ResultCode, checks.Clip(e.Message, 60)),
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

// DistinctSessionKeys checks that two calls got two different session keys.
func DistinctSessionKeys(a, b paynet.AuthResponse) []verdict.Problem {
	if a.SessionKey == b.SessionKey {
		return []verdict.Problem{{Expected: "a different session_key on each call", Got: "the same session_key twice", Defect: SessionKeyReused}}
	}
	return nil
}

// istanbul is Turkey's fixed offset (UTC+3, no daylight saving since 2016), for expiry dates
// written without one.
var istanbul = time.FixedZone("+03", 3*60*60)

// expiryLayouts are the formats ParseExpiry tries. Paynet documents expired_date only as a
// string; these are the forms a Turkish .NET or Java service plausibly writes.
var expiryLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.9999999",
	"2006-01-02 15:04:05",
	"02.01.2006 15:04:05",
}

// ParseExpiry reads expired_date. A value without an offset is taken as Turkey time.
func ParseExpiry(s string) (time.Time, error) {
	for _, layout := range expiryLayouts {
		if t, err := time.ParseInLocation(layout, s, istanbul); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("parse expired_date %q: not RFC 3339, nor yyyy-MM-dd HH:mm:ss, nor dd.MM.yyyy HH:mm:ss", checks.Clip(s, 40))
}

// ExpiryReadable checks that expired_date parses.
func ExpiryReadable(resp paynet.AuthResponse) []verdict.Problem {
	if _, err := ParseExpiry(resp.ExpiredDate); err != nil {
		return []verdict.Problem{{Expected: "expired_date as a date-time (RFC 3339 or a common Turkish form)", Got: fmt.Sprintf("%q", checks.Clip(resp.ExpiredDate, 40)), Defect: ExpiryUnreadable, Err: err}}
	}
	return nil
}

// ExpiryInFuture checks that a readable expired_date lies after now. An unreadable one is
// ExpiryReadable's business, so it passes here.
func ExpiryInFuture(resp paynet.AuthResponse, now time.Time) []verdict.Problem {
	t, err := ParseExpiry(resp.ExpiredDate)
	if err != nil || t.After(now) {
		return nil
	}
	return []verdict.Problem{{Expected: "expired_date after " + now.Format(time.RFC3339), Got: resp.ExpiredDate, Defect: ExpiredOnIssue}}
}
