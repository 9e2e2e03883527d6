// Package htmlreport writes the reports a person opens in a browser: reports/index.html for a
// run (the verdict and the banner first; the requirements in a table filtered by provider,
// level and outcome, each with a strip of its recent outcomes; each failure with its evidence,
// the request as a curl command and the answer's excerpt; the drift since the last run; plots
// of the outcomes and the suites' times over the history) and certificate.html for a
// certification. Each is one self-contained file, with its style, script and plots (SVG drawn
// with gonum.org/v1/plot) inline and nothing fetched, so it works offline and as a CI
// artefact. Pages are built with html/template, which escapes every text a target or an
// adapter wrote. The package renders what it is given; harness/trend gathers it.
package htmlreport

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"
)

//go:embed templates/*.tmpl templates/style.css templates/filter.js
var files embed.FS

// Page is everything index.html shows.
type Page struct {
	Verdict Verdict
	// Banner says what the run left out; empty when everything ran.
	Banner string
	Run    Run
	Counts []Count
	// Rows are the requirements, one each, in ID order; Providers and Levels are theirs, for
	// the filters.
	Rows      []Row
	Providers []string
	Levels    []string
	// StripRuns label the columns of each row's strip, oldest first.
	StripRuns []string
	Failures  []Failure
	Drift     Drift
	Plots     Plots
	// Notes are lines about what the page could not show (no evidence, a short history).
	Notes     []string
	Generated time.Time
}

// Verdict is the run's verdict in words.
type Verdict struct {
	Word  string // PASSED, FAILED, NOT ASKED, ERROR
	Line  string // what it means
	Class string // pass, fail, error, harness
	Exit  int
}

// VerdictOf words an exit status of payconform test.
func VerdictOf(exit int) Verdict {
	switch exit {
	case 0:
		return Verdict{"PASSED", "every MUST held", "pass", exit}
	case 1:
		return Verdict{"FAILED", "the target broke the contract: a MUST failed", "fail", exit}
	case 3:
		return Verdict{"NOT ASKED", "the target could not be asked: infrastructure errors, and no MUST failed", "error", exit}
	case 130:
		return Verdict{"INTERRUPTED", "the run was interrupted; the reports hold what ran", "error", exit}
	}
	return Verdict{"ERROR", "a mistake in the settings, a harness error, or nothing was tested", "harness", exit}
}

// Run describes the run the page is about.
type Run struct {
	ID       int64
	Target   string
	Start    time.Time
	Duration time.Duration
	Version  string
	Filter   string
	Mutants  string
	History  string // the store's path, or why there is none
}

// Count is one outcome's count.
type Count struct {
	Label string
	Class string
	N     int
}

// Row is one requirement.
type Row struct {
	Requirement string
	Provider    string
	Level       string
	Outcome     string // pass, warn, fail, error, skip, known, harness
	Message     string
	Specs       int
	Strip       []Cell
	// Flaky says the outcome flipped back and forth in the recent runs; FlakyNote says how.
	Flaky     bool
	FlakyNote string
}

// Cell is one run in a requirement's strip.
type Cell struct {
	Run     string
	Outcome string // empty when the requirement did not run
}

// Failure is a spec that did not pass, with what it sent and what came back.
type Failure struct {
	Requirement string
	Level       string
	Name        string
	Outcome     string
	Messages    []string
	Evidence    []Evidence
	// Stderr is a candidate adapter's stderr (certification), redacted.
	Stderr string
}

// Drift is what changed since the run compared with.
type Drift struct {
	Headline string
	Outcomes []OutcomeChange
	Shapes   []ShapeChange
	Flaky    []FlakyRow
	// FlakyRuns is how many recent runs were searched for flips.
	FlakyRuns int
}

// OutcomeChange is a requirement whose outcome changed.
type OutcomeChange struct {
	Requirement, Level, From, To, FromMessage, ToMessage, Since string
}

// ShapeChange is one change of the answers' shape, as a line.
type ShapeChange struct {
	Line, Since, Kind string // Kind: added, removed, retyped
}

// FlakyRow is a flaky requirement with its recent history.
type FlakyRow struct {
	Requirement string
	Level       string
	Flips       int
	Strip       []Cell
}

// Plots are SVG images, drawn by this package (OutcomePlot, SuitePlot).
type Plots struct {
	Outcomes template.HTML
	Suites   template.HTML
	// Runs is how many runs the outcome plot shows.
	Runs int
}

var tmpl = template.Must(template.New("").Funcs(template.FuncMap{
	"css":    func() template.CSS { return template.CSS(mustRead("templates/style.css")) },
	"script": func() template.JS { return template.JS(mustRead("templates/filter.js")) },
	"ms":     func(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) },
	"utc":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	"strip":  stripSVG,
	"title":  strings.ToUpper,
}).ParseFS(files, "templates/*.tmpl"))

func mustRead(name string) string {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// Write renders index.html.
func Write(w io.Writer, p Page) error {
	if err := tmpl.ExecuteTemplate(w, "index.html.tmpl", p); err != nil {
		return fmt.Errorf("render index.html: %w", err)
	}
	return nil
}

// Render is Write into bytes.
func Render(p Page) ([]byte, error) {
	var b bytes.Buffer
	err := Write(&b, p)
	return b.Bytes(), err
}

// outcomeColour is the fill of an outcome in strips and plots.
var outcomeColour = map[string]string{
	"pass": "#2e7d32", "warn": "#f9a825", "fail": "#c62828", "error": "#6d4c41",
	"skip": "#b0bec5", "known": "#8e24aa", "harness": "#212121", "": "#eceff1",
}

// stripSVG draws a strip of outcomes: one square per run, oldest first, each with a tooltip.
// Pages draw hundreds of strips, so it writes its markup directly.
func stripSVG(cells []Cell) template.HTML {
	const size, gap = 10, 2
	w := strconv.Itoa(len(cells) * (size + gap))
	var b strings.Builder
	b.Grow(64 + 150*len(cells))
	b.WriteString(`<svg class="strip" role="img" width="` + w + `" height="10" viewBox="0 0 ` + w + ` 10">`)
	for i, c := range cells {
		label := c.Outcome
		if label == "" {
			label = "did not run"
		}
		b.WriteString(`<rect class="cell" data-outcome="`)
		b.WriteString(template.HTMLEscapeString(c.Outcome))
		b.WriteString(`" x="`)
		b.WriteString(strconv.Itoa(i * (size + gap)))
		b.WriteString(`" y="0" width="10" height="10" fill="`)
		b.WriteString(outcomeColour[c.Outcome])
		b.WriteString(`"><title>`)
		b.WriteString(template.HTMLEscapeString(c.Run))
		b.WriteString(": ")
		b.WriteString(template.HTMLEscapeString(label))
		b.WriteString(`</title></rect>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
