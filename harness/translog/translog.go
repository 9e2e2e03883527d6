// Package translog is the hosted judge's transparency log: an append-only Merkle tree (RFC 6962
// hashing) of every session's signed certificate and of every revocation, with inclusion and
// consistency proofs and checkpoints signed in the Go checksum database's note format, each
// carrying the time it was signed at in an extension line. The tree and its proofs are
// github.com/transparency-dev/merkle's (a compact range grows the tree and names the nodes a
// proof needs); the checkpoint body is transparency-dev/formats' log checkpoint, signed with
// golang.org/x/mod/sumdb/note. The package keeps no state: a Store (the
// judge's database, one transaction per append) holds the nodes, so any judge process can
// append and prove, and anyone with the judge's public key can check a proof offline.
package translog

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/transparency-dev/formats/log"
	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"
)

// Hasher is the log's tree hasher: RFC 6962's, with SHA-256.
var Hasher = rfc6962.DefaultHasher

var ranges = &compact.RangeFactory{Hash: Hasher.HashChildren}

// LeafHash is the tree's hash of a leaf's data.
func LeafHash(data []byte) []byte { return Hasher.HashLeaf(data) }

// Store keeps the tree's nodes: every leaf hash and every perfect subtree's root, by level and
// index. Nodes returns the hashes of ids in order, and an error when one is missing.
type Store interface {
	Nodes(ctx context.Context, ids []compact.NodeID) ([][]byte, error)
	PutNode(ctx context.Context, id compact.NodeID, hash []byte) error
}

// Append adds a leaf to a tree of size leaves and returns the new root. The store's nodes for the
// tree of size must be there (call it inside the transaction that holds the log's head).
func Append(ctx context.Context, st Store, size uint64, leafHash []byte) (root []byte, err error) {
	hashes, err := st.Nodes(ctx, compact.RangeNodes(0, size, nil))
	if err != nil {
		return nil, fmt.Errorf("append to log: %w", err)
	}
	r, err := ranges.NewRange(0, size, hashes)
	if err != nil {
		return nil, fmt.Errorf("append to log: %w", err)
	}
	var putErr error
	if err := r.Append(leafHash, func(id compact.NodeID, hash []byte) {
		if putErr == nil {
			putErr = st.PutNode(ctx, id, hash)
		}
	}); err != nil {
		return nil, fmt.Errorf("append to log: %w", err)
	}
	if putErr != nil {
		return nil, fmt.Errorf("append to log: %w", putErr)
	}
	return r.GetRootHash(nil)
}

// Root is the root of the tree of size leaves.
func Root(ctx context.Context, st Store, size uint64) ([]byte, error) {
	if size == 0 {
		return Hasher.EmptyRoot(), nil
	}
	hashes, err := st.Nodes(ctx, compact.RangeNodes(0, size, nil))
	if err != nil {
		return nil, fmt.Errorf("log root: %w", err)
	}
	r, err := ranges.NewRange(0, size, hashes)
	if err != nil {
		return nil, fmt.Errorf("log root: %w", err)
	}
	return r.GetRootHash(nil)
}

// RootOf is the root of the tree of these leaves' data, computed afresh: an auditor who read every
// entry compares it with the root a checkpoint signs.
func RootOf(leaves [][]byte) ([]byte, error) {
	t := NewTree()
	for _, l := range leaves {
		if err := t.Append(l); err != nil {
			return nil, err
		}
	}
	return t.Root()
}

// Tree recomputes a log's root from its entries' data, read in order from the first: an auditor
// keeps only the compact range's O(log n) hashes, however many entries it reads.
type Tree struct{ r *compact.Range }

// NewTree is the empty tree.
func NewTree() *Tree { return &Tree{r: ranges.NewEmptyRange(0)} }

// Append adds the next entry's data.
func (t *Tree) Append(data []byte) error { return t.r.Append(LeafHash(data), nil) }

// Size is the number of entries appended.
func (t *Tree) Size() uint64 { return t.r.End() }

// Root is the root of the entries appended so far.
func (t *Tree) Root() ([]byte, error) {
	if t.r.End() == 0 {
		return Hasher.EmptyRoot(), nil
	}
	return t.r.GetRootHash(nil)
}

// InclusionProof proves that leaf index is in the tree of size leaves.
func InclusionProof(ctx context.Context, st Store, index, size uint64) ([][]byte, error) {
	if index >= size {
		return nil, fmt.Errorf("inclusion proof: leaf %d is not in a tree of %d", index, size)
	}
	nodes, err := proof.Inclusion(index, size)
	if err != nil {
		return nil, fmt.Errorf("inclusion proof: %w", err)
	}
	hashes, err := st.Nodes(ctx, nodes.IDs)
	if err != nil {
		return nil, fmt.Errorf("inclusion proof: %w", err)
	}
	return nodes.Rehash(hashes, Hasher.HashChildren)
}

// ConsistencyProof proves that the tree of size1 leaves is a prefix of the tree of size2.
func ConsistencyProof(ctx context.Context, st Store, size1, size2 uint64) ([][]byte, error) {
	if size1 > size2 {
		return nil, fmt.Errorf("consistency proof: %d is larger than %d", size1, size2)
	}
	nodes, err := proof.Consistency(size1, size2)
	if err != nil {
		return nil, fmt.Errorf("consistency proof: %w", err)
	}
	hashes, err := st.Nodes(ctx, nodes.IDs)
	if err != nil {
		return nil, fmt.Errorf("consistency proof: %w", err)
	}
	return nodes.Rehash(hashes, Hasher.HashChildren)
}

// VerifyInclusion checks that data is leaf index of the tree whose checkpoint is cp.
func VerifyInclusion(cp *log.Checkpoint, index uint64, data []byte, proofHashes [][]byte) error {
	if err := proof.VerifyInclusion(Hasher, index, cp.Size, LeafHash(data), proofHashes, cp.Hash); err != nil {
		return fmt.Errorf("leaf %d is not in the log of %d entries the checkpoint signs: %w", index, cp.Size, err)
	}
	return nil
}

// VerifyConsistency checks that the tree of old is a prefix of the tree of new: the log only grew.
func VerifyConsistency(old, new *log.Checkpoint, proofHashes [][]byte) error {
	return proof.VerifyConsistency(Hasher, old.Size, new.Size, proofHashes, old.Hash, new.Hash)
}

// TimePrefix starts the checkpoint's one extension line: the time the judge signed it, in
// RFC 3339 (UTC, seconds). The C2SP checkpoint format carries extension lines under the
// signature; a verifier refuses a checkpoint older than it accepts, so that a log answering with
// a checkpoint captured before a revocation is caught.
const TimePrefix = "time "

// Checkpoint is the signed note of a tree: origin, size and root, as transparency-dev/formats
// writes them, and the time it was signed at, signed by the judge's key.
func Checkpoint(origin string, size uint64, root []byte, at time.Time, signer note.Signer) ([]byte, error) {
	body := string(log.Checkpoint{Origin: origin, Size: size, Hash: root}.Marshal()) + TimePrefix + at.UTC().Format(time.RFC3339) + "\n"
	signed, err := note.Sign(&note.Note{Text: body}, signer)
	if err != nil {
		return nil, fmt.Errorf("sign checkpoint: %w", err)
	}
	return signed, nil
}

// OpenCheckpoint checks a signed checkpoint against the judge's key and the log's origin, and
// returns it with the time the judge signed it at. A checkpoint without exactly that one
// extension line is refused.
func OpenCheckpoint(signed []byte, origin string, v note.Verifier) (*log.Checkpoint, time.Time, error) {
	cp, ext, _, err := log.ParseCheckpoint(signed, origin, v)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("checkpoint: %w", err)
	}
	line, ok := strings.CutPrefix(string(ext), TimePrefix)
	line, ok2 := strings.CutSuffix(line, "\n")
	if !ok || !ok2 || strings.Contains(line, "\n") {
		return nil, time.Time{}, errors.New("checkpoint: it carries no signed time (one extension line \"time RFC3339\")")
	}
	at, err := time.Parse(time.RFC3339, line)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("checkpoint: its signed time: %w", err)
	}
	return cp, at, nil
}

// KeyName is the name the judge's key signs checkpoints under.
const KeyName = "payconform-judge"

// Signer signs notes with an ed25519 key held by a crypto.Signer (the judge's key, as
// harness/attest loads it): the note's key hash is computed from the public key.
type Signer struct {
	name string
	hash uint32
	key  crypto.Signer
}

// NewSigner is a note signer for the judge's ed25519 key.
func NewSigner(key crypto.Signer) (*Signer, error) {
	pub, ok := key.Public().(ed25519.PublicKey)
	if !ok {
		return nil, errors.New("note signer: the judge's key is not ed25519")
	}
	hash, err := keyHash(pub)
	if err != nil {
		return nil, err
	}
	return &Signer{name: KeyName, hash: hash, key: key}, nil
}

// Name is the key's name.
func (s *Signer) Name() string { return s.name }

// KeyHash is the key's note hash.
func (s *Signer) KeyHash() uint32 { return s.hash }

// Sign signs msg with ed25519.
func (s *Signer) Sign(msg []byte) ([]byte, error) { return s.key.Sign(nil, msg, crypto.Hash(0)) }

// NewVerifier is the note verifier of the judge's ed25519 public key.
func NewVerifier(pub ed25519.PublicKey) (note.Verifier, error) {
	vkey, err := note.NewEd25519VerifierKey(KeyName, pub)
	if err != nil {
		return nil, fmt.Errorf("note verifier: %w", err)
	}
	return note.NewVerifier(vkey)
}

// keyHash is the note format's hash of an ed25519 key named KeyName, read back from the
// verifier key the note package writes ("name+hash+key").
func keyHash(pub ed25519.PublicKey) (uint32, error) {
	vkey, err := note.NewEd25519VerifierKey(KeyName, pub)
	if err != nil {
		return 0, fmt.Errorf("note key: %w", err)
	}
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		return 0, errors.New("note key: unexpected verifier key form")
	}
	h, err := strconv.ParseUint(parts[1], 16, 32)
	if err != nil {
		return 0, fmt.Errorf("note key: %w", err)
	}
	return uint32(h), nil
}

// EncodeHashes and DecodeHashes carry proofs as base64 strings.
func EncodeHashes(hs [][]byte) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = base64.StdEncoding.EncodeToString(h)
	}
	return out
}

// DecodeHashes reads proof hashes; each must be a SHA-256.
func DecodeHashes(ss []string) ([][]byte, error) {
	if len(ss) > 64 {
		return nil, errors.New("a proof of more than 64 hashes")
	}
	out := make([][]byte, len(ss))
	for i, s := range ss {
		h, err := base64.StdEncoding.DecodeString(s)
		if err != nil || len(h) != sha256.Size {
			return nil, fmt.Errorf("proof hash %d is not a base64 SHA-256", i)
		}
		out[i] = h
	}
	return out, nil
}
