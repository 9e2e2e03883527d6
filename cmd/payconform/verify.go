package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/payconform/payconform/harness/attest"
	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/judgeclient"
	"github.com/payconform/payconform/harness/report"
	"github.com/secure-systems-lab/go-securesystemslib/dsse"
)

const verifyHelp = `usage: payconform verify --key PUBLIC.pem [--allow-unisolated] CERTIFICATE.intoto.json
       payconform verify --judge-key JUDGE.pub [--log URL | --log-mirror URL] [--max-checkpoint-age D] CERTIFICATE.intoto.json

Checks a signed certificate: that the file is strict JSON (no key twice) of in-toto's payload
type; the DSSE signature against the public key (a signature by another key is named by its key
id); that the subject's digest covers the command, program, directory content and git state the
certificate names; that "certified" and every operation's status follow from the per-requirement
results inside it; that the adapter ran in a sandbox (--allow-unisolated accepts one made with
PAYCONFORM_ISOLATION=none); and that its vector and contract digests are those of this
payconform. It prints the subject in full.

A hosted certificate (payconform certify --judge) is checked with the judge's public key,
--judge-key, which also requires "judge": "hosted"; --log URL (the judge's URL, the one the
certificate names) also reads the judge's log: its checkpoint must be signed by the judge's key
within --max-checkpoint-age (24h), every entry is read (at most 100000) and must hash to the
checkpoint's root, the entry at the certificate's index must be the certificate, and no entry
may revoke it. --log-mirror URL reads a mirror of the judge's log instead, checked the same way.
Each failed check is printed with why.

Exit status: 0 every check held and the certificate certifies the client; 1 a check failed, or
the certificate is authentic and says the client is NOT CERTIFIED (VERIFIED: NOT CERTIFIED);
2 a mistake (no such file, a file that is not JSON, a bad key, bad flags, a --log that is not
the certificate's judge); 3 the log could not be asked. GitHub's artifact attestation of the same file is checked with:
gh attestation verify reports/certificate.intoto.json --repo OWNER/REPO

examples:
  payconform verify --key release.pub reports/certificate.intoto.json
  payconform verify --judge-key judge.pub --log https://judge.example reports/certificate.intoto.json

flags:
`

func runVerify(args []string) int {
	fs := flag.NewFlagSet("payconform verify", flag.ContinueOnError)
	keyPath := fs.String("key", "", "the signer's ed25519 public key (PEM), from payconform keygen")
	unisolated := fs.Bool("allow-unisolated", false, "accept a certificate whose adapter ran without a sandbox")
	judgeKey := fs.String("judge-key", "", "a hosted judge's ed25519 public key (PEM): the certificate must be the judge's")
	logURL := fs.String("log", "", "with --judge-key: the judge's URL (the certificate's); checks the certificate's inclusion in the judge's log, and that it is not revoked")
	mirror := fs.String("log-mirror", "", "with --judge-key: a mirror of the judge's log, read as --log reads the judge's")
	maxAge := fs.Duration("max-checkpoint-age", judgeclient.DefaultMaxCheckpointAge, "with --log: the oldest log checkpoint accepted")
	fs.Usage = func() { fmt.Fprint(fs.Output(), verifyHelp); fs.PrintDefaults() }
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return fail("payconform verify", "give one certificate envelope: payconform verify --key PUBLIC.pem reports/certificate.intoto.json")
	}
	switch {
	case *keyPath != "" && *judgeKey != "":
		return fail("payconform verify", "--key (a self-run certificate's signer) and --judge-key (a hosted judge's) exclude each other")
	case *logURL != "" && *mirror != "":
		return fail("payconform verify", "--log (the judge) and --log-mirror (a mirror of its log) exclude each other")
	case (*logURL != "" || *mirror != "") && *judgeKey == "":
		return fail("payconform verify", "--log checks a hosted certificate: give the judge's public key with --judge-key")
	case *maxAge <= 0:
		return fail("payconform verify", "--max-checkpoint-age %s: give a positive duration (24h)", *maxAge)
	case *judgeKey != "":
		*keyPath = *judgeKey
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return fail("payconform verify", "%v", err)
	}
	envelope, err := io.ReadAll(io.LimitReader(f, attest.MaxEnvelope+1))
	f.Close()
	if err != nil {
		return fail("payconform verify", "%v", err)
	}
	if !json.Valid(envelope) {
		return fail("payconform verify", "%s is not JSON: give the certificate's envelope (reports/certificate.intoto.json)", fs.Arg(0))
	}
	var key dsse.SignerVerifier
	if *keyPath != "" {
		if key, err = attest.LoadKey(*keyPath); err != nil {
			return fail("payconform verify", "%v", err)
		}
	}
	cert, checks := attest.Verify(context.Background(), envelope, attest.VerifyOptions{Key: key, Here: report.HarnessIdentity(""), AllowUnisolated: *unisolated})
	if *judgeKey != "" {
		checks = append(checks, attest.Check{What: "the certificate was made by a hosted judge", OK: cert.Judge == report.Hosted && cert.Hosted != nil,
			Why: "it says judge: " + cert.Judge + "; a self-run certificate is checked with --key"})
		if checks[len(checks)-1].OK {
			checks[len(checks)-1].Why = cert.Hosted.URL + ", session " + cert.Hosted.Session + ", opened by " + cert.Hosted.Principal
		}
	}
	var logErr error
	if *logURL != "" || *mirror != "" {
		pub, err := attest.PublicKey(key)
		if err != nil {
			return fail("payconform verify", "--judge-key: %v", err)
		}
		o := judgeclient.LogOptions{URL: *logURL, CAFile: os.Getenv("PAYCONFORM_CA_FILE"), MaxAge: *maxAge}
		if *mirror != "" {
			o.URL, o.Mirror = *mirror, true
		}
		var logChecks []attest.Check
		logChecks, logErr = judgeclient.VerifyLog(context.Background(), envelope, cert, pub, o)
		if errors.Is(logErr, judgeclient.ErrWrongLog) {
			return fail("payconform verify", "%v", logErr)
		}
		checks = append(checks, logChecks...)
	}
	for _, c := range checks {
		mark := "ok  "
		if !c.OK {
			mark = "FAIL"
		}
		fmt.Printf("%s %s", mark, c.What)
		if c.Why != "" {
			fmt.Printf(": %s", candidate.Printable(c.Why))
		}
		fmt.Println()
	}
	if cert.Subject.Digest != "" {
		fmt.Println("subject:")
		for _, line := range cert.Subject.Lines() {
			fmt.Printf("  %-18s %s\n", line[0]+":", candidate.Printable(line[1]))
		}
		fmt.Printf("  %-18s %s\n", "judge:", cert.Judge)
	}
	// The log not answering is exit 3 when it is all that failed; the last check is its.
	if logErr != nil && attest.OK(checks[:len(checks)-1]) {
		fmt.Printf("NOT VERIFIED: %v\n", logErr)
		return 3
	}
	if !attest.OK(checks) {
		fmt.Println("NOT VERIFIED")
		return 1
	}
	if !cert.Certified {
		// Authentic, and it says the client is not certified: a CI step that runs
		// `payconform verify ... && release` must not release it.
		fmt.Printf("VERIFIED: NOT CERTIFIED %s %s, by payconform %s\n", candidate.Printable(cert.Candidate.Description.Name), candidate.Printable(cert.Candidate.Description.Version), candidate.Printable(cert.Harness.Version))
		return 1
	}
	fmt.Printf("VERIFIED: CERTIFIED %s %s, by payconform %s\n", candidate.Printable(cert.Candidate.Description.Name), candidate.Printable(cert.Candidate.Description.Version), candidate.Printable(cert.Harness.Version))
	return 0
}

func runKeygen(args []string) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Println("usage: payconform keygen PREFIX\n\nWrites an ed25519 key pair: PREFIX.key (private, PEM, mode 0600) and PREFIX.pub (public, PEM).\nPAYCONFORM_SIGNING_KEY=PREFIX.key makes payconform certify sign with it.\n\nexample:\n  payconform keygen release && PAYCONFORM_SIGNING_KEY=release.key make certify CANDIDATE=...")
		return 0
	}
	if len(args) != 1 || args[0] == "" || args[0][0] == '-' {
		return fail("payconform keygen", "give one file prefix: payconform keygen release (writes release.key and release.pub)")
	}
	for _, p := range []string{args[0] + ".key", args[0] + ".pub"} {
		if _, err := os.Stat(p); err == nil {
			return fail("payconform keygen", "%s exists; choose another prefix (a key is never overwritten)", p)
		}
	}
	if err := attest.Keygen(args[0]); err != nil {
		return fail("payconform keygen", "%v", err)
	}
	fmt.Printf("wrote %s.key (private; keep it secret) and %s.pub (public; give it to whoever verifies)\n", args[0], args[0])
	return 0
}
