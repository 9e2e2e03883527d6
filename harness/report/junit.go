package report

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/verdict"
)

// junitConfig is Ginkgo's own JUnit reporter, told to leave out what a JUnit consumer misreads:
// the leaf node type ("[It]") and the label list in testcase names, and the timelines of specs
// that passed or were skipped (as the Kubernetes e2e framework does).
var junitConfig = reporters.JunitReportConfig{
	OmitLeafNodeType:          true,
	OmitSpecLabels:            true,
	OmitTimelinesForSpecState: types.SpecStatePassed | types.SpecStateSkipped,
}

// The JUnit file payconform writes. Ginkgo's reporter produces each suite's testcases; these
// types write them in the shape of the Jenkins xUnit plugin's junit-10.xsd (docs/junit/, which
// a test validates every report against): times as plain decimals, per-suite skipped counts,
// only attributes the schema knows, and no absolute paths.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string           `xml:"name,attr"`
	Tests      int              `xml:"tests,attr"`
	Failures   int              `xml:"failures,attr"`
	Errors     int              `xml:"errors,attr"`
	Skipped    int              `xml:"skipped,attr"`
	Time       string           `xml:"time,attr"`
	Timestamp  string           `xml:"timestamp,attr,omitempty"`
	Properties *junitProperties `xml:"properties,omitempty"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	Property []reporters.JUnitProperty `xml:"property"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
	SystemErr string        `xml:"system-err,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr,omitempty"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes one JUnit file for every suite of the run. Each testcase is named by its
// requirement ID first ("IYZ-AUTH-04 A bin/check whose signature ..."), its classname is
// payconform.<suite>, and testcases are sorted by name. A spec that failed on an infrastructure
// error is <error>, not <failure>; a spec that passed with SHOULD warnings carries them in its
// system-out; a spec the summary judged a known deviation is <skipped>, with the baseline's
// reason; the outcomes the summary decided from the whole suite (a dropped connection, a route
// not served) replace Ginkgo's. A failure or error says where its requirement's spec or vector
// is declared, the request that was sent, as a command to replay it, and the answer. Suite setup
// nodes appear only when they failed, since they explain the run. File paths are relative to the
// repository. s may be nil: the reports are then summarized here.
func WriteJUnit(reports []types.Report, dst string, s *Summary) error {
	dir, err := os.MkdirTemp(filepath.Dir(dst), ".junit-")
	if err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	defer os.RemoveAll(dir)
	if s == nil {
		sum := Summarize(reports)
		s = &sum
	}
	specs := map[string]Spec{}
	for _, sp := range s.Specs {
		specs[sp.Suite+"\x00"+sp.Name] = sp
	}
	out := junitSuites{Name: "payconform"}
	var total float64
	for i, r := range reports {
		part := filepath.Join(dir, fmt.Sprintf("%d.xml", i))
		if err := reporters.GenerateJUnitReportWithConfig(r, part, junitConfig); err != nil {
			return fmt.Errorf("write junit for %s: %w", r.SuiteDescription, err)
		}
		data, err := os.ReadFile(part)
		if err != nil {
			return fmt.Errorf("write junit: %w", err)
		}
		var in reporters.JUnitTestSuites
		if err := xml.Unmarshal(data, &in); err != nil {
			return fmt.Errorf("write junit: %w", err)
		}
		for _, ts := range in.TestSuites {
			suite := convertSuite(ts, r, func(name string) (Spec, bool) {
				sp, ok := specs[r.SuiteDescription+"\x00"+name]
				return sp, ok
			})
			out.Suites = append(out.Suites, suite)
			out.Tests += suite.Tests
			out.Failures += suite.Failures
			out.Errors += suite.Errors
			total += ts.Time
		}
	}
	out.Time = seconds(total)
	data, err := xml.MarshalIndent(out, "", "  ")
	if err != nil {
		return fmt.Errorf("encode junit: %w", err)
	}
	return os.WriteFile(dst, append([]byte(xml.Header), append(data, '\n')...), 0o644)
}

// suiteName is the provider or "certify": "<provider> conformance" → <provider>.
func suiteName(description string) string {
	name, _, _ := strings.Cut(description, " ")
	return name
}

func convertSuite(ts reporters.JUnitTestSuite, r types.Report, lookup func(name string) (Spec, bool)) junitSuite {
	suite := junitSuite{Name: ts.Name, Time: seconds(ts.Time), Timestamp: ts.Timestamp,
		Properties: &junitProperties{Property: []reporters.JUnitProperty{{Name: "suite", Value: suiteName(r.SuiteDescription)}}}}
	classname := "payconform." + suiteName(r.SuiteDescription)
	for _, tc := range ts.TestCases {
		setup := !verdict.IDPattern.MatchString(tc.Name)
		if setup && tc.Failure == nil && tc.Error == nil {
			continue // a suite node that passed or was skipped is not a spec
		}
		c := junitCase{Name: caseName(tc.Name), Classname: classname, Time: seconds(tc.Time),
			SystemOut: relativePaths(tc.SystemOut), SystemErr: relativePaths(tc.SystemErr)}
		props := tc.Properties
		sp, known := lookup(tc.Name)
		var warnings []string
		switch {
		case known && sp.Outcome == Known:
			msg := ""
			if len(sp.Messages) > 0 {
				msg = sp.Messages[0]
			}
			if tc.Failure != nil {
				msg += " (" + relativePaths(tc.Failure.Message) + ")"
			}
			c.Skipped = &junitMessage{Message: msg}
		case known && sp.Outcome == Filtered:
			c.Skipped = &junitMessage{Message: "not selected by the label filter"}
		case known && sp.Outcome == Interrupted:
			c.Skipped = &junitMessage{Message: strings.Join(sp.Messages, " ")}
		case known && sp.Reclassified && sp.Outcome == Skipped:
			c.Skipped = &junitMessage{Message: strings.Join(sp.Messages, " ")}
		case known && sp.Reclassified && sp.Outcome == Warned:
			warnings = append(warnings, sp.Messages...)
		case known && sp.Reclassified && sp.Outcome == Failed:
			c.Failure = &junitMessage{Message: strings.Join(sp.Messages, "\n"), Type: "failed", Text: failureText(sp, "FAILED")}
			c.SystemErr = ""
		case tc.Skipped != nil:
			c.Skipped = &junitMessage{Message: relativePaths(tc.Skipped.Message)}
		case tc.Error != nil:
			c.Error = &junitMessage{Message: relativePaths(tc.Error.Message), Type: tc.Error.Type, Text: relativePaths(tc.Error.Description)}
		case tc.Failure != nil && props != nil && props.WithName(entry.Error) != "":
			c.Error = &junitMessage{Message: relativePaths(tc.Failure.Message), Type: "infrastructure", Text: relativePaths(tc.Failure.Description)}
			if known {
				c.Error.Text = failureText(sp, "INFRASTRUCTURE ERROR")
				c.SystemErr = ""
			}
		case tc.Failure != nil:
			c.Failure = &junitMessage{Message: relativePaths(tc.Failure.Message), Type: "failed", Text: relativePaths(tc.Failure.Description)}
			if known && !setup {
				c.Failure.Text = failureText(sp, "FAILED")
				c.SystemErr = "" // Ginkgo's timeline: the harness's nodes and lines, which the text replaces
			}
		}
		switch {
		case c.Skipped != nil:
			suite.Skipped++
		case c.Error != nil:
			suite.Errors++
		case c.Failure != nil:
			suite.Failures++
		}
		if props != nil {
			for _, p := range props.Properties {
				if p.Name == entry.Warning {
					var msg string
					if json.Unmarshal([]byte(p.Value), &msg) == nil {
						warnings = append(warnings, msg)
					}
				}
			}
		}
		if len(warnings) > 0 {
			for i, w := range warnings {
				warnings[i] = "WARNING " + w
			}
			c.SystemOut = strings.TrimSpace(strings.Join(warnings, "\n") + "\n" + c.SystemOut)
		}
		suite.Cases = append(suite.Cases, c)
	}
	slices.SortStableFunc(suite.Cases, func(a, b junitCase) int { return strings.Compare(a.Name, b.Name) })
	suite.Tests = len(suite.Cases)
	return suite
}

// failureText is a failed spec's JUnit text: its messages, where its requirement's spec or vector
// is declared (not the harness line every failure goes through), and the request it sent with
// the answer it got.
func failureText(sp Spec, kind string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s\n", kind, strings.Join(sp.Messages, "\n"))
	if sp.Location != "" {
		fmt.Fprintf(&b, "at %s\n", sp.Location)
	}
	if ev := sp.Evidence(); ev != "" {
		b.WriteString("\n" + ev + "\n")
	}
	return b.String()
}

// caseName puts the requirement ID first: "get_auth_key authentication PNT-AUTH-01: A request
// ..." becomes "PNT-AUTH-01 A request ...". A suite node is "suite setup: <its text>".
func caseName(name string) string {
	loc := verdict.IDPattern.FindStringIndex(name)
	if loc == nil {
		if name = strings.TrimSpace(name); name != "" {
			return "suite setup: " + name
		}
		return "suite setup"
	}
	id := name[loc[0]:loc[1]]
	rest := strings.TrimPrefix(strings.TrimPrefix(name[loc[1]:], ":"), " ")
	return strings.TrimSpace(id + " " + rest)
}

// seconds is a duration in seconds as a plain decimal (never 1.2e-05).
func seconds(s float64) string { return fmt.Sprintf("%.3f", s) }

var (
	repoPath = regexp.MustCompile(`(^|[\s"'(=])(?:/[^\s:"']+)?/((?:suites|harness|internal|providers|cmd|candidates|vectors|contracts)/[^\s:"']+\.go)`)
	anyPath  = regexp.MustCompile(`(^|[\s"'(=])/(?:[^\s:"'/]+/)+([^\s:"'/]+/[^\s:"'/]+\.(?:go|s))`)
)

// relativePaths rewrites absolute file paths (Ginkgo's code locations, stack traces) relative to
// the repository, and any other absolute path to its last two elements: a report says where in
// payconform, not where on the machine that ran it.
func relativePaths(s string) string {
	s = repoPath.ReplaceAllString(s, "$1$2")
	return anyPath.ReplaceAllString(s, "$1$2")
}
