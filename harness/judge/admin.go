package judge

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/payconform/payconform/harness/judgeapi"
	"github.com/payconform/payconform/harness/judgestore"
)

// operator guards an admin action with an operator token (payconform judge token --operator).
func (j *Judge) operator(h func(w http.ResponseWriter, r *http.Request, who judgestore.Token)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		bearer, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		t, err := j.cfg.Store.TokenFor(r.Context(), strings.TrimSpace(bearer))
		if err != nil || t.Revoked || !t.Operator {
			refuse(w, http.StatusForbidden, "admin actions need an operator token (payconform judge token --operator)")
			return
		}
		h(w, r, t)
	}
}

// revokeBody is an admin action's body: why.
type revokeBody struct {
	Reason string `json:"reason"`
}

// revokeToken revokes an API token: no session opens with it again. The log records it.
func (j *Judge) revokeToken(w http.ResponseWriter, r *http.Request, who judgestore.Token) {
	var in revokeBody
	if !readJSON(w, r, 4<<10, &in) {
		return
	}
	now := j.cfg.Now()
	t, err := j.cfg.Store.RevokeToken(r.Context(), r.PathValue("id"), now)
	if errors.Is(err, judgestore.ErrNotFound) {
		refuse(w, http.StatusNotFound, "no active token %q", clip(r.PathValue("id"), 40))
		return
	}
	if err != nil {
		refuse(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	index, err := j.cfg.Store.Revoke(r.Context(), judgestore.LeafRevokeToken, "", now, func(uint64) ([]byte, error) {
		return json.Marshal(judgeapi.Revocation{Type: judgeapi.RevokeTokenType, Token: t.ID, Reason: clip(in.Reason, 500) + " (by operator " + who.Name + ")", Time: now.UTC()})
	})
	if err != nil {
		refuse(w, http.StatusServiceUnavailable, "the token was revoked, but the log entry was not written: %v", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"revoked": t.ID, "logIndex": index})
}

// revokeCertificate revokes a graded session's certificate; verify --log then refuses it. The
// log records it.
func (j *Judge) revokeCertificate(w http.ResponseWriter, r *http.Request, who judgestore.Token) {
	var in revokeBody
	if !readJSON(w, r, 4<<10, &in) {
		return
	}
	ss, err := j.cfg.Store.Session(r.Context(), r.PathValue("id"))
	if err != nil || ss.State != judgestore.StateGraded || ss.Revoked {
		refuse(w, http.StatusNotFound, "no graded, unrevoked session %q", clip(r.PathValue("id"), 40))
		return
	}
	now := j.cfg.Now()
	certIndex := uint64(ss.LogIndex)
	index, err := j.cfg.Store.Revoke(r.Context(), judgestore.LeafRevokeCertificate, ss.ID, now, func(uint64) ([]byte, error) {
		return json.Marshal(judgeapi.Revocation{Type: judgeapi.RevokeCertificateType, Session: ss.ID, Index: &certIndex, Reason: clip(in.Reason, 500) + " (by operator " + who.Name + ")", Time: now.UTC()})
	})
	if err != nil {
		refuse(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"revoked": ss.ID, "logIndex": index})
}
