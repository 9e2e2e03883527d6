package redact_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/redact"
)

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
	if strings.Contains(out, secret) || strings.Contains(out, base64.StdEncoding.EncodeToString([]byte(secret+":"))) || strings.Contains(out, base64.RawURLEncoding.EncodeToString([]byte(secret))) {
		t.Errorf("a secret form survived:\n%s", out)
	}
	if !strings.Contains(out, "abc is too short") || strings.Count(out, redact.Mask) != 3 {
		t.Errorf("unexpected masking:\n%s", out)
	}
}

// Every form Forms names is masked, for secrets with the characters that encodings change.
func TestMasksEveryForm(t *testing.T) {
	for _, secret := range []string{"sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW", "pk_ünïcode&key=1", "plain-secret-123"} {
		r := redact.New(secret)
		for _, f := range redact.Forms(secret) {
			text := "before " + f.Text + " after"
			if out := r.String(text); strings.Contains(out, f.Text) || !strings.Contains(out, redact.Mask) {
				t.Errorf("%s (%s): %q", secret, f.Name, out)
			}
			if got, ok := redact.Find(text, secret); !ok || got.Text == "" {
				t.Errorf("Find missed the %s form of %s", f.Name, secret)
			}
		}
	}
	if _, ok := redact.Find("nothing here", "plain-secret-123"); ok {
		t.Error("Find found a secret in a clean text")
	}
}

// A long secret one character short, or in another case, is masked too: the harness's own
// probes send those, and a target may echo them.
func TestNearMissesAreMasked(t *testing.T) {
	const secret = "sck_Secret-Value-0042"
	r := redact.New(secret)
	for _, near := range []string{secret[:len(secret)-1], "SCK_SECRET-VALUE-0042", "sck_secret-value-0042", "SCK_sECRET-vALUE-0042"} {
		if got := r.String("echo: " + near + "."); strings.Contains(got, near) {
			t.Errorf("%q is not masked: %q", near, got)
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
	for _, clipped := range []string{"Message (apikeypublic=" + secret[:19] + "…", "x " + secret[:7] + "… and more"} {
		got := r.String(clipped)
		if strings.Contains(got, secret[:7]) || !strings.Contains(got, redact.Mask+"…") {
			t.Errorf("%q redacted to %q", clipped, got)
		}
	}
	if got := r.String("pk_LE… is not long enough to tell"); got != "pk_LE… is not long enough to tell" {
		t.Errorf("a start shorter than MinLength must stay: %q", got)
	}
}
