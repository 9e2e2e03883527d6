package certify

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-shellwords"

	"github.com/payconform/payconform/harness/candidate"
	"github.com/payconform/payconform/harness/sandbox"
	"github.com/payconform/payconform/harness/verdict"
)

// PartlyDeclined is an adapter that answers unsupported to some of an operation's cases and
// not to others.
var PartlyDeclined = verdict.RegisterDefect(verdict.Defect{Class: "CANDIDATE_PARTLY_DECLINED",
	Words: "the adapter declines some cases of an operation and answers others: an operation is supported or not"})

// UnseenFault is an adapter that answers a fault case without its client sending the request the
// provider's wrong answer goes to: whatever it answers, the client never met the fault.
var UnseenFault = verdict.RegisterDefect(verdict.Defect{Class: "CANDIDATE_FAULT_UNSEEN",
	Words: "the adapter answered a fault case without its client sending a request, so the client never received the provider's wrong answer: a refusal it did not see proves nothing (an adapter that answers from the case id, not the client)"})

// Defaults of a certification's bounds.
const (
	DefaultCertifyTimeout = 5 * time.Minute
	maxCaseTimeout        = 10 * time.Minute
	maxCertifyTimeout     = 2 * time.Hour
)

// Settings are a certification's settings, from payconform's environment: the command line checks
// them before anything runs (a mistake is one line, exit status 2), and the certification suite
// reads them again.
type Settings struct {
	// CaseTimeout bounds one case (PAYCONFORM_CANDIDATE_TIMEOUT, 20s).
	CaseTimeout time.Duration
	// Total bounds the whole certification (PAYCONFORM_CERTIFY_TIMEOUT, 5m).
	Total time.Duration
	// NoSession keeps a process per case (PAYCONFORM_CANDIDATE_SESSION=off).
	NoSession bool
	// Env names the variables the adapter may see (PAYCONFORM_CANDIDATE_ENV).
	Env []string
	// Sandbox is the sandbox every adapter process runs in; nil with PAYCONFORM_ISOLATION=none.
	Sandbox *sandbox.Spec
}

// Setting names.
const (
	EnvIsolation = "PAYCONFORM_ISOLATION"
	EnvWritable  = "PAYCONFORM_SANDBOX_WRITABLE"
	EnvBind      = "PAYCONFORM_SANDBOX_BIND"
	EnvMemory    = "PAYCONFORM_SANDBOX_MEMORY"
	EnvProcs     = "PAYCONFORM_SANDBOX_PROCS"
)

// FromEnv reads and checks the settings. The error names the variable and what it wants.
func FromEnv(getenv func(string) string) (Settings, error) {
	s := Settings{CaseTimeout: candidate.DefaultTimeout, Total: DefaultCertifyTimeout}
	var err error
	if s.CaseTimeout, err = duration(getenv, "PAYCONFORM_CANDIDATE_TIMEOUT", candidate.DefaultTimeout, maxCaseTimeout); err != nil {
		return s, err
	}
	if s.Total, err = duration(getenv, "PAYCONFORM_CERTIFY_TIMEOUT", DefaultCertifyTimeout, maxCertifyTimeout); err != nil {
		return s, err
	}
	switch v := getenv("PAYCONFORM_CANDIDATE_SESSION"); v {
	case "", "on", "auto":
	case "off":
		s.NoSession = true
	default:
		return s, fmt.Errorf("PAYCONFORM_CANDIDATE_SESSION=%q: want off (a process per case) or unset", v)
	}
	for _, name := range strings.Split(getenv("PAYCONFORM_CANDIDATE_ENV"), ",") {
		if name = strings.TrimSpace(name); name != "" {
			if strings.ContainsAny(name, "= \t") {
				return s, fmt.Errorf("PAYCONFORM_CANDIDATE_ENV: %q is not a variable name", name)
			}
			s.Env = append(s.Env, name)
		}
	}
	switch v := getenv(EnvIsolation); v {
	case "none":
		return s, nil
	case "", "sandbox":
	default:
		return s, fmt.Errorf("%s=%q: want sandbox (the default) or none", EnvIsolation, v)
	}
	spec := sandbox.Spec{Network: sandbox.Isolated, Limits: sandbox.DefaultLimits}
	switch v := getenv(EnvWritable); v {
	case "", "0", "false":
	case "1", "true":
		spec.Writable = true
	default:
		return s, fmt.Errorf("%s=%q: want 1 (the adapter's directory writable) or unset", EnvWritable, v)
	}
	if v := getenv(EnvMemory); v != "" {
		n, err := bytesize(v)
		if err != nil || n < 64<<20 {
			return s, fmt.Errorf("%s=%q: want a size of at least 64MiB, such as 2GiB or 512MiB", EnvMemory, v)
		}
		spec.Limits.Memory = n
	}
	if v := getenv(EnvProcs); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 8 || n > 1<<16 {
			return s, fmt.Errorf("%s=%q: want a number of processes between 8 and 65536", EnvProcs, v)
		}
		spec.Limits.Procs = n
	}
	for _, p := range filepath.SplitList(getenv(EnvBind)) {
		if p == "" {
			continue
		}
		resolved, err := Exposable(EnvBind, p)
		if err != nil {
			return s, err
		}
		spec.ReadOnly = append(spec.ReadOnly, resolved)
	}
	if prog := Program(getenv("PAYCONFORM_CANDIDATE"), getenv("PAYCONFORM_CANDIDATE_DIR")); prog != "" {
		resolved, err := Exposable("the adapter's program", prog)
		if err != nil {
			return s, err
		}
		if !slices.Contains(spec.ReadOnly, resolved) {
			spec.ReadOnly = append(spec.ReadOnly, resolved)
		}
	}
	s.Sandbox = &spec
	return s, nil
}

// Program is the file an adapter command runs, when its first word names one by an absolute path
// outside the system directories and the adapter's directory: the sandbox binds it read-only,
// and the certificate's subject digests it.
func Program(command, dir string) string {
	words, err := shellwords.Parse(command)
	if err != nil || len(words) == 0 || !filepath.IsAbs(words[0]) {
		return ""
	}
	p := filepath.Clean(words[0])
	if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
		return ""
	}
	for _, sys := range []string{"/usr", "/bin", "/sbin", "/lib", "/lib64", "/opt"} {
		if within(p, sys) {
			return ""
		}
	}
	if dir != "" {
		if abs, err := filepath.Abs(dir); err == nil && within(p, abs) {
			return ""
		}
	}
	return p
}

func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func duration(getenv func(string) string, name string, def, most time.Duration) (time.Duration, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 || d > most {
		return 0, fmt.Errorf("%s=%q: want a duration such as %s, at most %s", name, v, def, most)
	}
	return d, nil
}

// bytesize reads 2GiB, 512MiB, 1G, 64M or a number of bytes.
func bytesize(v string) (int64, error) {
	units := []struct {
		suffix string
		n      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(v, u.suffix); ok {
			n, err := strconv.ParseInt(num, 10, 64)
			if err != nil || n <= 0 || n > (1<<50)/u.n {
				return 0, errors.New("not a size")
			}
			return n * u.n, nil
		}
	}
	return strconv.ParseInt(v, 10, 64)
}

// EnvironmentWords says what the adapter's environment held, for the certificate.
func (s Settings) EnvironmentWords() string {
	words := "an allow-list: PATH, HOME (fresh and empty), LANG"
	if len(s.Env) > 0 {
		words += ", and " + strings.Join(s.Env, ", ") + " (PAYCONFORM_CANDIDATE_ENV)"
	}
	return words
}

// WorkDirWords says where the adapter ran, for the certificate.
func (s Settings) WorkDirWords(dir string) string {
	switch {
	case dir == "" && s.Sandbox != nil:
		return "a fresh empty directory in the sandbox"
	case dir == "":
		return "a fresh temporary directory"
	case s.Sandbox != nil && s.Sandbox.Writable:
		return "the vendor's directory (PAYCONFORM_CANDIDATE_DIR), writable (" + EnvWritable + ")"
	case s.Sandbox != nil:
		return "the vendor's directory (PAYCONFORM_CANDIDATE_DIR), read-only"
	}
	return "the vendor's directory (PAYCONFORM_CANDIDATE_DIR)"
}
