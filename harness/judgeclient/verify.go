package judgeclient

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"

	"github.com/transparency-dev/formats/log"

	"github.com/payconform/payconform/harness/attest"
	"github.com/payconform/payconform/harness/judgeapi"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/translog"
)

// VerifyLog checks a hosted certificate against the judge's transparency log at logURL: the log's
// checkpoint is signed by the judge's key under the certificate's log origin, the envelope's
// signed payload is the log's entry at the certificate's index (an inclusion proof against that
// checkpoint), and no entry of the log revokes it. Each check is returned with why it failed.
func VerifyLog(ctx context.Context, logURL string, envelope []byte, c report.Certificate, pub ed25519.PublicKey, caFile string) []attest.Check {
	var checks []attest.Check
	add := func(what string, ok bool, why string) []attest.Check {
		checks = append(checks, attest.Check{What: what, OK: ok, Why: why})
		return checks
	}
	if c.Hosted == nil {
		return add("the certificate is in the judge's log", false, "it names no hosted judge (judge: "+c.Judge+"): a self-run certificate is in no log")
	}
	client, err := New(logURL, caFile)
	if err != nil {
		return add("the judge's log answers", false, err.Error())
	}
	verifier, err := translog.NewVerifier(pub)
	if err != nil {
		return add("the log's checkpoint is signed by the judge's key", false, err.Error())
	}
	signed, err := client.Checkpoint(ctx)
	if err != nil {
		return add("the log's checkpoint is signed by the judge's key", false, err.Error())
	}
	cp, err := translog.OpenCheckpoint(signed, c.Hosted.LogOrigin, verifier)
	if err != nil {
		return add("the log's checkpoint is signed by the judge's key", false, fmt.Sprintf("%v (origin %q)", err, c.Hosted.LogOrigin))
	}
	add("the log's checkpoint is signed by the judge's key", true, fmt.Sprintf("%d entries", cp.Size))
	payload, err := attest.Payload(envelope)
	if err != nil {
		return add("the certificate is in the judge's log", false, err.Error())
	}
	index := c.Hosted.LogIndex
	if index >= cp.Size {
		return add("the certificate is in the judge's log", false, fmt.Sprintf("its index %d is past the log's %d entries", index, cp.Size))
	}
	if why := included(ctx, client, cp, index, payload); why != "" {
		return add("the certificate is in the judge's log", false, why)
	}
	add("the certificate is in the judge's log", true, fmt.Sprintf("entry %d of %d, inclusion proof checked against the signed checkpoint", index, cp.Size))
	revs, err := client.Revocations(ctx, c.Hosted.Session)
	if err != nil {
		return add("no log entry revokes the certificate", false, err.Error())
	}
	for _, e := range revs {
		var r judgeapi.Revocation
		if json.Unmarshal(e.Data, &r) != nil || r.Type != judgeapi.RevokeCertificateType || r.Session != c.Hosted.Session || e.Index >= cp.Size {
			continue
		}
		if included(ctx, client, cp, e.Index, e.Data) == "" {
			return add("no log entry revokes the certificate", false, fmt.Sprintf("log entry %d revokes it (%s): %s", e.Index, r.Time.Format("2006-01-02"), r.Reason))
		}
	}
	return add("no log entry revokes the certificate", true, "")
}

// included checks entry index's data against the checkpoint; "" when it holds.
func included(ctx context.Context, client *Client, cp *log.Checkpoint, index uint64, data []byte) string {
	p, err := client.Inclusion(ctx, index, cp.Size)
	if err != nil {
		return err.Error()
	}
	hashes, err := translog.DecodeHashes(p.Hashes)
	if err != nil {
		return err.Error()
	}
	if err := translog.VerifyInclusion(cp, index, data, hashes); err != nil {
		return err.Error() + ": the log holds another entry at this index, or the certificate was changed"
	}
	return ""
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
	cp, err := translog.OpenCheckpoint(signed, origin, verifier)
	if err != nil {
		return err
	}
	var leaves [][]byte
	for start := uint64(0); start < cp.Size; {
		page, err := client.Entries(ctx, start, cp.Size)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return fmt.Errorf("the log serves no entry at %d of %d", start, cp.Size)
		}
		for _, e := range page {
			if e.Index != start {
				return fmt.Errorf("the log served entry %d where %d belongs", e.Index, start)
			}
			leaves = append(leaves, e.Data)
			start++
		}
	}
	root, err := translog.RootOf(leaves)
	if err != nil {
		return err
	}
	if !bytes.Equal(root, cp.Hash) {
		return fmt.Errorf("the log's %d entries do not hash to the root its signed checkpoint names: an entry was changed after it was logged", cp.Size)
	}
	return nil
}
