// Package runnerimage builds payconform's runner image, payconform:local: the command line and
// the compiled suites, statically linked, on an empty base (see Dockerfile). With it a merchant's
// nightly job or a vendor's CI runs payconform with no Go on the machine.
package runnerimage

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/log"

	"github.com/payconform/payconform/harness/version"
)

// Ref is the image the build tags.
const Ref = "payconform:local"

//go:embed Dockerfile
var dockerfile []byte

// CABundle is where Debian keeps the root certificates the image carries.
const CABundle = "/etc/ssl/certs/ca-certificates.crt"

// Build compiles the CLI and every suite statically (CGO_ENABLED=0, -trimpath), with the
// checkout's commit stamped into the CLI, and builds the image from them. root is the checkout;
// suites names the suites to include. Build output goes to logw.
func Build(ctx context.Context, root string, suites []string, logw io.Writer) error {
	if logw == nil {
		logw = io.Discard
	}
	dir, err := os.MkdirTemp("", "payconform-runner-image-")
	if err != nil {
		return fmt.Errorf("build runner image: %w", err)
	}
	defer os.RemoveAll(dir)
	for _, d := range []string{"suites", "tmp", "reports"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return fmt.Errorf("build runner image: %w", err)
		}
		_ = os.WriteFile(filepath.Join(dir, d, ".keep"), nil, 0o644)
	}
	ca, err := os.ReadFile(CABundle)
	if err != nil {
		return fmt.Errorf("build runner image: read %s (Debian's ca-certificates package): %w", CABundle, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ca-certificates.crt"), ca, 0o644); err != nil {
		return fmt.Errorf("build runner image: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), dockerfile, 0o644); err != nil {
		return fmt.Errorf("build runner image: %w", err)
	}
	rev, dirty, ok := version.Git(root)
	if !ok {
		rev = "unknown"
	}
	ldflags := fmt.Sprintf("-s -w -X github.com/payconform/payconform/harness/version.Revision=%s -X github.com/payconform/payconform/harness/version.Modified=%t", rev, dirty)
	fmt.Fprintf(logw, "runner image: compiling the command line and %s\n", strings.Join(suites, ", "))
	if err := goCmd(ctx, root, "build", "-trimpath", "-buildvcs=false", "-ldflags="+ldflags, "-o", filepath.Join(dir, "payconform"), "./cmd/payconform"); err != nil {
		return err
	}
	for _, s := range suites {
		if err := goCmd(ctx, root, "test", "-c", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", filepath.Join(dir, "suites", s+".test"), "./suites/"+s); err != nil {
			return err
		}
	}
	provider, err := testcontainers.NewDockerProvider(testcontainers.WithLogger(log.NewNoopLogger()))
	if err != nil {
		return fmt.Errorf("reach docker: %w", err)
	}
	defer provider.Close()
	repo, tag, _ := strings.Cut(Ref, ":")
	req := &testcontainers.ContainerRequest{FromDockerfile: testcontainers.FromDockerfile{
		Context: dir, Dockerfile: "Dockerfile", Repo: repo, Tag: tag, KeepImage: true, BuildLogWriter: logw,
	}}
	if _, err := provider.BuildImage(ctx, req); err != nil {
		return fmt.Errorf("build image %s: %w", Ref, err)
	}
	return nil
}

func goCmd(ctx context.Context, root string, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(out.String()))
	}
	return nil
}
