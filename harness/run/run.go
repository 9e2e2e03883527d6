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
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/progress"
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/redact"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/suggest"
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
	// Docker checks that Docker can be used, for the container target; nil skips the check.
	Docker func(context.Context) error
	// Progress says how the progress display looks on Stderr; NoProgress turns it off.
	Progress   progress.Options
	NoProgress bool
	// Version names this payconform in the summaries.
	Version string
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
		kinds := make([]string, len(target.Kinds))
		for i, k := range target.Kinds {
			kinds[i] = string(k)
		}
		return p, usage("target %q: want one of mock, container, sandbox, custom%s", o.Target, suggest.DidYouMean(o.Target, kinds))
	}
	if o.Mutants != "" {
		if p.Kind != target.Mock && p.Kind != target.Container {
			return p, usage("mutants %q: mutants switch the mock's behaviour; they apply to the mock and container targets, not %s", o.Mutants, p.Kind)
		}
		if _, err := mock.ParseMutants(o.Mutants); err != nil {
			var names []string
			for _, m := range mock.Mutants() {
				names = append(names, m.Name)
			}
			hint := ""
			for _, name := range strings.Split(o.Mutants, ",") {
				if name = strings.TrimSpace(name); name != "" && !slices.Contains(names, name) {
					hint = suggest.DidYouMean(name, names)
					break
				}
			}
			return p, usage("%v%s", err, hint)
		}
	}
	if o.LabelFilter != "" {
		if _, err := types.ParseLabelFilter(o.LabelFilter); err != nil {
			return p, usage("label filter %q: %s", o.LabelFilter, labelFilterError(err))
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
	if err := target.CheckSettings(p.Kind, o.Getenv); err != nil {
		return p, usage("%v", err)
	}

	available := ProviderSuites(src)
	if len(o.Suites) > 0 {
		for _, s := range o.Suites {
			switch {
			case s == "certify":
				return p, usage("suites: certify is not a conformance suite; certify a client with: payconform certify -- CMD ARGS")
			case !slices.Contains(available, s):
				return p, usage("suites: no suite named %q; want one or more of %s%s", s, strings.Join(available, ", "), suggest.DidYouMean(s, available))
			}
		}
	}
	if err := checkBaseURLs(p.Kind, o.Getenv); err != nil {
		return p, err
	}
	// A suite named twice runs once: two copies would write the same report file at once
	// (red team, 2026-12-02: counts doubled, or a corrupt report and no summary).
	var candidates []string
	for _, s := range o.Suites {
		if !slices.Contains(candidates, s) {
			candidates = append(candidates, s)
		}
	}
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
	if p.Kind == target.Container && o.Docker != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := o.Docker(ctx); err != nil {
			return p, usage("target container needs Docker: %s (start the Docker daemon, or use --target mock)", firstLine(err.Error()))
		}
	}
	return p, nil
}

// mutantsFor are the mutants of list that change suite's provider: a mutant applies to the
// suites that have it, and the others run clean.
func mutantsFor(list, suite string) string {
	set, err := mock.ParseMutants(list)
	if err != nil {
		return ""
	}
	var out []string
	for _, m := range mock.Mutants() {
		if set.Has(m) && m.Provider() == suite {
			out = append(out, m.Name)
		}
	}
	return strings.Join(out, ",")
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

// markup is Ginkgo's colour markup ({{red}}, {{/}}) and any escape code it became.
var markup = regexp.MustCompile(`\{\{[a-z/-]*\}\}|\x1b\[[0-9;]*m`)

// labelFilterError is Ginkgo's label filter error in one plain line: what is wrong, without the
// colour codes Ginkgo formats it with.
func labelFilterError(err error) string {
	var ge types.GinkgoError
	if !errors.As(err, &ge) {
		return markup.ReplaceAllString(firstLine(err.Error()), "")
	}
	lines := strings.Split(strings.TrimSpace(ge.Message), "\n")
	return strings.ToLower(ge.Heading) + ": " + markup.ReplaceAllString(lines[len(lines)-1], "")
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

// Outputs are the files a run writes into the reports directory, besides one <suite>.log (and
// a transient <suite>.json) per suite. A run removes them all first, so that nothing of an
// earlier run is read as this one's.
var Outputs = []string{"report.json", "junit.xml", "summary.txt", "summary.md", "summary.json", "certificate.json", "certificate.md", "certificate.html", trend.Index}

// Clean removes an earlier run's files from the reports directory: Outputs, and the log and
// transient report of every suite the source offers.
func Clean(dir string, suites []string) {
	for _, name := range Outputs {
		_ = os.Remove(filepath.Join(dir, name))
	}
	for _, s := range suites {
		_ = os.Remove(filepath.Join(dir, s+".log"))
		_ = os.Remove(filepath.Join(dir, s+".json"))
	}
}

// writable makes the reports directory and checks that this user can write into it. A volume
// mounted into the runner image is owned by the host's user, not the image's (65532), which
// docker run's --user settles.
func writable(dir string) error {
	err := os.MkdirAll(dir, 0o755)
	if err == nil {
		var f *os.File
		if f, err = os.CreateTemp(dir, ".payconform-write-"); err == nil {
			f.Close()
			return os.Remove(f.Name())
		}
	}
	if errors.Is(err, fs.ErrPermission) {
		abs, _ := filepath.Abs(dir)
		return fmt.Errorf("reports directory %s is not writable by this user (uid %d): if it is a volume mounted into the runner image, pass --user \"$(id -u):$(id -g)\" to docker run, so that the container writes as the directory's owner; otherwise choose another with --reports", abs, os.Getuid())
	}
	return fmt.Errorf("reports directory %s: %w", dir, err)
}

// Masked wraps w so that each write has the secrets the environment configures masked: a
// message that quotes a setting (a base URL with a key in its query, say) gives none away.
func Masked(w io.Writer, getenv func(string) string) io.Writer {
	return maskedWriter{w: w, r: redact.New(configuredSecrets(getenv)...)}
}

type maskedWriter struct {
	w io.Writer
	r *redact.Redactor
}

func (m maskedWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(m.w, m.r.String(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// maskSettings masks the configured secrets in a message that may quote a setting.
func maskSettings(o Options, s string) string {
	if o.Getenv == nil {
		return s
	}
	return redact.New(configuredSecrets(o.Getenv)...).String(s)
}

// configuredSecrets are the values of every provider's secret variables in the environment.
func configuredSecrets(getenv func(string) string) []string {
	var out []string
	for _, name := range secretVars() {
		if v := getenv(name); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Nothing writes the summaries of a run that tested nothing, after removing an earlier run's
// files, and says why on stderr in one line. It returns 2.
func Nothing(src *suitebin.Source, o Options, why string) int {
	why = maskSettings(o, why)
	fmt.Fprintln(o.Stderr, "payconform test: "+why)
	if o.Reports == "" {
		return 2
	}
	var names []string
	if src != nil {
		names = src.Names()
	}
	if err := writable(o.Reports); err != nil {
		fmt.Fprintf(o.Stderr, "payconform test: %v\n", err)
		return 2
	}
	Clean(o.Reports, names)
	if err := report.PublishNothing(o.Reports, why, report.Options{Version: o.Version, LabelFilter: o.LabelFilter, Start: time.Now()}); err != nil {
		fmt.Fprintf(o.Stderr, "payconform test: %v\n", err)
	}
	return 2
}

// Test runs a checked plan: the suites side by side, then the reports. It returns the exit
// status: 0, 1 or 3 as report.Published says; 2 for a harness error, a base URL that serves
// none of a suite's routes, or a run that sent nothing to the target; 130 when ctx was
// cancelled (SIGINT, SIGTERM): the suites are then told to stop, and the reports of what ran
// are written, marked interrupted.
func Test(ctx context.Context, src *suitebin.Source, p Plan, o Options) int {
	start := time.Now()
	if err := writable(o.Reports); err != nil {
		fmt.Fprintf(o.Stderr, "payconform test: %v\n", err)
		return 2
	}
	Clean(o.Reports, src.Names())
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PAYCONFORM_MOCK_MUTANTS=") && !strings.HasPrefix(kv, progress.FDEnv+"=") {
			env = append(env, kv)
		}
	}
	env = append(env, "PAYCONFORM_TARGET="+string(p.Kind), "SUITES="+strings.Join(p.Suites, ","), target.SecretVarsEnv+"="+strings.Join(secretVars(), ","))
	// testcontainers-go on these machines: no reaper image can be pulled, and a machine that is
	// itself a container must be told the daemon's ports are on loopback (docs/design.md).
	for name, value := range map[string]string{"TESTCONTAINERS_RYUK_DISABLED": "true", "TESTCONTAINERS_HOST_OVERRIDE": "127.0.0.1"} {
		if o.Getenv(name) == "" {
			env = append(env, name+"="+value)
		}
	}
	if p.Kind == target.Sandbox || p.Kind == target.Custom {
		for _, s := range p.Suites {
			d, _ := provider.Lookup(s)
			name := d.BaseURLVar()
			base := o.Getenv(name)
			if base == "" && p.Kind == target.Sandbox {
				base = d.Var(name).Sandbox
			}
			if err := target.Handshake(ctx, name, base, o.Getenv("PAYCONFORM_CA_FILE")); err != nil {
				return Nothing(src, o, "nothing was tested against "+string(p.Kind)+": "+err.Error())
			}
		}
	}
	if p.Filter != "" {
		if n, err := countSelected(ctx, src, p, env, o); err != nil {
			fmt.Fprintf(o.Stderr, "payconform test: %v\n", err)
			return 2
		} else if n == 0 {
			return Nothing(src, o, fmt.Sprintf("label filter %q selects no spec of %s", p.Filter, strings.Join(p.Suites, ", ")))
		}
	}
	fmt.Fprintf(o.Stdout, "payconform: testing %s against target %s\n", strings.Join(p.Suites, ", "), p.Kind)
	var display *progress.Display
	if !o.NoProgress {
		display = progress.New(o.Stderr, o.Progress)
	}
	results := make([]suiteResult, len(p.Suites))
	var wg sync.WaitGroup
	for i, s := range p.Suites {
		var track *progress.Suite
		if display != nil {
			track = display.Suite(s)
		}
		wg.Go(func() { results[i] = runSuite(ctx, src, s, p, env, track, o) })
	}
	wg.Wait()
	if display != nil {
		display.Close()
	}
	interrupted := ctx.Err() != nil
	var reports []types.Report
	for _, r := range results {
		switch {
		case r.err != nil && interrupted:
			fmt.Fprintf(o.Stdout, "payconform: %s: interrupted before it wrote a report\n", r.suite)
			continue
		case r.err != nil:
			fmt.Fprintf(o.Stderr, "payconform test: %s: %v\n", r.suite, r.err)
			return 2
		}
		fmt.Fprintf(o.Stdout, "payconform: %s\n", r.line())
		reports = append(reports, r.reports...)
	}
	merged, _ := json.Marshal(reports)
	if err := os.WriteFile(filepath.Join(o.Reports, "report.json"), merged, 0o644); err != nil {
		fmt.Fprintf(o.Stderr, "payconform test: %v\n", err)
		return 2
	}
	hist := trend.Begin(ctx, reports, trend.Settings{Kind: "test", Target: string(p.Kind), Filter: p.Filter, Mutants: o.Mutants, Reports: o.Reports, Baseline: p.Baseline, Getenv: o.Getenv})
	pub, err := report.Publish(reports, o.Reports, report.Options{Baseline: p.Baseline, NotSelected: p.Skipped, LabelFilter: p.Filter,
		Version: o.Version, Start: start, Duration: time.Since(start), Interrupted: interrupted, Drift: hist.Headline()})
	if err != nil {
		fmt.Fprintf(o.Stderr, "payconform test: %v\n", err)
		return 2
	}
	hist.Finish(ctx, pub, o.Stderr)
	fmt.Fprint(o.Stdout, pub.Text)
	switch {
	case pub.Exit == 130:
		fmt.Fprintln(o.Stderr, "payconform test: interrupted; the reports hold what ran")
		return 130
	case pub.Exit == 1 && len(pub.Summary.NothingGranted) > 0:
		for _, suite := range pub.Summary.NothingGranted {
			fmt.Fprintln(o.Stderr, "payconform test: "+report.NothingGrantedLine(suite))
		}
		return 1
	case len(pub.Summary.Misconfigured) > 0:
		for _, m := range pub.Summary.Misconfigured {
			fmt.Fprintln(o.Stderr, "payconform test: "+misconfigured(m, o.Getenv, p.Kind))
		}
		return 2
	case !pub.Summary.Tested() && pub.Exit != 2:
		why := pub.Summary.SkipReasons()
		if len(why) == 0 {
			why = []string{"no check that talks to the target ran"}
			if p.Filter != "" {
				why[0] = "no check that talks to the target was selected by --label-filter " + strconv.Quote(p.Filter)
			}
			if pub.Summary.OfflineRan() {
				why[0] += " (only the offline known-answer checks ran)"
			}
		}
		nothing := &NothingTested{Kind: p.Kind, Why: append(why, p.Skipped...)}
		if err := report.MarkNothingTested(o.Reports, maskSettings(o, nothing.Error())); err != nil {
			fmt.Fprintf(o.Stderr, "payconform test: %v\n", err)
		}
		fmt.Fprintln(o.Stderr, "payconform test: "+nothing.Error())
		return 2
	}
	return pub.Exit
}

// misconfigured is the one line of a suite whose base URL serves none of its routes, with the
// URL that was tried.
func misconfigured(m report.Misconfiguration, getenv func(string) string, kind target.Kind) string {
	d, ok := provider.Lookup(m.Suite)
	if !ok {
		return m.String()
	}
	name := d.BaseURLVar()
	base := getenv(name)
	if base == "" && kind == target.Sandbox {
		base = d.Var(name).Sandbox + " (the default)"
	}
	return fmt.Sprintf("%s=%s serves none of %s's routes: every request was answered 404 or 405 (%s %s → %d); check the base URL",
		name, base, m.Suite, m.Example.Method, m.Example.URL, m.Example.Status)
}

type suiteResult struct {
	suite   string
	reports []types.Report
	err     error
	elapsed time.Duration
}

// line is what a finished suite prints: "iyzico: 98 specs in 110ms".
func (r suiteResult) line() string {
	specs, ran := 0, 0
	for _, rep := range r.reports {
		for _, sr := range rep.SpecReports {
			if sr.LeafNodeType == types.NodeTypeIt {
				specs++
				if sr.State != types.SpecStateSkipped || sr.Failure.Message != "" {
					ran++
				}
			}
		}
	}
	for _, rep := range r.reports {
		for _, reason := range rep.SpecialSuiteFailureReasons {
			if strings.Contains(reason, "Interrupted") {
				return fmt.Sprintf("%s: interrupted after %d of %d specs, in %s", r.suite, ran, specs, r.elapsed.Round(10*time.Millisecond))
			}
		}
	}
	return fmt.Sprintf("%s: %d specs in %s", r.suite, specs, r.elapsed.Round(10*time.Millisecond))
}

// runSuite runs one compiled suite and reads its JSON report. Its output goes to
// <reports>/<suite>.log, and to stdout with Verbose; its progress to track.
func runSuite(ctx context.Context, src *suitebin.Source, suite string, p Plan, env []string, track *progress.Suite, o Options) suiteResult {
	bin, err := src.BinaryContext(ctx, suite)
	if err != nil {
		return suiteResult{suite: suite, err: err}
	}
	var args []string
	if p.Filter != "" {
		args = append(args, "--ginkgo.label-filter="+p.Filter)
	}
	if m := mutantsFor(o.Mutants, suite); m != "" {
		env = append(slices.Clone(env), "PAYCONFORM_MOCK_MUTANTS="+m)
	}
	return execSuite(ctx, bin, suite, args, env, nil, track, o)
}

// runBinary runs a compiled suite with args (and o.SuiteArgs) and reads its JSON report;
// prepare, when given, adjusts the command first (isolation). It prints one line when the suite
// is done.
func runBinary(ctx context.Context, bin, suite string, extra []string, env []string, prepare func(*exec.Cmd), o Options) suiteResult {
	res := execSuite(ctx, bin, suite, extra, env, prepare, nil, o)
	if res.err == nil {
		fmt.Fprintf(o.Stdout, "payconform: %s\n", res.line())
	}
	return res
}

// stopGrace is how long a suite told to stop (SIGINT) has to clean up (its containers) and write
// its report before it is killed.
const stopGrace = 30 * time.Second

// specGrace is how long Ginkgo waits for an interrupted spec to return before it leaves it.
const specGrace = 5 * time.Second

// execSuite runs a compiled suite and reads its JSON report. When ctx is cancelled the suite is
// sent SIGINT, as a terminal's Ctrl-C would: Ginkgo then stops the running spec, runs its
// cleanup (a container is removed) and writes its report, marked interrupted. The suite runs in
// a process group of its own, so that a Ctrl-C reaches it once, through payconform.
func execSuite(ctx context.Context, bin, suite string, extra []string, env []string, prepare func(*exec.Cmd), track *progress.Suite, o Options) suiteResult {
	res := suiteResult{suite: suite}
	abs, _ := filepath.Abs(o.Reports)
	jsonPath := filepath.Join(abs, suite+".json")
	_ = os.Remove(jsonPath)
	// Ginkgo gives an interrupted spec a grace period to return before it leaves it and writes
	// the report; it must end well before stopGrace, or a spec blocked in a request that does
	// not watch its context (the red team's hanging target, 2026-12-02) costs the report.
	args := append([]string{"--ginkgo.no-color", "--ginkgo.json-report=" + jsonPath, "--ginkgo.grace-period=" + specGrace.String()}, extra...)
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
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = stopGrace
	if prepare != nil {
		prepare(cmd)
	}
	ownProcessGroup(cmd)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if o.Verbose {
		cmd.Stdout, cmd.Stderr = io.MultiWriter(logFile, o.Stdout), io.MultiWriter(logFile, o.Stdout)
	}
	var events *os.File
	if track != nil {
		r, w, err := os.Pipe()
		if err != nil {
			res.err = err
			return res
		}
		events = r
		cmd.ExtraFiles = []*os.File{w}
		cmd.Env = append(slices.Clone(cmd.Env), fmt.Sprintf("%s=%d", progress.FDEnv, 3))
		defer w.Close()
	}
	runErr := cmd.Start()
	var read sync.WaitGroup
	if events != nil {
		cmd.ExtraFiles[0].Close() // the suite holds the write end now
		read.Go(func() { track.Read(events); events.Close() })
	}
	if runErr == nil {
		runErr = cmd.Wait()
	}
	read.Wait()
	if track != nil {
		track.Finish()
	}
	res.elapsed = time.Since(start)
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		res.err = fmt.Errorf("the suite stopped without a report (%v); its output is in %s:\n%s", runErr, logPath, tail(logPath, 15))
		return res
	}
	if err := json.Unmarshal(data, &res.reports); err != nil {
		res.err = fmt.Errorf("decode %s: %w", jsonPath, err)
		return res
	}
	_ = os.Remove(jsonPath)
	return res
}

// countSelected counts the specs the label filter selects, with a dry run of each suite.
func countSelected(ctx context.Context, src *suitebin.Source, p Plan, env []string, o Options) (int, error) {
	total := 0
	for _, s := range p.Suites {
		bin, err := src.BinaryContext(ctx, s)
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

// secretVars are the secret variables of every provider payconform knows: each suite masks
// them all, not its own provider's alone.
func secretVars() []string {
	var out []string
	for _, v := range provider.Vars() {
		if v.Kind == provider.Secret {
			out = append(out, v.Name)
		}
	}
	return out
}
