package judge_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/payconform/payconform/harness/judgeapi"
)

// chromium is Debian's headless browser.
const chromium = "/usr/bin/chromium"

// ArtefactDir is where the page test keeps its screenshots: reports/judge-pages/ under the
// repository (CI uploads reports/).
func artefactDir(t *testing.T) string {
	dir := filepath.Join(root(), "reports", "judge-pages")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A person opens the judge's public pages in a browser: the list shows the certified client with
// its operations, subject, key and log index, and every session, the failed one too; a session's
// page shows its verdict, its requirements, its failures and its exchanges, with no credential in
// sight. Screenshots are kept in reports/judge-pages/.
func TestPublicPagesInChromium(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Chromium is required in CI (apt-get install chromium): %v", err)
		}
		t.Skipf("no Chromium at %s (apt-get install chromium)", chromium)
	}
	r := sqliteRig(t, nil)
	token := r.token(t, "acme", false)
	good := openSession(t, r.url, token)
	good.run(good.honest)
	good.finish()
	bad := openSession(t, r.url, token)
	bad.run(func(c judgeapi.Case) judgeapi.Answer {
		a := bad.honest(c)
		if c.Operation == "iyzico.sign" {
			a.Stdout = strings.ToUpper(a.Stdout)
		}
		return a
	})
	bad.finish()

	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0],
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 1600))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()

	dir := artefactDir(t)
	must[chromedp.Void](t)(chromedp.Run(ctx, chromedp.Navigate(r.url+"/")))
	must[chromedp.Void](t)(chromedp.Run(ctx, chromedp.WaitVisible("#certified")))
	title := must[string](t)(chromedp.Run(ctx, chromedp.Title()))
	certified := must[string](t)(chromedp.Run(ctx, chromedp.Text("#certified")))
	sessions := must[string](t)(chromedp.Run(ctx, chromedp.Text("#sessions")))
	shot := must[[]byte](t)(chromedp.Run(ctx, chromedp.FullScreenshot(100)))
	_ = os.WriteFile(filepath.Join(dir, "index.png"), shot, 0o644)
	for _, want := range []string{"payconform-reference", "1.0.0", "iyzico.bin_check", "paywall.temptoken_sdk", r.j.KeyID()[:12]} {
		if !strings.Contains(certified, want) {
			t.Errorf("the certified list does not show %q:\n%s", want, certified)
		}
	}
	if strings.Count(certified, "payconform-reference") != 1 {
		t.Errorf("the certified list should show one certified client:\n%s", certified)
	}
	if !strings.Contains(sessions, "not certified") || !strings.Contains(sessions, "certified") || !strings.Contains(title, "Certified clients") {
		t.Errorf("the session list should show the failed session as well (title %q):\n%s", title, sessions)
	}

	for _, c := range []struct {
		session, verdict, png string
		want                  []string
	}{
		{good.opened.Session, "certified", "session-certified.png", []string{"IYZ-CERT-01", "/payment/bin/check", "/v1/agent/get_auth_key", "/api/paywall/temptoken/sdk"}},
		{bad.opened.Session, "not certified", "session-not-certified.png", []string{"IYZ-CERT-01", "Failures", "likely defect"}},
	} {
		must[chromedp.Void](t)(chromedp.Run(ctx, chromedp.Navigate(r.url+judgeapi.PagePrefix+c.session)))
		must[chromedp.Void](t)(chromedp.Run(ctx, chromedp.WaitVisible("#verdict")))
		verdict := must[string](t)(chromedp.Run(ctx, chromedp.Text("#verdict")))
		body := must[string](t)(chromedp.Run(ctx, chromedp.Text("body")))
		shot := must[[]byte](t)(chromedp.Run(ctx, chromedp.FullScreenshot(100)))
		_ = os.WriteFile(filepath.Join(dir, c.png), shot, 0o644)
		if strings.TrimSpace(verdict) != c.verdict {
			t.Errorf("session %s shows %q, want %q", c.session, verdict, c.verdict)
		}
		for _, want := range c.want {
			if !strings.Contains(body, want) {
				t.Errorf("session %s's page does not show %q", c.session, want)
			}
		}
		if strings.Contains(body, "sck_") && !strings.Contains(body, "[REDACTED]") {
			t.Errorf("session %s's page shows a Paynet key", c.session)
		}
	}
	t.Logf("screenshots in %s", dir)
}

// must stops the test on a browser error.
func must[T any](t *testing.T) func(v T, err error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
