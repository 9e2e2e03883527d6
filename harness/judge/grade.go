package judge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/payconform/payconform/harness/attest"
	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/judgeapi"
	"github.com/payconform/payconform/harness/judgestore"
	"github.com/payconform/payconform/harness/mockapi"
	"github.com/payconform/payconform/harness/report"
)

// errNotClaimed is a session another call or judge is grading, or graded.
var errNotClaimed = errors.New("the session is being graded elsewhere, or was graded")

// notAnswered is why a case the session never answered was not run.
const notAnswered = "not run: the session ended (its vendor finished it, or its deadline passed) before this case was answered"

// grade grades a session once, whichever judge gets to it first: it rebuilds the session's cases
// from its seed, its outcomes from the answers and the journal, judges them with the checks a
// local certification uses, signs the certificate for the next log index and appends it.
func (j *Judge) grade(ctx context.Context, id string) (judgeapi.Finished, error) {
	now := j.cfg.Now()
	ok, err := j.cfg.Store.Claim(ctx, id, now, now.Add(-staleClaim))
	if err != nil {
		return judgeapi.Finished{}, err
	}
	if !ok {
		return judgeapi.Finished{}, errNotClaimed
	}
	defer j.mocks.forget(id)
	ss, err := j.cfg.Store.Session(ctx, id)
	if err != nil {
		return judgeapi.Finished{}, err
	}
	cert, err := j.judge(ctx, ss, now)
	if err != nil {
		return judgeapi.Finished{}, err
	}
	index, g, err := j.cfg.Store.Finish(ctx, id, now, func(index uint64) (judgestore.Graded, error) {
		cert.Hosted.LogIndex = index
		envelope, err := attest.Envelope(ctx, cert, j.cfg.Key)
		if err != nil {
			return judgestore.Graded{}, err
		}
		payload, err := attest.Payload(envelope)
		if err != nil {
			return judgestore.Graded{}, err
		}
		return judgestore.Graded{Certified: cert.Certified, Certificate: string(cert.JSON()), Envelope: string(envelope), Leaf: payload}, nil
	})
	if err != nil {
		return judgeapi.Finished{}, fmt.Errorf("grade session %s: %w", id, err)
	}
	j.cfg.Log.Info("session graded", "session", id, "certified", cert.Certified, "log_index", index)
	return judgeapi.Finished{Certificate: cert, Envelope: json.RawMessage(g.Envelope), LogIndex: index, Page: j.cfg.URL + judgeapi.PagePrefix + id}, nil
}

// judge builds a session's certificate (without its log index).
func (j *Judge) judge(ctx context.Context, ss judgestore.Session, now time.Time) (report.Certificate, error) {
	sc, err := casesOf(ss)
	if err != nil {
		return report.Certificate{}, err
	}
	var vendor vendorSide
	if ss.Vendor != "" {
		_ = json.Unmarshal([]byte(ss.Vendor), &vendor)
	} else {
		vendor.Error = "the vendor's side never posted the adapter's describe"
	}
	answers, err := j.cfg.Store.Answers(ctx, ss.ID)
	if err != nil {
		return report.Certificate{}, err
	}
	rows, err := j.cfg.Store.Entries(ctx, ss.ID)
	if err != nil {
		return report.Certificate{}, err
	}
	journal := map[string][]mockapi.Entry{}
	for _, row := range rows {
		if row.CaseID == "" {
			continue // between cases: a local certification clears these too
		}
		var e mockapi.Entry
		if err := json.Unmarshal([]byte(row.Entry), &e); err != nil {
			return report.Certificate{}, fmt.Errorf("session %s: journal entry %d: %w", ss.ID, row.Seq, err)
		}
		journal[row.CaseID] = append(journal[row.CaseID], e)
	}
	var outcomes []*certify.Outcome
	var signSecrets []string
	for _, c := range sc.cases {
		if s := c.Credentials["secret_key"]; s != "" {
			signSecrets = append(signSecrets, s)
		}
		raw, ok := answers[c.ID]
		if !ok {
			continue
		}
		var a storedAnswer
		if err := json.Unmarshal([]byte(raw), &a); err != nil {
			return report.Certificate{}, fmt.Errorf("session %s: answer to %s: %w", ss.ID, c.ID, err)
		}
		outcomes = append(outcomes, outcome(c, a, journal[c.ID]))
	}
	var describeErr error
	notRun := notAnswered
	if vendor.Error != "" {
		describeErr = errors.New(vendor.Error)
		// As in a local certification, whose suite stops after a failed describe: every spec is
		// skipped, not "not run".
		notRun = "the candidate's describe failed, so no case was run"
	}
	s := certify.Recorded(sc.cfg, vendor.Description, describeErr, outcomes, notRun, signSecrets...)
	var results []report.CaseResult
	for _, jd := range certify.Grade(ctx, s) {
		results = append(results, jd.CaseResult())
	}
	var subject report.Subject
	_ = json.Unmarshal([]byte(ss.Subject), &subject)
	var claims *report.Claims
	_ = json.Unmarshal([]byte(ss.Claims), &claims)
	cert := report.Certificate{Protocol: candidate.Protocol, Judge: report.Hosted, Time: now.UTC(), Harness: j.cfg.Harness, Subject: subject,
		Candidate: entry.DescriptionEntry{Description: vendor.Description},
		Hosted:    &report.HostedJudge{URL: j.cfg.URL, Session: ss.ID, Principal: ss.Principal, Claims: claims, Opened: ss.Created.UTC(), LogOrigin: j.cfg.LogOrigin},
		Isolation: hostedIsolation(j.cfg.URL, vendor.Isolation)}
	if describeErr != nil {
		cert.Candidate.Error = s.Redact(vendor.Error)
	}
	cert.Tally(results)
	return cert, nil
}

// outcome is a case's outcome from its stored answer and its journal.
func outcome(c certify.Case, a storedAnswer, entries []mockapi.Entry) *certify.Outcome {
	o := &certify.Outcome{Case: c, Entries: entries}
	if a.NotRun != "" {
		o.NotRun = a.NotRun
		return o
	}
	o.Run = candidate.Run{Stdout: []byte(a.Stdout), Stderr: []byte(a.Stderr), Exit: a.Exit, Duration: time.Duration(a.DurationMS) * time.Millisecond}
	resp, err := candidate.ParseAnswer(o.Run.Stdout)
	o.Run.Response = resp
	switch {
	case a.Error != nil:
		o.Err = &candidate.ProtocolError{Kind: a.Error.Kind, Detail: a.Error.Detail}
	case err != nil:
		o.Err = err
	}
	return o
}

// hostedIsolation is what a hosted certificate says of isolation: the judge, its journal and its
// key were on the judge's machine, out of the adapter's reach; how the vendor's side ran the
// adapter is the vendor's word.
func hostedIsolation(url string, vendor report.Isolation) report.Isolation {
	lines := []string{"hosted: the verdict, the journal and the signing key never left the judge at " + url + "; the adapter reached it only over HTTP, and the evidence is what arrived there"}
	for _, l := range vendor.Sandbox {
		lines = append(lines, "the vendor's side reported (not verified): "+l)
	}
	return report.Isolation{Isolated: true, Sandbox: lines, Mode: vendor.Mode, Environment: "the vendor's side reported (not verified): " + vendor.Environment,
		WorkDir: "the vendor's side reported (not verified): " + vendor.WorkDir}
}
