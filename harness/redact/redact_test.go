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
