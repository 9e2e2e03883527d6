package attest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/secure-systems-lab/go-securesystemslib/dsse"

	"github.com/payconform/payconform/harness/attest"
	"github.com/payconform/payconform/harness/report"
)

// key makes a fresh ed25519 key pair through Keygen and LoadKey, as a vendor would.
func key(t *testing.T) dsse.SignerVerifier {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "k")
	if err := attest.Keygen(prefix); err != nil {
		t.Fatal(err)
	}
	k, err := attest.LoadKey(prefix + ".key")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// certificate is a consistent, certified certificate made by a sandboxed run of this harness.
func certificate() report.Certificate {
	here := report.HarnessIdentity("")
	c := report.Certificate{
		Protocol: "payconform.candidate/v2", Judge: report.SelfRun, Harness: here, Time: time.Unix(1_800_000_000, 0).UTC(),
		Isolation: report.Isolation{Isolated: true, Sandbox: []string{"tool: bubblewrap"}, Environment: "an allow-list", WorkDir: "a fresh empty directory"},
		Results: []report.RequirementResult{
			{ID: "IYZ-CERT-01", Level: "MUST", Operation: "iyzico.sign", Status: "pass", Cases: 3, Passed: 3},
			{ID: "IYZ-CERT-02", Level: "MUST", Operation: "iyzico.bin_check", Status: "pass", Cases: 2, Passed: 2},
		},
		Operations: []report.OperationResult{{Operation: "iyzico.bin_check", Status: report.OpCertified}, {Operation: "iyzico.sign", Status: report.OpCertified}},
		Warnings:   []string{}, Failures: []report.FailedCase{},
		Subject: report.Subject{Command: "python3 adapter.py", CommandSHA256: "2f7c0ba3bfb6bcd3d1bd2f2d8c1e1b4f5d0f5c7e4c9b2dd9d4e3c6c3b8f5a1e0"},
	}
	c.Candidate.Description.Operations = []string{"iyzico.bin_check", "iyzico.sign"}
	c.Subject.CommandSHA256 = attest.CommandDigest(c.Subject.Command)
	c.Subject.Digest = report.SubjectDigest(c.Subject)
	c.Certified, _ = report.Verdict(c)
	return c
}

// verify runs Verify and returns the checks that failed, by name.
func verify(t *testing.T, envelope []byte, o attest.VerifyOptions) (report.Certificate, []string) {
	t.Helper()
	if o.Here.VectorsSHA256 == "" {
		o.Here = report.HarnessIdentity("")
	}
	c, checks := attest.Verify(context.Background(), envelope, o)
	var failed []string
	for _, ch := range checks {
		if !ch.OK {
			failed = append(failed, ch.What+": "+ch.Why)
		}
	}
	if attest.OK(checks) != (len(failed) == 0) {
		t.Fatalf("OK disagrees with the checks: %+v", checks)
	}
	return c, failed
}

// resign signs payload (the statement's bytes) as an in-toto envelope with k: a forger who holds
// the key can sign anything, so every check but the signature must stand on its own.
func resign(t *testing.T, k dsse.SignerVerifier, payloadType string, payload []byte) []byte {
	t.Helper()
	signer, err := dsse.NewEnvelopeSigner(k)
	if err != nil {
		t.Fatal(err)
	}
	env, err := signer.SignPayload(context.Background(), payloadType, payload)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(env)
	return out
}

// payload is the statement inside an envelope.
func payload(t *testing.T, envelope []byte) []byte {
	t.Helper()
	var env dsse.Envelope
	if err := json.Unmarshal(envelope, &env); err != nil {
		t.Fatal(err)
	}
	p, err := base64.StdEncoding.DecodeString(env.Payload)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// mustFailOnly asserts that exactly the named check failed.
func mustFailOnly(t *testing.T, failed []string, check string) {
	t.Helper()
	if len(failed) != 1 || !strings.HasPrefix(failed[0], check) {
		t.Errorf("want only %q to fail, got %q", check, failed)
	}
}

func TestAGoodCertificateVerifies(t *testing.T) {
	k := key(t)
	env, err := attest.Envelope(context.Background(), certificate(), k)
	if err != nil {
		t.Fatal(err)
	}
	c, failed := verify(t, env, attest.VerifyOptions{Key: k})
	if len(failed) > 0 || !c.Certified {
		t.Fatalf("a good certificate does not verify: %v", failed)
	}
}

func TestEachCheckStandsAlone(t *testing.T) {
	k := key(t)
	ctx := context.Background()
	good, _ := attest.Envelope(ctx, certificate(), k)
	statement := string(payload(t, good))
	// forge re-signs a certificate changed by edit, as a key holder could.
	forge := func(edit func(c *report.Certificate)) []byte {
		c := certificate()
		edit(&c)
		env, err := attest.Envelope(ctx, c, k)
		if err != nil {
			t.Fatal(err)
		}
		return env
	}
	cases := []struct {
		name, check string
		envelope    []byte
		opts        attest.VerifyOptions
	}{
		{"another key", "signed with the key", good, attest.VerifyOptions{Key: key(t)}},
		{"no key given", "signed with the key", good, attest.VerifyOptions{}},
		{"unsigned", "signed with the key", func() []byte { e, _ := attest.Envelope(ctx, certificate(), nil); return e }(), attest.VerifyOptions{Key: k}},
		{"certified with a MUST failed", "certified agrees with the results", forge(func(c *report.Certificate) {
			c.Results[0].Status, c.Results[0].Passed, c.Results[0].Failed = "fail", 2, 1
		}), attest.VerifyOptions{Key: k}},
		{"an operation's status that its results deny", "certified agrees with the results", forge(func(c *report.Certificate) {
			c.Results[1].Status, c.Results[1].Passed, c.Results[1].Unsupported = "pass", 1, 1
		}), attest.VerifyOptions{Key: k}},
		{"a subject digest that does not cover the subject", "the subject is the certified code", forge(func(c *report.Certificate) {
			c.Subject.Command = "python3 good_adapter.py"
			c.Subject.CommandSHA256 = attest.CommandDigest(c.Subject.Command)
		}), attest.VerifyOptions{Key: k}},
		{"a command digest that is not its command's", "the subject is the certified code", forge(func(c *report.Certificate) {
			c.Subject.CommandSHA256 = attest.CommandDigest("other")
			c.Subject.Digest = report.SubjectDigest(c.Subject)
		}), attest.VerifyOptions{Key: k}},
		{"made without a sandbox", "the adapter ran in a sandbox", forge(func(c *report.Certificate) {
			c.Isolation = report.Isolation{Sandbox: []string{"none: PAYCONFORM_ISOLATION=none"}}
		}), attest.VerifyOptions{Key: k}},
		{"other vectors", "the vectors and contracts are this harness's", forge(func(c *report.Certificate) {
			c.Harness.VectorsSHA256 = strings.Repeat("0", 64)
		}), attest.VerifyOptions{Key: k}},
		{"another payload type", "the payload type is in-toto's", resign(t, k, "application/json", payload(t, good)), attest.VerifyOptions{Key: k}},
		{"a key twice in the payload", "the payload is an in-toto statement", resign(t, k, attest.PayloadType,
			[]byte(strings.Replace(statement, `"certified":true`, `"certified":false,"certified":true`, 1))), attest.VerifyOptions{Key: k}},
		{"a field payconform does not write", "the predicate is a payconform certificate", resign(t, k, attest.PayloadType,
			[]byte(strings.Replace(statement, `"certified":true`, `"certified":true,"trusted":true`, 1))), attest.VerifyOptions{Key: k}},
		{"two subjects", "the subject is the certified code", resign(t, k, attest.PayloadType,
			[]byte(strings.Replace(statement, `"subject":[`, `"subject":[{"name":"other","digest":{"sha256":"`+strings.Repeat("1", 64)+`"}},`, 1))), attest.VerifyOptions{Key: k}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, failed := verify(t, tc.envelope, tc.opts)
			mustFailOnly(t, failed, tc.check)
		})
	}
	// --allow-unisolated accepts what the sandbox check refuses, and nothing else.
	_, failed := verify(t, cases[7].envelope, attest.VerifyOptions{Key: k, AllowUnisolated: true})
	if len(failed) != 0 {
		t.Errorf("--allow-unisolated: %v", failed)
	}
	if !strings.Contains(statement, `"certified":true`) {
		t.Fatal("the statement lacks the field the duplicate-key cases rewrite; they prove nothing")
	}
}

// A key twice in the envelope itself (two payloads: one signed, one read) is refused.
func TestADuplicateKeyInTheEnvelopeIsRefused(t *testing.T) {
	k := key(t)
	good, _ := attest.Envelope(context.Background(), certificate(), k)
	doubled := strings.Replace(string(good), `"payloadType"`, `"payload":"e30=","payloadType"`, 1)
	_, failed := verify(t, []byte(doubled), attest.VerifyOptions{Key: k})
	if len(failed) == 0 || !strings.Contains(failed[0], "appears twice") {
		t.Errorf("a duplicated key in the envelope: %v", failed)
	}
}

func TestStrictJSON(t *testing.T) {
	for doc, ok := range map[string]bool{
		`{"a":1,"b":{"c":[1,{"d":2}]}}`: true,
		`{"a":1,"a":2}`:                 false,
		`{"a":{"b":1,"b":1}}`:           false,
		`[{"x":1},{"x":1}]`:             true,
		`{"a":1} {"a":2}`:               false,
		`{"a":`:                         false,
		strings.Repeat("[", 100) + strings.Repeat("]", 100): false,
	} {
		if err := attest.StrictJSON([]byte(doc)); (err == nil) != ok {
			t.Errorf("StrictJSON(%.40q) = %v, want ok %t", doc, err, ok)
		}
	}
}
