// Package fuzzsmoke lists every fuzz target of the repository, and its test runs each for a
// short while: `make test` runs them for FUZZTIME (default 3000 executions) each, `make fuzz` for longer, and
// `go test -short` skips them. A test keeps the list equal to the Fuzz functions in the tree.
package fuzzsmoke

import "strings"

// Target is one fuzz function and the package that holds it.
type Target struct {
	Pkg  string // relative to the module root
	Name string
	// Parses says what input the target feeds.
	Parses string
	// Smoke, when set, is the smoke run's count for a target whose every execution is heavy
	// (FuzzString writes each of the oracle's 70 forms into the text and redacts each).
	Smoke string
}

// Targets are every fuzz target, each seeded from the vectors or the fixtures it parses.
var Targets = []Target{
	{"harness/iyzico", "FuzzVerify", "the IYZWSv2 Authorization header, target and body (the verifier)", ""},
	{"harness/iyzico/iyzicomock", "FuzzBinCheckBody", "bin/check request bodies (the mock's iyzico route)", ""},
	{"harness/iyzico/conform", "FuzzAnswers", "a target's bin/check answers (every check the suite makes)", ""},
	{"harness/paynet", "FuzzVerify", "Paynet's Authorization header (the raw-key check)", ""},
	{"harness/paynet/paynetmock", "FuzzGetAuthKeyBody", "get_auth_key request bodies (the mock's Paynet route)", ""},
	{"harness/paynet/paynetmock", "FuzzAllowList", "the Paynet allow-list (environment and admin API)", ""},
	{"harness/paynet/conform", "FuzzAnswers", "a target's get_auth_key answers", ""},
	{"harness/paywall/paywallmock", "FuzzTempTokenBody", "temptoken/sdk request bodies (the mock's Paywall route)", ""},
	{"harness/paywall/paywallmock", "FuzzCredentialHeaders", "apikeypublic and apiclientpublic values", ""},
	{"harness/paywall/conform", "FuzzAnswers", "a target's temptoken answers", ""},
	{"harness/mock", "FuzzAdminBodies", "the admin API's request bodies", ""},
	{"harness/vectorset", "FuzzVectorFile", "vector files", ""},
	{"harness/candidate", "FuzzAnswer", "a candidate adapter's stdout (the protocol answer)", ""},
	{"harness/report", "FuzzDeviations", "known-deviations.yaml", ""},
	{"harness/redact", "FuzzString", "a secret and any text (the secret detector and masker)", "500x"},
	{"harness/shape", "FuzzOf", "a target's answers, read for the run history's shapes", ""},
	{"harness/judge", "FuzzRouteCandidates", "a header value the hosted judge's mock front routes by (credentials, base64 tokens)", ""},
	{"harness/judge", "FuzzStoredAnswer", "an answer a vendor posts to the hosted judge, as grading reads it", ""},
	{"harness/translog", "FuzzOpenCheckpoint", "a log checkpoint as a judge or a mirror serves it (note, origin, size, root, signed time)", ""},
}

// DeadlineRace reports whether a failed `go test -fuzz` printed nothing but Go 1.26's fuzz
// coordinator race at the end of a duration -fuzztime (golang/go#75804): the target's FAIL
// line followed only by "context deadline exceeded", and no failing input written. Any other
// line under the FAIL (a t.Error, a panic, a hang) is a real failure.
func DeadlineRace(out []byte) bool {
	text := string(out)
	if strings.Contains(text, "Failing input written") {
		return false
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, "--- FAIL: Fuzz") {
			continue
		}
		var under []string
		for _, u := range lines[i+1:] {
			if !strings.HasPrefix(u, " ") && !strings.HasPrefix(u, "\t") {
				break
			}
			if strings.TrimSpace(u) != "" {
				under = append(under, strings.TrimSpace(u))
			}
		}
		return len(under) == 1 && under[0] == "context deadline exceeded"
	}
	return false
}
