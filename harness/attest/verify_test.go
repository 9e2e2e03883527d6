package attest_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/secure-systems-lab/go-securesystemslib/dsse"

	"github.com/payconform/payconform/harness/attest"
	"github.com/payconform/payconform/harness/report"
)

// The names of Verify's checks, as payconform verify prints them.
const (
	isEnvelope  = "the file is a DSSE envelope"
	payloadType = "the payload type is in-toto's"
	signed      = "signed with the key"
	decodes     = "the payload decodes"
	isStatement = "the payload is an in-toto statement"
	predicate   = "the predicate is a payconform certificate"
	subject     = "the subject is the certified code"
	agrees      = "certified agrees with the results"
	sandboxed   = "the adapter ran in a sandbox"
	harnessOwn  = "the vectors and contracts are this harness's"
)

// checks runs Verify and returns every check as "name: ok|FAILED: why".
func checks(t *testing.T, envelope []byte, o attest.VerifyOptions) []attest.Check {
	t.Helper()
	if o.Here.VectorsSHA256 == "" {
		o.Here = report.HarnessIdentity("")
	}
	_, cs := attest.Verify(context.Background(), envelope, o)
	return cs
}

// mustBe asserts the exact list of checks Verify made and which of them failed, each failure's
// reason holding why.
func mustBe(t *testing.T, got []attest.Check, names []string, failed map[string]string) {
	t.Helper()
	var gotNames []string
	for _, c := range got {
		gotNames = append(gotNames, c.What)
		why, fails := failed[c.What]
		if c.OK == fails || (fails && !strings.Contains(c.Why, why)) {
			t.Errorf("%s: ok %t, why %q; want failed %t with %q", c.What, c.OK, c.Why, fails, why)
		}
	}
	if !slices.Equal(gotNames, names) {
		t.Errorf("checks made: %q\nwant %q", gotNames, names)
	}
	if attest.OK(got) != (len(failed) == 0) {
		t.Errorf("OK says %t with %d failures", attest.OK(got), len(failed))
	}
}

var allChecks = []string{payloadType, signed, subject, agrees, sandboxed, harnessOwn}

// edit decodes a statement, changes it, and encodes it again.
func edit(t *testing.T, statement []byte, change func(st map[string]any)) []byte {
	t.Helper()
	var st map[string]any
	if err := json.Unmarshal(statement, &st); err != nil {
		t.Fatal(err)
	}
	change(st)
	out, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func subjectDigest(st map[string]any) map[string]any {
	return st["subject"].([]any)[0].(map[string]any)["digest"].(map[string]any)
}

func TestAnEnvelopeThatIsNotOneStopsVerify(t *testing.T) {
	k := key(t)
	good, _ := attest.Envelope(context.Background(), certificate(), k)
	for name, tc := range map[string]struct {
		envelope []byte
		why      string
	}{
		"too large":     {bytes.Repeat([]byte(" "), attest.MaxEnvelope+1), "larger than 16777216 bytes"},
		"not JSON":      {[]byte("certified: true"), "not JSON"},
		"no payload":    {[]byte(`{"payloadType":"application/vnd.in-toto+json","signatures":[]}`), "it is not"},
		"a wrong type":  {[]byte(`{"payload":1}`), "it is not"},
		"a key twice":   {[]byte(strings.Replace(string(good), `"payloadType"`, `"payload":"e30=","payloadType"`, 1)), `"payload" appears twice`},
		"two documents": {append(slices.Clone(good), good...), "more than one JSON value"},
	} {
		t.Run(name, func(t *testing.T) {
			mustBe(t, checks(t, tc.envelope, attest.VerifyOptions{Key: k}), []string{isEnvelope}, map[string]string{isEnvelope: tc.why})
		})
	}
	// The bound is MaxEnvelope bytes: an envelope of exactly that size is read.
	padded := append(slices.Clone(good), bytes.Repeat([]byte(" "), attest.MaxEnvelope-len(good))...)
	mustBe(t, checks(t, padded, attest.VerifyOptions{Key: k}), allChecks, nil)
}

func TestAPayloadThatIsNoStatementStopsVerify(t *testing.T) {
	k := key(t)
	for name, tc := range map[string]struct {
		payload []byte
		check   string
		why     string
	}{
		"a key twice":           {[]byte(`{"_type":"https://in-toto.io/Statement/v1","_type":"x"}`), isStatement, "appears twice"},
		"not JSON":              {[]byte(`certified`), isStatement, "not JSON"},
		"an array":              {[]byte(`[1]`), isStatement, ""},
		"not a valid statement": {[]byte(`{"_type":"https://in-toto.io/Statement/v1"}`), isStatement, ""},
	} {
		t.Run(name, func(t *testing.T) {
			mustBe(t, checks(t, resign(t, k, attest.PayloadType, tc.payload), attest.VerifyOptions{Key: k}),
				[]string{payloadType, signed, tc.check}, map[string]string{tc.check: tc.why})
		})
	}
	undecodable := []byte(`{"payloadType":"application/vnd.in-toto+json","payload":"%%%not base64%%%","signatures":[{"keyid":"","sig":"AAAA"}]}`)
	got := checks(t, undecodable, attest.VerifyOptions{Key: k})
	mustBe(t, got, []string{payloadType, signed, decodes}, map[string]string{signed: "does not verify", decodes: ""})
	good, _ := attest.Envelope(context.Background(), certificate(), k)
	other := edit(t, payload(t, good), func(st map[string]any) { st["predicateType"] = "https://slsa.dev/provenance/v1" })
	mustBe(t, checks(t, resign(t, k, attest.PayloadType, other), attest.VerifyOptions{Key: k}),
		[]string{payloadType, signed, predicate}, map[string]string{predicate: "predicate type https://slsa.dev/provenance/v1"})
}

func TestTheSubjectCheckHoldsTheStatementToTheCertificate(t *testing.T) {
	k := key(t)
	ctx := context.Background()
	withGit := certificate()
	withGit.Subject.Git = &report.Git{Commit: strings.Repeat("ab", 20)}
	withGit.Subject.Digest = report.SubjectDigest(withGit.Subject)
	good, err := attest.Envelope(ctx, withGit, k)
	if err != nil {
		t.Fatal(err)
	}
	mustBe(t, checks(t, good, attest.VerifyOptions{Key: k}), allChecks, nil)
	statement := payload(t, good)
	if got := subjectDigest(decode(t, statement))["gitCommit"]; got != withGit.Subject.Git.Commit {
		t.Fatalf("the statement names git commit %v", got)
	}
	for name, tc := range map[string]struct {
		change func(st map[string]any)
		why    string
	}{
		"another git commit": {func(st map[string]any) { subjectDigest(st)["gitCommit"] = strings.Repeat("cd", 20) }, "the statement's git commit is not the certificate's"},
		"no git commit":      {func(st map[string]any) { delete(subjectDigest(st), "gitCommit") }, "the statement's git commit is not the certificate's"},
		"another digest":     {func(st map[string]any) { subjectDigest(st)["sha256"] = strings.Repeat("0", 64) }, "the statement's subject digest is not the certificate's"},
		"no digest": {func(st map[string]any) {
			st["predicate"].(map[string]any)["subject"].(map[string]any)["digest"] = ""
		}, "the subject's digest does not cover the subject's fields"},
	} {
		t.Run(name, func(t *testing.T) {
			mustBe(t, checks(t, resign(t, k, attest.PayloadType, edit(t, statement, tc.change)), attest.VerifyOptions{Key: k}), allChecks, map[string]string{subject: tc.why})
		})
	}
	for name, tc := range map[string]struct {
		change    func(s *report.Subject)
		recompute bool
		why       string
	}{
		"no command":   {func(s *report.Subject) { s.Command, s.CommandSHA256 = "", attest.CommandDigest("") }, true, "the command's digest is not its command's"},
		"a git change": {func(s *report.Subject) { s.Git.Dirty = true }, false, "the subject's digest does not cover the subject's fields"},
	} {
		t.Run(name, func(t *testing.T) {
			c := withGit
			g := *withGit.Subject.Git
			c.Subject.Git = &g
			tc.change(&c.Subject)
			if tc.recompute {
				c.Subject.Digest = report.SubjectDigest(c.Subject)
			}
			env, err := attest.Envelope(ctx, c, k)
			if err != nil {
				t.Fatal(err)
			}
			mustBe(t, checks(t, env, attest.VerifyOptions{Key: k}), allChecks, map[string]string{subject: tc.why})
		})
	}
}

func decode(t *testing.T, statement []byte) map[string]any {
	t.Helper()
	var st map[string]any
	if err := json.Unmarshal(statement, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestStatementNamesTheCandidate(t *testing.T) {
	c := certificate()
	st, err := attest.Statement(c)
	if err != nil {
		t.Fatal(err)
	}
	if s := st.GetSubject(); len(s) != 1 || s[0].GetName() != "candidate" || len(s[0].GetDigest()) != 1 || s[0].GetDigest()["sha256"] != c.Subject.Digest {
		t.Errorf("an undescribed candidate: %v", s)
	}
	if st.GetPredicateType() != "https://payconform.dev/certificate/v1" || st.GetType() != "https://in-toto.io/Statement/v1" {
		t.Errorf("types: %s %s", st.GetPredicateType(), st.GetType())
	}
	c.Candidate.Description.Name, c.Candidate.Description.Version = "iyzipay-node", "2.0.69"
	st, _ = attest.Statement(c)
	if got := st.GetSubject()[0].GetName(); got != "iyzipay-node 2.0.69" {
		t.Errorf("a described candidate is named %q", got)
	}
	c.Candidate.Description.Name = ""
	st, _ = attest.Statement(c)
	if got := st.GetSubject()[0].GetName(); got != "2.0.69" {
		t.Errorf("a version alone is named %q", got)
	}
	c.Subject.Git = &report.Git{}
	st, _ = attest.Statement(c)
	if _, ok := st.GetSubject()[0].GetDigest()["gitCommit"]; ok {
		t.Error("an empty git commit is named")
	}
	c.Subject.Digest = "not hex"
	if _, err := attest.Statement(c); err == nil {
		t.Error("a statement with a digest that is not hex")
	}
}

func TestTheSignatureCheckSaysWhatWentWrong(t *testing.T) {
	k, other := key(t), key(t)
	good, _ := attest.Envelope(context.Background(), certificate(), k)
	id, _ := k.KeyID()
	otherID, _ := other.KeyID()
	got := checks(t, good, attest.VerifyOptions{Key: other})
	mustBe(t, got, allChecks, map[string]string{signed: "signed by another key (key id " + id[:12] + "…); the key given has id " + otherID[:12] + "…"})
	// The same key, a changed payload: the signature no longer verifies.
	var env dsse.Envelope
	_ = json.Unmarshal(good, &env)
	changed := certificate()
	changed.Warnings = []string{"added after signing"}
	forged, _ := attest.Envelope(context.Background(), changed, nil)
	var unsigned dsse.Envelope
	_ = json.Unmarshal(forged, &unsigned)
	env.Payload = unsigned.Payload
	tampered, _ := json.Marshal(env)
	mustBe(t, checks(t, tampered, attest.VerifyOptions{Key: k}), allChecks,
		map[string]string{signed: "the signature does not verify with this key (key id " + id[:12] + "…): the envelope was changed after it was signed"})
	mustBe(t, checks(t, forged, attest.VerifyOptions{Key: k}), allChecks, map[string]string{signed: "the envelope carries no signature"})
	// A key id of 12 characters or fewer is shown whole; a longer one, cut to 12.
	for keyID, shown := range map[string]string{"0123456789ab": "0123456789ab)", "0123456789abc": "0123456789ab…)", "k1": "k1)"} {
		_ = json.Unmarshal(good, &env)
		env.Signatures[0].KeyID = keyID
		renamed, _ := json.Marshal(env)
		mustBe(t, checks(t, renamed, attest.VerifyOptions{Key: k}), allChecks, map[string]string{signed: "signed by another key (key id " + shown})
	}
	mustBe(t, checks(t, good, attest.VerifyOptions{}), allChecks, map[string]string{signed: "no public key given (--key)"})
	// A public key alone verifies.
	prefix := filepath.Join(t.TempDir(), "v")
	_ = attest.Keygen(prefix)
	signer, _ := attest.LoadKey(prefix + ".key")
	public, err := attest.LoadKey(prefix + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	byFile, _ := attest.Envelope(context.Background(), certificate(), signer)
	mustBe(t, checks(t, byFile, attest.VerifyOptions{Key: public}), allChecks, nil)
}

func TestTheResultsAndTheHarnessAreChecked(t *testing.T) {
	k := key(t)
	ctx := context.Background()
	forge := func(edit func(c *report.Certificate)) []byte {
		c := certificate()
		edit(&c)
		env, err := attest.Envelope(ctx, c, k)
		if err != nil {
			t.Fatal(err)
		}
		return env
	}
	mustBe(t, checks(t, forge(func(c *report.Certificate) { c.Certified = false }), attest.VerifyOptions{Key: k}), allChecks,
		map[string]string{agrees: "certified is false, but the results inside certify"})
	mustBe(t, checks(t, forge(func(c *report.Certificate) {
		c.Results[0].Status, c.Results[0].Passed, c.Results[0].Failed = "fail", 2, 1
	}), attest.VerifyOptions{Key: k}), allChecks,
		map[string]string{agrees: "certified is true, but "})
	here := report.HarnessIdentity("")
	for _, change := range map[string]func(c *report.Certificate){
		"other vectors":   func(c *report.Certificate) { c.Harness.VectorsSHA256 = strings.Repeat("1", 64) },
		"other contracts": func(c *report.Certificate) { c.Harness.ContractsSHA256 = strings.Repeat("2", 64) },
	} {
		env := forge(change)
		c, _ := attest.Verify(ctx, env, attest.VerifyOptions{Key: k, Here: here})
		mustBe(t, checks(t, env, attest.VerifyOptions{Key: k}), allChecks, map[string]string{harnessOwn: "the certificate was made with vectors " +
			c.Harness.VectorsSHA256[:12] + "… and contracts " + c.Harness.ContractsSHA256[:12] + "…; this payconform has " + here.VectorsSHA256[:12] + "… and " + here.ContractsSHA256[:12] + "…"})
	}
	unisolated := forge(func(c *report.Certificate) {
		c.Isolation = report.Isolation{Sandbox: []string{"none: PAYCONFORM_ISOLATION=none", "the adapter saw the network"}}
	})
	mustBe(t, checks(t, unisolated, attest.VerifyOptions{Key: k}), allChecks,
		map[string]string{sandboxed: "it did not (none: PAYCONFORM_ISOLATION=none; the adapter saw the network); the adapter could have reached the judge"})
	got := checks(t, unisolated, attest.VerifyOptions{Key: k, AllowUnisolated: true})
	mustBe(t, got, allChecks, nil)
	if got[4].Why != "it did not: accepted with --allow-unisolated" {
		t.Errorf("an accepted unisolated run says %q", got[4].Why)
	}
	// What Verify returns is the certificate inside.
	c, _ := attest.Verify(ctx, forge(func(c *report.Certificate) { c.Warnings = []string{"w"} }), attest.VerifyOptions{Key: k, Here: here})
	if c.Subject.Command != "python3 adapter.py" || !slices.Equal(c.Warnings, []string{"w"}) || !c.Certified {
		t.Errorf("the certificate returned: %+v", c)
	}
}

func TestKeys(t *testing.T) {
	dir := t.TempDir()
	prefix := filepath.Join(dir, "vendor")
	if err := attest.Keygen(prefix); err != nil {
		t.Fatal(err)
	}
	for file, mode := range map[string]os.FileMode{".key": 0o600, ".pub": 0o644} {
		st, err := os.Stat(prefix + file)
		if err != nil || st.Mode().Perm() != mode {
			t.Errorf("%s: %v %v, want mode %v", file, st.Mode(), err, mode)
		}
		data, _ := os.ReadFile(prefix + file)
		if block, _ := pem.Decode(data); block == nil || (file == ".key") != (block.Type == "PRIVATE KEY") {
			t.Errorf("%s is not the PEM it should be", file)
		}
	}
	if err := attest.Keygen(filepath.Join(dir, "no", "such", "dir", "k")); err == nil {
		t.Error("Keygen into a missing directory")
	}
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	der, _ := x509.MarshalPKCS8PrivateKey(rsaKey)
	_ = os.WriteFile(filepath.Join(dir, "rsa.key"), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
	_ = os.WriteFile(filepath.Join(dir, "garbage.key"), []byte("not a key"), 0o600)
	for file, why := range map[string]string{"absent.key": "read key", "garbage.key": "read key " + filepath.Join(dir, "garbage.key"), "rsa.key": "payconform signs with ed25519"} {
		if _, err := attest.LoadKey(filepath.Join(dir, file)); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("LoadKey(%s): %v, want %q", file, err, why)
		}
	}
}

func TestAnUnsignedEnvelope(t *testing.T) {
	env, err := attest.Envelope(context.Background(), certificate(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var e struct {
		PayloadType string            `json:"payloadType"`
		Payload     string            `json:"payload"`
		Signatures  []json.RawMessage `json:"signatures"`
	}
	if err := json.Unmarshal(env, &e); err != nil || e.PayloadType != "application/vnd.in-toto+json" || e.Signatures == nil || len(e.Signatures) != 0 || !bytes.HasSuffix(env, []byte("}\n")) {
		t.Errorf("unsigned envelope: %s", env)
	}
	if p, err := base64.StdEncoding.DecodeString(e.Payload); err != nil || !bytes.Contains(p, []byte(`https://payconform.dev/certificate/v1`)) {
		t.Errorf("payload: %v %s", err, p)
	}
}

func TestCommandDigestAndOK(t *testing.T) {
	// sha256sum of the bytes "python3 adapter.py", computed outside Go.
	if got := attest.CommandDigest("python3 adapter.py"); got != "190c363a2d4eb08f6ff36af7a94da52a5a9f8a1bf148f3d71ffc6db611d49af6" {
		t.Errorf("CommandDigest = %s", got)
	}
	if attest.OK(nil) || attest.OK([]attest.Check{}) {
		t.Error("no check at all is OK")
	}
	if !attest.OK([]attest.Check{{OK: true}, {OK: true}}) || attest.OK([]attest.Check{{OK: true}, {OK: false}}) {
		t.Error("OK does not follow the checks")
	}
}

func TestStrictJSONDepth(t *testing.T) {
	nested := func(n int) []byte {
		return []byte(strings.Repeat("[", n) + "1" + strings.Repeat("]", n))
	}
	if err := attest.StrictJSON(nested(64)); err != nil {
		t.Errorf("64 arrays deep: %v", err)
	}
	if err := attest.StrictJSON(nested(65)); err == nil || !strings.Contains(err.Error(), "nested more than 64 deep") {
		t.Errorf("65 arrays deep: %v", err)
	}
	objects := strings.Repeat(`{"a":`, 65) + "1" + strings.Repeat("}", 65)
	if err := attest.StrictJSON([]byte(objects)); err == nil {
		t.Error("65 objects deep")
	}
	for _, bad := range []string{``, `{"a":1,}`, `{"a" 1}`, `[1,]`, `{"a":1`, `[1`, `{1:2}`} {
		if err := attest.StrictJSON([]byte(bad)); err == nil {
			t.Errorf("StrictJSON(%q) passed", bad)
		}
	}
	for _, good := range []string{`1`, `"x"`, `null`, ` {"a":[{"a":1},{"a":1}],"b":{"a":1}} `, `[]`, `{}`} {
		if err := attest.StrictJSON([]byte(good)); err != nil {
			t.Errorf("StrictJSON(%q): %v", good, err)
		}
	}
}
