// Package paynetmock is Paynet's part of payconform's mock: POST /v1/agent/get_auth_key with the
// raw-key Basic header, PaynetMobile, an allow-list of client addresses (Paynet serves only the
// server addresses a dealer registered), session keys that expire, Paynet's error object, and the
// mutants that make it wrong on purpose. It registers itself with harness/mock when imported.
package paynetmock

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/payconform/payconform/harness/contract"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/provider"
)

func init() {
	mock.Register(mock.Provider{Name: paynet.Provider.Name, Mutants: allMutants, Routes: newRoutes, Samples: samples,
		ContainerEnv: map[string]string{AllowEnv: PrivateRanges}})
}

// SessionLifetime is how long a session key the mock issues stays valid. Paynet documents no
// lifetime.
const SessionLifetime = time.Hour

// turkey is the +03:00 offset the mock writes expired_date in. Paynet documents expired_date only
// as a string; payconform chose RFC 3339 in Turkey time.
var turkey = time.FixedZone("+03:00", 3*60*60)

// Routes is one server's Paynet route and its state; tests read it with Server.State.
type Routes struct {
	secret, agent, user string
	second              string // PAYNET_SECOND_AGENT_ID, when set
	// agents are the agents the dealer has: PAYNET_AGENT_ID and, when set, PAYNET_SECOND_AGENT_ID.
	agents map[string]bool
	// verifying: a certification's verifier accepts Basic base64(key:) with a warning
	// (PNT-CERT-11), since Paynet's page names HTTP Basic and may accept its RFC 7617 form.
	verifying bool
	doc       *contract.Document
	allow     atomic.Pointer[allowSet]
	sessions  *mock.ExpiringSet
	// granted is when the last session key went out (unix nanoseconds), for a mutant.
	granted atomic.Int64
}

// SessionValid reports whether the route issued a session key that has not expired at now.
func (h *Routes) SessionValid(key string, now time.Time) bool { return h.sessions.Valid(key, now) }

func newRoutes(host *mock.Host) ([]mock.Route, any, error) {
	h := &Routes{secret: host.Var(paynet.EnvSecretKey), agent: host.Var(paynet.EnvAgentID), user: host.Var(paynet.EnvUserID),
		doc: contract.For(paynet.Provider), sessions: mock.NewExpiringSet(100_000), agents: map[string]bool{}, verifying: host.Verifying()}
	h.second = host.Var(paynet.EnvSecondAgentID)
	for _, a := range []string{h.agent, h.second} {
		if a != "" {
			h.agents[a] = true
		}
	}
	allow := LoopbackOnly
	if v := host.Getenv(AllowEnv); v != "" {
		prefixes, err := ParsePrefixes(v)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", AllowEnv, err)
		}
		allow = prefixes
	}
	h.allow.Store(newAllowSet(allow))
	host.Admin(http.MethodGet, "paynet/allow", func(w http.ResponseWriter, r *http.Request) {
		mock.WriteJSON(w, http.StatusOK, map[string]any{"clients": h.allow.Load().strings()})
	})
	host.Admin(http.MethodPut, "paynet/allow", func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Clients []string }
		if err := json.NewDecoder(io.LimitReader(r.Body, 256<<10)).Decode(&body); err != nil {
			mock.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": "decode allow-list (at most 256 KiB): " + err.Error()})
			return
		}
		if len(body.Clients) > MaxAllowEntries {
			mock.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": fmt.Sprintf("allow-list: %d entries, at most %d", len(body.Clients), MaxAllowEntries)})
			return
		}
		prefixes, err := ParsePrefixes(strings.Join(body.Clients, ","))
		if err != nil {
			mock.WriteJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		h.allow.Store(newAllowSet(prefixes))
		mock.WriteJSON(w, http.StatusOK, map[string]any{"clients": h.allow.Load().strings()})
	})
	return []mock.Route{{Method: http.MethodPost, Path: paynet.GetAuthKeyPath, Operation: paynet.OpGetAuthKey, Handle: h.getAuthKey}}, h, nil
}

func (h *Routes) getAuthKey(c *mock.Call) {
	x := &exchange{Call: c, h: h}
	c.SetEnvelope(func() (int, []byte) {
		body, _ := json.Marshal(paynet.ErrorResponse{Type: paynet.TypeAuthorization, Message: "API anahtarınız yanlış", Code: http.StatusUnauthorized, ResultCode: paynet.ResultUnauthorized})
		return http.StatusUnauthorized, body
	}, func() (int, []byte) {
		// On HTTP 200 Paynet's body carries code and message
		// (https://doc.paynet.com.tr/genel-bilgiler/hata-kodlari/http-status-kodlar).
		body, _ := json.Marshal(map[string]any{"code": paynet.ResultUnauthorized, "message": "API anahtarınız yanlış"})
		return http.StatusOK, body
	})
	switch {
	case !h.allow.Load().contains(c.Request.RemoteAddr) && !c.Has(IgnoreAllowList):
		x.fail(http.StatusForbidden, paynet.TypeAuthorization, paynet.ResultUnauthorized, "İstemci IP adresi Paynet'te tanımlı değil", "client address not on the allow-list")
		return
	case c.ReadErr != nil || c.TooLarge:
		x.fail(http.StatusBadRequest, paynet.TypeInvalidInput, paynet.ResultBadRequest, "İstek Hatası", fmt.Sprintf("body unreadable or over %d bytes", c.Limit))
		return
	}
	trusted := c.Has(TrustAfterGrant) && time.Since(time.Unix(0, h.granted.Load())) < time.Minute
	if !trusted && !(c.Has(SecondAgentUnchecked) && x.forSecondAgent()) && !x.authenticate() {
		return
	}
	req, ok := x.decode()
	if !ok {
		return
	}
	if !h.agents[req.AgentID] && !c.Has(AnyAgent) && !(c.Has(AnyNumericAgent) && allDigits(req.AgentID)) {
		x.fail(http.StatusNotFound, paynet.TypeNoData, paynet.ResultAgentNotFound, "agentnotfound", "unknown agent_id")
		return
	}
	h.granted.Store(time.Now().UnixNano())
	x.answer(req)
}

type exchange struct {
	*mock.Call
	h *Routes
}

// forSecondAgent reports whether the body names the dealer's second agent.
func (x *exchange) forSecondAgent() bool {
	var b struct {
		AgentID string `json:"agent_id"`
	}
	return x.h.second != "" && json.Unmarshal(x.Body, &b) == nil && b.AgentID == x.h.second
}

func (x *exchange) authenticate() bool {
	header := x.Request.Header.Get("Authorization")
	res := paynet.Inspect(header, x.h.secret)
	reason, fault := res.Reason, res.Fault
	x.Auth.Scheme = "Basic"
	x.Auth.OK = reason == paynet.Accepted
	x.Auth.Reason = string(reason)
	if res.Detail != "" && reason != paynet.Accepted {
		x.Auth.Reason += ": " + res.Detail // what really differs, never the key
	}
	x.Auth.Defect = fault.Class()
	if res.Spelled {
		// RFC 9110: the scheme is case-insensitive and may be followed by several spaces.
		x.Auth.Warnings = append(x.Auth.Warnings, paynet.SchemeSpelled.Class())
	}
	if reason == paynet.EncodedKey && x.h.verifying {
		x.Auth.OK = true
		x.Auth.Warnings = append(x.Auth.Warnings, fault.Class())
		return true
	}
	switch {
	case reason == paynet.Accepted,
		reason == paynet.MissingHeader && x.Has(AcceptUnauthenticated),
		reason == paynet.WrongScheme && fault == paynet.BearerScheme && x.Has(AcceptBearer),
		reason == paynet.EncodedKey && x.Has(AcceptBase64Basic),
		reason == paynet.WrongSecret && x.Has(AcceptWrongKey),
		reason == paynet.WrongSecret && x.lenient(header):
		x.Auth.OK = true
		return true
	}
	why := string(reason)
	if res.Detail != "" {
		why += ": " + res.Detail
	}
	if reason == paynet.WrongSecret && x.Has(RefusalWithSessionKey) {
		// The key was issued before the credentials were checked, and went out with the refusal.
		x.ReplyJSON(http.StatusUnauthorized, map[string]any{"type": paynet.TypeAuthorization, "message": "API anahtarınız yanlış", "code": http.StatusUnauthorized,
			"result_code": paynet.ResultUnauthorized, "session_key": "sk_" + provider.RandomHex(16)}, why+" (mutant: the session key went out with the refusal)")
		return false
	}
	x.fail(http.StatusUnauthorized, paynet.TypeAuthorization, paynet.ResultUnauthorized, "API anahtarınız yanlış", why)
	return false
}

// lenient reports whether a mutant's loose comparison lets a wrong key under Basic through.
func (x *exchange) lenient(header string) bool {
	value := paynet.Key(header)
	if value == "" {
		return false
	}
	n := min(len(value), len(x.h.secret))
	return x.Has(CaseInsensitiveKey) && strings.EqualFold(value, x.h.secret) ||
		x.Has(PrefixMatch) && value[:n] == x.h.secret[:n] ||
		x.Has(CompareAllButLast) && len(value) == len(x.h.secret) && value[:n-1] == x.h.secret[:n-1] ||
		x.Has(SuffixMatch) && strings.HasSuffix(value, x.h.secret)
}

func (x *exchange) decode() (paynet.AuthRequest, bool) {
	var req paynet.AuthRequest
	if x.Has(ServerErrorOnMalformedJSON) && !json.Valid(x.Body) {
		x.Reply(http.StatusInternalServerError, "text/html; charset=utf-8", mock.ServerErrorPage, "malformed JSON (mutant: 5xx)")
		return req, false
	}
	if x.Has(LenientInput) {
		var m map[string]any
		_ = json.Unmarshal(x.Body, &m)
		str := func(k, def string) string {
			switch v := m[k].(type) {
			case string:
				if v != "" {
					return v
				}
			case nil:
			default:
				return fmt.Sprint(v)
			}
			return def
		}
		return paynet.AuthRequest{AgentID: str("agent_id", x.h.agent), UserID: str("user_id", x.h.user)}, true
	}
	if x.Request.Header.Get(paynet.MobileHeader) == "" && !x.Has(AcceptMissingMobile) {
		x.badRequest("PaynetMobile header missing")
		return req, false
	}
	if !utf8.Valid(x.Body) {
		x.badRequest("body is not valid UTF-8")
		return req, false
	}
	if x.Has(NullUserID) {
		var m map[string]any
		if json.Unmarshal(x.Body, &m) == nil {
			if v, present := m["user_id"]; present && v == nil {
				return paynet.AuthRequest{AgentID: fmt.Sprint(m["agent_id"]), UserID: ""}, true
			}
		}
	}
	// The contract declares Authorization and PaynetMobile as required header parameters; a
	// mutant that lets a request through without them must not be stopped by the validator.
	r := x.Request
	if (x.Has(AcceptMissingMobile) && r.Header.Get(paynet.MobileHeader) == "") ||
		(x.Has(AcceptUnauthenticated) && r.Header.Get("Authorization") == "") {
		r = r.Clone(r.Context())
		r.Header.Set(paynet.MobileHeader, "2")
		r.Header.Set("Authorization", "Basic (mutant)")
	}
	value, err := x.h.doc.ValidateRequest(r.Context(), r, x.Body)
	if err != nil {
		x.badRequest(err.Error())
		return req, false
	}
	obj, _ := value.(map[string]any)
	req.AgentID, _ = obj["agent_id"].(string)
	req.UserID, _ = obj["user_id"].(string)
	if req.AgentID == "" || req.UserID == "" {
		x.badRequest("agent_id and user_id must not be empty")
		return req, false
	}
	return req, true
}

func (x *exchange) answer(req paynet.AuthRequest) {
	now := x.Now()
	key := "sk_" + provider.RandomHex(16)
	switch {
	case x.Has(ConstantSessionKey):
		key = "sk_payconform_constant"
	case x.Has(SessionKeyPerAgent):
		sum := sha256.Sum256([]byte(x.h.secret + "\x00" + req.AgentID))
		key = "sk_" + hex.EncodeToString(sum[:16])
	}
	expiry := now.Add(SessionLifetime)
	x.h.sessions.Add(key, expiry, now)
	if x.Has(ExpiredInPast) {
		expiry = now.Add(-SessionLifetime)
	}
	expired := expiry.In(turkey).Format(time.RFC3339)
	switch {
	case x.Has(ExpiryUnreadable):
		expired = "in 60 minutes"
	case x.Has(ExpiryUTCWithoutOffset):
		expired = expiry.UTC().Format("2006-01-02 15:04:05")
	}
	unique := sha256.Sum256([]byte(req.AgentID + "\x00" + req.UserID))
	resp := paynet.AuthResponse{
		SessionKey: key, ExpiredDate: expired, AgentID: req.AgentID, CompanyCode: "payconform",
		UserID: req.UserID, UserUniqueID: hex.EncodeToString(unique[:8]), ObjectName: "agent_auth_key",
		Code: paynet.ResultSuccessful, Message: "successful",
	}
	switch {
	case x.Has(NoEcho):
		resp.AgentID, resp.UserID = "payconform-mock", "payconform-mock"
	case x.Has(SparseAnswer):
		resp = paynet.AuthResponse{SessionKey: key, ExpiredDate: expired, Code: paynet.ResultSuccessful}
		x.ReplyJSON(http.StatusOK, map[string]any{"session_key": resp.SessionKey, "expired_date": resp.ExpiredDate, "code": resp.Code}, "")
		return
	case x.Has(SuccessWithError):
		resp.Code, resp.Message = paynet.ResultUnsuccessful, "unsuccessful"
	}
	resp.Message = x.echo(resp.Message)
	body, _ := json.Marshal(resp)
	if x.Has(CodeAsString) {
		body = []byte(strings.Replace(string(body), `"code":0`, `"code":"0"`, 1))
	}
	if x.Has(NullOptionalFields) {
		// A correct answer that writes the fields it has no value for as null.
		body = []byte(strings.Replace(string(body), `"company_code":"payconform"`, `"company_code":null`, 1))
		body = []byte(strings.Replace(string(body), `"object_name":"agent_auth_key"`, `"object_name":null`, 1))
	}
	x.reply(http.StatusOK, body, "")
}

// reply sends a JSON answer, after a byte order mark when the BOM mutant is on.
func (x *exchange) reply(status int, body []byte, refusal string) {
	if x.Has(ByteOrderMark) {
		body = append([]byte("\xef\xbb\xbf"), body...)
	}
	x.Reply(status, "application/json; charset=utf-8", body, refusal)
}

func (x *exchange) badRequest(why string) {
	x.fail(http.StatusBadRequest, paynet.TypeInvalidInput, paynet.ResultBadRequest, "İstek Hatası", why)
}

// fail answers with Paynet's error object.
func (x *exchange) fail(status int, typ string, resultCode int, message, why string) {
	if x.Has(GenericErrors) {
		status, typ, resultCode = http.StatusBadRequest, paynet.TypeAPI, paynet.ResultUnsuccessful
	}
	body, _ := json.Marshal(paynet.ErrorResponse{Type: typ, Message: x.echo(message), Code: status, ResultCode: resultCode})
	x.reply(status, body, fmt.Sprintf("%d %s %d: %s", status, typ, resultCode, why))
}

// echo is message, with the Authorization header and the body the request sent when the echoing
// mutant is on.
func (x *exchange) echo(message string) string {
	if x.Has(EchoAuthorization) {
		return message + " (" + x.Request.Header.Get("Authorization") + "; " + string(x.Body) + ")"
	}
	return message
}

// allDigits reports whether s is a non-empty run of ASCII digits.
func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
