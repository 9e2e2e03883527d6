// Package run is `payconform test`: it checks every setting before anything runs (a mistake is
// one line and exit status 2), runs the compiled suites against the target side by side, merges
// their Ginkgo reports, and publishes junit.xml and the summaries. A run that sent nothing to
// the target is not a success: it exits 2 and says why.
package run

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/suitebin"
	"github.com/payconform/payconform/harness/target"
	"github.com/payconform/payconform/harness/trend"
)

// Options are the settings of one run. Getenv reads the rest: the credentials, base URLs and
// PAYCONFORM_* settings, as the suites do.
type Options struct {
	Target string
	// Suites are the suites named on the command line or in SUITES; nil means every provider
	// suite the target has credentials for.
	Suites      []string
	LabelFilter string
	Reports     string
	// Baseline is the known-deviations file; BaselineSet says the user named it, so that a
	// missing one is an error rather than an empty baseline.
	Baseline    string
	BaselineSet bool
	Mutants     string
	// SuiteArgs go to every suite binary as they are (--ginkgo.v, ...).
	SuiteArgs []string
	Verbose   bool
	Getenv    func(string) string
	Stdout    io.Writer
	Stderr    io.Writer
}

// UsageError is a mistake in the settings: one line, exit status 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usage(format string, args ...any) error { return &UsageError{Msg: fmt.Sprintf(format, args...)} }

// Plan is a checked run: what will run against what.
type Plan struct {
	Kind     target.Kind
	Suites   []string
	Skipped  []string // "paynet: PAYNET_SECRET_KEY not set", suites left out
	Baseline report.Baseline
	Filter   string
}

// Check validates every setting, in the order a user reads them, and decides which suites run.
func Check(src *suitebin.Source, o Options) (Plan, error) {
	p := Plan{Kind: target.Kind(o.Target), Filter: o.LabelFilter}
	if p.Kind == "" {
		p.Kind = target.Mock
	}
	if !slices.Contains(target.Kinds, p.Kind) {
		return p, usage("target %q: want one of mock, container, sandbox, custom", o.Target)
	}
	if o.Mutants != "" {
		if p.Kind != target.Mock && p.Kind != target.Container {
			return p, usage("mutants %q: mutants switch the mock's behaviour; they apply to the mock and container targets, not %s", o.Mutants, p.Kind)
		}
		if _, err := mock.ParseMutants(o.Mutants); err != nil {
			return p, usage("%v (list them: payconform mock -list-mutants)", err)
		}
	}
	if o.LabelFilter != "" {
		if _, err := types.ParseLabelFilter(o.LabelFilter); err != nil {
			return p, usage("label filter %q: %v", o.LabelFilter, firstLine(err.Error()))
		}
	}
	if err := trend.Check(o.Getenv); err != nil {
		return p, usage("%v", err)
	}
	b, err := report.LoadBaseline(o.Baseline, !o.BaselineSet)
	if err != nil {
		return p, usage("%v", err)
	}
	p.Baseline = b

	available := ProviderSuites(src)
	if len(o.Suites) > 0 {
		for _, s := range o.Suites {
			switch {
			case s == "certify":
				return p, usage("suites: certify is not a conformance suite; certify a client with: payconform certify -- CMD ARGS")
			case !slices.Contains(available, s):
				return p, usage("suites: no suite named %q; want one or more of %s", s, strings.Join(available, ", "))
			}
		}
	}
	if err := checkBaseURLs(p.Kind, o.Getenv); err != nil {
		return p, err
	}
	candidates := o.Suites
	if len(candidates) == 0 {
		candidates = available
	}
	for _, s := range candidates {
		missing := missingVars(p.Kind, s, o.Getenv)
		switch {
		case len(missing) == 0:
			p.Suites = append(p.Suites, s)
		case len(o.Suites) > 0:
			return p, usage("suites: %s is selected, but %s %s not set for target %s", s, strings.Join(missing, ", "), isAre(missing), p.Kind)
		default:
			p.Skipped = append(p.Skipped, fmt.Sprintf("%s: no credentials (%s not set)", s, strings.Join(missing, ", ")))
		}
	}
	if len(p.Suites) == 0 {
		return p, &NothingTested{Kind: p.Kind, Why: p.Skipped}
	}
	return p, nil
}

// NothingTested is a run that could not send, or did not send, one request to the target.
type NothingTested struct {
	Kind target.Kind
	Why  []string
}

func (e *NothingTested) Error() string {
	return fmt.Sprintf("nothing was tested against %s: %s", e.Kind, strings.Join(e.Why, "; "))
}

// ProviderSuites are the suites of the source that check a provider (certify aside).
func ProviderSuites(src *suitebin.Source) []string {
	var out []string
	for _, s := range src.Names() {
		if _, ok := provider.Lookup(s); ok {
			out = append(out, s)
		}
	}
	return out
}

// missingVars are the variables a suite needs that are unset, for targets whose variables come
// from the environment (a mock target generates its own). A sandbox's base URL has a default.
func missingVars(kind target.Kind, suite string, getenv func(string) string) []string {
	if kind == target.Mock || kind == target.Container {
		return nil
	}
	d, ok := provider.Lookup(suite)
	if !ok {
		return nil
	}
	var out []string
	for _, name := range d.Required() {
		v := d.Var(name)
		if getenv(name) == "" && !(kind == target.Sandbox && v.Kind == provider.BaseURL && v.Sandbox != "") {
			out = append(out, name)
		}
	}
	return out
}

// checkBaseURLs refuses a base URL a client cannot call: it must be an absolute http or https
// URL with a host.
func checkBaseURLs(kind target.Kind, getenv func(string) string) error {
	if kind == target.Mock || kind == target.Container {
		return nil
	}
	for _, v := range provider.Vars() {
		if v.Kind != provider.BaseURL || getenv(v.Name) == "" {
			continue
		}
		raw := getenv(v.Name)
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
			example := v.Sandbox
			if example == "" {
				example = "https://api.example.com"
			}
			return usage("%s=%q: want an absolute http or https URL with a host, such as %s", v.Name, raw, example)
		}
	}
	return nil
}

func isAre(xs []string) string {
	if len(xs) == 1 {
		return "is"
	}
	return "are"
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// Test runs a checked plan: the suites side by side, then the reports. It returns the exit
// status: 0, 1 or 3 as report.Published says, 2 for a harness error or a run that sent nothing
// to the target.
func Test(ctx context.Context, src *suitebin.Source, p Plan, o Options) int {
	if err := os.MkdirAll(o.Reports, 0o755); err != nil {
		fmt.Fprintf(o.Stderr, "payconform test: %v\n", err)
		return 2
	}
	for _, name := range []string{"report.json", "junit.xml", "summary.txt", "summary.md", "summary.json", "certificate.json", "certificate.md", "certificate.html", trend.Index} {
		_ = os.Remove(filepath.Join(o.Reports, name))
	}
	env := append(os.Environ(), "PAYCONFORM_TARGET="+string(p.Kind), "SUITES="+strings.Join(p.Suites, ","))
	// testcontainers-go on these machines: no reaper image can be pulled, and a machine that is
	// itself a container must be told the daemon's ports are on loopback (docs/design.md).
	for name, value := range map[string]string{"TESTCONTAINERS_RYUK_DISABLED": "true", "TESTCONTAINERS_HOST_OVERRIDE": "127.0.0.1"} {
		if o.Getenv(name) == "" {
			env = append(env, name+"="+value)
		}
	}
	if o.Mutants != "" {
		env = append(env, "PAYCONFORM_MOCK_MUTANTS="+o.Mutants)
	}
	if p.Filter != "" {
		if n, err := countSelected(ctx, src, p, env, o); err != nil {
			fmt.Fprintf(o.Stderr, "payconform test: %v\n", err)
			return 2
		} else if n == 0 {
			fmt.Fprintf(o.Stderr, "payconform test: label filter %q selects no spec of %s\n", p.Filter, strings.Join(p.Suites, ", "))
			return 2
		}
	}
	fmt.Fprintf(o.Stdout, "payconform: testing %s against target %s\n", strings.Join(p.Suites, ", "), p.Kind)
	results := make([]suiteResult, len(p.Suites))
	var wg sync.WaitGroup
	for i, s := range p.Suites {
		wg.Go(func() { results[i] = runSuite(ctx, src, s, p, env, o) })
	}
	wg.Wait()
	var reports []types.Report
	for _, r := range results {
		if r.err != nil {
			fmt.Fprintf(o.Stderr, "payconform test: %s: %v\n", r.suite, r.err)
			return 2
		}
		reports = append(reports, r.reports...)
	}
	merged, _ := json.Marshal(reports)
	if err := os.WriteFile(filepath.Join(o.Reports, "report.json"), merged, 0o644); err != nil {
		fmt.Fprintf(o.Stderr, "payconform test: %v\n", err)
		return 2
	}
	hist := trend.Begin(ctx, reports, trend.Settings{Kind: "test", Target: string(p.Kind), Filter: p.Filter, Mutants: o.Mutants, Reports: o.Reports, Baseline: p.Baseline, Getenv: o.Getenv})
	pub, err := report.Publish(reports, o.Reports, report.Options{Baseline: p.Baseline, NotSelected: p.Skipped, Drift: hist.Headline()})
	if err != nil {
		fmt.Fprintf(o.Stderr, "payconform test: %v\n", err)
		return 2
	}
	hist.Finish(ctx, pub, o.Stderr)
	fmt.Fprint(o.Stdout, pub.Text)
	if !pub.Summary.Tested() && pub.Exit != 2 {
		why := pub.Summary.SkipReasons()
		if len(why) == 0 {
			why = []string{"no check ran"}
		}
		fmt.Fprintln(o.Stderr, "payconform test: "+(&NothingTested{Kind: p.Kind, Why: append(why, p.Skipped...)}).Error())
		return 2
	}
	return pub.Exit
}

type suiteResult struct {
	suite   string
	reports []types.Report
	err     error
}

// runSuite runs one compiled suite and reads its JSON report. Its output goes to
// <reports>/<suite>.log, and to stdout with Verbose.
func runSuite(ctx context.Context, src *suitebin.Source, suite string, p Plan, env []string, o Options) suiteResult {
	bin, err := src.Binary(suite)
	if err != nil {
		return suiteResult{suite: suite, err: err}
	}
	var args []string
	if p.Filter != "" {
		args = append(args, "--ginkgo.label-filter="+p.Filter)
	}
	return runBinary(ctx, bin, suite, args, env, nil, o)
}

// runBinary runs a compiled suite with args (and o.SuiteArgs) and reads its JSON report;
// prepare, when given, adjusts the command first (isolation).
func runBinary(ctx context.Context, bin, suite string, extra []string, env []string, prepare func(*exec.Cmd), o Options) suiteResult {
	res := suiteResult{suite: suite}
	abs, _ := filepath.Abs(o.Reports)
	jsonPath := filepath.Join(abs, suite+".json")
	_ = os.Remove(jsonPath)
	args := append([]string{"--ginkgo.no-color", "--ginkgo.json-report=" + jsonPath}, extra...)
	args = append(args, o.SuiteArgs...)
	logPath := filepath.Join(o.Reports, suite+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		res.err = err
		return res
	}
	defer logFile.Close()
	start := time.Now()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	if prepare != nil {
		prepare(cmd)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if o.Verbose {
		cmd.Stdout, cmd.Stderr = io.MultiWriter(logFile, o.Stdout), io.MultiWriter(logFile, o.Stdout)
	}
	runErr := cmd.Run()
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		var exit *exec.ExitError
		if errors.As(runErr, &exit) || runErr != nil {
			res.err = fmt.Errorf("the suite stopped without a report (%v); its output is in %s:\n%s", runErr, logPath, tail(logPath, 15))
		} else {
			res.err = fmt.Errorf("no report at %s: %v", jsonPath, err)
		}
		return res
	}
	if err := json.Unmarshal(data, &res.reports); err != nil {
		res.err = fmt.Errorf("decode %s: %w", jsonPath, err)
		return res
	}
	_ = os.Remove(jsonPath)
	specs := 0
	for _, r := range res.reports {
		for _, sr := range r.SpecReports {
			if sr.LeafNodeType == types.NodeTypeIt {
				specs++
			}
		}
	}
	fmt.Fprintf(o.Stdout, "payconform: %s: %d specs in %s\n", suite, specs, time.Since(start).Round(10*time.Millisecond))
	return res
}

// countSelected counts the specs the label filter selects, with a dry run of each suite.
func countSelected(ctx context.Context, src *suitebin.Source, p Plan, env []string, o Options) (int, error) {
	total := 0
	for _, s := range p.Suites {
		bin, err := src.Binary(s)
		if err != nil {
			return 0, err
		}
		dir, err := os.MkdirTemp("", "payconform-dry-run-")
		if err != nil {
			return 0, err
		}
		out := filepath.Join(dir, "report.json")
		cmd := exec.CommandContext(ctx, bin, "--ginkgo.dry-run", "--ginkgo.no-color", "--ginkgo.label-filter="+p.Filter, "--ginkgo.json-report="+out)
		cmd.Env = env
		var buf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &buf, &buf
		_ = cmd.Run()
		data, err := os.ReadFile(out)
		_ = os.RemoveAll(dir)
		if err != nil {
			return 0, fmt.Errorf("dry run of %s: %s", s, firstLine(buf.String()))
		}
		var reports []types.Report
		if err := json.Unmarshal(data, &reports); err != nil {
			return 0, fmt.Errorf("dry run of %s: %w", s, err)
		}
		for _, r := range reports {
			for _, sr := range r.SpecReports {
				if sr.LeafNodeType == types.NodeTypeIt && sr.State == types.SpecStatePassed {
					total++
				}
			}
		}
	}
	return total, nil
}

// tail is the last n lines of a file.
func tail(path string, n int) string {
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
