// Package attest makes a certificate checkable by anyone: an in-toto Statement v1 whose subject
// is the client under test and whose predicate is the certificate, in a DSSE envelope signed
// with an ed25519 key (reports/certificate.intoto.json). It uses the in-toto attestation and
// secure-systems-lab DSSE libraries, and checks an envelope against a public key, against the
// verdicts inside it, and against the harness that checks it.
package attest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"

	"fmt"
	"os"
	"slices"
	"strings"

	attestationv1 "github.com/in-toto/attestation/go/v1"
	"github.com/secure-systems-lab/go-securesystemslib/dsse"
	"github.com/secure-systems-lab/go-securesystemslib/signerverifier"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/verdict"
)

// PredicateType names payconform's certificate as an in-toto predicate.
const PredicateType = "https://payconform.dev/certificate/v1"

// PayloadType is DSSE's type for an in-toto statement.
const PayloadType = "application/vnd.in-toto+json"

// Statement is the in-toto statement of a certificate: its subject is the candidate, named by
// its description and digested by its command line (and its directory's git commit, when it
// is a checkout).
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
	digest := map[string]string{string(attestationv1.AlgorithmSHA256): c.Subject.CommandSHA256}
	if c.Subject.GitCommit != "" {
		digest[string(attestationv1.AlgorithmGitCommit)] = c.Subject.GitCommit
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

// Verify checks an envelope: its signature against key, that the certificate's verdict agrees
// with the results inside it (certified only if no MUST failed and some operation was
// certified), and that its vector and contract digests are those of the harness that verifies
// it (here). Every check is returned, with why it failed.
func Verify(ctx context.Context, envelope []byte, key dsse.SignerVerifier, here report.Harness) (report.Certificate, []Check) {
	var c report.Certificate
	var checks []Check
	add := func(what string, ok bool, why string) { checks = append(checks, Check{What: what, OK: ok, Why: why}) }
	var env dsse.Envelope
	if err := json.Unmarshal(envelope, &env); err != nil || env.Payload == "" {
		add("the file is a DSSE envelope", false, fmt.Sprintf("it is not (%v)", err))
		return c, checks
	}
	switch {
	case len(env.Signatures) == 0:
		add("signed with the key", false, "the envelope carries no signature: it was written without PAYCONFORM_SIGNING_KEY")
	case key == nil:
		add("signed with the key", false, "no public key given (--key)")
	default:
		verifier, err := dsse.NewEnvelopeVerifier(key)
		if err == nil {
			_, err = verifier.Verify(ctx, &env)
		}
		if err != nil {
			add("signed with the key", false, "the signature does not verify with this key: "+err.Error())
		} else {
			add("signed with the key", true, "")
		}
	}
	payload, err := env.DecodeB64Payload()
	if err != nil {
		add("the payload decodes", false, err.Error())
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
		err = json.Unmarshal(raw, &c)
	}
	if err != nil {
		add("the predicate is a payconform certificate", false, err.Error())
		return c, checks
	}
	if d := c.Subject.CommandSHA256; d == "" || st.GetSubject()[0].GetDigest()[string(attestationv1.AlgorithmSHA256)] != d || d != hexSHA256(c.Subject.Command) {
		add("the subject is the certified command", false, "the subject's digest does not match the certificate's command")
	} else {
		add("the subject is the certified command", true, "")
	}
	mustFailed := slices.ContainsFunc(c.Results, func(r report.RequirementResult) bool {
		return r.Status == "fail" && r.Level == string(verdict.MUST)
	})
	anyCertified := slices.ContainsFunc(c.Operations, func(o report.OperationResult) bool { return o.Status == "certified" })
	opFailed := slices.ContainsFunc(c.Operations, func(o report.OperationResult) bool {
		return o.Status == "failed" || o.Status == "incomplete" || o.Status == "not run"
	})
	consistent := c.Certified == (!mustFailed && anyCertified && !opFailed && c.Candidate.Error == "")
	why := ""
	if !consistent {
		why = fmt.Sprintf("certified is %t, but the results inside say a MUST failed: %t, an operation certified: %t, an operation failed or incomplete: %t", c.Certified, mustFailed, anyCertified, opFailed)
	}
	add("certified agrees with the results", consistent, why)
	if c.Harness.VectorsSHA256 == here.VectorsSHA256 && c.Harness.ContractsSHA256 == here.ContractsSHA256 {
		add("the vectors and contracts are this harness's", true, "")
	} else {
		add("the vectors and contracts are this harness's", false, fmt.Sprintf("the certificate was made with vectors %s and contracts %s; this payconform has %s and %s",
			short(c.Harness.VectorsSHA256), short(c.Harness.ContractsSHA256), short(here.VectorsSHA256), short(here.ContractsSHA256)))
	}
	return c, checks
}

// OK reports whether every check held.
func OK(checks []Check) bool {
	return len(checks) > 0 && !slices.ContainsFunc(checks, func(c Check) bool { return !c.OK })
}

// CommandDigest is the hex SHA-256 of a command line, the subject's digest.
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
