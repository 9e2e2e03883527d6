package report

import (
	"testing"
)

func TestOperationStatusFollowsTheResults(t *testing.T) {
	for _, tc := range []struct {
		name    string
		results []RequirementResult
		want    string
	}{
		{"all passed", []RequirementResult{{Operation: "op", Cases: 2, Passed: 2}}, OpCertified},
		{"warned counts as judged", []RequirementResult{{Operation: "op", Cases: 1, Warned: 1}}, OpCertified},
		{"every case declined, though offered", []RequirementResult{{Operation: "op", Cases: 2, Unsupported: 2}, {Operation: "op", Cases: 1, Unsupported: 1}}, OpDeclinedOffered},
		{"one case declined, one failed", []RequirementResult{{Operation: "op", Cases: 2, Unsupported: 1, Failed: 1}}, OpFailed},
		{"one case declined, the others passed", []RequirementResult{{Operation: "op", Cases: 3, Unsupported: 1, Passed: 2}}, OpFailed},
		{"a failure", []RequirementResult{{Operation: "op", Cases: 2, Passed: 1, Failed: 1}}, OpFailed},
		{"a case not run", []RequirementResult{{Operation: "op", Cases: 2, Passed: 1, NotRun: 1}}, OpIncomplete},
		{"only skipped", []RequirementResult{{Operation: "op", Cases: 2, Skipped: 2}}, OpNotRun},
		{"nothing", nil, OpNotRun},
		{"another operation's results", []RequirementResult{{Operation: "other", Cases: 1, Passed: 1}}, OpNotRun},
	} {
		if got := OperationStatus(tc.results, "op", true); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

// What describe offers decides what can be certified: an operation offered and then declined in
// every case is failed (redteam 09: a defective operation hidden behind "unsupported"), one not
// offered is never certified, whatever its cases said.
func TestOperationStatusFollowsWhatDescribeOffers(t *testing.T) {
	declined := []RequirementResult{{Operation: "op", Cases: 2, Unsupported: 2}}
	passed := []RequirementResult{{Operation: "op", Cases: 2, Passed: 2}}
	failed := []RequirementResult{{Operation: "op", Cases: 2, Passed: 1, Failed: 1}}
	for _, tc := range []struct {
		name    string
		results []RequirementResult
		offered bool
		want    string
	}{
		{"offered, every case declined", declined, true, OpDeclinedOffered},
		{"not offered, every case declined", declined, false, OpUnsupported},
		{"offered, every case passed", passed, true, OpCertified},
		{"not offered, every case passed", passed, false, OpNotOffered},
		{"not offered, a case failed", failed, false, OpFailed},
	} {
		if got := OperationStatus(tc.results, "op", tc.offered); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestVerdict(t *testing.T) {
	ok := func() Certificate {
		c := Certificate{Results: []RequirementResult{
			{ID: "IYZ-CERT-01", Level: "MUST", Operation: "a", Cases: 1, Passed: 1},
			{ID: "IYZ-CERT-02", Level: "SHOULD", Operation: "b", Cases: 1, Unsupported: 1},
		}, Operations: []OperationResult{{Operation: "a", Status: OpCertified}, {Operation: "b", Status: OpUnsupported}}}
		c.Candidate.Description.Operations = []string{"a"}
		for i := range c.Results {
			c.Results[i].Status = c.Results[i].status()
		}
		return c
	}
	if certified, why := Verdict(ok()); !certified {
		t.Fatalf("a consistent certificate does not certify: %s", why)
	}
	for name, edit := range map[string]func(c *Certificate){
		"describe failed":            func(c *Certificate) { c.Candidate.Error = "x" },
		"a MUST failed":              func(c *Certificate) { c.Results[0].Failed, c.Results[0].Passed, c.Results[0].Status = 1, 0, "fail" },
		"counts that do not add up":  func(c *Certificate) { c.Results[0].Cases = 5 },
		"a status its counts deny":   func(c *Certificate) { c.Results[0].Status = "warn" },
		"an operation's status lies": func(c *Certificate) { c.Operations[1].Status = OpCertified },
		"an operation listed twice":  func(c *Certificate) { c.Operations = append(c.Operations, c.Operations[0]) },
		"a result of no listed op":   func(c *Certificate) { c.Operations = c.Operations[:1] },
		"nothing certified":          func(c *Certificate) { c.Results = c.Results[1:]; c.Operations = c.Operations[1:] },
		"the declined operation is offered": func(c *Certificate) {
			c.Candidate.Description.Operations = append(c.Candidate.Description.Operations, "b")
		},
		"the certified operation is not offered": func(c *Certificate) { c.Candidate.Description.Operations = nil },
		// redteam 32: re-signed with the key, each contradicts itself.
		"a negative count": func(c *Certificate) {
			c.Results[0].Cases, c.Results[0].Passed, c.Results[0].Failed = 1, 2, -1
		},
		"failures kept": func(c *Certificate) {
			c.Failures = append(c.Failures, FailedCase{Requirement: "IYZ-CERT-01", Case: "x"})
		},
		"an operation not run": func(c *Certificate) {
			c.Operations = append(c.Operations, OperationResult{Operation: "c", Status: OpNotRun})
		},
	} {
		c := ok()
		edit(&c)
		if certified, _ := Verdict(c); certified {
			t.Errorf("%s: certified", name)
		}
	}
}
