package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/net/netutil"

	"github.com/payconform/payconform/harness/attest"
	"github.com/payconform/payconform/harness/judge"
	"github.com/payconform/payconform/harness/judgestore"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/report"
)

const judgeHelp = `usage: payconform judge --addr HOST:PORT --db URL --key JUDGE.key [--tls-cert F --tls-key F | --insecure-http] [flags]
       payconform judge token --db URL [--operator] NAME

Runs a hosted judge (README, Hosted certification): an HTTPS service that hosts the verifying mock
for every provider, hands vendors fresh cases, grades their answers and what their clients sent
with the same requirements as payconform certify, signs certificates with its key (which never
leaves it) and appends every session, certified or not, to a transparency log whose checkpoints
it signs. Vendors run payconform certify --judge URL -- CMD ARGS; anyone runs payconform verify
--judge-key JUDGE.pub --log URL certificate.intoto.json.

TLS comes from --tls-cert and --tls-key, or --insecure-http serves plain HTTP behind a proxy that
terminates TLS (refused on any address but loopback). --db is sqlite:PATH (the default,
sqlite:judge.db under the working directory: one judge) or postgres://USER@HOST/DB (one database
for several judges behind a load balancer). The key is an ed25519 key from payconform keygen.

"payconform judge token NAME" prints a new API token for a vendor, who passes it as
PAYCONFORM_JUDGE_TOKEN; --operator makes a token for the admin actions (revoking a token or a
certificate: POST /admin/v1/tokens/ID/revoke, /admin/v1/sessions/ID/revoke).

examples:
  payconform keygen judge
  payconform judge token --db sqlite:judge.db acme-sdk
  payconform judge --addr 127.0.0.1:8443 --db sqlite:judge.db --key judge.key --insecure-http
  payconform judge --addr :443 --db postgres://judge@db/judge --key /secrets/judge.key --tls-cert tls.crt --tls-key tls.key --url https://judge.example

flags:
`

func runJudge(args []string) int {
	if len(args) > 0 && args[0] == "token" {
		return runJudgeToken(args[1:])
	}
	fs := flag.NewFlagSet("payconform judge", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8443", "address to listen on, HOST:PORT")
	db := fs.String("db", "sqlite:judge.db", "the database: sqlite:PATH or postgres://USER@HOST/DB")
	keyPath := fs.String("key", "", "the judge's ed25519 private key (PEM), from payconform keygen")
	tlsCert := fs.String("tls-cert", "", "TLS certificate (PEM)")
	tlsKey := fs.String("tls-key", "", "TLS private key (PEM)")
	insecure := fs.Bool("insecure-http", false, "serve plain HTTP (loopback addresses only: behind a proxy that terminates TLS)")
	public := fs.String("url", "", "the judge's public URL (default https://ADDR, or http://ADDR with --insecure-http)")
	ttl := fs.Duration("session-ttl", judge.DefaultSessionTTL, "how long a session may stay open; past it, it is graded with what it was given")
	maxOpen := fs.Int("max-open", judge.DefaultMaxOpen, "sessions one token (or repository) may have open at once")
	perHour := fs.Int("max-per-hour", judge.DefaultMaxPerHour, "sessions one token (or repository) may open in an hour")
	oidcIssuer := fs.String("oidc-issuer", judge.GitHubIssuer, "the OIDC issuer whose tokens open sessions (empty: API tokens only)")
	oidcAudience := fs.String("oidc-audience", "", "the audience an OIDC token must carry (default: the public URL)")
	fs.Usage = func() { fmt.Fprint(fs.Output(), judgeHelp); fs.PrintDefaults() }
	if code, ok := parse(fs, args); !ok {
		return code
	}
	const cmd = "payconform judge"
	if fs.NArg() != 0 {
		return fail(cmd, "unexpected argument %q; run payconform judge -h", fs.Arg(0))
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		return fail(cmd, "--addr %q: want HOST:PORT (%v)", *addr, err)
	}
	switch {
	case *keyPath == "":
		return fail(cmd, "give the judge's signing key: --key judge.key (payconform keygen judge writes one)")
	case *insecure && (*tlsCert != "" || *tlsKey != ""):
		return fail(cmd, "--insecure-http and --tls-cert/--tls-key exclude each other")
	case *insecure && !loopback(host):
		return fail(cmd, "--insecure-http serves plain HTTP, which is refused on %q: only on a loopback address (127.0.0.1, ::1, localhost), behind a proxy that terminates TLS", host)
	case !*insecure && (*tlsCert == "" || *tlsKey == ""):
		return fail(cmd, "give --tls-cert and --tls-key, or --insecure-http on a loopback address behind a TLS proxy")
	case *ttl < time.Minute || *ttl > 24*time.Hour:
		return fail(cmd, "--session-ttl %s: want between 1m and 24h", *ttl)
	}
	key, err := attest.LoadKey(*keyPath)
	if err != nil {
		return fail(cmd, "--key: %v", err)
	}
	priv, err := attest.LoadPrivateKey(*keyPath)
	if err != nil {
		return fail(cmd, "--key: %v (the judge needs the private key)", err)
	}
	url := strings.TrimRight(*public, "/")
	if url == "" {
		scheme := "https"
		if *insecure {
			scheme = "http"
		}
		url = scheme + "://" + net.JoinHostPort(host, port)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	origin := judge.Origin(url)
	checkpoint, err := judge.Checkpointer(origin, priv)
	if err != nil {
		return fail(cmd, "%v", err)
	}
	st, err := judgestore.Open(ctx, dsn(*db), checkpoint)
	if err != nil {
		return fail(cmd, "%v", err)
	}
	defer st.Close()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	cfg := judge.Config{URL: url, Store: st, Key: key, Private: priv, LogOrigin: origin, SessionTTL: *ttl, MaxOpen: *maxOpen, MaxPerHour: *perHour,
		Harness: report.HarnessIdentity(os.Getenv("PAYCONFORM_REF")), Log: logger}
	if *oidcIssuer != "" {
		aud := *oidcAudience
		if aud == "" {
			aud = url
		}
		cfg.OIDC = &judge.OIDC{Issuer: *oidcIssuer, Audience: aud}
	}
	j, err := judge.New(cfg)
	if err != nil {
		return fail(cmd, "%v", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fail(cmd, "listen on %s: %v", *addr, err)
	}
	// At most the mock's number of connections at once; more wait in the listen queue.
	ln = netutil.LimitListener(ln, mock.MaxConns)
	srv := j.HTTPServer()
	go j.Sweep(ctx, 2*time.Second)
	errc := make(chan error, 1)
	go func() {
		if *insecure {
			errc <- srv.Serve(ln)
		} else {
			errc <- srv.ServeTLS(ln, *tlsCert, *tlsKey)
		}
	}()
	id, _ := key.KeyID()
	fmt.Fprintf(os.Stderr, "payconform judge: serving %s on %s (database %s, key %s, log %q)\n", url, ln.Addr(), redactDB(*db), id, origin)
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(os.Stderr, "payconform judge: %v\n", err)
			return 2
		}
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}
	return 0
}

func runJudgeToken(args []string) int {
	fs := flag.NewFlagSet("payconform judge token", flag.ContinueOnError)
	db := fs.String("db", "sqlite:judge.db", "the judge's database: sqlite:PATH or postgres://USER@HOST/DB")
	operator := fs.Bool("operator", false, "an operator token: it may revoke tokens and certificates")
	fs.Usage = func() { fmt.Fprint(fs.Output(), judgeHelp); fs.PrintDefaults() }
	if code, ok := parse(fs, args); !ok {
		return code
	}
	const cmd = "payconform judge token"
	if fs.NArg() != 1 || strings.TrimSpace(fs.Arg(0)) == "" || len(fs.Arg(0)) > 100 {
		return fail(cmd, "give the token's holder, one name: payconform judge token --db sqlite:judge.db acme-sdk")
	}
	ctx := context.Background()
	st, err := judgestore.Open(ctx, dsn(*db), nil)
	if err != nil {
		return fail(cmd, "%v", err)
	}
	defer st.Close()
	token, t, err := st.CreateToken(ctx, fs.Arg(0), *operator, time.Now())
	if err != nil {
		return fail(cmd, "%v", err)
	}
	kind := "API token"
	if *operator {
		kind = "operator token"
	}
	fmt.Fprintf(os.Stderr, "payconform judge token: %s %s for %s (shown once; the judge keeps only its hash)\n", kind, t.ID, t.Name)
	fmt.Println(token)
	return 0
}

// dsn resolves a relative sqlite path against the working directory.
func dsn(db string) string {
	if p, ok := strings.CutPrefix(db, "sqlite:"); ok && p != "" && !filepath.IsAbs(p) {
		if abs, err := filepath.Abs(p); err == nil {
			return "sqlite:" + abs
		}
	}
	return db
}

func redactDB(db string) string {
	if i := strings.Index(db, "@"); i > 0 && strings.Contains(db[:i], ":") && strings.HasPrefix(db, "postgres") {
		return db[:strings.Index(db, "://")+3] + "…" + db[i:]
	}
	return db
}

// loopback reports whether host is a loopback address or localhost.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
