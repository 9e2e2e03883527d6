package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/contracts"
	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/verdict"
	"github.com/payconform/payconform/harness/version"
	"github.com/payconform/payconform/vectors"
)

// Certificate is the result of certifying a client: what it is, what judged it, and how each
// operation and requirement fared.
type Certificate struct {
	Protocol  string                 `json:"protocol"`
	Candidate entry.DescriptionEntry `json:"candidate"`
	// Subject identifies the client under test beyond what its adapter says of itself.
	Subject Subject `json:"subject"`
	Harness Harness `json:"harness"`
	// Isolation says how the adapter was kept from the harness and the network.
	Isolation  Isolation           `json:"isolation"`
	Time       time.Time           `json:"time"`
	Certified  bool                `json:"certified"`
	Operations []OperationResult   `json:"operations"`
	Results    []RequirementResult `json:"requirements"`
	Warnings   []string            `json:"warnings"`
	Failures   []FailedCase        `json:"failures"`
}

// Harness identifies what judged the client, so that a certificate can be reproduced: the
// build (read before the adapter first ran), the ref a workflow pinned, and the digests of the
// vectors and contracts.
type Harness struct {
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
	// Dirty reports uncommitted changes in the harness's tree when it was built.
	Dirty           bool   `json:"dirty"`
	Ref             string `json:"ref,omitempty"`
	VectorsSHA256   string `json:"vectorsSha256"`
	ContractsSHA256 string `json:"contractsSha256"`
}

// Subject is the client under test: the adapter's command line, its digest, and the git
// commit of the adapter's directory when it is a checkout.
type Subject struct {
	Command       string `json:"command"`
	CommandSHA256 string `json:"commandSha256"`
	GitCommit     string `json:"gitCommit,omitempty"`
}

// Isolation records how the adapter ran.
type Isolation struct {
	// Network is "loopback only (network namespace)" or "none", with the reason.
	Network string `json:"network"`
	// Environment lists what the adapter's environment held.
	Environment string `json:"environment"`
	// WorkDir says where the adapter ran.
	WorkDir string `json:"workDir"`
}

// OperationResult is one operation's status: certified, failed or unsupported.
type OperationResult struct {
	Operation string `json:"operation"`
	Status    string `json:"status"`
}

// RequirementResult is one requirement's status over its cases: pass, fail, warn or skip.
type RequirementResult struct {
	ID        string `json:"id"`
	Level     string `json:"level"`
	Operation string `json:"operation"`
	Status    string `json:"status"`
	Cases     int    `json:"cases"`
	Failed    int    `json:"failed"`
}

// FailedCase is a case that failed a requirement, with the candidate's stderr (redacted).
type FailedCase struct {
	Requirement string   `json:"requirement"`
	Case        string   `json:"case"`
	Messages    []string `json:"messages"`
	Stderr      string   `json:"stderr,omitempty"`
}

// IsCertification reports whether a run certified a client (the certify suite ran).
func IsCertification(reports []types.Report) bool {
	for _, r := range reports {
		for _, sr := range r.SpecReports {
			if hasEntry(sr, entry.Description) {
				return true
			}
		}
	}
	return false
}

// NewCertificate judges a certification run.
func NewCertificate(reports []types.Report, now time.Time) Certificate {
	c := Certificate{Protocol: candidate.Protocol, Time: now.UTC(), Harness: HarnessIdentity(""), Warnings: []string{}, Failures: []FailedCase{},
		Isolation: Isolation{Network: "unknown", Environment: "unknown", WorkDir: "unknown"}}
	results := map[string]*RequirementResult{}
	opStatus := map[string]map[string]int{}
	for _, r := range reports {
		for _, sr := range r.SpecReports {
			for _, e := range sr.ReportEntries {
				if e.Name == entry.Description {
					_ = json.Unmarshal([]byte(e.Value.AsJSON), &c.Candidate)
				}
			}
			if sr.LeafNodeType != types.NodeTypeIt || len(sr.ContainerHierarchyTexts) == 0 {
				continue
			}
			id := firstID(sr)
			req, ok := verdict.Lookup(id)
			if !ok {
				continue
			}
			op := sr.ContainerHierarchyTexts[0]
			res := results[id]
			if res == nil {
				res = &RequirementResult{ID: id, Level: string(req.Level), Operation: op, Status: "pass"}
				results[id] = res
			}
			if opStatus[op] == nil {
				opStatus[op] = map[string]int{}
			}
			res.Cases++
			switch {
			case sr.State == types.SpecStateSkipped && strings.HasPrefix(sr.Failure.Message, entry.UnsupportedPrefix):
				res.Status = "unsupported"
				opStatus[op]["unsupported"]++
			case sr.State == types.SpecStateSkipped && strings.HasPrefix(sr.Failure.Message, "not run:"):
				res.Status = "not run"
				opStatus[op]["notrun"]++
			case sr.State == types.SpecStateSkipped:
				if res.Status == "pass" {
					res.Status = "skip"
				}
				opStatus[op]["skip"]++
			case sr.State.Is(types.SpecStateFailureStates):
				res.Failed++
				res.Status = "fail"
				opStatus[op]["fail"]++
				fc := FailedCase{Requirement: id, Case: sr.LeafNodeText, Messages: strings.Split(sr.Failure.Message, "\n")}
				fc.Stderr = entryValue(sr, entry.Stderr)
				c.Failures = append(c.Failures, fc)
			case hasEntry(sr, entry.Warning):
				if res.Status == "pass" {
					res.Status = "warn"
				}
				opStatus[op]["warn"]++
				c.Warnings = append(c.Warnings, entryValues(sr, entry.Warning)...)
			default:
				opStatus[op]["pass"]++
			}
		}
	}
	for _, op := range candidate.Operations() {
		st := opStatus[op]
		status := "certified"
		switch {
		case st == nil:
			status = "not run"
		case st["unsupported"] > 0:
			status = "unsupported"
		case st["fail"] > 0:
			status = "failed"
		case st["notrun"] > 0:
			status = "incomplete"
		case st["pass"]+st["warn"] == 0:
			status = "not run"
		}
		c.Operations = append(c.Operations, OperationResult{Operation: op, Status: status})
	}
	for _, r := range results {
		c.Results = append(c.Results, *r)
	}
	slices.SortFunc(c.Results, func(a, b RequirementResult) int { return strings.Compare(a.ID, b.ID) })
	c.Certified = c.Candidate.Error == "" && !slices.ContainsFunc(c.Operations, func(o OperationResult) bool {
		return o.Status == "failed" || o.Status == "not run" || o.Status == "incomplete"
	}) &&
		slices.ContainsFunc(c.Operations, func(o OperationResult) bool { return o.Status == "certified" })
	return c
}

// JSON is certificate.json.
func (c Certificate) JSON() []byte {
	b, _ := json.MarshalIndent(c, "", "  ")
	return append(b, '\n')
}

// Markdown is certificate.md.
func (c Certificate) Markdown() []byte {
	var b strings.Builder
	verdictLine := "**Not certified.**"
	if c.Certified {
		verdictLine = "**Certified** for the operations marked certified below."
	}
	d := c.Candidate.Description
	fmt.Fprintf(&b, "# payconform certificate\n\n%s\n\n", verdictLine)
	fmt.Fprintf(&b, "| | |\n|---|---|\n| Client | %s %s (%s) |\n| Operations it offers | %s |\n", md(d.Name), md(d.Version), md(d.Language), md(strings.Join(d.Operations, ", ")))
	if c.Candidate.Error != "" {
		fmt.Fprintf(&b, "| describe failed | %s |\n", md(c.Candidate.Error))
	}
	fmt.Fprintf(&b, "| Adapter command | `%s` (SHA-256 `%s`) |\n", md(c.Subject.Command), c.Subject.CommandSHA256)
	if c.Subject.GitCommit != "" {
		fmt.Fprintf(&b, "| Adapter checkout | commit `%s` |\n", c.Subject.GitCommit)
	}
	harness := c.Harness.Version
	if c.Harness.Ref != "" {
		harness += ", ref " + c.Harness.Ref
	}
	fmt.Fprintf(&b, "| Protocol | %s |\n| Harness | %s |\n| vectors/ SHA-256 | `%s` |\n| contracts/ SHA-256 | `%s` |\n| Time | %s |\n",
		c.Protocol, md(harness), c.Harness.VectorsSHA256, c.Harness.ContractsSHA256, c.Time.Format(time.RFC3339))
	fmt.Fprintf(&b, "| Network | %s |\n| Environment | %s |\n| Working directory | %s |\n", md(c.Isolation.Network), md(c.Isolation.Environment), md(c.Isolation.WorkDir))
	b.WriteString("\n## Operations\n\n| Operation | Status |\n|---|---|\n")
	for _, o := range c.Operations {
		fmt.Fprintf(&b, "| %s | %s |\n", o.Operation, o.Status)
	}
	b.WriteString("\n## Requirements\n\n| ID | Level | Operation | Status | Cases | Failed |\n|---|---|---|---|---|---|\n")
	for _, r := range c.Results {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %d | %d |\n", r.ID, r.Level, r.Operation, r.Status, r.Cases, r.Failed)
	}
	if len(c.Warnings) > 0 {
		b.WriteString("\n## Warnings\n\n")
		for _, w := range c.Warnings {
			fmt.Fprintf(&b, "- %s\n", md(w))
		}
	}
	if len(c.Failures) > 0 {
		b.WriteString("\n## Failures\n")
		for _, f := range c.Failures {
			fmt.Fprintf(&b, "\n### %s, %s\n\n", f.Requirement, md(f.Case))
			for _, m := range f.Messages {
				fmt.Fprintf(&b, "- %s\n", md(m))
			}
			if f.Stderr != "" {
				fmt.Fprintf(&b, "\nThe candidate's stderr (redacted):\n\n```\n%s\n```\n", strings.ReplaceAll(f.Stderr, "```", "'''"))
			}
		}
	}
	return []byte(b.String())
}

func md(s string) string { return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s) }

// HarnessIdentity is the running binary's build (module, commit, whether its tree was dirty),
// the ref a workflow pinned (PAYCONFORM_REF), and the digests of the vectors and contracts it
// judges with. It reads nothing a candidate could have changed: call it before the first
// adapter process starts.
func HarnessIdentity(ref string) Harness {
	v := version.Read()
	return Harness{Version: v.Short(), Revision: v.Revision, Dirty: v.Dirty, Ref: ref,
		VectorsSHA256: DigestFS(vectors.FS), ContractsSHA256: DigestFS(contracts.FS)}
}

// DigestFS is SHA-256 over every file of fsys, in path order, each as its path, a NUL, its
// length and its bytes: the same files give the same digest on any machine.
func DigestFS(fsys fs.FS) string {
	var paths []string
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, p)
		}
		return nil
	})
	slices.Sort(paths)
	h := sha256.New()
	for _, p := range paths {
		data, _ := fs.ReadFile(fsys, p)
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))
}
