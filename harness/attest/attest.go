// Package attest makes a certificate checkable by anyone: an in-toto Statement v1 whose subject
// is the client under test and whose predicate is the certificate, in a DSSE envelope signed
// with an ed25519 key (reports/certificate.intoto.json). It uses the in-toto attestation and
// secure-systems-lab DSSE libraries, and checks an envelope against a public key, against the
// verdicts inside it, and against the harness that checks it.
package attest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	attestationv1 "github.com/in-toto/attestation/go/v1"
	"github.com/secure-systems-lab/go-securesystemslib/dsse"
	"github.com/secure-systems-lab/go-securesystemslib/signerverifier"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/payconform/payconform/harness/report"
)

// PredicateType names payconform's certificate as an in-toto predicate.
const PredicateType = "https://payconform.dev/certificate/v1"

// PayloadType is DSSE's type for an in-toto statement.
const PayloadType = "application/vnd.in-toto+json"

// Statement is the in-toto statement of a certificate: its subject is the candidate, named by
// its description and digested by the subject's digest (the command, the program, the
// directory's content, the git state; report.SubjectDigest), and by its git commit when it is
// a checkout.
func Statement(c report.Certificate) (*attestationv1.Statement, error) {
	raw, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("encode certificate: %w", err)
	}
	var predicate structpb.Struct
	if err := protojson.Unmarshal(raw, &predicate); err != nil {
		return nil, fmt.Errorf("encode certificate as a predicate: %w", err)
	}
	name := strings.TrimSpace(c.Candidate.Description.Name + " " + c.Candidate.Description.Version)
	if name == "" {
		name = "candidate"
	}
	digest := map[string]string{string(attestationv1.AlgorithmSHA256): c.Subject.Digest}
	if c.Subject.Git != nil && c.Subject.Git.Commit != "" {
		digest[string(attestationv1.AlgorithmGitCommit)] = c.Subject.Git.Commit
	}
	st := &attestationv1.Statement{
		Type:          attestationv1.StatementTypeUri,
		Subject:       []*attestationv1.ResourceDescriptor{{Name: name, Digest: digest}},
		PredicateType: PredicateType,
		Predicate:     &predicate,
	}
	if err := st.Validate(); err != nil {
		return nil, fmt.Errorf("in-toto statement: %w", err)
	}
	return st, nil
}

// Envelope is the DSSE envelope of a certificate's statement, signed with key when one is given
// and unsigned (no signature) otherwise.
func Envelope(ctx context.Context, c report.Certificate, key dsse.SignerVerifier) ([]byte, error) {
	st, err := Statement(c)
	if err != nil {
		return nil, err
	}
	payload, err := protojson.Marshal(st)
	if err != nil {
		return nil, fmt.Errorf("encode statement: %w", err)
	}
	var env *dsse.Envelope
	if key != nil {
		signer, err := dsse.NewEnvelopeSigner(key)
		if err != nil {
			return nil, fmt.Errorf("sign certificate: %w", err)
		}
		if env, err = signer.SignPayload(ctx, PayloadType, payload); err != nil {
			return nil, fmt.Errorf("sign certificate: %w", err)
		}
	} else {
		env = &dsse.Envelope{PayloadType: PayloadType, Payload: base64.StdEncoding.EncodeToString(payload), Signatures: []dsse.Signature{}}
	}
	out, err := json.MarshalIndent(env, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode envelope: %w", err)
	}
	return append(out, '\n'), nil
}

// LoadKey reads an ed25519 key, private (PKCS #8) or public (PKIX), from a PEM file.
func LoadKey(path string) (dsse.SignerVerifier, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read key: %w", err)
	}
	key, err := signerverifier.LoadKey(data)
	if err != nil {
		return nil, fmt.Errorf("read key %s: %w", path, err)
	}
	if key.KeyType != signerverifier.ED25519KeyType {
		return nil, fmt.Errorf("read key %s: a %s key; payconform signs with ed25519", path, key.KeyType)
	}
	sv, err := signerverifier.NewED25519SignerVerifierFromSSLibKey(key)
	if err != nil {
		return nil, fmt.Errorf("read key %s: %w", path, err)
	}
	return sv, nil
}

// LoadPrivateKey reads an ed25519 private key (PKCS #8 PEM) as a crypto key: the hosted judge
// signs its log's checkpoints with the key it signs certificates with.
func LoadPrivateKey(path string) (ed25519.PrivateKey, error) {
	priv, _, err := loadPKCS8(path)
	return priv, err
}

// KeyMaterial is what of a private key file must never be seen anywhere else: its PKCS #8 bytes
// (whose base64 is the PEM file's body) and its 32-byte seed, as strings for harness/redact,
// which finds them in base64, hex and the other encodings it knows.
func KeyMaterial(path string) ([]string, error) {
	priv, der, err := loadPKCS8(path)
	if err != nil {
		return nil, err
	}
	return []string{string(der), string(priv.Seed())}, nil
}

func loadPKCS8(path string) (ed25519.PrivateKey, []byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("read key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, nil, fmt.Errorf("read key %s: not PEM", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("read key %s: %w", path, err)
	}
	priv, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, nil, fmt.Errorf("read key %s: not an ed25519 private key", path)
	}
	return priv, block.Bytes, nil
}

// PublicKey is an ed25519 key's public half, from a key attest.LoadKey read.
func PublicKey(key dsse.SignerVerifier) (ed25519.PublicKey, error) {
	pub, ok := key.Public().(ed25519.PublicKey)
	if !ok {
		return nil, errors.New("not an ed25519 key")
	}
	return pub, nil
}

// Payload is an envelope's signed payload (the in-toto statement's bytes): the hosted judge's
// log entry for a certificate.
func Payload(envelope []byte) ([]byte, error) {
	var env dsse.Envelope
	if err := json.Unmarshal(envelope, &env); err != nil {
		return nil, fmt.Errorf("read envelope: %w", err)
	}
	return env.DecodeB64Payload()
}

// Keygen writes a fresh ed25519 key pair: prefix.key (private, PKCS #8 PEM, mode 0600) and
// prefix.pub (public, PKIX PEM).
func Keygen(prefix string) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("generate key: %w", err)
	}
	privDER, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return fmt.Errorf("encode private key: %w", err)
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return fmt.Errorf("encode public key: %w", err)
	}
	if err := os.WriteFile(prefix+".key", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: privDER}), 0o600); err != nil {
		return fmt.Errorf("write private key: %w", err)
	}
	if err := os.WriteFile(prefix+".pub", pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644); err != nil {
		return fmt.Errorf("write public key: %w", err)
	}
	return nil
}

// Check is one thing Verify checked, and whether it held.
type Check struct {
	What string
	OK   bool
	Why  string
}

// VerifyOptions say what Verify checks an envelope against.
type VerifyOptions struct {
	// Key is the signer's public key; nil fails the signature check.
	Key dsse.SignerVerifier
	// Here is the harness that verifies: the certificate's vector and contract digests must be
	// its own.
	Here report.Harness
	// AllowUnisolated accepts a certificate whose adapter ran without a sandbox.
	AllowUnisolated bool
}

// MaxEnvelope bounds the envelope verify reads.
const MaxEnvelope = 16 << 20

// Verify checks an envelope: that it is strict JSON (no key twice) of in-toto's payload type,
// its signature against the key, that its subject's digest covers what the certificate names,
// that its verdict and every operation's status follow from the results inside it (the one
// function that computed them, report.Verdict), that its adapter ran in a sandbox (unless
// allowed otherwise), and that its vector and contract digests are those of the harness that
// verifies it. Every check is returned, with why it failed.
func Verify(ctx context.Context, envelope []byte, o VerifyOptions) (report.Certificate, []Check) {
	var c report.Certificate
	var checks []Check
	add := func(what string, ok bool, why string) { checks = append(checks, Check{What: what, OK: ok, Why: why}) }
	if len(envelope) > MaxEnvelope {
		add("the file is a DSSE envelope", false, fmt.Sprintf("it is larger than %d bytes", MaxEnvelope))
		return c, checks
	}
	if err := StrictJSON(envelope); err != nil {
		add("the file is a DSSE envelope", false, err.Error())
		return c, checks
	}
	var env dsse.Envelope
	if err := json.Unmarshal(envelope, &env); err != nil || env.Payload == "" {
		add("the file is a DSSE envelope", false, fmt.Sprintf("it is not (%v)", err))
		return c, checks
	}
	if env.PayloadType != PayloadType {
		add("the payload type is in-toto's", false, fmt.Sprintf("payloadType is %q, not %q", env.PayloadType, PayloadType))
		return c, checks
	}
	add("the payload type is in-toto's", true, "")
	ok, why := signatureHolds(ctx, env, o.Key)
	add("signed with the key", ok, why)
	payload, err := env.DecodeB64Payload()
	if err != nil {
		add("the payload decodes", false, err.Error())
		return c, checks
	}
	if err := StrictJSON(payload); err != nil {
		add("the payload is an in-toto statement", false, err.Error())
		return c, checks
	}
	var st attestationv1.Statement
	if err := protojson.Unmarshal(payload, &st); err != nil || st.Validate() != nil {
		add("the payload is an in-toto statement", false, fmt.Sprint(err, st.Validate()))
		return c, checks
	}
	if st.GetPredicateType() != PredicateType {
		add("the predicate is a payconform certificate", false, "predicate type "+st.GetPredicateType())
		return c, checks
	}
	raw, err := protojson.Marshal(st.GetPredicate())
	if err == nil {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		err = dec.Decode(&c)
	}
	if err != nil {
		add("the predicate is a payconform certificate", false, err.Error())
		return c, checks
	}
	ok, why = subjectHolds(&st, c.Subject)
	add("the subject is the certified code", ok, why)
	certified, why := report.Verdict(c)
	switch {
	case c.Certified != certified && certified:
		add("certified agrees with the results", false, "certified is false, but the results inside certify")
	case c.Certified != certified:
		add("certified agrees with the results", false, "certified is true, but "+why)
	default:
		add("certified agrees with the results", true, "")
	}
	switch {
	case c.Isolation.Isolated:
		add("the adapter ran in a sandbox", true, "")
	case o.AllowUnisolated:
		add("the adapter ran in a sandbox", true, "it did not: accepted with --allow-unisolated")
	default:
		add("the adapter ran in a sandbox", false, "it did not ("+strings.Join(c.Isolation.Sandbox, "; ")+"); the adapter could have reached the judge; --allow-unisolated accepts it")
	}
	if c.Harness.VectorsSHA256 == o.Here.VectorsSHA256 && c.Harness.ContractsSHA256 == o.Here.ContractsSHA256 {
		add("the vectors and contracts are this harness's", true, "")
	} else {
		add("the vectors and contracts are this harness's", false, fmt.Sprintf("the certificate was made with vectors %s and contracts %s; this payconform has %s and %s",
			short(c.Harness.VectorsSHA256), short(c.Harness.ContractsSHA256), short(o.Here.VectorsSHA256), short(o.Here.ContractsSHA256)))
	}
	return c, checks
}

// signatureHolds checks the envelope's signatures against key: one must verify. A signature by
// another key is named by its key id.
func signatureHolds(ctx context.Context, env dsse.Envelope, key dsse.SignerVerifier) (bool, string) {
	switch {
	case len(env.Signatures) == 0:
		return false, "the envelope carries no signature: it was written without a signing key"
	case key == nil:
		return false, "no public key given (--key)"
	}
	verifier, err := dsse.NewEnvelopeVerifier(key)
	if err == nil {
		_, err = verifier.Verify(ctx, &env)
	}
	if err == nil {
		return true, ""
	}
	want, _ := key.KeyID()
	var others []string
	for _, sig := range env.Signatures {
		if sig.KeyID != "" && sig.KeyID != want {
			others = append(others, short(sig.KeyID))
		}
	}
	if len(others) > 0 {
		return false, fmt.Sprintf("signed by another key (key id %s); the key given has id %s", strings.Join(others, ", "), short(want))
	}
	return false, "the signature does not verify with this key (key id " + short(want) + "): the envelope was changed after it was signed"
}

// subjectHolds checks that the statement names exactly one subject, whose digest is the
// certificate's subject digest, recomputed from the fields it covers, and that the command's
// own digest is its command's.
func subjectHolds(st *attestationv1.Statement, s report.Subject) (bool, string) {
	subjects := st.GetSubject()
	switch {
	case len(subjects) != 1:
		return false, fmt.Sprintf("the statement names %d subjects, want 1", len(subjects))
	case s.Command == "" || s.CommandSHA256 != hexSHA256(s.Command):
		return false, "the command's digest is not its command's"
	case s.Digest == "" || s.Digest != report.SubjectDigest(s):
		return false, "the subject's digest does not cover the subject's fields"
	case subjects[0].GetDigest()[string(attestationv1.AlgorithmSHA256)] != s.Digest:
		return false, "the statement's subject digest is not the certificate's"
	case s.Git != nil && subjects[0].GetDigest()[string(attestationv1.AlgorithmGitCommit)] != s.Git.Commit:
		return false, "the statement's git commit is not the certificate's"
	}
	return true, ""
}

// StrictJSON checks that data is one JSON value in which no object names a key twice (a
// second "certified" would be read by one parser and not another), nested at most 64 deep.
func StrictJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var walk func(depth int) error
	walk = func(depth int) error {
		if depth > 64 {
			return errors.New("JSON nested more than 64 deep")
		}
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("not JSON: %w", err)
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return fmt.Errorf("not JSON: %w", err)
				}
				key := k.(string)
				if seen[key] {
					return fmt.Errorf("the key %q appears twice in one object", key)
				}
				seen[key] = true
				if err := walk(depth + 1); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		case json.Delim('['):
			for dec.More() {
				if err := walk(depth + 1); err != nil {
					return err
				}
			}
			_, err = dec.Token()
			return err
		}
		return nil
	}
	if err := walk(0); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("more than one JSON value")
	}
	return nil
}

// OK reports whether every check held.
func OK(checks []Check) bool {
	return len(checks) > 0 && !slices.ContainsFunc(checks, func(c Check) bool { return !c.OK })
}

// CommandDigest is the hex SHA-256 of a command line.
func CommandDigest(command string) string { return hexSHA256(command) }

func hexSHA256(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func short(d string) string {
	if len(d) > 12 {
		return d[:12] + "…"
	}
	return d
}
