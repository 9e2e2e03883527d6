// Package mockcontainer runs payconform's mock as a container, the way testcontainers-go modules
// run theirs: Run(ctx, opts...) builds the image if its inputs changed, starts it, waits until
// the mock's readiness endpoint answers, and returns a container that knows its base URL and
// the credentials it was given.
//
//	c, err := mockcontainer.Run(ctx, mockcontainer.WithMutants("<provider>-<mutant>"))
//	defer testcontainers.TerminateContainer(c) // before checking err: a half-started container is returned too
//	if err != nil { ... }
//	vars := c.Vars() // every provider's base URL and credentials
package mockcontainer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"net/netip"
	"strings"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/log"
	"github.com/testcontainers/testcontainers-go/wait"

	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/mockapi"
)

// Port is the port the mock listens on inside the container.
const Port = "8080/tcp"

// StartupTimeout bounds the wait for the readiness endpoint.
const StartupTimeout = 30 * time.Second

// Label marks payconform's containers, so that a leftover one can be found and removed.
const Label = "dev.payconform.mock"

// RunLabel carries one Run's own id, so that the containers of a start-up that was interrupted
// (a signal, a cancelled context) are found and removed, even when the client never learnt
// their id.
const RunLabel = "dev.payconform.mock.run"

// MemoryLimit bounds the container's memory: the mock's journal and stores are bounded well
// under it (see harness/mock).
const MemoryLimit = 256 << 20

// MockContainer is a running mock.
type MockContainer struct {
	*testcontainers.DockerContainer
	// BaseURL reaches the mock from the host (http://127.0.0.1:<mapped port>).
	BaseURL string
	// Config is what the mock was started with: its credentials and mutants.
	Config mock.Config
	// AdminToken guards the mock's admin API.
	AdminToken string
	// Image is the image reference the container runs.
	Image string
}

// Vars gives every provider's variables that point a suite at this container.
func (c *MockContainer) Vars() map[string]string { return c.Config.Vars(c.BaseURL) }

type options struct {
	runID      string
	cfg        mock.Config
	env        map[string]string
	adminToken string
	image      string
	buildLog   io.Writer
}

// Option configures the mock; it is a no-op as a testcontainers customizer, so module options
// and testcontainers options can be passed together.
type Option func(*options) error

var _ testcontainers.ContainerCustomizer = (Option)(nil)

// Customize is a no-op: Option only sets mockcontainer's own settings.
func (o Option) Customize(*testcontainers.GenericContainerRequest) error { return nil }

// WithConfig sets the mock's credentials (missing ones are generated).
func WithConfig(cfg mock.Config) Option {
	return func(o *options) error {
		mutants := o.cfg.Mutants
		o.cfg = cfg
		o.cfg.Mutants = o.cfg.Mutants.Union(mutants)
		return nil
	}
}

// WithMutants switches mutants on from the start.
func WithMutants(names ...string) Option {
	return func(o *options) error {
		set, err := mock.ParseMutants(strings.Join(names, ","))
		if err != nil {
			return err
		}
		o.cfg.Mutants = o.cfg.Mutants.Union(set)
		return nil
	}
}

// WithSetting passes one of a provider's own mock settings (an allow-list, say),
// replacing the container default the provider registered.
func WithSetting(name, value string) Option {
	return func(o *options) error {
		if !strings.HasPrefix(name, "PAYCONFORM_MOCK_") {
			return fmt.Errorf("setting %s: mock settings are named PAYCONFORM_MOCK_*", name)
		}
		o.env[name] = value
		return nil
	}
}

// WithRunID labels the container with id (RunLabel) instead of a random one.
func WithRunID(id string) Option {
	return func(o *options) error { o.runID = id; return nil }
}

// WithImage runs an image that is already built instead of building one.
func WithImage(ref string) Option {
	return func(o *options) error { o.image = ref; return nil }
}

// WithBuildLog sends the image build's output to w.
func WithBuildLog(w io.Writer) Option {
	return func(o *options) error { o.buildLog = w; return nil }
}

// Run starts the mock in a container. Module defaults come first and the caller's options last,
// so the caller wins. A container that started but never became ready is returned with the
// error, so that the caller can still terminate it.
func Run(ctx context.Context, opts ...testcontainers.ContainerCustomizer) (*MockContainer, error) {
	o := options{env: mock.ContainerEnv(), adminToken: randomToken(), runID: randomToken()}
	for _, opt := range opts {
		if mo, ok := opt.(Option); ok {
			if err := mo(&o); err != nil {
				return nil, fmt.Errorf("run mock container: %w", err)
			}
		}
	}
	o.cfg.Generate()
	if o.image == "" {
		ref, _, err := BuildImage(ctx, o.buildLog)
		if err != nil {
			return nil, fmt.Errorf("run mock container: %w", err)
		}
		o.image = ref
	}

	env := maps.Clone(o.env)
	env["PAYCONFORM_MOCK_ADMIN_TOKEN"] = o.adminToken
	env["PAYCONFORM_MOCK_MUTANTS"] = strings.Join(o.cfg.Mutants.Names(), ",")
	for name, value := range o.cfg.Vars("") {
		if !strings.HasSuffix(name, "_BASE_URL") {
			env[name] = value
		}
	}
	moduleOpts := []testcontainers.ContainerCustomizer{
		testcontainers.WithLogger(log.NewNoopLogger()),
		testcontainers.WithExposedPorts(Port),
		testcontainers.WithEnv(env),
		testcontainers.WithLabels(map[string]string{Label: "true", RunLabel: o.runID}),
		// Published on the host's loopback only, with a memory limit: the mock is for this
		// machine, and a hostile client must not take the host's memory through it.
		testcontainers.WithHostConfigModifier(func(hc *container.HostConfig) {
			hc.PortBindings = network.PortMap{network.MustParsePort(Port): {{HostIP: netip.MustParseAddr("127.0.0.1")}}}
			hc.Resources.Memory = MemoryLimit
		}),
		testcontainers.WithWaitStrategy(
			wait.ForHTTP(mockapi.AdminPrefix + "health").WithPort(Port).
				WithStartupTimeout(StartupTimeout).WithPollInterval(20 * time.Millisecond),
		),
	}
	ctr, err := testcontainers.Run(ctx, o.image, append(moduleOpts, opts...)...)
	var c *MockContainer
	if ctr != nil {
		c = &MockContainer{DockerContainer: ctr, Config: o.cfg, AdminToken: o.adminToken, Image: o.image}
	}
	if err != nil {
		if ctx.Err() != nil {
			// Interrupted: the daemon may have created the container after the client gave up
			// on it, so remove every container of this run, whatever the client knows.
			RemoveRun(o.runID)
			return nil, fmt.Errorf("run mock container: interrupted: %w", err)
		}
		return c, fmt.Errorf("run mock container: %w", err)
	}
	endpoint, err := ctr.PortEndpoint(ctx, Port, "http")
	if err != nil {
		return c, fmt.Errorf("run mock container: find endpoint: %w", err)
	}
	if host := strings.TrimPrefix(strings.Split(endpoint, "//")[1], "["); !loopback(host) {
		return c, fmt.Errorf("run mock container: endpoint %s is not on loopback; set TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 (docs/design.md, Docker on these machines)", endpoint)
	}
	c.BaseURL = endpoint
	return c, nil
}

// loopback reports whether host:port names a loopback address. No test may aim elsewhere.
func loopback(hostport string) bool {
	host := hostport
	if i := strings.LastIndex(hostport, ":"); i > 0 {
		host = strings.TrimSuffix(hostport[:i], "]")
	}
	if host == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}

func randomToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// RemoveRun force-removes every container labelled with run id, twice a short while apart: a
// create the daemon was still doing when the client was interrupted lands between the two. It
// uses its own context, since the caller's is usually the one that was cancelled.
func RemoveRun(id string) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return
	}
	defer cli.Close()
	for i := range 2 {
		if i > 0 {
			time.Sleep(500 * time.Millisecond)
		}
		list, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: make(client.Filters).Add("label", RunLabel+"="+id)})
		if err != nil {
			return
		}
		for _, c := range list.Items {
			_, _ = cli.ContainerRemove(ctx, c.ID, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true})
		}
	}
}

// RunContainers counts the containers labelled with run id.
func RunContainers(ctx context.Context, id string) (int, error) {
	cli, err := testcontainers.NewDockerClientWithOpts(ctx)
	if err != nil {
		return 0, err
	}
	defer cli.Close()
	list, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: make(client.Filters).Add("label", RunLabel+"="+id)})
	if err != nil {
		return 0, err
	}
	return len(list.Items), nil
}
