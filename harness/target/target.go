// Package target turns PAYCONFORM_TARGET and the providers' environment variables into the one
// place the suites send requests to: the in-process mock, the mock in a container, a provider's
// sandbox, or any custom server.
//
// Every target is described by the same variables, which the registered providers declare
// (<PROVIDER>_BASE_URL, its credentials). For a mock target they are generated; for the others
// they come from the environment, and a sandbox's base URLs default to the documented ones. The
// package names no provider: adding one adds nothing here.
package target

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/payconform/payconform/harness/nearmiss"
	"github.com/payconform/payconform/harness/provider"
)

// Kind names a target.
type Kind string

const (
	Mock      Kind = "mock"
	Container Kind = "container"
	Sandbox   Kind = "sandbox"
	Custom    Kind = "custom"
)

// Kinds lists every kind, for messages.
var Kinds = []Kind{Mock, Container, Sandbox, Custom}

// RequestTimeout bounds every request a target's client sends.
const RequestTimeout = 15 * time.Second

// Target is where the suites send requests.
type Target struct {
	Kind Kind
	// HTTP is the client for the target: per-request timeout, TLS verification always on.
	HTTP *http.Client
	// Admin reaches the mock's admin API; nil unless Kind is Mock or Container.
	Admin *Admin

	vars map[string]string
	// others are the values of secrets of providers this binary does not register (a suite
	// knows its own provider only): payconform names them in SecretVarsEnv, so that a target
	// that echoes another provider's credential gives none away.
	others []string
	stop   func(context.Context) error
}

// SecretVarsEnv names, comma-separated, the secret variables of every provider payconform
// knows; payconform sets it for its suites.
const SecretVarsEnv = "PAYCONFORM_SECRET_VARS"

// NotApplicableError says why a check cannot run against this target. Suites turn it into a
// Skip with the reason, never into a silent pass.
type NotApplicableError struct{ Reason string }

func (e *NotApplicableError) Error() string { return "not applicable: " + e.Reason }

// Var returns one of the target's variables ("" if unset).
func (t *Target) Var(name string) string { return t.vars[name] }

// Secrets lists the values of the target's Secret variables, for redaction, and each one's near
// misses: the probes send them, and a target that echoes one gives the secret away.
func (t *Target) Secrets() []string {
	var out []string
	for _, v := range provider.Vars() {
		if s := t.vars[v.Name]; v.Kind == provider.Secret && s != "" {
			out = append(append(out, s), nearmiss.All(s)...)
		}
	}
	for _, s := range t.others {
		out = append(append(out, s), nearmiss.All(s)...)
	}
	return out
}

// Require returns a NotApplicableError naming every variable in names that is unset.
func (t *Target) Require(names ...string) error {
	var missing []string
	for _, n := range names {
		if t.vars[n] == "" {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return &NotApplicableError{Reason: fmt.Sprintf("%s not set for target %s", strings.Join(missing, ", "), t.Kind)}
	}
	return nil
}

// IsMock reports whether the target is payconform's own mock, whose data and switches checks may
// rely on.
func (t *Target) IsMock() bool { return t.Kind == Mock || t.Kind == Container }

// Close stops what the target started (the in-process mock, a container).
func (t *Target) Close(ctx context.Context) error {
	if t.stop == nil {
		return nil
	}
	return t.stop(ctx)
}

// Starter starts a mock target and returns its base URL, its variables, its admin token and a
// stop function. It may write progress lines (an image build) to progress. The mocktarget and
// containertarget packages register one each.
type Starter func(ctx context.Context, getenv func(string) string, progress io.Writer) (baseURL string, vars map[string]string, adminToken string, stop func(context.Context) error, err error)

var starters = map[Kind]Starter{}

// RegisterStarter makes a mock kind available. It is called from init functions.
func RegisterStarter(k Kind, s Starter) { starters[k] = s }

// Select builds the target PAYCONFORM_TARGET names (mock by default), starting it if it is a mock.
// Progress lines go to progress (nil discards them).
func Select(ctx context.Context, getenv func(string) string, progress io.Writer) (*Target, error) {
	if progress == nil {
		progress = io.Discard
	}
	kind := Kind(getenv("PAYCONFORM_TARGET"))
	if kind == "" {
		kind = Mock
	}
	if !slices.Contains(Kinds, kind) {
		return nil, fmt.Errorf("select target: PAYCONFORM_TARGET=%q; want one of %v", kind, Kinds)
	}
	if err := CheckSettings(kind, getenv); err != nil {
		return nil, fmt.Errorf("select target: %w", err)
	}
	policy, err := PolicyFor(kind, getenv)
	if err != nil {
		return nil, fmt.Errorf("select target: %w", err)
	}
	client, err := NewHTTPClient(getenv("PAYCONFORM_CA_FILE"), policy)
	if err != nil {
		return nil, err
	}
	t := &Target{Kind: kind, HTTP: client, vars: map[string]string{}}
	switch kind {
	case Mock, Container:
		start, ok := starters[kind]
		if !ok {
			return nil, fmt.Errorf("select target %s: not built into this binary (import harness/target/%starget)", kind, kind)
		}
		base, vars, token, stop, err := start(ctx, getenv, progress)
		if stop != nil {
			t.stop = stop
		}
		var na *NotApplicableError
		if errors.As(err, &na) {
			return t, err
		}
		if err != nil {
			return t, fmt.Errorf("start %s target: %w", kind, err)
		}
		t.vars = vars
		t.Admin = &Admin{BaseURL: base, Token: token, HTTP: client}
	case Sandbox, Custom:
		for _, v := range provider.Vars() {
			if val := getenv(v.Name); val != "" {
				t.vars[v.Name] = val
			} else if kind == Sandbox && v.Sandbox != "" {
				t.vars[v.Name] = v.Sandbox
			}
		}
		for name := range strings.SplitSeq(getenv(SecretVarsEnv), ",") {
			if val := getenv(strings.TrimSpace(name)); val != "" {
				t.others = append(t.others, val)
			}
		}
	}
	return t, nil
}

// NewHTTPClient builds the client every target uses: TLS verification on, with caFile's
// certificates added to the system pool when given, the policy's per-request timeout, retries of
// 429 and 5xx, a circuit breaker, and no redirect ever followed.
func NewHTTPClient(caFile string, policy Policy) (*http.Client, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 8
	if caFile != "" {
		pool, err := loadCAFile(caFile)
		if err != nil {
			return nil, err
		}
		transport.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{Transport: &retrying{base: transport, policy: policy}, Timeout: policy.Timeout,
		// Never follow a redirect: a 3xx is the target's answer, judged as such (an auth endpoint
		// that redirects has not refused), and a credential goes only where the user pointed it,
		// never to a location a target names (another port, or http after https).
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, nil
}

// Snapshot is what a parallel Ginkgo process needs to use a target another process started.
type Snapshot struct {
	Kind       Kind              `json:"kind"`
	Vars       map[string]string `json:"vars"`
	AdminURL   string            `json:"adminUrl,omitempty"`
	AdminToken string            `json:"adminToken,omitempty"`
	CAFile     string            `json:"caFile,omitempty"`
	Others     []string          `json:"others,omitempty"`
}

// Marshal encodes the snapshot for SynchronizedBeforeSuite. It carries credentials; Ginkgo passes
// it between its own processes and never prints it.
func (t *Target) Marshal(caFile string) []byte {
	s := Snapshot{Kind: t.Kind, Vars: t.vars, CAFile: caFile, Others: t.others}
	if t.Admin != nil {
		s.AdminURL, s.AdminToken = t.Admin.BaseURL, t.Admin.Token
	}
	b, _ := json.Marshal(s)
	return b
}

// Unmarshal rebuilds a target from Marshal's output, in another process.
func Unmarshal(data []byte) (*Target, error) {
	var s Snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("decode target snapshot: %w", err)
	}
	policy, err := PolicyFor(s.Kind, os.Getenv)
	if err != nil {
		return nil, err
	}
	client, err := NewHTTPClient(s.CAFile, policy)
	if err != nil {
		return nil, err
	}
	t := &Target{Kind: s.Kind, HTTP: client, vars: s.Vars, others: s.Others}
	if s.AdminURL != "" {
		t.Admin = &Admin{BaseURL: s.AdminURL, Token: s.AdminToken, HTTP: client}
	}
	return t, nil
}
