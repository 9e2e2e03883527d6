package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"
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

// Publish turns a run's Ginkgo reports into what users read, in dir: junit.xml, summary.txt,
// summary.md, summary.json and, for a certification, certificate.json and certificate.md. The
// baseline's known deviations are applied first; notSelected lists the suites the run left out.
func Publish(reports []types.Report, dir string, baseline Baseline, notSelected []string, now time.Time) (Published, error) {
	p := Published{Summary: Summarize(reports)}
	p.Summary.NotSelected = notSelected
	p.Notes = baseline.Apply(&p.Summary, now)
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
		p.Certificate = &cert
		files["certificate.json"], files["certificate.md"] = cert.JSON(), cert.Markdown()
		verdict := "NOT CERTIFIED"
		if cert.Certified {
			verdict = "CERTIFIED"
		}
		fmt.Fprintf(&b, "\n%s: %s %s\n", verdict, cert.Candidate.Description.Name, cert.Candidate.Description.Version)
		for _, o := range cert.Operations {
			fmt.Fprintf(&b, "  %-22s %s\n", o.Operation, o.Status)
		}
		fmt.Fprintf(&b, "Certificate: %s, %s\n", filepath.Join(dir, "certificate.json"), filepath.Join(dir, "certificate.md"))
	}
	p.Text = b.String()
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
	return p, nil
}
