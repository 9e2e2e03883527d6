package selftest_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/refadapter"
	"github.com/payconform/payconform/harness/report"
)

// candidateDefects names, for each mutant candidate, the defect each requirement it trips must
// name: a failure that blames the wrong defect teaches the vendor the wrong fix. Written here,
// from what each mutant does (refadapter and each provider's adapter), not read from the checks:
// a check that names another class fails the mutant-candidate test. The correct but unusual
// clients (Benign) trip nothing and name nothing.
var candidateDefects = map[string]map[string]string{
	refadapter.WrongPath:          {"IYZ-CERT-02": "CLIENT_WRONG_ROUTE", "PNT-CERT-01": "CLIENT_WRONG_ROUTE", "PWL-CERT-01": "CLIENT_WRONG_ROUTE"},
	refadapter.EnvelopeAsSuccess:  {"IYZ-CERT-08": "CLIENT_FAULT_AS_SUCCESS", "PNT-CERT-05": "CLIENT_FAULT_AS_SUCCESS", "PWL-CERT-05": "CLIENT_FAULT_AS_SUCCESS"},
	refadapter.ErrorCodeLost:      {"IYZ-CERT-08": "CLIENT_ERROR_CODE_LOST", "PNT-CERT-05": "CLIENT_ERROR_CODE_LOST", "PWL-CERT-05": "CLIENT_ERROR_CODE_LOST"},
	refadapter.ServerErrorSuccess: {"IYZ-CERT-09": "CLIENT_FAULT_AS_SUCCESS", "PNT-CERT-06": "CLIENT_FAULT_AS_SUCCESS", "PWL-CERT-06": "CLIENT_FAULT_AS_SUCCESS"},
	refadapter.MalformedSuccess:   {"IYZ-CERT-10": "CLIENT_FAULT_AS_SUCCESS", "PNT-CERT-07": "CLIENT_FAULT_AS_SUCCESS", "PWL-CERT-07": "CLIENT_FAULT_AS_SUCCESS"},
	refadapter.IgnoreContentType:  {"IYZ-CERT-11": "CLIENT_CONTENT_TYPE_IGNORED", "PNT-CERT-08": "CLIENT_CONTENT_TYPE_IGNORED", "PWL-CERT-08": "CLIENT_CONTENT_TYPE_IGNORED"},
	refadapter.DropOutputField:    {"IYZ-CERT-07": "CLIENT_OUTPUT_MISMATCH", "PNT-CERT-04": "CLIENT_OUTPUT_MISMATCH", "PWL-CERT-04": "CLIENT_OUTPUT_MISMATCH"},
	// iyzico's failure envelope comes on HTTP 200 too: trusting the status takes it for a success.
	refadapter.StatusTrusted: {"IYZ-CERT-08": "CLIENT_FAULT_AS_SUCCESS", "PNT-CERT-09": "CLIENT_STATUS_TRUSTED", "PWL-CERT-09": "CLIENT_STATUS_TRUSTED"},
	refadapter.RetryRefused:  {"IYZ-CERT-12": "CLIENT_REPEATS_REFUSED", "PNT-CERT-10": "CLIENT_REPEATS_REFUSED", "PWL-CERT-10": "CLIENT_REPEATS_REFUSED"},

	"iyzico-body-reserialised": {"IYZ-CERT-03": "BODY_RESERIALISED"},
	"iyzico-drop-locale":       {"IYZ-CERT-04": "CLIENT_BODY_MISMATCH"},
	"iyzico-escaped-non-ascii": {"IYZ-CERT-01": "NON_ASCII_ESCAPED", "IYZ-CERT-03": "NON_ASCII_ESCAPED"},
	"iyzico-no-content-type":   {"IYZ-CERT-13": "WRONG_CONTENT_TYPE"},
	"iyzico-null-optional":     {},
	"iyzico-path-not-signed":   {"IYZ-CERT-01": "PATH_NOT_SIGNED", "IYZ-CERT-03": "PATH_NOT_SIGNED"},
	"iyzico-random-key-reused": {"IYZ-CERT-05": "RANDOM_KEY_REUSED"},
	"iyzico-rnd-mismatch":      {"IYZ-CERT-06": "RND_MISMATCH"},
	"iyzico-scheme-spelled":    {"IYZ-CERT-14": "SCHEME_SPELLING"},
	"iyzico-state-kept":        {"IYZ-CERT-04": "CLIENT_STATE_KEPT"},
	"iyzico-token-reordered":   {"IYZ-CERT-01": "TOKEN_LAYOUT", "IYZ-CERT-03": "TOKEN_LAYOUT"},
	"iyzico-uppercase-hex":     {"IYZ-CERT-01": "UPPERCASE_HEX", "IYZ-CERT-03": "UPPERCASE_HEX"},
	"iyzico-urlsafe-base64":    {"IYZ-CERT-01": "URLSAFE_BASE64"},

	"paynet-basic-base64":      {"PNT-CERT-11": "BASIC_BASE64"},
	"paynet-bearer":            {"PNT-CERT-02": "BEARER_SCHEME"},
	"paynet-no-paynetmobile":   {"PNT-CERT-01": "MISSING_PAYNETMOBILE"},
	"paynet-numeric-ids":       {"PNT-CERT-03": "NUMERIC_ID"},
	"paynet-scheme-lower-case": {"PNT-CERT-11": "BASIC_SPELLING"},
	"paynet-scheme-two-spaces": {"PNT-CERT-11": "BASIC_SPELLING"},

	"paywall-no-content-type": {"PWL-CERT-11": "WRONG_CONTENT_TYPE"},
	"paywall-null-optional":   {},
	"paywall-omitempty":       {"PWL-CERT-03": "OMITEMPTY_FALSE"},
	"paywall-state-kept":      {"PWL-CERT-03": "CLIENT_STATE_KEPT"},
	"paywall-swapped-headers": {"PWL-CERT-02": "SWAPPED_HEADERS"},
}

// defectMark is how a finding names its defect (verdict.Defect.String): "... [defect:CLASS]".
var defectMark = regexp.MustCompile(`\[defect:([A-Z][A-Z0-9_]*)\]`)

// names checks that every requirement in want failed or warned naming its class, and that no
// requirement it lists was tripped without one.
func names(t *testing.T, who string, s report.Summary, want map[string]string) {
	t.Helper()
	named := map[string][]string{}
	for _, sp := range s.Specs {
		if sp.Outcome != report.Failed && sp.Outcome != report.Warned {
			continue
		}
		for _, m := range sp.Messages {
			for _, c := range defectMark.FindAllStringSubmatch(m, -1) {
				if !slices.Contains(named[sp.Requirement], c[1]) {
					named[sp.Requirement] = append(named[sp.Requirement], c[1])
				}
			}
		}
	}
	for id, class := range want {
		if !slices.Contains(named[id], class) {
			t.Errorf("%s should trip %s naming the defect %s; it named [%s]", who, id, class, strings.Join(named[id], " "))
		}
	}
}

// Every mutant candidate names the defects it must show, and each one it lists trips a
// requirement the candidate lists in Kills or Warns.
func TestEveryCandidateMutantNamesItsDefects(t *testing.T) {
	for _, d := range refadapter.Defects() {
		want, ok := candidateDefects[d.Name]
		if !ok {
			t.Errorf("mutant candidate %s (%s): add the defect each requirement it trips must name to candidateDefects", d.Name, d.Description)
			continue
		}
		for id := range want {
			if !slices.Contains(d.Kills, id) && !slices.Contains(d.Warns, id) {
				t.Errorf("mutant candidate %s: candidateDefects names %s, which it neither kills nor warns on", d.Name, id)
			}
		}
		for _, id := range append(slices.Clone(d.Kills), d.Warns...) {
			if _, ok := want[id]; !ok {
				t.Errorf("mutant candidate %s trips %s, but candidateDefects names no defect for it", d.Name, id)
			}
		}
	}
}
