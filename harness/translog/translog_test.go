package translog_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/transparency-dev/merkle/compact"
	"golang.org/x/mod/sumdb/note"

	"github.com/payconform/payconform/harness/translog"
)

// memStore keeps nodes in a map, as the judge's database does in a table.
type memStore map[compact.NodeID][]byte

func (m memStore) Nodes(_ context.Context, ids []compact.NodeID) ([][]byte, error) {
	out := make([][]byte, len(ids))
	for i, id := range ids {
		h, ok := m[id]
		if !ok {
			return nil, fmt.Errorf("node %v missing", id)
		}
		out[i] = h
	}
	return out, nil
}

func (m memStore) PutNode(_ context.Context, id compact.NodeID, hash []byte) error {
	m[id] = hash
	return nil
}

// rootOf is RFC 6962's Merkle tree hash, section 2.1, written from the RFC: the oracle the
// library's roots are held to.
func rootOf(leaves [][]byte) []byte {
	switch len(leaves) {
	case 0:
		s := sha256.Sum256(nil)
		return s[:]
	case 1:
		s := sha256.Sum256(append([]byte{0}, leaves[0]...))
		return s[:]
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	s := sha256.Sum256(append(append([]byte{1}, rootOf(leaves[:k])...), rootOf(leaves[k:])...))
	return s[:]
}

func TestAppendProveAndVerify(t *testing.T) {
	ctx := context.Background()
	st := memStore{}
	var leaves [][]byte
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := translog.NewSigner(priv)
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := translog.NewVerifier(pub)
	if err != nil {
		t.Fatal(err)
	}
	for n := uint64(0); n < 21; n++ {
		leaf := []byte(fmt.Sprintf(`{"session":%d}`, n))
		root, err := translog.Append(ctx, st, n, translog.LeafHash(leaf))
		if err != nil {
			t.Fatal(err)
		}
		leaves = append(leaves, leaf)
		if want := rootOf(leaves); string(root) != string(want) {
			t.Fatalf("size %d: root %x, RFC 6962 says %x", n+1, root, want)
		}
		signed, err := translog.Checkpoint("judge.test", n+1, root, time.Now(), signer)
		if err != nil {
			t.Fatal(err)
		}
		cp, _, err := translog.OpenCheckpoint(signed, "judge.test", verifier)
		if err != nil {
			t.Fatal(err)
		}
		for i := range leaves {
			p, err := translog.InclusionProof(ctx, st, uint64(i), n+1)
			if err != nil {
				t.Fatal(err)
			}
			if err := translog.VerifyInclusion(cp, uint64(i), leaves[i], p); err != nil {
				t.Fatalf("size %d, leaf %d: %v", n+1, i, err)
			}
			// A forged entry at the same index, with the real proof, does not verify.
			if err := translog.VerifyInclusion(cp, uint64(i), append([]byte("x"), leaves[i]...), p); err == nil {
				t.Fatalf("size %d, leaf %d: a forged leaf verified", n+1, i)
			}
		}
		for old := uint64(1); old <= n+1; old++ {
			p, err := translog.ConsistencyProof(ctx, st, old, n+1)
			if err != nil {
				t.Fatal(err)
			}
			oldCP, _, _ := translog.OpenCheckpoint(must(translog.Checkpoint("judge.test", old, rootOf(leaves[:old]), time.Now(), signer)), "judge.test", verifier)
			if err := translog.VerifyConsistency(oldCP, cp, p); err != nil {
				t.Fatalf("consistency %d → %d: %v", old, n+1, err)
			}
		}
	}
}

func TestCheckpointNeedsTheKeyAndTheOrigin(t *testing.T) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	otherPub, _, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := translog.NewSigner(priv)
	at := time.Date(2026, 5, 1, 12, 30, 0, 0, time.UTC)
	signed, err := translog.Checkpoint("judge.test", 3, make([]byte, 32), at, signer)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := translog.NewVerifier(otherPub)
	if _, _, err := translog.OpenCheckpoint(signed, "judge.test", other); err == nil {
		t.Fatal("a checkpoint opened with another key")
	}
	mine, _ := translog.NewVerifier(priv.Public().(ed25519.PublicKey))
	if _, _, err := translog.OpenCheckpoint(signed, "another.judge", mine); err == nil {
		t.Fatal("a checkpoint opened for another origin")
	}
	tampered := []byte(string(signed))
	tampered[len("judge.test\n")] = '4' // the size
	if _, _, err := translog.OpenCheckpoint(tampered, "judge.test", mine); err == nil {
		t.Fatal("a checkpoint whose size was changed opened")
	}
	if _, got, err := translog.OpenCheckpoint(signed, "judge.test", mine); err != nil || !got.Equal(at) {
		t.Fatalf("the signed time: %v %v, want %v", got, err, at)
	}
	// The time is signed: a stale checkpoint made to look fresh does not open.
	fresher := []byte(strings.Replace(string(signed), "2026-05-01T12:30:00Z", "2026-05-02T12:30:00Z", 1))
	if _, _, err := translog.OpenCheckpoint(fresher, "judge.test", mine); err == nil {
		t.Fatal("a checkpoint whose signed time was changed opened")
	}
	// A checkpoint the judge signed without a time (the format before it carried one) is refused.
	bare, err := note.Sign(&note.Note{Text: "judge.test\n3\n" + base64.StdEncoding.EncodeToString(make([]byte, 32)) + "\n"}, signer)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := translog.OpenCheckpoint(bare, "judge.test", mine); err == nil {
		t.Fatal("a checkpoint with no signed time opened")
	}
}

// Tree, fed the entries one by one, reaches RFC 6962's root at every size.
func TestTreeRecomputesTheRoot(t *testing.T) {
	tree := translog.NewTree()
	var leaves [][]byte
	for n := range 40 {
		root, err := tree.Root()
		if err != nil || string(root) != string(rootOf(leaves)) {
			t.Fatalf("size %d: root %x (%v), RFC 6962 says %x", n, root, err, rootOf(leaves))
		}
		leaf := []byte(fmt.Sprintf("entry %d", n))
		leaves = append(leaves, leaf)
		if err := tree.Append(leaf); err != nil {
			t.Fatal(err)
		}
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
