package report

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/htmlreport"
)

// Published is what Publish wrote and decided.
type Published struct {
	Summary Summary
	Notes   BaselineNotes
	// Text is what a person reads at the end of the run (summary.txt's content).
	Text string
	// Exit is the run's exit status: 0 every MUST held; 1 the target broke the contract (or an
	// expired known deviation failed again); 3 only infrastructure errors; 2 harness error.
	Exit int
	// Certificate is set when the run certified a client.
	Certificate *Certificate
}

// Options say what Publish applies and records besides the reports.
type Options struct {
	Baseline Baseline
	// NotSelected lists the suites the run left out, with why.
	NotSelected []string
	Now         time.Time
	// LabelFilter is the filter the user chose; Version, Start and Duration go into the summary.
	LabelFilter string
	Version     string
	Start       time.Time
	Duration    time.Duration
	// Interrupted marks a run that was stopped before it finished (the suites' own reports may
	// not say so: a suite stopped before it began).
	Interrupted bool
	// Harness, Subject and Isolation go into a certification's certificate; Harness should be
	// read before the candidate first ran.
	Harness   *Harness
	Subject   *Subject
	Isolation *Isolation
	// Drift is the history's headline: what changed since the last run against the target.
	Drift string
}

// Publish turns a run's Ginkgo reports into what users read, in dir: junit.xml, summary.txt,
// summary.md, summary.json and, for a certification, certificate.json and certificate.md. The
// baseline's known deviations are applied first.
func Publish(reports []types.Report, dir string, o Options) (Published, error) {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	p := Published{Summary: Summarize(reports)}
	p.Summary.NotSelected = o.NotSelected
	p.Summary.LabelFilter, p.Summary.Version, p.Summary.Start, p.Summary.Duration = o.LabelFilter, o.Version, o.Start, o.Duration
	p.Summary.Interrupted = p.Summary.Interrupted || o.Interrupted
	p.Summary.Drift = o.Drift
	p.Notes = o.Baseline.Apply(&p.Summary, now)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return p, fmt.Errorf("write reports: %w", err)
	}
	junit := filepath.Join(dir, "junit.xml")
	if err := WriteJUnit(reports, junit, &p.Summary); err != nil {
		return p, err
	}
	var b strings.Builder
	p.Summary.Write(&b)
	p.Notes.Write(&b)
	fmt.Fprintf(&b, "\nReports: %s, %s (.md, .json)\n", junit, filepath.Join(dir, "summary.txt"))
	files := map[string][]byte{"summary.md": p.Summary.Markdown(p.Notes), "summary.json": p.Summary.JSON()}
	if IsCertification(reports) {
		cert := NewCertificate(reports, now)
		if o.Harness != nil {
			cert.Harness = *o.Harness
		}
		if o.Subject != nil {
			cert.Subject = *o.Subject
		}
		if o.Isolation != nil {
			cert.Isolation = *o.Isolation
		}
		p.Certificate = &cert
		files["certificate.json"], files["certificate.md"] = cert.JSON(), cert.Markdown()
		page, err := htmlreport.Certificate(files["certificate.json"], reports)
		if err != nil {
			return p, err
		}
		files["certificate.html"] = page
		verdict := "NOT CERTIFIED"
		if cert.Certified {
			verdict = "CERTIFIED"
		}
		switch d := cert.Candidate.Description; {
		case cert.Candidate.Error != "":
			fmt.Fprintf(&b, "\nNOT CERTIFIED: the adapter's describe failed: %s\n", candidate.Printable(cert.Candidate.Error))
		default:
			fmt.Fprintf(&b, "\n%s: %s %s\n", verdict, d.Name, d.Version)
		}
		if _, why := Verdict(cert); !cert.Certified && cert.Candidate.Error == "" && why != "" {
			fmt.Fprintf(&b, "NOT CERTIFIED: %s\n", why)
		}
		for _, o := range cert.Operations {
			fmt.Fprintf(&b, "  %-22s %s\n", o.Operation, o.Status)
		}
		fmt.Fprintf(&b, "Certificate: %s, %s\n", filepath.Join(dir, "certificate.json"), filepath.Join(dir, "certificate.md"))
	}
	// The adapter's words reach this text (its name, its errors): no terminal escape does.
	p.Text = consoleSafe(b.String())
	files["summary.txt"] = []byte(p.Text)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return p, fmt.Errorf("write reports: %w", err)
		}
	}
	p.Exit = p.Summary.ExitCode()
	if len(p.Notes.Expired) > 0 && p.Exit == 0 {
		p.Exit = 1
	}
	if p.Certificate != nil && !p.Certificate.Certified && p.Exit == 0 {
		p.Exit = 1 // nothing failed, and nothing was certified either (every operation declined)
	}
	return p, nil
}

// PublishNothing writes the summaries of a run that tested nothing (a mistake in its settings, no
// suite selected, a target whose certificate is refused): they say why, so that no summary of
// an earlier run is read as this one's. It removes the previous run's JUnit file.
func PublishNothing(dir, why string, o Options) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write reports: %w", err)
	}
	_ = os.Remove(filepath.Join(dir, "junit.xml"))
	s := Summary{Counts: map[Outcome]int{}, NotSelected: o.NotSelected, LabelFilter: o.LabelFilter, Version: o.Version, Start: o.Start, Duration: o.Duration}
	text, quote := nothingTestedLines(why)
	md := "## payconform\n\n" + quote
	js := s.JSON()
	var doc map[string]any
	_ = json.Unmarshal(js, &doc)
	doc["exitCode"], doc["problems"], doc["nothingTested"] = 2, []string{why}, true
	js, _ = json.MarshalIndent(doc, "", "  ")
	for name, data := range map[string][]byte{"summary.txt": []byte(text), "summary.md": []byte(md), "summary.json": append(js, '\n')} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("write reports: %w", err)
		}
	}
	return nil
}

// MarkNothingTested turns the summaries Publish wrote into those of a run that tested nothing
// against its target (every check that talks to it was skipped or not selected): exit code 2,
// why among the problems, and a first line that says so, so that a script reading summary.json
// sees what the exit status says.
func MarkNothingTested(dir, why string) error {
	path := filepath.Join(dir, "summary.json")
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("write reports: %w", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("write reports: %w", err)
	}
	problems, _ := doc["problems"].([]any)
	doc["exitCode"], doc["problems"], doc["nothingTested"] = 2, append(problems, why), true
	js, _ := json.MarshalIndent(doc, "", "  ")
	files := map[string][]byte{"summary.json": append(js, '\n')}
	text, quote := nothingTestedLines(why)
	for name, line := range map[string]string{"summary.txt": text, "summary.md": quote + "\n"} {
		old, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("write reports: %w", err)
		}
		files[name] = append([]byte(line), old...)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("write reports: %w", err)
		}
	}
	return nil
}

// nothingTestedLines are the first line of summary.txt and the quote of summary.md for a run
// that tested nothing.
func nothingTestedLines(why string) (text, md string) {
	return "payconform: NOTHING WAS TESTED: " + why + "\n",
		"> **NOTHING WAS TESTED:** " + strings.NewReplacer("|", `\|`, "\n", " ").Replace(why) + "\n"
}

// consoleSafe writes every control character but newline and tab as \xNN.
func consoleSafe(s string) string {
	if !strings.ContainsFunc(s, unsafeControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unsafeControl(r) {
			fmt.Fprintf(&b, "\\x%02x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unsafeControl(r rune) bool { return r != '\n' && r != '\t' && unicode.IsControl(r) }
