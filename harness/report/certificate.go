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
	// Judge says who judged: "self-run" (payconform certify on the vendor's own machine) or
	// "hosted" (a payconform judge service).
	Judge string `json:"judge"`
	// Hosted says which judge service graded, whose session it was, and where the judge's log
	// holds this certificate; nil for a self-run certificate.
	Hosted  *HostedJudge `json:"hosted,omitempty"`
	Harness Harness      `json:"harness"`
	// Isolation says how the adapter was kept from the judge and the network.
	Isolation  Isolation           `json:"isolation"`
	Time       time.Time           `json:"time"`
	Certified  bool                `json:"certified"`
	Operations []OperationResult   `json:"operations"`
	Results    []RequirementResult `json:"requirements"`
	Warnings   []string            `json:"warnings"`
	Failures   []FailedCase        `json:"failures"`
}

// Judges.
const (
	SelfRun = "self-run"
	Hosted  = "hosted"
)

// HostedJudge is a hosted judge's part of a certificate: the judge's URL, the session, who opened
// it (an API token's name, or the claims of a GitHub Actions OIDC token the judge verified), and
// the certificate's index in the judge's transparency log, whose checkpoints the judge signs
// under LogOrigin.
type HostedJudge struct {
	URL       string    `json:"url"`
	Session   string    `json:"session"`
	Principal string    `json:"principal"`
	Claims    *Claims   `json:"claims,omitempty"`
	Opened    time.Time `json:"opened"`
	LogOrigin string    `json:"logOrigin"`
	LogIndex  uint64    `json:"logIndex"`
}

// Claims are the verified claims of the OIDC token that opened a session: the issuer and
// subject, and GitHub Actions' repository, commit, ref, workflow ref (job_workflow_ref), run and
// runner environment.
type Claims struct {
	Issuer            string `json:"issuer"`
	Subject           string `json:"subject"`
	Repository        string `json:"repository,omitempty"`
	SHA               string `json:"sha,omitempty"`
	Ref               string `json:"ref,omitempty"`
	WorkflowRef       string `json:"workflowRef,omitempty"`
	RunID             string `json:"runId,omitempty"`
	RunnerEnvironment string `json:"runnerEnvironment,omitempty"`
}

// Harness identifies what judged the client, so that a certificate can be reproduced: the
// build (read before the adapter first ran), the ref a workflow pinned, the digests of the
// vectors and contracts, and the digest of the certification suite binary that ran.
type Harness struct {
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
	// Dirty reports uncommitted changes in the harness's tree when it was built.
	Dirty           bool   `json:"dirty"`
	Ref             string `json:"ref,omitempty"`
	VectorsSHA256   string `json:"vectorsSha256"`
	ContractsSHA256 string `json:"contractsSha256"`
	SuiteSHA256     string `json:"suiteSha256,omitempty"`
}

// Subject is the code under test: the adapter's command line, the program it names, the
// content of the adapter's directory (for a git checkout, also its commit, whether it was dirty
// and a digest of the uncommitted changes), and, in GitHub Actions, the caller's repository and
// commit. Digest covers all of it: it is the in-toto subject's digest.
type Subject struct {
	Command       string      `json:"command"`
	CommandSHA256 string      `json:"commandSha256"`
	Executable    *FileDigest `json:"executable,omitempty"`
	Dir           *DirDigest  `json:"dir,omitempty"`
	Git           *Git        `json:"git,omitempty"`
	GitHub        *GitHub     `json:"github,omitempty"`
	Digest        string      `json:"digest"`
}

// FileDigest is one file's content digest.
type FileDigest struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// DirDigest is a directory's content digest (every file's path, mode and bytes, in path order;
// .git left out), with what it covered.
type DirDigest struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Files  int    `json:"files"`
	Bytes  int64  `json:"bytes"`
}

// Git is a checkout's state: its commit, whether the work tree differed from it, and a digest of
// the differences (git status, git diff HEAD, and every untracked file's content).
type Git struct {
	Commit        string `json:"commit"`
	Dirty         bool   `json:"dirty"`
	ChangesSHA256 string `json:"changesSha256,omitempty"`
}

// GitHub is the workflow run that certified, from GitHub Actions' variables: the calling
// repository and commit, the ref, the workflow, the run.
type GitHub struct {
	Repository  string `json:"repository"`
	Commit      string `json:"commit"`
	Ref         string `json:"ref,omitempty"`
	WorkflowRef string `json:"workflowRef,omitempty"`
	RunID       string `json:"runId,omitempty"`
}

// SubjectDigest is SHA-256 over a subject's fields but Digest, as canonical JSON: what the
// in-toto statement names, and what verify recomputes.
func SubjectDigest(s Subject) string {
	s.Digest = ""
	b, _ := json.Marshal(s)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Isolation records how the adapter ran.
type Isolation struct {
	// Isolated is true when every adapter process ran in a sandbox (docs/design.md, Threat
	// model); verify refuses a certificate made without one unless told otherwise.
	Isolated bool `json:"isolated"`
	// Sandbox lists the sandbox's walls, one line each, or says why there was none.
	Sandbox []string `json:"sandbox"`
	// Mode says how the cases ran: one process per case, or a session.
	Mode string `json:"mode,omitempty"`
	// Environment lists what the adapter's environment held.
	Environment string `json:"environment"`
	// WorkDir says where the adapter ran.
	WorkDir string `json:"workDir"`
}

// OperationResult is one operation's status: certified, failed, incomplete, not run or
// unsupported.
type OperationResult struct {
	Operation string `json:"operation"`
	Status    string `json:"status"`
}

// Operation statuses.
const (
	OpCertified   = "certified"
	OpFailed      = "failed"
	OpIncomplete  = "incomplete"
	OpNotRun      = "not run"
	OpUnsupported = "unsupported"
	// OpDeclinedOffered is an operation the adapter's describe offers and then declined in
	// every case: a failure, or an adapter could hide a defective operation behind
	// "unsupported" while its describe (and the certificate) claims it.
	OpDeclinedOffered = "failed: offered, then declined"
	// OpNotOffered is an operation the adapter's describe does not offer: never certified,
	// whatever its cases said, and no failure unless a MUST of it failed.
	OpNotOffered = "not offered"
)

// RequirementResult is one requirement's status over its cases (pass, fail, warn, skip, not run
// or unsupported), with how many cases ended each way.
type RequirementResult struct {
	ID          string `json:"id"`
	Level       string `json:"level"`
	Operation   string `json:"operation"`
	Status      string `json:"status"`
	Cases       int    `json:"cases"`
	Passed      int    `json:"passed"`
	Warned      int    `json:"warned"`
	Failed      int    `json:"failed"`
	Skipped     int    `json:"skipped"`
	NotRun      int    `json:"notRun"`
	Unsupported int    `json:"unsupported"`
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

// NewCertificate judges a certification run from the certify suite's Ginkgo reports: each spec
// of a requirement is one CaseResult, and Tally counts them.
func NewCertificate(reports []types.Report, now time.Time) Certificate {
	c := Certificate{Protocol: candidate.Protocol, Judge: SelfRun, Time: now.UTC(), Harness: HarnessIdentity(""),
		Isolation: Isolation{Sandbox: []string{"unknown"}, Environment: "unknown", WorkDir: "unknown"}}
	var cases []CaseResult
	for _, r := range reports {
		for _, sr := range r.SpecReports {
			for _, e := range sr.ReportEntries {
				switch e.Name {
				case entry.Description:
					_ = json.Unmarshal([]byte(e.Value.AsJSON), &c.Candidate)
				case entry.Isolation:
					_ = json.Unmarshal([]byte(e.Value.AsJSON), &c.Isolation)
				}
			}
			if sr.LeafNodeType != types.NodeTypeIt || len(sr.ContainerHierarchyTexts) == 0 {
				continue
			}
			cr := CaseResult{Requirement: firstID(sr), Operation: sr.ContainerHierarchyTexts[0], Case: sr.LeafNodeText}
			skipped, failed := sr.State == types.SpecStateSkipped, sr.State.Is(types.SpecStateFailureStates)
			cr.Outcome = ClassifyCase(skipped, failed, sr.Failure.Message, hasEntry(sr, entry.Warning))
			switch cr.Outcome {
			case CaseFailed:
				cr.Messages = strings.Split(sr.Failure.Message, "\n")
				cr.Stderr = entryValue(sr, entry.Stderr)
			case CaseWarned:
				cr.Warnings = entryValues(sr, entry.Warning)
			}
			cases = append(cases, cr)
		}
	}
	c.Tally(cases)
	return c
}

// CaseResult is one certification spec's outcome: one requirement judged on one case (or on
// every case of a check that judges them together). The certify suite's Ginkgo report holds
// one per spec, and a hosted judge grades one per spec with the same checks (certify.Grade);
// Tally counts them the same way for both.
type CaseResult struct {
	Requirement string
	Operation   string
	// Case is the spec's name: "<case id>: <title>", or the requirement's title.
	Case    string
	Outcome CaseOutcome
	// Messages are a failed case's findings; Warnings a warned case's; Stderr is the adapter's
	// stderr on a failed case, redacted.
	Messages []string
	Warnings []string
	Stderr   string
}

// CaseOutcome is how one spec ended.
type CaseOutcome string

// Case outcomes.
const (
	CasePassed      CaseOutcome = "passed"
	CaseWarned      CaseOutcome = "warned"
	CaseFailed      CaseOutcome = "failed"
	CaseSkipped     CaseOutcome = "skipped"
	CaseNotRun      CaseOutcome = "not run"
	CaseUnsupported CaseOutcome = "unsupported"
)

// ClassifyCase names a spec's outcome from how it ended: a skip whose reason declines the
// operation is unsupported, one that starts "not run:" was not run, any other skip is skipped;
// a failure failed; a pass with a warning warned.
func ClassifyCase(skipped, failed bool, reason string, warned bool) CaseOutcome {
	switch {
	case skipped && strings.HasPrefix(reason, entry.UnsupportedPrefix):
		return CaseUnsupported
	case skipped && strings.HasPrefix(reason, "not run:"):
		return CaseNotRun
	case skipped:
		return CaseSkipped
	case failed:
		return CaseFailed
	case warned:
		return CaseWarned
	}
	return CasePassed
}

// Tally fills the certificate's verdict from its cases, in order: each requirement's counts and
// status, the warnings and failed cases, each operation's status, and whether it certifies
// (Verdict). Results for requirements outside the catalogue are ignored.
func (c *Certificate) Tally(cases []CaseResult) {
	c.Warnings, c.Failures, c.Results, c.Operations = []string{}, []FailedCase{}, nil, nil
	results := map[string]*RequirementResult{}
	for _, cr := range cases {
		req, ok := verdict.Lookup(cr.Requirement)
		if !ok {
			continue
		}
		res := results[cr.Requirement]
		if res == nil {
			res = &RequirementResult{ID: cr.Requirement, Level: string(req.Level), Operation: cr.Operation}
			results[cr.Requirement] = res
		}
		res.Cases++
		switch cr.Outcome {
		case CaseUnsupported:
			res.Unsupported++
		case CaseNotRun:
			res.NotRun++
		case CaseSkipped:
			res.Skipped++
		case CaseFailed:
			res.Failed++
			c.Failures = append(c.Failures, FailedCase{Requirement: cr.Requirement, Case: cr.Case, Messages: cr.Messages, Stderr: cr.Stderr})
		case CaseWarned:
			res.Warned++
			c.Warnings = append(c.Warnings, cr.Warnings...)
		default:
			res.Passed++
		}
	}
	for _, r := range results {
		r.Status = r.status()
		c.Results = append(c.Results, *r)
	}
	slices.SortFunc(c.Results, func(a, b RequirementResult) int { return strings.Compare(a.ID, b.ID) })
	for _, op := range candidate.Operations() {
		status := OperationStatus(c.Results, op, c.Offers(op))
		c.Operations = append(c.Operations, OperationResult{Operation: op, Status: status})
		if status == OpDeclinedOffered {
			c.Failures = append(c.Failures, FailedCase{Requirement: "-", Case: op, Messages: []string{fmt.Sprintf(
				"the adapter's describe offers %s, then it answered unsupported in every case of it: an adapter offers what it supports, and an operation it offers is judged (drop it from describe's operations if the client does not support it)", op)}})
		}
		if status == OpFailed {
			if n, total := unsupportedCases(c.Results, op); n > 0 {
				c.Failures = append(c.Failures, FailedCase{Requirement: "-", Case: op, Messages: []string{fmt.Sprintf(
					"the adapter answered unsupported in %d of %d judged cases of %s, and otherwise in the others: an operation is supported or not; a partly declined operation is failed, not unsupported", n, total, op)}})
			}
		}
	}
	c.Certified, _ = Verdict(*c)
}

// status is a requirement's status over its cases: fail if any failed, else not run, unsupported,
// warn, pass, or skip when none was judged.
func (r RequirementResult) status() string {
	switch {
	case r.Failed > 0:
		return "fail"
	case r.NotRun > 0:
		return "not run"
	case r.Unsupported > 0 && r.Unsupported == r.Cases:
		return "unsupported"
	case r.Warned > 0:
		return "warn"
	case r.Passed > 0:
		return "pass"
	}
	return "skip"
}

// unsupportedCases counts an operation's cases answered unsupported, of all its cases.
func unsupportedCases(results []RequirementResult, op string) (unsupported, total int) {
	for _, r := range results {
		if r.Operation == op {
			unsupported += r.Unsupported
			total += r.Cases
		}
	}
	return unsupported, total
}

// Offers reports whether the adapter's describe lists operation op.
func (c Certificate) Offers(op string) bool {
	return slices.Contains(c.Candidate.Description.Operations, op)
}

// OperationStatus is an operation's status, derived from its requirements' results and whether
// the adapter's describe offers it: declined (a failure) when it is offered and every one of its
// cases answered unsupported, unsupported when it is not offered and every case answered so;
// failed when a case failed, or when some cases (not all) answered unsupported; incomplete when
// a case was not run; not run when nothing was judged; certified when it is offered and
// everything held, not offered otherwise.
func OperationStatus(results []RequirementResult, op string, offered bool) string {
	var cases, unsupported, failed, notRun, judged int
	for _, r := range results {
		if r.Operation != op {
			continue
		}
		cases += r.Cases
		unsupported += r.Unsupported
		failed += r.Failed
		notRun += r.NotRun
		judged += r.Passed + r.Warned
	}
	switch {
	case cases == 0:
		return OpNotRun
	case unsupported == cases && offered:
		return OpDeclinedOffered
	case unsupported == cases:
		return OpUnsupported
	case unsupported > 0, failed > 0:
		return OpFailed
	case notRun > 0:
		return OpIncomplete
	case judged == 0:
		return OpNotRun
	case !offered:
		return OpNotOffered
	}
	return OpCertified
}

// Verdict decides whether a certificate certifies, from the results inside it alone; NewCertificate
// and payconform verify both call it, so that a certificate whose certified field, or one of whose
// operation statuses, disagrees with its results does not verify. why says what stands in the way.
func Verdict(c Certificate) (certified bool, why string) {
	if c.Candidate.Error != "" {
		return false, "the adapter's describe failed"
	}
	for _, r := range c.Results {
		if min(r.Cases, r.Passed, r.Warned, r.Failed, r.Skipped, r.NotRun, r.Unsupported) < 0 {
			return false, fmt.Sprintf("%s has a negative count", r.ID)
		}
		if r.Level == string(verdict.MUST) && r.Failed > 0 {
			return false, fmt.Sprintf("%s, a MUST, failed in %d case(s)", r.ID, r.Failed)
		}
		if r.Cases != r.Passed+r.Warned+r.Failed+r.Skipped+r.NotRun+r.Unsupported || r.Status != r.status() {
			return false, fmt.Sprintf("%s's counts and status disagree", r.ID)
		}
	}
	any := false
	seen := map[string]bool{}
	for _, o := range c.Operations {
		if seen[o.Operation] {
			return false, "operation " + o.Operation + " is listed twice"
		}
		seen[o.Operation] = true
		derived := OperationStatus(c.Results, o.Operation, c.Offers(o.Operation))
		if o.Status != derived {
			return false, fmt.Sprintf("operation %s says %s, but its results and the adapter's describe say %s", o.Operation, o.Status, derived)
		}
		switch derived {
		case OpCertified:
			any = true
		case OpUnsupported, OpNotOffered:
		default:
			return false, fmt.Sprintf("operation %s: %s", o.Operation, derived)
		}
	}
	for _, r := range c.Results {
		if !seen[r.Operation] {
			return false, fmt.Sprintf("%s belongs to operation %s, which the certificate does not list", r.ID, r.Operation)
		}
	}
	if len(c.Failures) > 0 {
		// A failed case of a SHOULD is a warning, never a failure: a listed failure is a MUST's,
		// or an operation's (redteam 32: a certificate that kept its failures and said certified).
		return false, fmt.Sprintf("%d failed case(s) listed", len(c.Failures))
	}
	if !any {
		return false, "no operation certified"
	}
	return true, ""
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
	for _, line := range c.Subject.Lines() {
		fmt.Fprintf(&b, "| %s | %s |\n", md(line[0]), md(line[1]))
	}
	fmt.Fprintf(&b, "| Judge | %s |\n", md(c.Judge))
	if h := c.Hosted; h != nil {
		fmt.Fprintf(&b, "| Judge URL | %s |\n| Session | %s, opened %s by %s |\n| Log | entry %d of %s |\n", md(h.URL), md(h.Session), h.Opened.Format(time.RFC3339), md(h.Principal), h.LogIndex, md(h.LogOrigin))
		if cl := h.Claims; cl != nil {
			fmt.Fprintf(&b, "| OIDC claims (verified) | %s at %s, ref %s, workflow %s, run %s, runner %s (issuer %s) |\n", md(cl.Repository), md(cl.SHA), md(cl.Ref), md(cl.WorkflowRef), md(cl.RunID), md(cl.RunnerEnvironment), md(cl.Issuer))
		}
	}
	harness := c.Harness.Version
	if c.Harness.Ref != "" {
		harness += ", ref " + c.Harness.Ref
	}
	fmt.Fprintf(&b, "| Protocol | %s |\n| Harness | %s |\n| vectors/ SHA-256 | `%s` |\n| contracts/ SHA-256 | `%s` |\n| Time | %s |\n",
		c.Protocol, md(harness), c.Harness.VectorsSHA256, c.Harness.ContractsSHA256, c.Time.Format(time.RFC3339))
	if c.Harness.SuiteSHA256 != "" {
		fmt.Fprintf(&b, "| Certification suite SHA-256 | `%s` |\n", c.Harness.SuiteSHA256)
	}
	isolated := "**no**: the adapter ran without a sandbox"
	if c.Isolation.Isolated {
		isolated = "yes"
	}
	fmt.Fprintf(&b, "| Sandboxed | %s |\n", isolated)
	for _, line := range c.Isolation.Sandbox {
		fmt.Fprintf(&b, "| Sandbox | %s |\n", md(line))
	}
	fmt.Fprintf(&b, "| Cases ran | %s |\n| Environment | %s |\n| Working directory | %s |\n", md(c.Isolation.Mode), md(c.Isolation.Environment), md(c.Isolation.WorkDir))
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
				fmt.Fprintf(&b, "\nThe candidate's stderr (redacted):\n\n```\n%s\n```\n", consoleSafe(strings.ReplaceAll(f.Stderr, "```", "'''")))
			}
		}
	}
	return []byte(b.String())
}

// Lines are the subject as label and value pairs, for certificate.md and payconform verify.
func (s Subject) Lines() [][2]string {
	out := [][2]string{{"Subject digest", "sha256:" + s.Digest}, {"Adapter command", fmt.Sprintf("%s (SHA-256 %s)", s.Command, s.CommandSHA256)}}
	if s.Executable != nil {
		out = append(out, [2]string{"Adapter program", fmt.Sprintf("%s (SHA-256 %s)", s.Executable.Path, s.Executable.SHA256)})
	}
	if s.Dir != nil {
		out = append(out, [2]string{"Adapter directory", fmt.Sprintf("%s: %d files, %d bytes, content SHA-256 %s", s.Dir.Path, s.Dir.Files, s.Dir.Bytes, s.Dir.SHA256)})
	}
	if s.Git != nil {
		state := "clean"
		if s.Git.Dirty {
			state = "dirty: uncommitted changes, SHA-256 " + s.Git.ChangesSHA256
		}
		out = append(out, [2]string{"Git checkout", fmt.Sprintf("commit %s, %s", s.Git.Commit, state)})
	}
	if s.GitHub != nil {
		out = append(out, [2]string{"GitHub Actions", fmt.Sprintf("%s at %s (ref %s, workflow %s, run %s)", s.GitHub.Repository, s.GitHub.Commit, s.GitHub.Ref, s.GitHub.WorkflowRef, s.GitHub.RunID)})
	}
	return out
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
