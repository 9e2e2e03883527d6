// Package mockcontainer runs payconform's mock as a container, the way testcontainers-go modules
// run theirs: Run(ctx, opts...) builds the image if its inputs changed, starts it, waits until
// the mock's readiness endpoint answers, and returns a container that knows its base URL and
// the credentials it was given.
//
//	c, err := mockcontainer.Run(ctx, mockcontainer.WithMutants("paynet-accept-bearer"))
//	defer testcontainers.TerminateContainer(c) // before checking err: a half-started container is returned too
//	if err != nil { ... }
//	vars := c.Vars() // IYZICO_BASE_URL, PAYNET_SECRET_KEY, ...
package mockcontainer

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"time"

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

// DefaultPaynetAllowList lets every private address through: behind Docker's port mapping the
// mock sees the bridge gateway, not the client. The allow-list check itself is exercised by
// shrinking the list at run time (PNT-AUTH-06).
var DefaultPaynetAllowList = []string{"127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"}

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

// Vars gives the DESIGN section 3 variables that point a suite at this container.
func (c *MockContainer) Vars() map[string]string { return c.Config.Vars(c.BaseURL) }

type options struct {
	cfg        mock.Config
	allow      []string
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
		o.cfg.Mutants |= mutants
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
		o.cfg.Mutants |= set
		return nil
	}
}

// WithPaynetAllowList replaces the client addresses the Paynet routes serve.
func WithPaynetAllowList(clients ...string) Option {
	return func(o *options) error {
		if _, err := mock.ParsePrefixes(strings.Join(clients, ",")); err != nil {
			return err
		}
		o.allow = clients
		return nil
	}
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
	o := options{allow: DefaultPaynetAllowList, adminToken: randomToken()}
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

	env := map[string]string{
		"PAYCONFORM_MOCK_ADMIN_TOKEN":  o.adminToken,
		"PAYCONFORM_MOCK_MUTANTS":      strings.Join(o.cfg.Mutants.Names(), ","),
		"PAYCONFORM_MOCK_PAYNET_ALLOW": strings.Join(o.allow, ","),
	}
	for name, value := range o.cfg.Vars("") {
		if !strings.HasSuffix(name, "_BASE_URL") {
			env[name] = value
		}
	}
	moduleOpts := []testcontainers.ContainerCustomizer{
		testcontainers.WithLogger(log.NewNoopLogger()),
		testcontainers.WithExposedPorts(Port),
		testcontainers.WithEnv(env),
		testcontainers.WithLabels(map[string]string{Label: "true"}),
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
		return c, fmt.Errorf("run mock container: %w", err)
	}
	endpoint, err := ctr.PortEndpoint(ctx, Port, "http")
	if err != nil {
		return c, fmt.Errorf("run mock container: find endpoint: %w", err)
	}
	if host := strings.TrimPrefix(strings.Split(endpoint, "//")[1], "["); !loopback(host) {
		return c, fmt.Errorf("run mock container: endpoint %s is not on loopback; set TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 (DESIGN section 6)", endpoint)
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
