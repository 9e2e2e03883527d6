package redactattack_test

// notPromised are the red team's encodings the README's promise (No secret reaches a report)
// leaves out, each with why. Every other encoding must be masked.
var notPromised = map[string]string{
	// Transformations chosen to hide a secret, not ways a program prints one: a party that
	// holds the secret and wants it out can always do this, and redaction is the defence
	// against a secret echoed by accident.
	"reversed":                                       "a deliberate transformation, not an encoding",
	"ROT13":                                          "a deliberate transformation, not an encoding",
	"ROT47":                                          "a deliberate transformation, not an encoding",
	"halves in reverse order":                        "the secret cut in pieces and reordered",
	"halves in a JSON array":                         "the secret cut in pieces",
	"JS string concatenation \"a\" + \"b\"":          "the secret cut in pieces",
	"split by a space":                               "the secret cut in pieces",
	"split across two log lines":                     "the secret cut in pieces with other text between them",
	"XML CDATA split":                                "the secret cut in pieces with markup between them",
	"HTML comment in the middle":                     "the secret cut in pieces with markup between them",
	"HTML <wbr> in the middle":                       "the secret cut in pieces with markup between them",
	"base64 in groups of 4 separated by spaces":      "an encoding cut in pieces",
	"MIME encoded-words B, split in two":             "two encoded texts, each holding part of the secret",
	"Cyrillic homoglyphs":                            "other characters that look like the secret's",
	"gzip + base64":                                  "compressed: no form of the secret's bytes is left",
	"zlib + base64":                                  "compressed: no form of the secret's bytes is left",
	"ascii85 (Python a85encode, PostScript)":         "a radix the README does not list (base64, base32 and hex are)",
	"base58 (Bitcoin alphabet)":                      "a radix the README does not list (base64, base32 and hex are)",
	"uuencode":                                       "a radix the README does not list (base64, base32 and hex are)",
	"big-endian integer in decimal (int.from_bytes)": "the secret's bytes as one number",
	"od -c": "od's character dump (offsets in octal, non-ASCII as octal): xxd and hexdump -C are read",
	// Near forms beyond the README's: one character short or replaced, for 12 bytes or more.
	"two characters short (first two dropped)":  "two characters apart: near forms are one character apart",
	"two characters short (last two dropped)":   "two characters apart: near forms are one character apart",
	"two characters replaced":                   "two characters apart: near forms are one character apart",
	"two adjacent characters transposed":        "two characters apart: near forms are one character apart",
	"one character inserted":                    "near forms are one character short or replaced, not longer",
	"secret one character short (last dropped)": "near forms are promised for secrets of 12 bytes or more (redact.NearLength); the red team's 9-byte secret is shorter",
	"secret one character replaced":             "near forms are promised for secrets of 12 bytes or more (redact.NearLength); the red team's 9-byte secret is shorter",
	// Depth.
	"JSON string quoted 4 times": "four JSON quotings are eight backslashes an escape: decoding stops four encodings deep, and each quoting of a quoting is one",
	// Code points past the Basic Multilingual Plane as two UTF-16 surrogates.
	"JS String.fromCharCode(115,97,...)": "a code point list with surrogate pairs (a character outside the BMP) is not joined; one without is read",
}
