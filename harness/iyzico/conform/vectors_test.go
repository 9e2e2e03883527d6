package conform_test

import (
	"bytes"
	"encoding/base64"
	"os/exec"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
	"github.com/payconform/payconform/harness/vectorset"
	"github.com/payconform/payconform/harness/verdict"
)

func TestSignVectors(t *testing.T) {
	for _, v := range conform.SignVectors().Tests() {
		t.Run(conform.SignVectors().TestName(v.Meta), func(t *testing.T) {
			if p := conform.CheckSign(v, conform.HarnessSign); len(p) > 0 {
				t.Errorf("%+v", p)
			}
			if got := iyzico.Signature(v.Input.SecretKey, v.Input.RandomKey, iyzico.URIPath(v.Input.Path), v.Input.BodyBytes()); got != v.Expected.Signature {
				t.Errorf("signature %s, want %s", got, v.Expected.Signature)
			}
		})
	}
}

func TestHeaderVectors(t *testing.T) {
	for _, v := range conform.HeaderVectors().Tests() {
		t.Run(conform.HeaderVectors().TestName(v.Meta), func(t *testing.T) {
			if p := conform.CheckHeader(v, iyzico.Authorization); len(p) > 0 {
				t.Errorf("%+v", p)
			}
		})
	}
}

func TestVerifyVectors(t *testing.T) {
	for _, v := range conform.VerifyVectors().Tests() {
		t.Run(conform.VerifyVectors().TestName(v.Meta), func(t *testing.T) {
			if p := conform.CheckVerify(v, v.Verifier().Verify); len(p) > 0 {
				t.Errorf("%+v", p)
			}
		})
	}
}

// Every vector with a known secret is recomputed with the openssl command line, so that the
// vectors do not merely agree with the Go code that checks them.
func TestVectorsAgreeWithOpenSSL(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Fatalf("openssl is required to recompute the vectors independently (Debian package openssl): %v", err)
	}
	for _, v := range conform.SignVectors().Tests() {
		in := v.Input
		msg := append([]byte(in.RandomKey+strings.SplitN(in.Path, "?", 2)[0]), in.BodyBytes()...)
		if got := opensslHMAC(t, in.SecretKey, msg); got != v.Expected.Signature {
			t.Errorf("%s: openssl HMAC %s, vector says %s", conform.SignVectors().TestName(v.Meta), got, v.Expected.Signature)
		}
		tok := "apiKey:" + in.APIKey + "&randomKey:" + in.RandomKey + "&signature:" + v.Expected.Signature
		if got := "IYZWSv2 " + opensslBase64(t, []byte(tok)); got != v.Expected.Authorization {
			t.Errorf("%s: openssl header %s, vector says %s", conform.SignVectors().TestName(v.Meta), got, v.Expected.Authorization)
		}
	}
	for _, v := range conform.HeaderVectors().Tests() {
		in := v.Input
		tok := "apiKey:" + in.APIKey + "&randomKey:" + in.RandomKey + "&signature:" + in.Signature
		if got := "IYZWSv2 " + opensslBase64(t, []byte(tok)); got != v.Expected.Authorization {
			t.Errorf("%s: openssl header %s, vector says %s", conform.HeaderVectors().TestName(v.Meta), got, v.Expected.Authorization)
		}
	}
	for _, v := range conform.VerifyVectors().Tests() {
		c := v.Construction
		if c == nil {
			continue
		}
		name := conform.VerifyVectors().TestName(v.Meta)
		sig := signatureInHeader(t, *v.Input.Authorization)
		got := opensslHMAC(t, c.SecretKey, []byte(c.RandomKey+c.Path+c.Body))
		at := map[string]int{"first-digit": 0, "middle-digit": len(got) / 2, "last-digit": len(got) - 1}
		switch c.Edit {
		case "first-digit", "middle-digit", "last-digit":
			i := at[c.Edit]
			d := "0"
			if got[i] == '0' {
				d = "1"
			}
			got = got[:i] + d + got[i+1:]
		case "half":
			got = got[:32]
		case "digit-appended":
			got += "0"
		case "zero-prefixed":
			got = "0" + got
		case "0x-prefixed":
			got = "0x" + got
		}
		if got != strings.ToLower(sig) {
			t.Errorf("%s: openssl HMAC over the construction (%s) %s, header carries %s", name, c.Edit, got, sig)
		}
	}
}

// The deleted iyzipay-java HashGeneratorTest vectors for the legacy scheme, recomputed with
// openssl as well.
func TestLegacyHash(t *testing.T) {
	for _, tc := range []struct{ pki, want string }{
		{"[data=value]", "Cy84UuLZpfGhI7oaPD0Ckx1M0mo="},
		{"null", "cAbftoEp6S6eAJjNwFUmY87IdkQ="},
	} {
		if got := iyzico.LegacyHash("apiKey", "random", "secretKey", tc.pki); got != tc.want {
			t.Errorf("LegacyHash(%q) = %s, want %s", tc.pki, got, tc.want)
		}
		cmd := exec.Command("sh", "-c", "openssl dgst -sha1 -binary | openssl base64 -A")
		cmd.Stdin = strings.NewReader("apiKeyrandomsecretKey" + tc.pki)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("openssl: %v", err)
		}
		if got := strings.TrimSpace(string(out)); got != tc.want {
			t.Errorf("openssl legacy hash %s, want %s", got, tc.want)
		}
	}
}

// IYZ-KAT-01 must be able to fail: a signer with any one fault fails at least one vector, and the
// failure names that fault's defect.
func TestSignVectorsCatchEachFault(t *testing.T) {
	for _, f := range iyzico.AllFaults() {
		if f == iyzico.RndMismatch || f == iyzico.RandomKeyReused || f == iyzico.SchemeSpelled {
			continue // none changes the credentials the header carries
		}
		t.Run(f.String(), func(t *testing.T) {
			mutant := func(apiKey, secretKey, randomKey, path string, body []byte) (string, error) {
				s := iyzico.Signer{Credentials: iyzico.Credentials{APIKey: apiKey, SecretKey: secretKey}, Faults: f}
				return s.Sign(randomKey, path, body).Authorization, nil
			}
			caught := 0
			for _, v := range conform.SignVectors().Tests() {
				for _, p := range conform.CheckSign(v, mutant) {
					caught++
					if p.Defect != conform.DefectOf(f) {
						t.Errorf("%s: defect %q, want %q", conform.SignVectors().TestName(v.Meta), p.Defect.Class, conform.DefectOf(f).Class)
					}
				}
			}
			if caught == 0 {
				t.Errorf("no signing vector catches a signer with fault %s", f)
			}
		})
	}
}

// IYZ-KAT-02 must be able to fail: unpadded, unspaced or reordered assembly breaks a documented
// header. (URL-safe base64 cannot: the documented tokens hold no byte that the two alphabets
// encode differently.)
func TestHeaderVectorsCatchMutants(t *testing.T) {
	mutants := map[string]conform.AssembleFunc{
		"unpadded base64": func(k, r, s string) string {
			return "IYZWSv2 " + base64.RawStdEncoding.EncodeToString([]byte("apiKey:"+k+"&randomKey:"+r+"&signature:"+s))
		},
		"no space": func(k, r, s string) string { return strings.Replace(iyzico.Authorization(k, r, s), " ", "", 1) },
		"fields reordered": func(k, r, s string) string {
			return "IYZWSv2 " + base64.StdEncoding.EncodeToString([]byte("randomKey:"+r+"&apiKey:"+k+"&signature:"+s))
		},
	}
	for name, m := range mutants {
		caught := 0
		for _, v := range conform.HeaderVectors().Tests() {
			caught += len(conform.CheckHeader(v, m))
		}
		if caught == 0 {
			t.Errorf("no header vector catches the %s mutant", name)
		}
	}
}

// IYZ-KAT-03 and IYZ-KAT-04 must be able to fail: a verifier that accepts everything, one that
// refuses everything, one that never warns, one that verifies without the path and one that
// names no defect each fail some vector.
func TestVerifyVectorsCatchMutants(t *testing.T) {
	mutants := map[string]func(conform.VerifyTest) conform.VerifyFunc{
		"accepts everything": func(conform.VerifyTest) conform.VerifyFunc {
			return func(iyzico.Request) iyzico.Result { return iyzico.Result{} }
		},
		"refuses everything": func(conform.VerifyTest) conform.VerifyFunc {
			return func(iyzico.Request) iyzico.Result { return iyzico.Result{Reason: iyzico.SignatureMismatch} }
		},
		"never warns": func(v conform.VerifyTest) conform.VerifyFunc {
			return func(r iyzico.Request) iyzico.Result {
				res := v.Verifier().Verify(r)
				res.Warnings = 0
				return res
			}
		},
		"verifies rnd+body": func(v conform.VerifyTest) conform.VerifyFunc {
			ver := v.Verifier()
			ver.ServerFaults = iyzico.PathNotSigned
			return ver.Verify
		},
		"names no defect": func(v conform.VerifyTest) conform.VerifyFunc {
			return func(r iyzico.Request) iyzico.Result {
				res := v.Verifier().Verify(r)
				res.Defect = 0
				return res
			}
		},
	}
	for name, m := range mutants {
		caught := 0
		for _, v := range conform.VerifyVectors().Tests() {
			caught += len(conform.CheckVerify(v, m(v)))
		}
		if caught == 0 {
			t.Errorf("no verify vector catches the verifier that %s", name)
		}
	}
}

func TestVectorFilesAreConsistent(t *testing.T) {
	for _, v := range conform.VerifyVectors().Tests() {
		if _, err := iyzico.ParseReason(v.Expected.Reason); err != nil {
			t.Error(err)
		}
		if _, err := vectorset.ShouldPass(v.Meta, conform.AcceptablePolicy); err != nil {
			t.Error(err)
		}
		for _, d := range conform.VerifyVectors().Defects(v.Meta) {
			if _, ok := verdict.LookupDefect(d.Class); !ok {
				t.Errorf("#%d: defect %s not registered", v.ID, d.Class)
			}
		}
	}
}

func opensslHMAC(t *testing.T, secret string, msg []byte) string {
	t.Helper()
	cmd := exec.Command("openssl", "dgst", "-sha256", "-hmac", secret)
	cmd.Stdin = bytes.NewReader(msg)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openssl dgst: %v", err)
	}
	fields := strings.Fields(string(out))
	return fields[len(fields)-1]
}

func opensslBase64(t *testing.T, data []byte) string {
	t.Helper()
	cmd := exec.Command("openssl", "base64", "-A")
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openssl base64: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// signatureInHeader decodes a (possibly defective) IYZWSv2 header with openssl and returns the
// signature field. URL-safe and unpadded tokens are normalised first, as a lenient reader would.
func signatureInHeader(t *testing.T, h string) string {
	t.Helper()
	enc := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(iyzico.Canonical(h), "IYZWSv2"), "Bearer"), " ")
	enc = strings.NewReplacer("-", "+", "_", "/").Replace(enc)
	for len(enc)%4 != 0 {
		enc += "="
	}
	cmd := exec.Command("openssl", "base64", "-d", "-A")
	cmd.Stdin = strings.NewReader(enc)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openssl base64 -d: %v", err)
	}
	_, sig, ok := strings.Cut(string(out), "&signature:")
	if !ok {
		t.Fatalf("no signature in %q", out)
	}
	return sig
}

// Every invalid verify vector names the server requirement that probes it and a probe that,
// rebuilt with the vector's own keys, the verifier refuses for the vector's reason; where the
// vector records what it signed, the rebuilt header is the vector's, byte for byte. So the
// request a server must refuse is the vector, re-keyed.
func TestProbesRebuildTheirVectors(t *testing.T) {
	for _, v := range conform.VerifyVectors().Tests() {
		if v.Result != vectorset.Invalid {
			continue
		}
		name := conform.VerifyVectors().TestName(v.Meta)
		if v.Probe == nil || !strings.HasPrefix(v.Requirement, "IYZ-AUTH-") {
			t.Errorf("%s: no probe or no IYZ-AUTH requirement", name)
			continue
		}
		k := conform.ProbeKeys{Credentials: iyzico.Credentials{APIKey: v.Input.APIKey, SecretKey: v.Input.SecretKey}, RandomKey: randomKeyOf(t, v)}
		if c := v.Construction; c != nil {
			k.WrongSecret = c.SecretKey
		}
		if v.Probe.UnknownAPIKey {
			k.UnknownAPIKey = decodeToken(t, *v.Input.Authorization).APIKey
		}
		body := []byte(strings.NewReplacer(`": `, `":`, `", `, `",`).Replace(v.Input.Body))
		if v.Probe.PaddedBody != "" {
			body = bytes.TrimPrefix(bytes.TrimSpace(body), []byte("\xef\xbb\xbf")) // the probe adds the padding
		}
		built, err := v.Probe.Build(k, iyzico.URIPath(v.Input.Path), body)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if built.Target != v.Input.Path || string(built.Body) != v.Input.Body {
			t.Errorf("%s: the probe sends %s %q, the vector %s %q", name, built.Target, built.Body, v.Input.Path, v.Input.Body)
		}
		req := iyzico.Request{Authorization: built.Authorization, Target: built.Target, Body: built.Body}
		if res := v.Verifier().Verify(req); string(res.Reason) != v.Expected.Reason {
			t.Errorf("%s: the rebuilt probe is refused for %q, the vector for %q", name, res.Reason, v.Expected.Reason)
		}
		if v.Construction != nil && built.Authorization != *v.Input.Authorization {
			t.Errorf("%s: the rebuilt header differs from the vector's:\n  %s\n  %s", name, built.Authorization, *v.Input.Authorization)
		}
	}
}

// randomKeyOf is the randomKey a vector signed with: its construction's, else its token's.
func randomKeyOf(t *testing.T, v conform.VerifyTest) string {
	if v.Construction != nil {
		return v.Construction.RandomKey
	}
	if v.Input.Authorization == nil || !strings.HasPrefix(*v.Input.Authorization, "IYZWSv2 ") {
		return "random"
	}
	return decodeToken(t, *v.Input.Authorization).RandomKey
}

// decodeToken reads a token however it was encoded, as a lenient reader would.
func decodeToken(t *testing.T, h string) iyzico.Token {
	enc := strings.NewReplacer("-", "+", "_", "/").Replace(strings.TrimPrefix(strings.TrimPrefix(h, "IYZWSv2"), " "))
	for len(enc)%4 != 0 {
		enc += "="
	}
	raw, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		t.Fatalf("decode %s: %v", h, err)
	}
	tok, _, _, _ := iyzico.ParseAuthorization("IYZWSv2 " + base64.StdEncoding.EncodeToString(raw))
	return tok
}
