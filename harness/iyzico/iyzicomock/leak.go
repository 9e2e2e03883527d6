package iyzicomock

import (
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
func leaked(secret string) string {
	var escaped, refs strings.Builder
	for _, r := range secret {
		fmt.Fprintf(&escaped, `\u%04X`, r)
		fmt.Fprintf(&refs, "&#%d;", r)
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
	}, "; ")
}
