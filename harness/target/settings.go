package target

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/provider"
)

// MaxCAFile bounds PAYCONFORM_CA_FILE: a bundle of a few hundred certificates fits easily.
const MaxCAFile = 1 << 20

// SettingError is a setting the user got wrong: one line, which names the variable.
type SettingError struct{ Msg string }

func (e *SettingError) Error() string { return e.Msg }

func setting(format string, args ...any) error {
	return &SettingError{Msg: fmt.Sprintf(format, args...)}
}

// CheckSettings checks every setting a run of kind reads, before anything is sent: the request
// policy (PAYCONFORM_REQUEST_TIMEOUT, PAYCONFORM_RETRIES, PAYCONFORM_RETRY_BACKOFF), the CA file,
// and, for targets whose credentials come from the environment, that no provider variable
// carries leading or trailing white space (a secrets store's trailing newline is the common
// case, and it would be blamed on the provider as a wrong key).
func CheckSettings(kind Kind, getenv func(string) string) error {
	if _, err := PolicyFor(kind, getenv); err != nil {
		return err
	}
	if ca := getenv("PAYCONFORM_CA_FILE"); ca != "" {
		if _, err := loadCAFile(ca); err != nil {
			return err
		}
	}
	if kind == Mock || kind == Container {
		return nil // credentials are generated for each run
	}
	for _, v := range provider.Vars() {
		if what := padding(getenv(v.Name)); what != "" {
			return setting("%s %s: remove it (a secrets store or a copied line often adds one); payconform would send it as part of the value", v.Name, what)
		}
	}
	return nil
}

// padding says what white space s starts or ends with, or "".
func padding(s string) string {
	name := func(r rune) string {
		switch r {
		case '\n':
			return "a newline"
		case '\r':
			return "a carriage return"
		case '\t':
			return "a tab"
		case ' ':
			return "a space"
		}
		if unicode.IsControl(r) {
			return fmt.Sprintf("a control character (%U)", r)
		}
		return fmt.Sprintf("white space (%U)", r)
	}
	if s == "" {
		return ""
	}
	first, last := []rune(s)[0], []rune(s)[len([]rune(s))-1]
	switch {
	case unicode.IsSpace(last):
		return "ends with " + name(last)
	case unicode.IsSpace(first):
		return "starts with " + name(first)
	}
	// A control character inside (a value pasted across two lines) cannot go into a header:
	// the request would never leave payconform, and be taken for a target that could not be
	// asked (red team, 2026-12-02).
	for _, r := range s {
		if unicode.IsControl(r) {
			return "holds " + name(r) + " inside"
		}
	}
	return ""
}

// loadCAFile reads PAYCONFORM_CA_FILE into a pool with the system's roots, refusing a file that
// is too large or holds no PEM certificate.
func loadCAFile(path string) (*x509.CertPool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, setting("PAYCONFORM_CA_FILE=%q: %v", path, unwrapPath(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxCAFile+1))
	if err != nil {
		return nil, setting("PAYCONFORM_CA_FILE=%q: %v", path, unwrapPath(err))
	}
	if len(data) > MaxCAFile {
		return nil, setting("PAYCONFORM_CA_FILE=%q: larger than %d bytes; give the PEM file of the CA that signed the target's certificate", path, MaxCAFile)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(data) {
		return nil, setting("PAYCONFORM_CA_FILE=%q: no PEM certificate in it (want -----BEGIN CERTIFICATE----- blocks)", path)
	}
	return pool, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Handshake checks, before any request is sent, that the client can verify the TLS certificate
// of an https base URL: it opens a connection and completes the handshake, and sends nothing.
// It returns an error only when the certificate is refused, saying what to do; a server that
// cannot be reached is left for the run to report as an infrastructure error.
func Handshake(ctx context.Context, variable, baseURL, caFile string) error {
	u, err := url.Parse(baseURL)
	if err != nil || u.Scheme != "https" {
		return nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: u.Hostname()}
	if caFile != "" {
		if cfg.RootCAs, err = loadCAFile(caFile); err != nil {
			return err
		}
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "443")
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := (&tls.Dialer{Config: cfg}).DialContext(ctx, "tcp", host)
	if err == nil {
		conn.Close()
		return nil
	}
	var verify *tls.CertificateVerificationError
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	if errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid) {
		return setting("%s=%s: %s", variable, baseURL, strings.TrimPrefix(exchange.Cause(err), "tls: "))
	}
	// The server answered the handshake with something that is no TLS record: most likely a
	// plain HTTP server behind an https:// URL, the user's scheme (red team, 2026-12-02: exit
	// 3 and a bare "first record does not look like a TLS handshake").
	var record tls.RecordHeaderError
	if errors.As(err, &record) {
		what := "something that is not TLS"
		if strings.HasPrefix(string(record.RecordHeader[:]), "HTTP/") {
			what = "plain HTTP (" + strconv.Quote(string(record.RecordHeader[:])) + "...)"
		}
		return setting("%s=%s: the server answered the TLS handshake with %s; if it serves plain HTTP, write http:// in %s", variable, baseURL, what, variable)
	}
	return nil
}
