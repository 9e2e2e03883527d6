package iyzicomock

import (
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"strings"
)

// leaked is what the iyzico-echo-secret mutant writes into its refusals: the secret key as is,
// and inside longer encoded texts, as careless servers write it. The base64 of the HTTP Basic
// pair "key:secret" at each of the three byte offsets the secret may sit at, a JWT whose
// payload holds it, its characters as JSON \u escapes (as .NET writes "+") and as HTML
// references: a redaction that misses one leaks the secret into every report that quotes the
// refusal.
//
// And as a client's or a server's own language prints it: base64 wrapped at 76 columns (GNU
// base64, MIME) with the secret across a line break, \x escapes (C, Go, Python bytes), a byte
// list (Go's fmt of a []byte), base32.
func leaked(secret string) string {
	var escaped, refs, cEscaped strings.Builder
	for _, r := range secret {
		fmt.Fprintf(&escaped, `\u%04X`, r)
		fmt.Fprintf(&refs, "&#%d;", r)
	}
	for _, c := range []byte(secret) {
		fmt.Fprintf(&cEscaped, `\x%02x`, c)
	}
	wrapped := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("header: value; ", 3) + "xxxxx" + secret))
	if len(wrapped) > 76 {
		wrapped = wrapped[:76] + "\n" + wrapped[76:]
	}
	seg := base64.RawURLEncoding.EncodeToString
	jwt := seg([]byte(`{"alg":"HS256"}`)) + "." + seg([]byte(`{"sub":"merchant","key":"`+escaped.String()+`"}`)) + ".c2lnbmF0dXJl"
	return strings.Join([]string{
		"secretKey " + secret,
		"Basic " + base64.StdEncoding.EncodeToString([]byte("k:"+secret)),
		"Basic " + base64.StdEncoding.EncodeToString([]byte("ke:"+secret)),
		"Basic " + base64.StdEncoding.EncodeToString([]byte("key:"+secret)),
		"token " + jwt,
		"escaped " + escaped.String(),
		"html " + refs.String(),
		"mime " + wrapped,
		"bytes " + cEscaped.String(),
		fmt.Sprint("list ", []byte(secret)),
		"base32 " + base32.StdEncoding.EncodeToString([]byte(secret)),
	}, "; ")
}
