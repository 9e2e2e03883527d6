package mockcontainer

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/log"
)

// Repo is the image's repository name; the tag is a hash of its inputs.
const Repo = "payconform-mock"

// MockPackage is the binary the image wraps.
const MockPackage = "github.com/payconform/payconform/cmd/payconform-mock"

//go:embed Dockerfile
var dockerfile []byte

// BuildImage builds the mock's image unless an image with the same inputs is already there, and
// returns its reference. The binary is compiled statically (CGO_ENABLED=0, -trimpath), which is
// reproducible, so the tag, a hash of the binary and the Dockerfile, changes only when the mock
// does. Build output goes to logw.
func BuildImage(ctx context.Context, logw io.Writer) (ref string, built bool, err error) {
	dir, err := os.MkdirTemp("", "payconform-mock-image-")
	if err != nil {
		return "", false, fmt.Errorf("build image: %w", err)
	}
	defer os.RemoveAll(dir)

	bin := filepath.Join(dir, "payconform-mock")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w", "-o", bin, MockPackage)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", false, fmt.Errorf("build mock binary: %v: %s", err, strings.TrimSpace(out.String()))
	}
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), dockerfile, 0o644); err != nil {
		return "", false, fmt.Errorf("build image: %w", err)
	}
	tag, err := inputHash(bin)
	if err != nil {
		return "", false, err
	}
	ref = Repo + ":" + tag

	provider, err := testcontainers.NewDockerProvider(testcontainers.WithLogger(log.NewNoopLogger()))
	if err != nil {
		return "", false, fmt.Errorf("reach docker: %w", err)
	}
	defer provider.Close()
	if _, err := provider.Client().ImageInspect(ctx, ref); err == nil {
		return ref, false, nil
	}
	if logw == nil {
		logw = io.Discard
	}
	req := &testcontainers.ContainerRequest{FromDockerfile: testcontainers.FromDockerfile{
		Context: dir, Dockerfile: "Dockerfile", Repo: Repo, Tag: tag, KeepImage: true, BuildLogWriter: logw,
	}}
	if _, err := provider.BuildImage(ctx, req); err != nil {
		return "", false, fmt.Errorf("build image %s: %w", ref, err)
	}
	return ref, true, nil
}

// inputHash is the first 12 hex digits of SHA-256 over the binary and the Dockerfile.
func inputHash(bin string) (string, error) {
	f, err := os.Open(bin)
	if err != nil {
		return "", fmt.Errorf("hash image inputs: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash image inputs: %w", err)
	}
	h.Write(dockerfile)
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}
