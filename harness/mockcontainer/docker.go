package mockcontainer

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/testcontainers/testcontainers-go"
)

// Available reports whether a Docker daemon answers and testcontainers is set up for this
// machine. When not, the error says why, in one line a person can act on.
func Available(ctx context.Context) error {
	if err := CheckEnvironment(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return fmt.Errorf("docker is not reachable (start dockerd, or set DOCKER_HOST): %w", err)
	}
	defer cli.Close()
	return nil
}

// Required reports whether the environment demands the container run: in CI (CI=true) a missing
// Docker fails the run instead of skipping the container specs.
func Required() bool { return os.Getenv("CI") == "true" }

// SetDefaults sets, for this process, the two testcontainers settings these machines need when
// the user has not set them: no reaper (its image cannot be pulled) and loopback as the
// daemon's host. The command line calls it; make and .ci/run export the same.
func SetDefaults() {
	for name, value := range map[string]string{"TESTCONTAINERS_RYUK_DISABLED": "true", "TESTCONTAINERS_HOST_OVERRIDE": "127.0.0.1"} {
		if os.Getenv(name) == "" {
			_ = os.Setenv(name, value)
		}
	}
}

// CheckEnvironment refuses to start containers where testcontainers would reach beyond loopback.
// A machine that is itself a container (/.dockerenv) makes testcontainers aim at the default
// gateway unless TESTCONTAINERS_HOST_OVERRIDE names a loopback address, and the reaper image it
// would pull cannot be pulled without a registry. The Makefile and .ci/run export both settings
// (docs/design.md, Docker on these machines); this check only stops a run that bypasses them.
func CheckEnvironment() error {
	if _, err := os.Stat("/.dockerenv"); err != nil {
		return nil
	}
	var missing []string
	if os.Getenv("TESTCONTAINERS_RYUK_DISABLED") != "true" {
		missing = append(missing, "TESTCONTAINERS_RYUK_DISABLED=true")
	}
	if !loopback(os.Getenv("TESTCONTAINERS_HOST_OVERRIDE") + ":0") {
		missing = append(missing, "TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1")
	}
	if len(missing) > 0 {
		return fmt.Errorf("this machine runs inside a container (/.dockerenv): export %s, as make and .ci/run do", strings.Join(missing, " "))
	}
	return nil
}
