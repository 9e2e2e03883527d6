// Package entry names the report entries payconform's specs attach to Ginkgo's report, and the
// shapes of their values. The suites write them (harness/conformance, the certify suite); the
// reports read them back from Ginkgo's JSON report (harness/report). It is a leaf, so that the
// command line reads reports without linking Ginkgo's DSL.
package entry

import "github.com/payconform/payconform/harness/candidate"

// Entry names.
const (
	// Finding is one problem held against a requirement (a FindingEntry).
	Finding = "payconform.finding"
	// Warning is a SHOULD that was not met: the message, as a string.
	Warning = "payconform.warning"
	// Error marks an infrastructure error: the target could not be asked.
	Error = "payconform.error"
	// NotJudged marks a check whose precondition did not hold (the request was refused, no
	// request was sent): the reason, as a string.
	NotJudged = "payconform.not-judged"
	// Target is the target kind a suite ran against.
	Target = "payconform.target"
	// Description is the candidate's describe output (a DescriptionEntry).
	Description = "payconform.candidate.describe"
	// Stderr is a failing case's candidate stderr, redacted.
	Stderr = "payconform.candidate.stderr"
	// Isolation is how the certification suite ran the adapter (an IsolationEntry).
	Isolation = "payconform.candidate.isolation"
	// Exchange is one request a spec sent to the target and the answer it got, redacted (an
	// ExchangeEntry). The reports show it as the evidence of a failure; the run history reads
	// the answers' shapes from it.
	Exchange = "payconform.exchange"
)

// FindingEntry is a finding as the reports store it.
type FindingEntry struct {
	ID       string `json:"id"`
	Level    string `json:"level"`
	Expected string `json:"expected"`
	Got      string `json:"got"`
	Defect   string `json:"defect,omitempty"`
	Message  string `json:"message"`
}

// String is how Ginkgo shows the entry in a spec's timeline.
func (f FindingEntry) String() string { return f.Message }

// ExchangeEntry is one request and its answer as the reports store them: every header and body
// already redacted, bodies clipped to a bound (Clipped says so). A request header that carried
// one of the run's secrets exactly holds a shell reference to its variable instead
// (${PAYNET_SECRET_KEY}), so that the request can be replayed after setting it. Error is the
// transport error's cause, redacted, when no answer came, and Dropped says the target accepted
// the connection and closed or reset it without answering; Attempts counts the sends (more than
// one when a 429 or 5xx was retried) and Retried says why.
type ExchangeEntry struct {
	Method         string              `json:"method"`
	URL            string              `json:"url"`
	RequestHeader  map[string][]string `json:"requestHeader,omitempty"`
	RequestBody    string              `json:"requestBody,omitempty"`
	Status         int                 `json:"status,omitempty"`
	ResponseHeader map[string][]string `json:"responseHeader,omitempty"`
	ResponseBody   string              `json:"responseBody,omitempty"`
	Clipped        bool                `json:"clipped,omitempty"`
	Error          string              `json:"error,omitempty"`
	Dropped        bool                `json:"dropped,omitempty"`
	Attempts       int                 `json:"attempts,omitempty"`
	Retried        string              `json:"retried,omitempty"`
	DurationMS     float64             `json:"durationMs,omitempty"`
}

// IsolationEntry says how the adapter ran: in a sandbox (its walls, one line each) or not, one
// process per case or a session, with what environment, in which directory. The certificate
// copies it (report.Isolation has the same fields).
type IsolationEntry struct {
	Isolated    bool     `json:"isolated"`
	Sandbox     []string `json:"sandbox"`
	Mode        string   `json:"mode,omitempty"`
	Environment string   `json:"environment"`
	WorkDir     string   `json:"workDir"`
}

// DescriptionEntry is the candidate's describe output, or why there is none.
type DescriptionEntry struct {
	Description candidate.Description `json:"description"`
	Error       string                `json:"error,omitempty"`
}

// UnsupportedPrefix starts the skip reason of a declined operation; the certificate counts them.
const UnsupportedPrefix = "not certified for "

// UnsupportedReason is the skip reason of a declined operation.
func UnsupportedReason(op string) string {
	return UnsupportedPrefix + op + ": the candidate answered unsupported"
}
