package redact_test

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/redact"
)

// The cases of issue 17 (section 7), each as a target or an adapter wrote it.
func TestIssue17SecretsInsideLongerEncodedTexts(t *testing.T) {
	const secret = "sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW"
	jwtPayload := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"42","key":"` + secret + `"}`))
	for _, tc := range []struct{ name, text, gone string }{
		{"base64 of key:secret at byte offset 1", "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("k:"+secret)), ""},
		{"base64 of key:secret at byte offset 2", "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("key:"+secret)), ""},
		{"base64url in a JWT payload", "Bearer eyJhbGciOiJIUzI1NiJ9." + jwtPayload + ".c2ln", jwtPayload},
		{"a .NET \\u002B", `{"Message":"invalid key sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI\u002BbIW"}`, `\u002B`},
		{"a PHP \\/", `{"errorMessage":"key sck_pcs_jECRyoZq0khnsV9elaF\/SIBVvxQI+bIW"}`, `\/`},
		{"HTML entities", `<p>key sck_pcs_jECRyoZq0khnsV9elaF&#x2F;SIBVvxQI&plus;bIW</p>`, "&plus;"},
		{"an adapter's stderr, percent-encoded", "POST /auth?key=sck_pcs_jECRyoZq0khnsV9elaF%2FSIBVvxQI%2bbIW failed", "%2bbIW"},
		{"a JSON escape, percent-encoded", "GET /?m=sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI%5Cu002BbIW", "%5Cu002B"},
		{"a JSON body quoted in JSON", `{"body":"{\"key\":\"sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI\\u002BbIW\"}"}`, `u002B`},
		{"an HTML reference, JSON-escaped", `{"html":"<b>sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI\u0026#43;bIW</b>"}`, `u0026#43;`},
	} {
		m, ok := redact.Find(tc.text, secret)
		if !ok {
			t.Errorf("%s: Find missed it in %q", tc.name, tc.text)
			continue
		}
		out := redact.New(secret).String(tc.text)
		if !strings.Contains(out, redact.Mask) || strings.Contains(out, "0khnsV9el") || (tc.gone != "" && strings.Contains(out, tc.gone)) {
			t.Errorf("%s (%s): not masked: %q", tc.name, m.Form, out)
		}
	}
}

// Find names the form, and where it is.
func TestFindNamesTheFormAndTheRun(t *testing.T) {
	const secret = "plain-secret-123"
	blob := base64.StdEncoding.EncodeToString([]byte("ab" + secret))
	// Glued to "xyz", the run does not decode from its first character: the secret's stable
	// characters are what Find sees.
	text := "xyz" + blob + " y"
	m, ok := redact.Find(text, secret)
	if !ok || m.Form != "base64 at byte offset 2" || text[m.Start:m.End] != blob[3:24] {
		t.Errorf("Find = %+v, %v in %q", m, ok, text)
	}
	// Standing alone, the run is decoded, and masked whole.
	text = "x " + blob + " y"
	if m, ok := redact.Find(text, secret); !ok || m.Form != "plain, in a base64 run" || text[m.Start:m.End] != blob {
		t.Errorf("Find = %+v, %v in %q", m, ok, text)
	}
	if m, ok := redact.Find(`{"k":"plain\u002Dsecret-123"}`, secret); !ok || m.Form != "plain, backslash-escaped" || m.Start != 6 || m.End != 6+len(`plain\u002Dsecret-123`) {
		t.Errorf("Find = %+v, %v", m, ok)
	}
	if _, ok := redact.Find("nothing here", secret); ok {
		t.Error("Find found a secret in a clean text")
	}
	if _, ok := redact.Find(secret, "short"); ok {
		t.Error("a secret under MinLength is not looked for")
	}
}

func TestMasksSecretsAndTheirBase64(t *testing.T) {
	secret := "sck_very-secret-key"
	r := redact.New(secret, "", "abc")
	in := strings.Join([]string{
		"Authorization: Basic " + secret,
		"Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(secret+":")),
		"raw " + base64.RawURLEncoding.EncodeToString([]byte(secret)),
		"abc is too short to mask",
	}, "\n")
	out := r.String(in)
	if strings.Contains(out, secret) || strings.Contains(out, "c2NrX3Zlcnktc2VjcmV0LWtleT") || strings.Contains(out, "c2NrX3Zlcnktc2VjcmV0LWtle") {
		t.Errorf("a secret form survived:\n%s", out)
	}
	if !strings.Contains(out, "abc is too short") || strings.Count(out, redact.Mask) != 3 {
		t.Errorf("unexpected masking:\n%s", out)
	}
}

// A query string's '+' for a space is read as one when a secret holds a space.
func TestAQueryStringPlusIsASpaceWhenASecretHoldsOne(t *testing.T) {
	const secret = "pass phrase one+1" // two spaces: as "+", more than one character replaced
	out := redact.New(secret).String("q=pass+phrase+one%2B1&x=1")
	if out != "q="+redact.Mask+"&x=1" {
		t.Errorf("got %q", out)
	}
}

// After '=', a hex secret that starts with [2-7] and a hex digit reads also as quoted-printable
// for the secret with its first character replaced (by the one before the '='): the mask takes
// the '=' in, and no more. (CI's random secrets found this.)
func TestAHexSecretAfterEqualsIsMaskedWithItsQuotedPrintableNearForm(t *testing.T) {
	const secret = "34ea4310a95de475b8990523431d7b17"
	out := redact.New(secret).String("stderr: secret=" + secret + " end")
	if out != "stderr: secret"+redact.Mask+" end" {
		t.Errorf("got %q", out)
	}
}

// A long secret one character short, one replaced, or in another case, is masked too: the
// harness's own probes send those, and a target may echo them.
func TestNearMissesAreMasked(t *testing.T) {
	const secret = "sck_Secret-Value-0042"
	r := redact.New(secret)
	for near, want := range map[string]string{
		secret[:len(secret)-1]: redact.Mask, "SCK_SECRET-VALUE-0042": redact.Mask, "sck_secret-value-0042": redact.Mask,
		"SCK_sECRET-vALUE-0042": redact.Mask, "sck_Secret-Xalue-0042": redact.Mask,
		// A replaced first or last character is not the secret's, and stays.
		"Xck_Secret-Value-0042": "X" + redact.Mask, "sck_Secret-Value-004X": redact.Mask + "X", "sck_Secret-Value-004ü": redact.Mask + "ü",
	} {
		if got := r.String("echo: " + near + "."); got != "echo: "+want+"." {
			t.Errorf("%q is not masked: %q", near, got)
		}
	}
	for _, far := range []string{"Xck_Secret-Value-004X", "sck_Secret-Value"} {
		if got := r.String("echo: " + far + "."); got != "echo: "+far+"." {
			t.Errorf("%q is two characters apart, or too short, and must stay: %q", far, got)
		}
	}
	if got := redact.New("short1").String("shor"); got != "shor" {
		t.Errorf("a short secret's near misses must not mask ordinary text: %q", got)
	}
}

// Text clipped before it was redacted ends in the secret's first characters and an ellipsis:
// those are masked too.
func TestASecretCutShortIsMasked(t *testing.T) {
	const secret = "pk_LEAKCANARY-paywall-key-90ab"
	r := redact.New(secret)
	for _, clipped := range []string{"Message (apikeypublic=" + secret[:19] + "…", "x " + secret[:7] + "… and more", `{"m":"pk\u005fLEAKCA…"}`} {
		got := r.String(clipped)
		if strings.Contains(got, secret[:7]) || strings.Contains(got, "LEAKCA") || !strings.Contains(got, redact.Mask+"…") {
			t.Errorf("%q redacted to %q", clipped, got)
		}
	}
	// A JWT clipped inside its payload, the secret's start \u-escaped at the cut.
	payload := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"42","key":"\u0070\u006B_LEAKCANARY-pay`))
	if got := r.String("token eyJhbGciOiJIUzI1NiJ9." + payload + "…"); got != "token eyJhbGciOiJIUzI1NiJ9."+redact.Mask+"…" {
		t.Errorf("a clipped JWT: %q", got)
	}
	// Hex and base64 cut short.
	for _, clipped := range []string{hex.EncodeToString([]byte(secret))[:20] + "…", strings.ToUpper(hex.EncodeToString([]byte(secret)))[:20] + "…", base64.StdEncoding.EncodeToString([]byte("k:" + secret))[:20] + "…"} {
		if got := r.String("x " + clipped); got != "x "+redact.Mask+"…" && !strings.HasSuffix(got, redact.Mask+"…") {
			t.Errorf("%q redacted to %q", clipped, got)
		}
	}
	if got := r.String("pk_LE… is not long enough to tell"); got != "pk_LE… is not long enough to tell" {
		t.Errorf("a start shorter than MinLength must stay: %q", got)
	}
}
