// Package redactattack holds, as a test, the attacks a red team wrote on harness/redact from
// the README alone: encodings of realistic provider secrets at random offsets of log text. A
// leak fails the encoding's subtest; the encodings the README does not promise are listed with
// the reason and skipped saying so.
package redactattack
