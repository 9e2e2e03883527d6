package judge

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/payconform/payconform/harness/judgestore"
	"github.com/payconform/payconform/harness/mockapi"
	"github.com/payconform/payconform/harness/redact"
	"github.com/payconform/payconform/harness/report"
)

//go:embed templates/*.html
var templateFS embed.FS

var pages = template.Must(template.ParseFS(templateFS, "templates/*.html"))

// listed is one graded session in the public lists.
type listed struct {
	Session, Name, Version, Date, Subject, SubjectShort, Repository, KeyID, Principal string
	Operations                                                                        []string
	LogIndex                                                                          int64
	Verdict, VerdictClass                                                             string
}

func (j *Judge) listed(ss judgestore.Session) listed {
	var c report.Certificate
	_ = json.Unmarshal([]byte(ss.Certificate), &c)
	l := listed{Session: ss.ID, Name: c.Candidate.Description.Name, Version: c.Candidate.Description.Version, Date: ss.Graded.UTC().Format(time.DateOnly),
		Subject: c.Subject.Digest, SubjectShort: short(c.Subject.Digest), KeyID: short(j.keyID), Principal: ss.Principal, LogIndex: ss.LogIndex,
		Verdict: "not certified", VerdictClass: "failed"}
	if c.Hosted != nil && c.Hosted.Claims != nil {
		l.Repository = c.Hosted.Claims.Repository + "@" + short(c.Hosted.Claims.SHA)
	}
	for _, o := range c.Operations {
		if o.Status == report.OpCertified {
			l.Operations = append(l.Operations, o.Operation)
		}
	}
	switch {
	case ss.Revoked:
		l.Verdict, l.VerdictClass = "revoked", "revoked"
	case ss.Certified:
		l.Verdict, l.VerdictClass = "certified", "certified"
	}
	return l
}

// indexPage lists the certified clients and every graded session.
func (j *Judge) indexPage(w http.ResponseWriter, r *http.Request) {
	certified, err := j.cfg.Store.GradedSessions(r.Context(), true, 200)
	if err == nil {
		var all []judgestore.Session
		if all, err = j.cfg.Store.GradedSessions(r.Context(), false, 200); err == nil {
			size, _, _ := j.cfg.Store.Checkpoint(r.Context())
			data := struct {
				URL, KeyID          string
				LogSize             uint64
				Certified, Sessions []listed
			}{URL: j.cfg.URL, KeyID: short(j.keyID), LogSize: size}
			for _, ss := range certified {
				data.Certified = append(data.Certified, j.listed(ss))
			}
			for _, ss := range all {
				data.Sessions = append(data.Sessions, j.listed(ss))
			}
			j.render(w, "index.html", data)
			return
		}
	}
	http.Error(w, "the judge's database did not answer", http.StatusServiceUnavailable)
}

// exchange is one journalled request as a page shows it: masked with the session's own secrets.
type exchange struct {
	Case, Method, Path, Refusal string
	Status                      int
	Header                      []string
	Body, Response              string
}

// sessionPage shows a graded session: its verdict, per-requirement results, warnings, failures
// and its redacted exchanges. An open session has no page: its inputs are still in play.
func (j *Judge) sessionPage(w http.ResponseWriter, r *http.Request) {
	ss, err := j.cfg.Store.Session(r.Context(), r.PathValue("id"))
	switch {
	case errors.Is(err, judgestore.ErrNotFound):
		http.Error(w, "no such session", http.StatusNotFound)
		return
	case err != nil:
		http.Error(w, "the judge's database did not answer", http.StatusServiceUnavailable)
		return
	case ss.State != judgestore.StateGraded:
		http.Error(w, "this session is not graded yet", http.StatusNotFound)
		return
	}
	var c report.Certificate
	_ = json.Unmarshal([]byte(ss.Certificate), &c)
	sc, err := casesOf(ss)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	red := redact.New(sessionCredentials(sc)...)
	rows, err := j.cfg.Store.Entries(r.Context(), ss.ID)
	if err != nil {
		http.Error(w, "the judge's database did not answer", http.StatusServiceUnavailable)
		return
	}
	l := j.listed(ss)
	data := struct {
		listed
		Title, Opened, Harness, DescribeError string
		Claims                                *report.Claims
		Revoked                               bool
		Subject                               [][2]string
		Operations                            []report.OperationResult
		Results                               []report.RequirementResult
		Warnings                              []string
		Failures                              []report.FailedCase
		Exchanges                             []exchange
	}{listed: l, Title: strings.TrimSpace(l.Name + " " + l.Version), Opened: ss.Created.UTC().Format(time.RFC3339), Harness: c.Harness.Version,
		DescribeError: c.Candidate.Error, Revoked: ss.Revoked, Subject: c.Subject.Lines(), Operations: c.Operations, Results: c.Results, Warnings: c.Warnings, Failures: c.Failures}
	if c.Hosted != nil {
		data.Claims = c.Hosted.Claims
	}
	for _, row := range rows {
		var e mockapi.Entry
		if json.Unmarshal([]byte(row.Entry), &e) != nil {
			continue
		}
		x := exchange{Case: row.CaseID, Method: e.Method, Path: red.String(e.Path), Refusal: red.String(e.Refusal), Status: e.Status,
			Body: red.String(clip(string(e.Body), 4000)), Response: red.String(clip(string(e.Response), 4000))}
		if x.Case == "" {
			x.Case = "(between cases)"
		}
		for _, name := range slices.Sorted(func(yield func(string) bool) {
			for k := range e.Header {
				if !yield(k) {
					return
				}
			}
		}) {
			for _, v := range e.Header[name] {
				x.Header = append(x.Header, red.String(fmt.Sprintf("%s: %s", name, v)))
			}
		}
		data.Exchanges = append(data.Exchanges, x)
	}
	j.render(w, "session.html", data)
}

// sessionCredentials are every credential of a session, to mask in what its page shows: the
// secrets and their near misses, and the identifying ones too (an iyzico apiKey inside the
// IYZWSv2 token the client sent, Paynet's agent, Paywall's public values), and each signing
// case's fresh keys. The session is graded, but a credential shown is a credential handed out.
func sessionCredentials(sc *sessionCases) []string {
	out := sc.cfg.Secrets()
	for _, v := range sc.cfg.Credentials {
		out = append(out, v)
	}
	for _, cs := range sc.cases {
		for _, v := range cs.Credentials {
			out = append(out, v)
		}
	}
	return out
}

func (j *Judge) render(w http.ResponseWriter, name string, data any) {
	var b strings.Builder
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		http.Error(w, "render page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	_, _ = w.Write([]byte(b.String()))
}

func short(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}
