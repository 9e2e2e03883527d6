package translog_test

import (
	"crypto/ed25519"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/translog"
)

// FuzzOpenCheckpoint feeds what a log (or a lying mirror) answers for its checkpoint: it either
// opens, with the key's signature and a signed time, or is refused; it never panics. A text that
// opens must be one the key signed.
func FuzzOpenCheckpoint(f *testing.F) {
	seed := ed25519.NewKeyFromSeed(make([]byte, ed25519.SeedSize))
	signer, _ := translog.NewSigner(seed)
	verifier, _ := translog.NewVerifier(seed.Public().(ed25519.PublicKey))
	good := must(translog.Checkpoint("judge.test", 7, make([]byte, 32), time.Unix(1777637800, 0), signer))
	f.Add(good)
	f.Add([]byte("judge.test\n7\nAAAA\ntime 2026-05-01T12:30:00Z\n\n— payconform-judge AAAA\n"))
	f.Add([]byte("judge.test\n7\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cp, at, err := translog.OpenCheckpoint(data, "judge.test", verifier)
		if err != nil {
			return
		}
		if cp == nil || at.IsZero() {
			t.Fatalf("opened without a checkpoint or a time: %v %v", cp, at)
		}
	})
}
