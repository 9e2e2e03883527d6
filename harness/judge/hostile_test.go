package judge_test

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/attest"
	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/judge"
	"github.com/payconform/payconform/harness/judgeapi"
	"github.com/payconform/payconform/harness/judgeclient"
	"github.com/payconform/payconform/harness/judgestore"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/redact"
	"github.com/payconform/payconform/harness/refadapter"
	"github.com/payconform/payconform/harness/report"
)

// vendor drives a session by hand, as an attacker who read the API would: it answers with the
// reference adapter in this process (honest answers, fast) or with whatever it likes.
type vendor struct {
	t      testing.TB
	c      *judgeclient.Client
	opened judgeapi.Opened
	a      *refadapter.Adapter
}

func subjectOf(command string) report.Subject {
	s := report.Subject{Command: command, CommandSHA256: attest.CommandDigest(command)}
	s.Digest = report.SubjectDigest(s)
	return s
}

func openSession(t testing.TB, apiURL, token string) *vendor {
	t.Helper()
	return openSessionAs(t, apiURL, token, "")
}

// openSessionAs opens a session answered by the reference adapter with a defect switched on.
func openSessionAs(t testing.TB, apiURL, token, defect string) *vendor {
	t.Helper()
	c, err := judgeclient.New(apiURL, "")
	if err != nil {
		t.Fatal(err)
	}
	c.Bearer = token
	opened, err := c.Open(context.Background(), judgeapi.Open{Subject: subjectOf("in-process reference adapter")})
	if err != nil {
		t.Fatal(err)
	}
	v := &vendor{t: t, c: c, opened: opened, a: &refadapter.Adapter{Defect: defect, HTTP: &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}}
	d := v.a.Handle(context.Background(), candidate.Request{Operation: candidate.OpDescribe}, nil)
	var desc candidate.Description
	_ = json.Unmarshal(d.Output, &desc)
	if err := c.Describe(context.Background(), opened.Session, judgeapi.Describe{Description: desc, Isolation: report.Isolation{Sandbox: []string{"in-process"}}}); err != nil {
		t.Fatal(err)
	}
	return v
}

// honest is the reference adapter's answer to a case.
func (v *vendor) honest(c judgeapi.Case) judgeapi.Answer {
	req := candidate.Request{ID: "x", CaseID: c.ID, Operation: c.Operation, BaseURL: c.BaseURL, Credentials: c.Credentials}
	resp := v.a.Handle(context.Background(), req, c.Input)
	resp.ID = req.ID
	out, _ := json.Marshal(resp)
	return judgeapi.Answer{Case: c.ID, Stdout: string(out)}
}

// next asks for the next case.
func (v *vendor) next() judgeapi.Case {
	v.t.Helper()
	c, err := v.c.Next(context.Background(), v.opened.Session)
	if err != nil {
		v.t.Fatal(err)
	}
	return c
}

// run answers every case with answer, and returns what it posted, by case.
func (v *vendor) run(answer func(c judgeapi.Case) judgeapi.Answer) map[string]judgeapi.Answer {
	v.t.Helper()
	posted := map[string]judgeapi.Answer{}
	for {
		c := v.next()
		if c.Done {
			return posted
		}
		a := answer(c)
		if err := v.c.Answer(context.Background(), v.opened.Session, a); err != nil {
			v.t.Fatalf("answer %s: %v", c.ID, err)
		}
		posted[c.ID] = a
	}
}

func (v *vendor) finish() judgeapi.Finished {
	v.t.Helper()
	f, err := v.c.Finish(context.Background(), v.opened.Session)
	if err != nil {
		v.t.Fatal(err)
	}
	return f
}

func status(err error) int {
	var e *judgeclient.Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// A vendor who recorded a certified session's answers replays them in a new session, case for
// case. Each session's credentials, conversation ids and signing keys are fresh, and the journal
// holds what this session's client sent, so the replay is not certified: the signatures are
// another session's, the outputs another mock's answers, and no request reached this session.
// Replaying the earlier session's HTTP requests reaches only the earlier, closed session.
func TestReplayingAnEarlierSessionsAnswers(t *testing.T) {
	r := sqliteRig(t, nil)
	token := r.token(t, "replayer", false)
	first := openSession(t, r.url, token)
	answers := first.run(first.honest)
	if f := first.finish(); !f.Certificate.Certified {
		t.Fatalf("the honest session is not certified: %+v", f.Certificate.Failures)
	}
	second := openSession(t, r.url, token)
	second.run(func(c judgeapi.Case) judgeapi.Answer { return answers[c.ID] })
	f := second.finish()
	fails, _ := statuses(f.Certificate)
	if f.Certificate.Certified {
		t.Fatal("a replay of an earlier session's answers was certified")
	}
	for _, id := range []string{"IYZ-CERT-01", "IYZ-CERT-02", "PNT-CERT-01", "PWL-CERT-01"} {
		if !slices.Contains(fails, id) {
			t.Errorf("the replay should fail %s; fails %v", id, fails)
		}
	}
	// The earlier session's requests, sent again, go to the earlier session, which is closed.
	rows, err := r.st.Entries(context.Background(), first.opened.Session)
	if err != nil || len(rows) == 0 {
		t.Fatal("no journal to replay")
	}
	var e struct {
		Method, Path string
		Header       http.Header
		Body         string
	}
	_ = json.Unmarshal([]byte(rows[0].Entry), &e)
	req, _ := http.NewRequest(e.Method, r.url+e.Path, strings.NewReader(e.Body))
	req.Header = e.Header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusGone && resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a replayed request answered %d, want 410 (closed session) or 401 (its credential masked in the journal)", resp.StatusCode)
	}
}

// Each case is answered once: a second answer is refused, and so is an answer to a case that was
// not handed out (an earlier one, a later one); the certificate judges the first answers.
func TestACaseIsAnsweredOnce(t *testing.T) {
	r := sqliteRig(t, nil)
	v := openSession(t, r.url, r.token(t, "twice", false))
	c1 := v.next()
	if again := v.next(); again.ID != c1.ID {
		t.Fatalf("asking again handed out %s while %s is out", again.ID, c1.ID)
	}
	honest := v.honest(c1)
	if err := v.c.Answer(context.Background(), v.opened.Session, honest); err != nil {
		t.Fatal(err)
	}
	bad := judgeapi.Answer{Case: c1.ID, Stdout: `{"ok":false,"error":{"code":"x","message":"second thoughts"}}`}
	err := v.c.Answer(context.Background(), v.opened.Session, bad)
	if status(err) != http.StatusConflict || !strings.Contains(err.Error(), "already answered") {
		t.Fatalf("a second answer: %v, want 409 already answered", err)
	}
	c2 := v.next()
	if err := v.c.Answer(context.Background(), v.opened.Session, judgeapi.Answer{Case: "paywall.temptoken_sdk.ok.documented", Stdout: `{"ok":true}`}); status(err) != http.StatusConflict || !strings.Contains(err.Error(), "not the case handed out") {
		t.Fatalf("an answer to a case not handed out: %v", err)
	}
	if err := v.c.Answer(context.Background(), v.opened.Session, v.honest(c2)); err != nil {
		t.Fatal(err)
	}
	v.run(v.honest)
	if f := v.finish(); !f.Certificate.Certified {
		t.Fatalf("the first answers were not the ones judged: %+v", f.Certificate.Failures)
	}
}

// A session's calls need its own secret: another session's secret, the vendor's API token, or no
// secret at all are refused, and leave the session as it was. (Session B may post anything as
// its own answers, another session's included: they are judged against B's fresh inputs, which
// TestReplayingAnEarlierSessionsAnswers shows fails.)
func TestAnswersForAnotherSession(t *testing.T) {
	r := sqliteRig(t, nil)
	token := r.token(t, "two", false)
	a, b := openSession(t, r.url, token), openSession(t, r.url, token)
	ca := a.next()
	b.next()
	forged, _ := judgeclient.New(r.url, "")
	for name, bearer := range map[string]string{"another session's secret": b.opened.Secret, "the API token": token, "nothing": ""} {
		forged.Bearer = bearer
		if err := forged.Answer(context.Background(), a.opened.Session, a.honest(ca)); status(err) != http.StatusForbidden {
			t.Errorf("an answer with %s: %v, want 403", name, err)
		}
		if _, err := forged.Finish(context.Background(), a.opened.Session); status(err) != http.StatusForbidden {
			t.Errorf("finish with %s: %v, want 403", name, err)
		}
	}
	// None of it touched session A: its case is still out, and its own secret answers it.
	if err := a.c.Answer(context.Background(), a.opened.Session, a.honest(ca)); err != nil {
		t.Fatalf("session A after the attempts: %v", err)
	}
}

// A forged log entry does not verify. A vendor whose client was not certified rewrites the
// certificate to say certified and signs it with a key of its own: the judge's key refuses it,
// and the log's entry at its index is another statement. An attacker with write access to the
// database rewrites the log's entry itself: the entries no longer hash to the root the judge
// signed, which anyone auditing the log sees, and the forgery still has no inclusion proof.
func TestForgingALogEntry(t *testing.T) {
	r := sqliteRig(t, nil)
	v := openSession(t, r.url, r.token(t, "forger", false))
	v.run(func(c judgeapi.Case) judgeapi.Answer {
		a := v.honest(c)
		if c.Operation == "iyzico.sign" {
			a.Stdout = strings.ToUpper(a.Stdout) // a defective signer
		}
		return a
	})
	f := v.finish()
	if f.Certificate.Certified {
		t.Fatal("the defective signer was certified")
	}
	forged := f.Certificate
	forged.Results, forged.Failures = nil, nil
	for i := range forged.Operations {
		forged.Operations[i].Status = report.OpCertified
	}
	var results []report.CaseResult
	for _, res := range f.Certificate.Results {
		for range res.Cases {
			results = append(results, report.CaseResult{Requirement: res.ID, Operation: res.Operation, Outcome: report.CasePassed})
		}
	}
	forged.Tally(results)
	if !forged.Certified {
		t.Fatal("the forgery does not even certify")
	}
	mine := newKeys(t)
	envelope, err := attest.Envelope(context.Background(), forged, mine.sv)
	if err != nil {
		t.Fatal(err)
	}
	_, checks := verify(t, r, envelope)
	bad := strings.Join(failed(checks), "\n")
	if !strings.Contains(bad, "signed with the key") || !strings.Contains(bad, "in the judge's log") {
		t.Fatalf("the forged certificate: signature and log checks should fail, got:\n%s", bad)
	}

	// The database attacker: replace the leaf with the forgery's payload.
	payload, _ := attest.Payload(envelope)
	db, err := sql.Open("sqlite", "file:"+r.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE log_leaves SET data = $1 WHERE idx = $2`, base64.StdEncoding.EncodeToString(payload), int64(f.LogIndex)); err != nil {
		t.Fatal(err)
	}
	if err := judgeclient.Audit(context.Background(), r.url, r.keys.public, f.Certificate.Hosted.LogOrigin, ""); err == nil {
		t.Fatal("an audit of a log whose entry was rewritten passed")
	}
	// verify reads the whole log too: the rewritten entry no longer hashes to the signed root.
	if _, checks := verify(t, r, envelope); !strings.Contains(strings.Join(failed(checks), "\n"), "hash to the signed checkpoint's root") {
		t.Fatalf("the forgery verified against the rewritten log: %v", failed(checks))
	}
}

// clock is a judge's clock a test can move.
type clock struct{ offset atomic.Int64 }

func (c *clock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) advance(d time.Duration) { c.offset.Add(int64(d)) }

// A session its vendor abandons (a run that was going badly, stopped before it finished) is
// graded when its deadline passes and logged like any other: the vendor cannot hide it.
func TestAnAbandonedSessionIsLoggedAnyway(t *testing.T) {
	var clk clock
	r := sqliteRig(t, func(c *judge.Config) { c.Now = clk.now; c.SessionTTL = 5 * time.Minute })
	v := openSession(t, r.url, r.token(t, "quitter", false))
	for range 3 {
		c := v.next()
		if err := v.c.Answer(context.Background(), v.opened.Session, v.honest(c)); err != nil {
			t.Fatal(err)
		}
	}
	before, _, _ := r.st.Checkpoint(context.Background())
	clk.advance(6 * time.Minute)
	if c := v.next(); !c.Done {
		t.Fatalf("a session past its deadline handed out %s", c.ID)
	}
	r.j.SweepOnce(context.Background())
	after, _, _ := r.st.Checkpoint(context.Background())
	if after != before+1 {
		t.Fatalf("the log grew from %d to %d entries, want one more", before, after)
	}
	ss, err := r.st.Session(context.Background(), v.opened.Session)
	if err != nil || ss.State != judgestore.StateGraded || ss.Certified {
		t.Fatalf("the abandoned session: state %s, certified %t (%v)", ss.State, ss.Certified, err)
	}
	var c report.Certificate
	_ = json.Unmarshal([]byte(ss.Certificate), &c)
	notRun := 0
	for _, res := range c.Results {
		notRun += res.NotRun
	}
	if notRun == 0 {
		t.Fatal("the cases never answered are not counted as not run")
	}
	if err := v.c.Answer(context.Background(), v.opened.Session, judgeapi.Answer{Case: "x", Stdout: "{}"}); status(err) != http.StatusConflict {
		t.Fatalf("an answer after grading: %v, want 409", err)
	}
}

// The public mock endpoint answers only requests that carry an open session's credentials: none
// is refused (and counted), the mock's own admin API is not served, and a graded session's
// credentials get 410. Bodies and headers are bounded as the mock bounds them.
func TestTheMockEndpointServesOnlyOpenSessions(t *testing.T) {
	r := sqliteRig(t, nil)
	for _, c := range []struct {
		name, method, path, auth string
		want                     int
	}{
		{"no credentials", http.MethodPost, "/payment/bin/check", "", http.StatusUnauthorized},
		{"a made-up key", http.MethodPost, "/v1/agent/get_auth_key", "Basic sck_00000000000000000000000000000000", http.StatusUnauthorized},
		{"the mock's admin API", http.MethodGet, mock.AdminPrefix + "journal", "", http.StatusNotFound},
	} {
		req, _ := http.NewRequest(c.method, r.url+c.path, strings.NewReader("{}"))
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s: %d, want %d", c.name, resp.StatusCode, c.want)
		}
	}
	if r.j.Unattributed() != 2 {
		t.Errorf("%d unattributed requests counted, want 2", r.j.Unattributed())
	}
	v := openSession(t, r.url, r.token(t, "bounds", false))
	c := v.next()
	key := c.Credentials["api_key"]
	huge := strings.Repeat("a", 70<<10)
	req, _ := http.NewRequest(http.MethodPost, r.url+"/payment/bin/check", strings.NewReader("{}"))
	req.Header.Set("Authorization", "IYZWSv2 "+base64.StdEncoding.EncodeToString([]byte("apiKey:"+key+"&randomKey:1&signature:00")))
	req.Header.Set("X-Padding", huge)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 70 KiB header: %d, want 431", resp.StatusCode)
	}
	v.run(v.honest)
	v.finish()
	req, _ = http.NewRequest(http.MethodPost, r.url+"/payment/bin/check", strings.NewReader("{}"))
	req.Header.Set("Authorization", "IYZWSv2 "+base64.StdEncoding.EncodeToString([]byte("apiKey:"+key+"&randomKey:1&signature:00")))
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusGone {
		t.Errorf("a graded session's credentials: %d, want 410", resp.StatusCode)
	}
}

// Quotas, revocation and the operator: a token may hold MaxOpen sessions open at once; a revoked
// token opens none; only an operator token revokes; a revoked certificate no longer verifies
// against the log, and the log records both revocations.
func TestQuotasAndRevocation(t *testing.T) {
	r := sqliteRig(t, func(c *judge.Config) { c.MaxOpen = 2 })
	token := r.token(t, "busy", false)
	operator := r.token(t, "ops", true)
	v := openSession(t, r.url, token)
	openSession(t, r.url, token)
	c, _ := judgeclient.New(r.url, "")
	c.Bearer = token
	if _, err := c.Open(context.Background(), judgeapi.Open{Subject: subjectOf("x")}); status(err) != http.StatusTooManyRequests {
		t.Fatalf("a third open session: %v, want 429", err)
	}
	v.run(v.honest)
	f := v.finish()
	if !f.Certificate.Certified {
		t.Fatal("not certified")
	}
	post := func(bearer, path string) int {
		req, _ := http.NewRequest(http.MethodPost, r.url+path, strings.NewReader(`{"reason":"the vendor's key leaked"}`))
		req.Header.Set("Authorization", "Bearer "+bearer)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post(token, judgeapi.AdminPrefix+"sessions/"+v.opened.Session+"/revoke"); got != http.StatusForbidden {
		t.Fatalf("a vendor token revoking: %d, want 403", got)
	}
	if got := post(operator, judgeapi.AdminPrefix+"sessions/"+v.opened.Session+"/revoke"); got != http.StatusOK {
		t.Fatalf("the operator revoking a certificate: %d", got)
	}
	_, checks := verify(t, r, f.Envelope)
	if !strings.Contains(strings.Join(failed(checks), "\n"), "revokes it") {
		t.Fatalf("a revoked certificate verified: %v", failed(checks))
	}
	id := strings.Split(strings.TrimPrefix(token, judgestore.TokenPrefix), "_")[0]
	if got := post(operator, judgeapi.AdminPrefix+"tokens/"+id+"/revoke"); got != http.StatusOK {
		t.Fatalf("the operator revoking a token: %d", got)
	}
	if _, err := c.Open(context.Background(), judgeapi.Open{Subject: subjectOf("x")}); status(err) != http.StatusUnauthorized || !strings.Contains(err.Error(), "revoked") {
		t.Fatalf("a revoked token opening a session: %v", err)
	}
	leaves, _ := r.st.Leaves(context.Background(), 0, 100)
	var kinds []string
	for _, l := range leaves {
		kinds = append(kinds, l.Kind)
	}
	if !slices.Contains(kinds, judgestore.LeafRevokeCertificate) || !slices.Contains(kinds, judgestore.LeafRevokeToken) {
		t.Fatalf("the log holds %v, want both revocations", kinds)
	}
}

// No credential of one session shows in another's page or API answers, and a session's own
// credentials (secrets and keys alike) are masked in its own page, in every form the detector
// knows.
func TestNoSecretOfOneSessionInAnother(t *testing.T) {
	r := sqliteRig(t, nil)
	token := r.token(t, "two", false)
	a, b := openSession(t, r.url, token), openSession(t, r.url, token)
	a.run(a.honest)
	b.run(b.honest)
	a.finish()
	b.finish()
	secretsOf := func(id string) []string {
		ss, err := r.st.Session(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		var creds map[string]string
		_ = json.Unmarshal([]byte(ss.MockConfig), &creds)
		// Every credential, the iyzico apiKey the client sends inside its IYZWSv2 token included
		// (redteam: it showed unmasked on the public page).
		var out []string
		for _, v := range creds {
			out = append(out, v)
		}
		return out
	}
	all := append(secretsOf(a.opened.Session), secretsOf(b.opened.Session)...)
	det := redact.New(all...)
	for _, id := range []string{a.opened.Session, b.opened.Session} {
		_, page := get(t, r.url+judgeapi.PagePrefix+id)
		_, api := get(t, r.url+judgeapi.APIPrefix+"sessions/"+id)
		_, index := get(t, r.url+"/")
		for name, text := range map[string]string{"page": page, "certificate": api, "index": index} {
			if m, found := det.Find(text); found {
				t.Errorf("session %s's %s holds a secret: %+v", id, name, m)
			}
		}
		if !strings.Contains(page, "Exchanges") || !strings.Contains(page, "/payment/bin/check") {
			t.Errorf("session %s's page shows no exchange", id)
		}
	}
}

// An adapter whose describe fails is not certified: no case is handed out, the session is graded
// at once with every spec skipped, as a local certification's suite stops, and it is logged.
func TestAFailedDescribeIsNotCertified(t *testing.T) {
	r := sqliteRig(t, nil)
	c, _ := judgeclient.New(r.url, "")
	c.Bearer = r.token(t, "broken", false)
	opened, err := c.Open(context.Background(), judgeapi.Open{Subject: subjectOf("broken")})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Describe(context.Background(), opened.Session, judgeapi.Describe{Error: "candidate broke payconform.candidate/v2: exit status 1"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Describe(context.Background(), opened.Session, judgeapi.Describe{}); status(err) != http.StatusConflict {
		t.Fatalf("a second describe: %v, want 409", err)
	}
	if n, err := c.Next(context.Background(), opened.Session); err != nil || !n.Done {
		t.Fatalf("a case handed out after a failed describe: %+v %v", n, err)
	}
	f, err := c.Finish(context.Background(), opened.Session)
	if err != nil {
		t.Fatal(err)
	}
	cert := f.Certificate
	skipped := 0
	for _, res := range cert.Results {
		skipped += res.Skipped
	}
	if cert.Certified || cert.Candidate.Error == "" || skipped == 0 {
		t.Fatalf("certified %t, describe error %q, %d skipped", cert.Certified, cert.Candidate.Error, skipped)
	}
	if _, checks := verify(t, r, f.Envelope); len(failed(checks)) > 0 {
		t.Fatalf("verify: %v", failed(checks))
	}
}

// lyingLog serves a judge's log through a proxy that lies where lie says so (lie answers and
// returns true), as a log the vendor runs would.
func lyingLog(t *testing.T, upstream string, lie func(w http.ResponseWriter, r *http.Request) bool) string {
	t.Helper()
	target, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !lie(w, r) {
			proxy.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// upstreamEntries reads entries from the real log, for a proxy to doctor.
func upstreamEntries(t *testing.T, upstream string, r *http.Request) []judgeapi.Entry {
	resp, err := http.Get(upstream + r.URL.RequestURI())
	if err != nil {
		t.Error(err)
		return nil
	}
	defer resp.Body.Close()
	var out []judgeapi.Entry
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return out
}

func checkNamed(checks []attest.Check, what string) (attest.Check, bool) {
	for _, c := range checks {
		if c.What == what {
			return c, true
		}
	}
	return attest.Check{}, false
}

// A revoked certificate does not verify against a log that lies (redteam B2, attack 20): the
// answer to /log/v1/revocations is nobody's signature, so verify reads every entry, checks that
// they hash to the root of the checkpoint the judge signed, and looks for the revocation among
// them. A log that answers "no revocations" is not asked; one that drops or rewrites the
// revocation entry no longer hashes to the signed root; one that serves a checkpoint captured
// before the revocation is refused once that checkpoint is older than verify accepts, while the
// judge itself signs a fresh checkpoint of the same tree whenever its own is older than a
// minute. A log URL that is not the certificate's judge is refused unless it is named a mirror.
func TestALyingLogCannotHideARevocation(t *testing.T) {
	var clk clock
	r := sqliteRig(t, func(c *judge.Config) { c.Now = clk.now })
	v := openSession(t, r.url, r.token(t, "revoked", false))
	v.run(v.honest)
	f := v.finish()
	if !f.Certificate.Certified {
		t.Fatalf("the honest session is not certified: %+v", f.Certificate.Failures)
	}
	ctx := context.Background()
	lc, _ := judgeclient.New(r.url, "")
	before, err := lc.Checkpoint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, r.url+judgeapi.AdminPrefix+"sessions/"+v.opened.Session+"/revoke", strings.NewReader(`{"reason":"red team"}`))
	req.Header.Set("Authorization", "Bearer "+r.token(t, "ops", true))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	frozenSize := uint64(f.LogIndex + 1)

	hide := lyingLog(t, r.url, func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != judgeapi.LogPrefix+"revocations" {
			return false
		}
		_, _ = io.WriteString(w, "[]")
		return true
	})
	rewrite := lyingLog(t, r.url, func(w http.ResponseWriter, req *http.Request) bool {
		if req.URL.Path != judgeapi.LogPrefix+"entries" {
			return false
		}
		entries := upstreamEntries(t, r.url, req)
		for i, e := range entries {
			if e.Kind == judgestore.LeafRevokeCertificate {
				entries[i].Data = []byte(`{"type":"https://payconform.dev/judge/note/v1"}`)
			}
		}
		_ = json.NewEncoder(w).Encode(entries)
		return true
	})
	freeze := lyingLog(t, r.url, func(w http.ResponseWriter, req *http.Request) bool {
		switch req.URL.Path {
		case judgeapi.LogPrefix + "checkpoint":
			_, _ = w.Write(before)
			return true
		case judgeapi.LogPrefix + "entries":
			var kept []judgeapi.Entry
			for _, e := range upstreamEntries(t, r.url, req) {
				if e.Index < frozenSize {
					kept = append(kept, e)
				}
			}
			_ = json.NewEncoder(w).Encode(kept)
			return true
		}
		return false
	})

	c, checks := attest.Verify(ctx, f.Envelope, attest.VerifyOptions{Key: r.keys.sv, Here: report.HarnessIdentity("")})
	if bad := failed(checks); len(bad) > 0 {
		t.Fatalf("the certificate itself: %v", bad)
	}
	dayLater := func() time.Time { return time.Now().Add(25 * time.Hour) }
	for _, lie := range []struct {
		name string
		o    judgeclient.LogOptions
		want string // the check that must fail
	}{
		{"the judge's own log", judgeclient.LogOptions{URL: r.url}, "no log entry revokes the certificate"},
		{"a mirror that answers no revocations", judgeclient.LogOptions{URL: hide, Mirror: true}, "no log entry revokes the certificate"},
		{"a mirror that rewrites the revocation", judgeclient.LogOptions{URL: rewrite, Mirror: true}, "the log's entries hash to the signed checkpoint's root"},
		{"a mirror that serves a checkpoint from before the revocation, a day on", judgeclient.LogOptions{URL: freeze, Mirror: true, Now: dayLater}, "the log's checkpoint is fresh"},
	} {
		got, err := judgeclient.VerifyLog(ctx, f.Envelope, c, r.keys.public, lie.o)
		if err != nil {
			t.Errorf("%s: %v", lie.name, err)
			continue
		}
		if attest.OK(got) {
			t.Errorf("%s: the revoked certificate verified", lie.name)
		}
		if chk, ok := checkNamed(got, lie.want); !ok || chk.OK {
			t.Errorf("%s: %q should fail; checks %+v", lie.name, lie.want, got)
		}
	}
	// A day on, the judge itself serves a fresh checkpoint of the same tree: it verifies, and
	// the certificate is still revoked.
	clk.advance(25 * time.Hour)
	got, err := judgeclient.VerifyLog(ctx, f.Envelope, c, r.keys.public, judgeclient.LogOptions{URL: r.url, Now: dayLater})
	if err != nil {
		t.Fatal(err)
	}
	if chk, _ := checkNamed(got, "the log's checkpoint is fresh"); !chk.OK {
		t.Fatalf("the judge's checkpoint a day on: %+v", got)
	}
	if chk, _ := checkNamed(got, "no log entry revokes the certificate"); chk.OK {
		t.Fatalf("the revocation is not found a day on: %+v", got)
	}
	// A log that is not the certificate's judge, not named a mirror, is the caller's mistake.
	if _, err := judgeclient.VerifyLog(ctx, f.Envelope, c, r.keys.public, judgeclient.LogOptions{URL: hide}); !errors.Is(err, judgeclient.ErrWrongLog) {
		t.Fatalf("a log that is not the certificate's judge: %v, want ErrWrongLog", err)
	}
	// A log that cannot be asked is told apart from a check that failed.
	var unreachable *judgeclient.UnreachableError
	if _, err := judgeclient.VerifyLog(ctx, f.Envelope, c, r.keys.public, judgeclient.LogOptions{URL: "http://127.0.0.1:1", Mirror: true}); !errors.As(err, &unreachable) {
		t.Fatalf("an unreachable log: %v, want an UnreachableError", err)
	}
}

// A token's quotas hold however many opens race (redteam B3, attack 32b: on a judge with
// --max-open 2 --max-per-hour 3, 20 simultaneous opens with one token opened 4 to 6 sessions).
// judgestore's TestQuotasHoldUnderConcurrentOpens holds the store to it on PostgreSQL too.
func TestQuotasHoldAgainstARaceOfOpens(t *testing.T) {
	r := sqliteRig(t, func(c *judge.Config) { c.MaxOpen, c.MaxPerHour = 2, 3 })
	for round := range 4 {
		token := r.token(t, "racer", false)
		var wg sync.WaitGroup
		var opened, refused atomic.Int32
		start := make(chan struct{})
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, _ := judgeclient.New(r.url, "")
				c.HTTP.Transport = &http.Transport{} // a connection of its own, as separate clients have
				c.Bearer = token
				<-start
				switch _, err := c.Open(context.Background(), judgeapi.Open{Subject: subjectOf("racer")}); {
				case err == nil:
					opened.Add(1)
				case status(err) == http.StatusTooManyRequests:
					refused.Add(1)
				default:
					t.Errorf("open: %v", err)
				}
			}()
		}
		close(start)
		wg.Wait()
		if opened.Load() != 2 || refused.Load() != 18 {
			t.Fatalf("round %d: 20 racing opens with --max-open 2: %d opened, %d refused", round, opened.Load(), refused.Load())
		}
	}
}
