package trend_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/payconform/payconform/harness/history/historytest"
	"github.com/payconform/payconform/harness/suitebin"
	"github.com/payconform/payconform/harness/trend"
)

// ArtefactsEnv names where the browser test keeps its screenshot; by default
// reports/test-artefacts/ in the checkout, which CI uploads with the reports.
const ArtefactsEnv = "PAYCONFORM_TEST_ARTEFACTS"

// chromium finds Debian's chromium. Without it the test skips, saying why, except under
// CI=true, where it fails: .ci/run installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("no chromium on PATH; .ci/run installs Debian's chromium")
	}
	t.Skip("no chromium on PATH (apt-get install chromium); the HTML report is not opened in a browser")
	return ""
}

// What a person sees in index.html after three nightly runs, the last of which broke the
// contract: the verdict first, the requirements table filtered to the failures (and only
// them), the plot of outcomes with one bar per run, each requirement's strip with one square
// per run, the drift; nothing is fetched from anywhere. A screenshot is kept as an artefact.
func TestTheReportInABrowser(t *testing.T) {
	path := chromium(t)
	dir := t.TempDir()
	start := time.Date(2026, 12, 1, 3, 17, 0, 0, time.UTC)
	failures := map[string]string{
		"IYZ-CONTRACT-01": "IYZ-CONTRACT-01 MUST: expected /commercial: one of [0,1]; got boolean false",
		"PWL-AUTH-01":     "PWL-AUTH-01 MUST: expected a refusal; got HTTP 200 with a Token",
	}
	publish(t, dir, env{}, historytest.Run{Start: start})
	publish(t, dir, env{}, historytest.Run{Start: start.Add(24 * time.Hour), Warn: map[string]string{"PNT-AUTH-03": "PNT-AUTH-03 SHOULD: Basic base64(key:) was accepted"}})
	pub, _, _ := publish(t, dir, env{}, historytest.Run{Start: start.Add(48 * time.Hour), Fail: failures,
		Mutants: []string{"iyzico-drift-added-field", "iyzico-drift-commercial-boolean"}})
	if pub.Exit != 1 {
		t.Fatalf("the last run exits %d", pub.Exit)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.NoFirstRun, chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000))
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(ctx)
	defer cancelTab()

	page := "file://" + filepath.Join(dir, trend.Index)
	var mu sync.Mutex
	var fetched []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok && e.Request.URL != page && !strings.HasPrefix(e.Request.URL, "data:") {
			mu.Lock()
			fetched = append(fetched, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitReady("#requirements-table")); err != nil {
		t.Fatal(err)
	}
	verdict, err := chromedp.Run(ctx, chromedp.Text("#verdict-word"))
	if err != nil {
		t.Fatal(err)
	}
	if verdict != "FAILED" {
		t.Errorf("the verdict reads %q", verdict)
	}
	// The verdict is the first thing on the page: nothing is drawn above it.
	if top, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.getElementById("verdict").getBoundingClientRect().top`)); err != nil || top > 20 {
		t.Errorf("the verdict is %.0f px down the page (%v)", top, err)
	}

	// A person picks "fail" in the outcome filter.
	if err := chromedp.Do(ctx, chromedp.SetValue("#filter-outcome", "fail"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("filter-outcome").dispatchEvent(new Event("change")), undefined`)); err != nil {
		t.Fatal(err)
	}
	visible, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#requirements-table tbody tr"))
		.filter(r => r.offsetParent !== null).map(r => r.dataset.outcome + " " + r.cells[0].innerText.split(" ")[0])`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(visible, ", ") != "fail IYZ-CONTRACT-01, fail PWL-AUTH-01" {
		t.Errorf("filtered to failures, the table shows %q", visible)
	}
	shown, err := chromedp.Run(ctx, chromedp.Text("#shown"))
	if err != nil || !strings.HasPrefix(shown, "2 of ") {
		t.Errorf("the count reads %q (%v)", shown, err)
	}

	// The outcome plot has one labelled bar per run, and is drawn at a size a person can read.
	labels, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#plot-outcomes svg text"))
		.map(t => t.textContent).filter(s => /^#\d+$/.test(s))`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(labels, " ") != "#1 #2 #3" {
		t.Errorf("the outcome plot labels %q, want one bar per run: #1 #2 #3", labels)
	}
	if width, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector("#plot-outcomes svg").getBoundingClientRect().width`)); err != nil || width < 300 {
		t.Errorf("the plot is %.0f px wide (%v)", width, err)
	}
	cells, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#requirements-table tbody tr[data-outcome=fail] svg.strip rect"))
		.map(r => r.dataset.outcome)`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(cells, " ") != "pass pass fail pass pass fail" {
		t.Errorf("the two failures' strips read %q, want three runs each, failing in the last", cells)
	}

	// The drift section lists the two shape changes.
	drift, err := chromedp.Run(ctx, chromedp.Text("#drift-shapes"))
	if err != nil || !strings.Contains(drift, "$.cardProgram string") || !strings.Contains(drift, "$.commercial number → boolean") {
		t.Errorf("the drift section reads %q (%v)", drift, err)
	}

	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	keep(t, "index-report.png", shot)
	mu.Lock()
	defer mu.Unlock()
	if len(fetched) > 0 {
		t.Errorf("the page fetched %q; it must be self-contained", fetched)
	}
}

// keep writes a test artefact under PAYCONFORM_TEST_ARTEFACTS, or reports/test-artefacts/ in
// the checkout.
func keep(t *testing.T, name string, data []byte) {
	t.Helper()
	dir := os.Getenv(ArtefactsEnv)
	if dir == "" {
		wd, _ := os.Getwd()
		root, ok := suitebin.Checkout(wd)
		if !ok {
			t.Fatalf("no checkout above %s; set %s", wd, ArtefactsEnv)
		}
		dir = filepath.Join(root, "reports", "test-artefacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}
