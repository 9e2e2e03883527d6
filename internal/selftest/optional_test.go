package selftest_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/report"
)

// A check that needs a second merchant, agent or user is not judged when the target names none,
// and says which variables would judge it; it never passes. With them set, it is judged.
func TestChecksThatNeedASecondOneAreNotJudgedWithoutIt(t *testing.T) {
	cfg := mock.Config{}
	cfg.Generate()
	srv, err := mock.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	needs := map[string][]string{
		"IYZ-AUTH-15":      {iyzico.EnvSecondAPIKey, iyzico.EnvSecondSecretKey},
		"PNT-INVARIANT-06": {paynet.EnvSecondAgentID, paynet.EnvSecondUserID},
	}
	for _, suite := range []string{"iyzico", "paynet"} {
		for _, optional := range []bool{false, true} {
			env := map[string]string{"PAYCONFORM_TARGET": "custom"}
			for k, v := range cfg.Vars(ts.URL) {
				env[k] = v
			}
			if !optional {
				for _, vars := range needs {
					for _, v := range vars {
						delete(env, v)
					}
				}
			}
			s := runSuiteOn(t, suite, "", env)
			for _, sp := range s.Specs {
				vars, needsOne := needs[sp.Requirement]
				msg := strings.Join(sp.Messages, " ")
				switch {
				case !needsOne || optional:
					if sp.Outcome == report.Failed || (needsOne && sp.Outcome != report.Passed) {
						t.Errorf("%s: %s %v", sp.Name, sp.Outcome, sp.Messages)
					}
				case sp.Outcome != report.Skipped || !strings.Contains(msg, "not judged"):
					t.Errorf("%s without its optional variables: %s %q; want not judged", sp.Name, sp.Outcome, msg)
				default:
					// IYZ-AUTH-15 needs both of its variables; each PNT-INVARIANT-06 entry needs one.
					named := 0
					for _, v := range vars {
						if strings.Contains(msg, v) {
							named++
						}
					}
					if named == 0 || (sp.Requirement == "IYZ-AUTH-15" && named != len(vars)) {
						t.Errorf("%s: %q does not name the variables %v that would judge it", sp.Name, msg, vars)
					}
				}
			}
		}
	}
}
