package mock

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/payconform/payconform/harness/paynet"
)

// PaynetConfig is the one dealer the Paynet routes know, and the client addresses Paynet has
// "registered" for it.
type PaynetConfig struct {
	SecretKey string
	AgentID   string
	UserID    string
	// AllowedClients models Paynet's registered server IPs; empty means loopback only.
	AllowedClients []netip.Prefix
}

// SessionLifetime is how long a session key the mock issues stays valid. Paynet documents no
// lifetime.
const SessionLifetime = time.Hour

// turkey is the +03:00 offset the mock writes expired_date in. Paynet documents expired_date only
// as a string; payconform chose RFC 3339 in Turkey time.
var turkey = time.FixedZone("+03:00", 3*60*60)

type paynetRoutes struct {
	s   *Server
	cfg PaynetConfig

	allowMu sync.RWMutex
	allow   []netip.Prefix

	sessions *expiringSet
}

func newPaynet(s *Server, cfg PaynetConfig) *paynetRoutes {
	h := &paynetRoutes{s: s, cfg: cfg, allow: cfg.AllowedClients, sessions: newExpiringSet(100_000)}
	if len(h.allow) == 0 {
		h.allow = LoopbackOnly
	}
	return h
}

// LoopbackOnly is the default allow-list.
var LoopbackOnly = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

func (h *paynetRoutes) register(mux *http.ServeMux) {
	mux.HandleFunc("POST "+paynet.GetAuthKeyPath, h.getAuthKey)
	mux.HandleFunc("GET "+AdminPrefix+"paynet/allow", h.s.admin(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"clients": h.allowList()})
	}))
	mux.HandleFunc("PUT "+AdminPrefix+"paynet/allow", h.s.admin(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Clients []string }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "decode allow-list: " + err.Error()})
			return
		}
		prefixes, err := ParsePrefixes(strings.Join(body.Clients, ","))
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		h.allowMu.Lock()
		h.allow = prefixes
		h.allowMu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"clients": h.allowList()})
	}))
}

func (h *paynetRoutes) allowList() []string {
	h.allowMu.RLock()
	defer h.allowMu.RUnlock()
	out := make([]string, len(h.allow))
	for i, p := range h.allow {
		out[i] = p.String()
	}
	return out
}

func (h *paynetRoutes) allowed(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	addr = addr.Unmap()
	h.allowMu.RLock()
	defer h.allowMu.RUnlock()
	for _, p := range h.allow {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// ParsePrefixes reads a comma-separated list of CIDR prefixes or single addresses.
func ParsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range strings.Split(list, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !strings.Contains(s, "/") {
			a, err := netip.ParseAddr(s)
			if err != nil {
				return nil, fmt.Errorf("parse allow-list entry %q: %w", s, err)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return nil, fmt.Errorf("parse allow-list entry %q: %w", s, err)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func (h *paynetRoutes) getAuthKey(w http.ResponseWriter, r *http.Request) {
	c, tooLarge, err := h.s.begin(w, r, "paynet", "paynet.get_auth_key", redactPaynetHeader, MaxBody)
	x := &paynetExchange{call: c, h: h}
	c.envelope = func() (int, []byte) {
		body, _ := json.Marshal(paynet.ErrorResponse{Type: paynet.TypeAuthorization, Message: "API anahtarınız yanlış", Code: http.StatusUnauthorized, ResultCode: paynet.ResultUnauthorized})
		return http.StatusUnauthorized, body
	}
	switch {
	case !h.allowed(r.RemoteAddr) && !c.mut.Has(PaynetIgnoreAllowList):
		x.fail(http.StatusForbidden, paynet.TypeAuthorization, paynet.ResultUnauthorized, "İstemci IP adresi Paynet'te tanımlı değil", "client address not on the allow-list")
		return
	case err != nil || tooLarge:
		x.fail(http.StatusBadRequest, paynet.TypeInvalidInput, paynet.ResultBadRequest, "İstek Hatası", fmt.Sprintf("body unreadable or over %d bytes", MaxBody))
		return
	}
	if !x.authenticate() {
		return
	}
	req, ok := x.decode()
	if !ok {
		return
	}
	if req.AgentID != h.cfg.AgentID && !c.mut.Has(PaynetAnyAgent) {
		x.fail(http.StatusNotFound, paynet.TypeNoData, paynet.ResultAgentNotFound, "agentnotfound", "unknown agent_id")
		return
	}
	x.answer(req)
}

type paynetExchange struct {
	*call
	h *paynetRoutes
}

func (x *paynetExchange) authenticate() bool {
	reason, fault := paynet.Verify(x.r.Header.Get("Authorization"), x.h.cfg.SecretKey)
	x.entry.Auth.Scheme = "Basic"
	x.entry.Auth.OK = reason == paynet.Accepted
	x.entry.Auth.Reason = string(reason)
	if d := fault.Defect(); d.Class != "" {
		x.entry.Auth.Defect = d.Class
	}
	switch {
	case reason == paynet.Accepted,
		reason == paynet.MissingHeader && x.mut.Has(PaynetAcceptUnauthenticated),
		reason == paynet.WrongScheme && fault == paynet.BearerScheme && x.mut.Has(PaynetAcceptBearer),
		reason == paynet.EncodedKey && x.mut.Has(PaynetAcceptBase64Basic),
		reason == paynet.WrongSecret && x.mut.Has(PaynetAcceptWrongKey):
		x.entry.Auth.OK = true
		return true
	}
	x.fail(http.StatusUnauthorized, paynet.TypeAuthorization, paynet.ResultUnauthorized, "API anahtarınız yanlış", string(reason))
	return false
}

func (x *paynetExchange) decode() (paynet.AuthRequest, bool) {
	var req paynet.AuthRequest
	if x.mut.Has(PaynetServerErrorOnMalformedJSON) && !json.Valid(x.body) {
		x.reply(http.StatusInternalServerError, "text/html; charset=utf-8", serverErrorPage, "malformed JSON (mutant: 5xx)")
		return req, false
	}
	if x.mut.Has(PaynetLenientInput) {
		var m map[string]any
		_ = json.Unmarshal(x.body, &m)
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
		return paynet.AuthRequest{AgentID: str("agent_id", x.h.cfg.AgentID), UserID: str("user_id", x.h.cfg.UserID)}, true
	}
	if x.r.Header.Get(paynet.MobileHeader) == "" && !x.mut.Has(PaynetAcceptMissingMobile) {
		x.badRequest("PaynetMobile header missing")
		return req, false
	}
	if !utf8.Valid(x.body) {
		x.badRequest("body is not valid UTF-8")
		return req, false
	}
	// The contract declares Authorization and PaynetMobile as required header parameters; a
	// mutant that lets a request through without them must not be stopped by the validator.
	r := x.r
	if (x.mut.Has(PaynetAcceptMissingMobile) && r.Header.Get(paynet.MobileHeader) == "") ||
		(x.mut.Has(PaynetAcceptUnauthenticated) && r.Header.Get("Authorization") == "") {
		r = r.Clone(r.Context())
		r.Header.Set(paynet.MobileHeader, "2")
		r.Header.Set("Authorization", "Basic (mutant)")
	}
	value, err := paynet.Contract.ValidateRequest(r.Context(), r, x.body)
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

func (x *paynetExchange) answer(req paynet.AuthRequest) {
	now := x.s.now()
	key := "sk_" + randomHex(16)
	if x.mut.Has(PaynetConstantSessionKey) {
		key = "sk_payconform_constant"
	}
	expiry := now.Add(SessionLifetime)
	x.h.sessions.add(key, expiry, now)
	if x.mut.Has(PaynetExpiredInPast) {
		expiry = now.Add(-SessionLifetime)
	}
	expired := expiry.In(turkey).Format(time.RFC3339)
	if x.mut.Has(PaynetExpiryUnreadable) {
		expired = "in 60 minutes"
	}
	unique := sha256.Sum256([]byte(req.AgentID + "\x00" + req.UserID))
	resp := paynet.AuthResponse{
		SessionKey: key, ExpiredDate: expired, AgentID: req.AgentID, CompanyCode: "payconform",
		UserID: req.UserID, UserUniqueID: hex.EncodeToString(unique[:8]), ObjectName: "agent_auth_key",
		Code: paynet.ResultSuccessful, Message: "successful",
	}
	if x.mut.Has(PaynetNoEcho) {
		resp.AgentID, resp.UserID = "payconform-mock", "payconform-mock"
	}
	if x.mut.Has(PaynetCodeAsString) {
		body, _ := json.Marshal(resp)
		body = []byte(strings.Replace(string(body), `"code":0`, `"code":"0"`, 1))
		x.reply(http.StatusOK, "application/json; charset=utf-8", body, "")
		return
	}
	x.replyJSON(http.StatusOK, resp, "")
}

func (x *paynetExchange) badRequest(why string) {
	x.fail(http.StatusBadRequest, paynet.TypeInvalidInput, paynet.ResultBadRequest, "İstek Hatası", why)
}

// fail answers with Paynet's error object.
func (x *paynetExchange) fail(status int, typ string, resultCode int, message, why string) {
	if x.mut.Has(PaynetGenericErrors) {
		status, typ, resultCode = http.StatusBadRequest, paynet.TypeAPI, paynet.ResultUnsuccessful
	}
	x.replyJSON(status, paynet.ErrorResponse{Type: typ, Message: message, Code: status, ResultCode: resultCode}, fmt.Sprintf("%d %s %d: %s", status, typ, resultCode, why))
}

// redactPaynetHeader masks the Authorization header, which carries the secret key itself.
func redactPaynetHeader(h http.Header) http.Header {
	out := h.Clone()
	if a := h.Get("Authorization"); a != "" {
		out.Set("Authorization", paynet.RedactAuthorization(a))
	}
	return out
}
