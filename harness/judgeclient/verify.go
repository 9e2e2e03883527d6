package judgeclient

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/transparency-dev/formats/log"

	"github.com/payconform/payconform/harness/attest"
	"github.com/payconform/payconform/harness/judgeapi"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/translog"
)

// Bounds of a log check.
const (
	// DefaultMaxCheckpointAge is the oldest checkpoint VerifyLog accepts: a judge signs a fresh
	// one at least every minute it is asked, so an older one was captured and replayed (it may
	// predate a revocation).
	DefaultMaxCheckpointAge = 24 * time.Hour
	// MaxClockSkew is how far in the future a checkpoint's signed time may be.
	MaxClockSkew = 5 * time.Minute
	// MaxLogEntries is the largest log VerifyLog reads: every entry is read, to prove that none
	// revokes the certificate. A larger log is refused, not half read.
	MaxLogEntries = 100_000
)

// LogOptions say where and how a certificate's log is read.
type LogOptions struct {
	// URL is the log's: the judge the certificate names, or a mirror of its log.
	URL string
	// Mirror says URL is a mirror of the judge's log and need not be the certificate's judge.
	// Everything a mirror serves is checked against the judge's signature, as the judge's is.
	Mirror bool
	CAFile string
	// MaxAge is the oldest checkpoint accepted (0: DefaultMaxCheckpointAge).
	MaxAge time.Duration
	// Now is the verifier's clock (nil: time.Now).
	Now func() time.Time
}

// ErrWrongLog is a log URL that is not the judge the certificate names, given without Mirror: a
// mistake of the caller's, not a fault of the certificate.
var ErrWrongLog = errors.New("the log is not the certificate's judge")

// SameJudge reports whether two judge URLs name the same judge (a trailing slash aside).
func SameJudge(a, b string) bool { return strings.TrimRight(a, "/") == strings.TrimRight(b, "/") }

// VerifyLog checks a hosted certificate against the judge's transparency log: the log's
// checkpoint is signed by the judge's key under the certificate's log origin and was signed
// within MaxAge; the log's entries, every one read, hash to the checkpoint's root (RFC 6962);
// the entry at the certificate's index is the envelope's signed payload; and none of those
// entries revokes it. Nothing the log serves is trusted unless the signed root covers it, so a
// log that hides a revocation, or serves a checkpoint from before it, is caught. Each check is
// returned with why it failed. The error is ErrWrongLog, or an *UnreachableError when the log
// could not be asked (the checks then stop where it was needed).
func VerifyLog(ctx context.Context, envelope []byte, c report.Certificate, pub ed25519.PublicKey, o LogOptions) ([]attest.Check, error) {
	var checks []attest.Check
	add := func(what string, ok bool, why string) []attest.Check {
		checks = append(checks, attest.Check{What: what, OK: ok, Why: why})
		return checks
	}
	if c.Hosted == nil {
		return add("the certificate is in the judge's log", false, "it names no hosted judge (judge: "+c.Judge+"): a self-run certificate is in no log"), nil
	}
	if !o.Mirror && !SameJudge(o.URL, c.Hosted.URL) {
		return nil, fmt.Errorf("%w: --log %s is not the judge this certificate names (%s); give --log %s, or read a mirror of that judge's log with --log-mirror %s",
			ErrWrongLog, o.URL, c.Hosted.URL, c.Hosted.URL, o.URL)
	}
	maxAge, now := o.MaxAge, time.Now
	if maxAge <= 0 {
		maxAge = DefaultMaxCheckpointAge
	}
	if o.Now != nil {
		now = o.Now
	}
	client, err := New(o.URL, o.CAFile)
	if err != nil {
		return add("the judge's log answers", false, err.Error()), nil
	}
	const signedBy = "the log's checkpoint is signed by the judge's key"
	verifier, err := translog.NewVerifier(pub)
	if err != nil {
		return add(signedBy, false, err.Error()), nil
	}
	signed, err := client.Checkpoint(ctx)
	if err != nil {
		return unreachable(add(signedBy, false, err.Error()), err)
	}
	cp, at, err := translog.OpenCheckpoint(signed, c.Hosted.LogOrigin, verifier)
	if err != nil {
		return add(signedBy, false, fmt.Sprintf("%v (origin %q)", err, c.Hosted.LogOrigin)), nil
	}
	add(signedBy, true, fmt.Sprintf("%d entries, signed %s", cp.Size, at.UTC().Format(time.RFC3339)))
	const fresh = "the log's checkpoint is fresh"
	switch age := now().Sub(at); {
	case age > maxAge:
		return add(fresh, false, fmt.Sprintf("it was signed %s ago, more than --max-checkpoint-age %s: a log that serves an old checkpoint may hide what was logged since (a revocation)",
			age.Round(time.Second), maxAge)), nil
	case age < -MaxClockSkew:
		return add(fresh, false, fmt.Sprintf("it was signed %s in the future: check this machine's clock", (-age).Round(time.Second))), nil
	default:
		add(fresh, true, fmt.Sprintf("signed %s ago", max(age, 0).Round(time.Second)))
	}
	payload, err := attest.Payload(envelope)
	if err != nil {
		return add("the certificate is in the judge's log", false, err.Error()), nil
	}
	index, session := c.Hosted.LogIndex, c.Hosted.Session
	var atIndex []byte
	var revokedBy []string
	const audited = "the log's entries hash to the signed checkpoint's root"
	err = readLog(ctx, client, cp, func(e judgeapi.Entry) {
		if e.Index == index {
			atIndex = e.Data
		}
		var r judgeapi.Revocation
		if json.Unmarshal(e.Data, &r) == nil && r.Type == judgeapi.RevokeCertificateType && r.Session == session {
			revokedBy = append(revokedBy, fmt.Sprintf("log entry %d revokes it (%s): %s", e.Index, r.Time.UTC().Format(time.DateOnly), r.Reason))
		}
	})
	if err != nil {
		return unreachable(add(audited, false, err.Error()), err)
	}
	add(audited, true, fmt.Sprintf("all %d entries read and hashed (RFC 6962)", cp.Size))
	const included = "the certificate is in the judge's log"
	switch {
	case index >= cp.Size:
		return add(included, false, fmt.Sprintf("its index %d is past the log's %d entries", index, cp.Size)), nil
	case !bytes.Equal(atIndex, payload):
		return add(included, false, fmt.Sprintf("the log's entry %d is another statement: the certificate was changed, or it is not the judge's", index)), nil
	}
	add(included, true, fmt.Sprintf("entry %d of %d", index, cp.Size))
	if len(revokedBy) > 0 {
		return add("no log entry revokes the certificate", false, strings.Join(revokedBy, "; ")), nil
	}
	return add("no log entry revokes the certificate", true, fmt.Sprintf("none of the %d entries the checkpoint signs", cp.Size)), nil
}

// unreachable returns the checks, and err when it is the log's not answering.
func unreachable(checks []attest.Check, err error) ([]attest.Check, error) {
	var u *UnreachableError
	if errors.As(err, &u) {
		return checks, u
	}
	return checks, nil
}

// readLog reads every entry of the log the checkpoint signs, in pages, hands each to visit, and
// checks that they hash to the checkpoint's root; a log of more than MaxLogEntries is refused.
// Entries are handed to visit as they are read: the caller trusts what it kept only when
// readLog returns nil.
func readLog(ctx context.Context, client *Client, cp *log.Checkpoint, visit func(judgeapi.Entry)) error {
	if cp.Size > MaxLogEntries {
		return fmt.Errorf("the log holds %d entries, more than payconform reads (%d) to prove that none revokes a certificate", cp.Size, MaxLogEntries)
	}
	tree := translog.NewTree()
	for tree.Size() < cp.Size {
		start := tree.Size()
		page, err := client.Entries(ctx, start, cp.Size)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return fmt.Errorf("the log serves no entry at %d of %d", start, cp.Size)
		}
		for _, e := range page {
			if tree.Size() == cp.Size {
				break
			}
			if e.Index != tree.Size() {
				return fmt.Errorf("the log served entry %d where %d belongs", e.Index, tree.Size())
			}
			if err := tree.Append(e.Data); err != nil {
				return err
			}
			visit(e)
		}
	}
	root, err := tree.Root()
	if err != nil {
		return err
	}
	if !bytes.Equal(root, cp.Hash) {
		return fmt.Errorf("the log's %d entries do not hash to the root its signed checkpoint names: an entry was changed, left out or added after it was logged", cp.Size)
	}
	return nil
}

// Audit reads every entry of the judge's log and checks that they hash to the root of the newest
// checkpoint the judge signed: an entry rewritten after it was logged, or one left out, shows.
func Audit(ctx context.Context, logURL string, pub ed25519.PublicKey, origin, caFile string) error {
	client, err := New(logURL, caFile)
	if err != nil {
		return err
	}
	verifier, err := translog.NewVerifier(pub)
	if err != nil {
		return err
	}
	signed, err := client.Checkpoint(ctx)
	if err != nil {
		return err
	}
	cp, _, err := translog.OpenCheckpoint(signed, origin, verifier)
	if err != nil {
		return err
	}
	return readLog(ctx, client, cp, func(judgeapi.Entry) {})
}
