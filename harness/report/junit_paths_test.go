package report

import "testing"

func TestRelativePaths(t *testing.T) {
	for in, want := range map[string]string{
		"In [It] at: /work/main/suites/iyzico/auth_test.go:42 @ 11/23/26":                 "In [It] at: suites/iyzico/auth_test.go:42 @ 11/23/26",
		"/src/harness/iyzico/conform/checks.go:10":                                        "harness/iyzico/conform/checks.go:10",
		"harness/iyzico/conform/checks.go:10":                                             "harness/iyzico/conform/checks.go:10",
		"\t/root/go/pkg/mod/github.com/onsi/ginkgo/v2@v2.34.0/internal/suite.go:100 +0x1": "\tinternal/suite.go:100 +0x1",
		"/usr/local/go/src/runtime/panic.go:770":                                          "runtime/panic.go:770",
		"no path here, 1/2 done":                                                          "no path here, 1/2 done",
	} {
		if got := relativePaths(in); got != want {
			t.Errorf("relativePaths(%q) = %q, want %q", in, got, want)
		}
	}
}
