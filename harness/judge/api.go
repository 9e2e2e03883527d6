package judge

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/payconform/payconform/harness/attest"
	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/judgeapi"
	"github.com/payconform/payconform/harness/judgestore"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/version"
)

// info tells a vendor's side the judge's URL, OIDC audience and key.
func (j *Judge) info(w http.ResponseWriter, r *http.Request) {
	in := judgeapi.Info{URL: j.cfg.URL, Version: version.Read().Short(), KeyID: j.keyID, LogOrigin: j.cfg.LogOrigin}
	if j.cfg.OIDC != nil {
		in.Audience = j.cfg.OIDC.Audience
	}
	writeJSON(w, http.StatusOK, in)
}

// principal is who opens a session: an API token's holder or a verified OIDC token's repository.
type principal struct {
	Name    string
	TokenID string
	Claims  *report.Claims
}

// authenticate reads the bearer credential of a call that opens a session.
func (j *Judge) authenticate(r *http.Request) (principal, int, error) {
	bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	bearer = strings.TrimSpace(bearer)
	switch {
	case !ok || bearer == "":
		return principal{}, http.StatusUnauthorized, errors.New("give an API token (PAYCONFORM_JUDGE_TOKEN) or a GitHub Actions OIDC token as Authorization: Bearer ...")
	case strings.HasPrefix(bearer, judgestore.TokenPrefix):
		t, err := j.cfg.Store.TokenFor(r.Context(), bearer)
		switch {
		case errors.Is(err, judgestore.ErrNotFound):
			return principal{}, http.StatusUnauthorized, errors.New("this API token is not one the judge issued")
		case err != nil:
			return principal{}, http.StatusServiceUnavailable, err
		case t.Revoked:
			return principal{}, http.StatusUnauthorized, fmt.Errorf("API token %s (%s) was revoked by the judge's operator", t.ID, t.Name)
		}
		return principal{Name: "token " + t.Name + " (" + t.ID + ")", TokenID: t.ID}, 0, nil
	case strings.Count(bearer, ".") == 2:
		if j.cfg.OIDC == nil {
			return principal{}, http.StatusUnauthorized, errors.New("this judge takes no OIDC token; ask its operator for an API token")
		}
		claims, err := j.cfg.OIDC.Verify(r.Context(), bearer)
		if err != nil {
			return principal{}, http.StatusUnauthorized, err
		}
		return principal{Name: "github " + claims.Repository, Claims: claims}, 0, nil
	}
	return principal{}, http.StatusUnauthorized, errors.New("the bearer credential is neither an API token (pcj_...) nor a JWT")
}

// open opens a session: fresh credentials, a fresh seed for the cases, a secret for the vendor's
// later calls.
func (j *Judge) open(w http.ResponseWriter, r *http.Request) {
	p, status, err := j.authenticate(r)
	if err != nil {
		refuse(w, status, "open a session: %v", err)
		return
	}
	if !j.allow("api "+p.Name, j.cfg.APIRate) {
		refuse(w, http.StatusTooManyRequests, "open a session: too many calls from %s; slow down", p.Name)
		return
	}
	var in judgeapi.Open
	if !readJSON(w, r, judgeapi.MaxRequest, &in) {
		return
	}
	if s := in.Subject; s.Command == "" || s.CommandSHA256 != attest.CommandDigest(s.Command) || s.Digest != report.SubjectDigest(s) {
		refuse(w, http.StatusBadRequest, "open a session: the subject's digests do not cover its fields (payconform certify --judge computes them)")
		return
	}
	now := j.cfg.Now()
	cfg := mock.Config{Verifying: true}
	cfg.Generate()
	creds, _ := json.Marshal(cfg.Credentials)
	claims, _ := json.Marshal(p.Claims)
	subject, _ := json.Marshal(in.Subject)
	secret := randomHex(32)
	ss := judgestore.Session{ID: randomHex(12), SecretSHA256: judgestore.SHA256(secret), Principal: p.Name, TokenID: p.TokenID,
		Claims: string(claims), Seed: randomHex(32), MockConfig: string(creds), Subject: string(subject), Created: now, Expires: now.Add(j.cfg.SessionTTL)}
	quota := judgestore.Quota{Open: j.cfg.MaxOpen, PerHour: j.cfg.MaxPerHour, Since: now.Add(-time.Hour)}
	var full *judgestore.QuotaError
	switch err := j.cfg.Store.CreateSession(r.Context(), ss, routeKeys(cfg), quota); {
	case errors.As(err, &full) && full.TooManyOpen():
		refuse(w, http.StatusTooManyRequests, "open a session: %s has %d sessions open, the most this judge allows; finish one first", p.Name, full.Open)
		return
	case errors.As(err, &full):
		refuse(w, http.StatusTooManyRequests, "open a session: %s opened %d sessions in the last hour, the most this judge allows", p.Name, full.Recent)
		return
	case err != nil:
		refuse(w, http.StatusServiceUnavailable, "open a session: %v", err)
		return
	}
	j.cfg.Log.Info("session opened", "session", ss.ID, "principal", p.Name)
	writeJSON(w, http.StatusCreated, judgeapi.Opened{Session: ss.ID, Secret: secret, BaseURL: j.cfg.URL, Expires: ss.Expires,
		Cases: len(certify.AllCases()), Page: j.cfg.URL + judgeapi.PagePrefix + ss.ID})
}

// session authenticates a call of one session by the session's secret.
func (j *Judge) session(h func(w http.ResponseWriter, r *http.Request, ss judgestore.Session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		ss, err := j.cfg.Store.Session(r.Context(), id)
		if errors.Is(err, judgestore.ErrNotFound) {
			refuse(w, http.StatusNotFound, "no session %q", clip(id, 40))
			return
		}
		if err != nil {
			refuse(w, http.StatusServiceUnavailable, "%v", err)
			return
		}
		bearer, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if subtle.ConstantTimeCompare([]byte(judgestore.SHA256(strings.TrimSpace(bearer))), []byte(ss.SecretSHA256)) != 1 {
			refuse(w, http.StatusForbidden, "session %s: the bearer secret is not this session's (each session's calls carry the secret its opening returned)", ss.ID)
			return
		}
		if !j.allow("api "+ss.Principal, j.cfg.APIRate) {
			refuse(w, http.StatusTooManyRequests, "session %s: too many calls; slow down", ss.ID)
			return
		}
		h(w, r, ss)
	}
}

// vendorSide is what the vendor's side said of the adapter (describe and its sandbox).
type vendorSide = judgeapi.Describe

// describe records the adapter's describe, once, before any case.
func (j *Judge) describe(w http.ResponseWriter, r *http.Request, ss judgestore.Session) {
	var in judgeapi.Describe
	if !readJSON(w, r, judgeapi.MaxRequest, &in) {
		return
	}
	in.Error = clip(in.Error, 4000)
	for i := range in.Isolation.Sandbox {
		in.Isolation.Sandbox[i] = clip(in.Isolation.Sandbox[i], 400)
	}
	if len(in.Isolation.Sandbox) > 32 {
		in.Isolation.Sandbox = in.Isolation.Sandbox[:32]
	}
	data, _ := json.Marshal(in)
	switch err := j.cfg.Store.SetVendor(r.Context(), ss.ID, string(data)); {
	case errors.Is(err, judgestore.ErrNotOpen):
		refuse(w, http.StatusConflict, "session %s: describe is posted once, before the first case, while the session is open", ss.ID)
	case err != nil:
		refuse(w, http.StatusServiceUnavailable, "%v", err)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// next hands out the next case: the case already out, if one is; none once every case was
// handed out, the describe failed, or the deadline passed. After MaxConsecutiveTimeouts timed-out
// cases in a row, an operation's other cases are not run, as in a local certification.
func (j *Judge) next(w http.ResponseWriter, r *http.Request, ss judgestore.Session) {
	ctx := r.Context()
	if ss.State != judgestore.StateOpen || j.cfg.Now().After(ss.Expires) {
		writeJSON(w, http.StatusOK, judgeapi.Case{Done: true})
		return
	}
	if ss.Vendor == "" {
		refuse(w, http.StatusConflict, "session %s: post the adapter's describe first", ss.ID)
		return
	}
	var v vendorSide
	_ = json.Unmarshal([]byte(ss.Vendor), &v)
	if v.Error != "" {
		writeJSON(w, http.StatusOK, judgeapi.Case{Done: true})
		return
	}
	sc, err := j.sessionCases(ss)
	if err != nil {
		refuse(w, http.StatusInternalServerError, "%v", err)
		return
	}
	if ss.OpenCase != "" {
		j.handOut(w, ss, sc, sc.byID[ss.OpenCase])
		return
	}
	answers, err := j.cfg.Store.Answers(ctx, ss.ID)
	if err != nil {
		refuse(w, http.StatusServiceUnavailable, "%v", err)
		return
	}
	timeouts := consecutiveTimeouts(sc.cases[:ss.NextCase], answers)
	for next := ss.NextCase; next < len(sc.cases); next++ {
		c := sc.cases[next]
		if err := j.cfg.Store.HandOut(ctx, ss.ID, next, c.ID); err != nil {
			refuse(w, http.StatusConflict, "session %s: another call handed a case out at the same time; ask again", ss.ID)
			return
		}
		if n := timeouts[c.Operation]; n >= certify.MaxConsecutiveTimeouts {
			// Not run, as a local certification skips it: recorded as such, and on to the next.
			notRun, _ := json.Marshal(storedAnswer{NotRun: fmt.Sprintf("not run: %d cases of %s in a row timed out, so its remaining cases were not run", n, c.Operation)})
			if err := j.cfg.Store.Answer(ctx, ss.ID, c.ID, string(notRun), j.cfg.Now()); err != nil {
				refuse(w, http.StatusConflict, "session %s: %v", ss.ID, err)
				return
			}
			continue
		}
		j.handOut(w, ss, sc, c)
		return
	}
	writeJSON(w, http.StatusOK, judgeapi.Case{Done: true})
}

// consecutiveTimeouts counts, per operation, the timed-out answers at the end of the cases so far.
func consecutiveTimeouts(cases []certify.Case, answers map[string]string) map[string]int {
	out := map[string]int{}
	for _, c := range cases {
		var a storedAnswer
		_ = json.Unmarshal([]byte(answers[c.ID]), &a)
		if a.NotRun != "" {
			continue
		}
		if a.Error != nil && a.Error.Kind == candidate.Timeout {
			out[c.Operation]++
		} else {
			out[c.Operation] = 0
		}
	}
	return out
}

func (j *Judge) handOut(w http.ResponseWriter, ss judgestore.Session, sc *sessionCases, c certify.Case) {
	creds := map[string]string{}
	if c.Credentials != nil {
		creds = c.Credentials
	} else if _, op, ok := provider.OperationByName(c.Operation); ok {
		for key, name := range op.Credentials {
			creds[key] = sc.cfg.Var(name)
		}
	}
	input, err := json.Marshal(c.SessionInput(sc.cfg.Credentials))
	if err != nil {
		refuse(w, http.StatusInternalServerError, "encode case %s: %v", c.ID, err)
		return
	}
	out := judgeapi.Case{ID: c.ID, Operation: c.Operation, Title: c.Title, Credentials: creds, Input: input}
	if certify.Network(c.Operation) {
		out.BaseURL = j.cfg.URL
	}
	writeJSON(w, http.StatusOK, out)
}

// storedAnswer is an answer as the database keeps it: the vendor's, bounded, or the judge's own
// "not run".
type storedAnswer struct {
	judgeapi.Answer
	NotRun string `json:"notRun,omitempty"`
}

// protocolFaults are the failures a vendor's runner may report.
var protocolFaults = []candidate.ProtocolFault{candidate.Timeout, candidate.NonZero, candidate.NoJSON, candidate.BadJSON,
	candidate.TooMuch, candidate.StartError, candidate.WrongID, candidate.Extra}

// answer takes the answer to the case handed out, once.
func (j *Judge) answer(w http.ResponseWriter, r *http.Request, ss judgestore.Session) {
	var in judgeapi.Answer
	if !readJSON(w, r, judgeapi.MaxAnswer, &in) {
		return
	}
	if in.Error != nil && !slices.Contains(protocolFaults, in.Error.Kind) {
		refuse(w, http.StatusBadRequest, "session %s: error.kind %q is not one of the protocol's failures", ss.ID, clip(string(in.Error.Kind), 60))
		return
	}
	if len(in.Stdout) > judgeapi.MaxStdout {
		in.Stdout, in.Error = in.Stdout[:judgeapi.MaxStdout], &judgeapi.AnswerError{Kind: candidate.TooMuch, Detail: "the candidate wrote more than 1 MiB"}
	}
	in.Stderr = clip(in.Stderr, judgeapi.MaxStderr)
	if in.Error != nil {
		in.Error.Detail = clip(in.Error.Detail, 2000)
	}
	data, _ := json.Marshal(storedAnswer{Answer: in})
	switch err := j.cfg.Store.Answer(r.Context(), ss.ID, in.Case, string(data), j.cfg.Now()); {
	case errors.Is(err, judgestore.ErrAnswered):
		refuse(w, http.StatusConflict, "session %s: case %s was already answered; each case is answered once", ss.ID, clip(in.Case, 80))
	case errors.Is(err, judgestore.ErrNotOpen) && ss.State != judgestore.StateOpen:
		refuse(w, http.StatusConflict, "session %s is closed (%s); no answer is taken", ss.ID, ss.State)
	case errors.Is(err, judgestore.ErrNotOpen):
		refuse(w, http.StatusConflict, "session %s: case %s is not the case handed out (%q); ask for the next case, and answer that one", ss.ID, clip(in.Case, 80), ss.OpenCase)
	case err != nil:
		refuse(w, http.StatusServiceUnavailable, "%v", err)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// finish grades the session now: the answers so far, and the journal.
func (j *Judge) finish(w http.ResponseWriter, r *http.Request, ss judgestore.Session) {
	f, err := j.grade(r.Context(), ss.ID)
	if errors.Is(err, errNotClaimed) {
		f, err = j.finished(r.Context(), ss.ID)
	}
	if err != nil {
		refuse(w, http.StatusServiceUnavailable, "session %s: %v", ss.ID, err)
		return
	}
	writeJSON(w, http.StatusOK, f)
}

// certificate serves a graded session's certificate, to anyone: every verdict is public.
func (j *Judge) certificate(w http.ResponseWriter, r *http.Request) {
	f, err := j.finished(r.Context(), r.PathValue("id"))
	switch {
	case errors.Is(err, judgestore.ErrNotFound):
		refuse(w, http.StatusNotFound, "no graded session %q", clip(r.PathValue("id"), 40))
	case err != nil:
		refuse(w, http.StatusServiceUnavailable, "%v", err)
	default:
		writeJSON(w, http.StatusOK, f)
	}
}

// finished reads a graded session's result; ErrNotFound while it is not graded.
func (j *Judge) finished(ctx context.Context, id string) (judgeapi.Finished, error) {
	for range 50 {
		ss, err := j.cfg.Store.Session(ctx, id)
		if err != nil {
			return judgeapi.Finished{}, err
		}
		switch ss.State {
		case judgestore.StateGraded:
			var f judgeapi.Finished
			if err := json.Unmarshal([]byte(ss.Certificate), &f.Certificate); err != nil {
				return f, err
			}
			f.Envelope, f.LogIndex, f.Page = json.RawMessage(ss.Envelope), uint64(ss.LogIndex), j.cfg.URL+judgeapi.PagePrefix+ss.ID
			return f, nil
		case judgestore.StateOpen:
			return judgeapi.Finished{}, judgestore.ErrNotFound
		}
		// Another judge is grading it: wait for it.
		select {
		case <-ctx.Done():
			return judgeapi.Finished{}, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return judgeapi.Finished{}, errors.New("another judge is still grading the session")
}

// sessionCases are a session's fresh cases, drawn again from its seed, and its mock's config.
type sessionCases struct {
	cases []certify.Case
	byID  map[string]certify.Case
	cfg   mock.Config
}

func (j *Judge) sessionCases(ss judgestore.Session) (*sessionCases, error) {
	if m := j.mocks.get(ss.ID); m != nil {
		return m.cases, nil
	}
	return casesOf(ss)
}

func casesOf(ss judgestore.Session) (*sessionCases, error) {
	seed, err := hex.DecodeString(ss.Seed)
	if err != nil || len(seed) != 32 {
		return nil, fmt.Errorf("session %s: its seed is damaged", ss.ID)
	}
	sc := &sessionCases{byID: map[string]certify.Case{}}
	if err := json.Unmarshal([]byte(ss.MockConfig), &sc.cfg.Credentials); err != nil {
		return nil, fmt.Errorf("session %s: its credentials are damaged: %w", ss.ID, err)
	}
	sc.cfg.Verifying = true
	sc.cases = certify.FreshCases(mrand.NewChaCha8([32]byte(seed)))
	for _, c := range sc.cases {
		sc.byID[c.ID] = c
	}
	return sc, nil
}

// routeKeys are the hashes of a session's credentials that are long enough to name it alone:
// the front routes a request by any of them.
func routeKeys(cfg mock.Config) []string {
	var out []string
	for _, v := range cfg.Credentials {
		if len(v) >= minRouteKey {
			out = append(out, judgestore.SHA256(v))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
