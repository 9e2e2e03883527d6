// Package pgtest starts a real PostgreSQL for tests: Debian's postgresql server binaries, a
// fresh cluster in a temporary directory, listening on a free loopback port, run as an
// unprivileged user when the test runs as root (PostgreSQL refuses to run as root), and stopped
// when the test binary's last user of it is done. Each caller gets a database of its own.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/payconform/payconform/harness/provider"
)

// BinDir is where Debian's postgresql package puts the server's programs.
var BinDir = "/usr/lib/postgresql/15/bin"

// unprivileged is the uid and gid the server runs as under root: nobody.
const unprivileged = 65534

var (
	once    sync.Once
	server  *Server
	running error
)

// Server is a running cluster.
type Server struct {
	Dir  string
	Port int
}

// Available says why no PostgreSQL can be started here, or nil.
func Available() error {
	for _, p := range []string{"initdb", "pg_ctl", "postgres"} {
		if _, err := os.Stat(filepath.Join(BinDir, p)); err != nil {
			return fmt.Errorf("PostgreSQL 15 is not installed (%s missing; apt-get install postgresql)", filepath.Join(BinDir, p))
		}
	}
	if os.Geteuid() == 0 {
		if _, err := exec.LookPath("setpriv"); err != nil {
			return errors.New("setpriv (util-linux) is needed to run PostgreSQL as an unprivileged user")
		}
	}
	return nil
}

// Database starts the shared cluster if needed and returns the URL of a fresh database. Where
// PostgreSQL cannot run, the test is skipped with the reason, and fails under CI=true.
func Database(t testing.TB) string {
	t.Helper()
	if err := Available(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required in CI: %v", err)
		}
		t.Skipf("no PostgreSQL here: %v", err)
	}
	once.Do(func() { server, running = start() })
	if running != nil {
		t.Fatalf("start PostgreSQL: %v", running)
	}
	name := "judge_" + provider.RandomHex(6)
	db, err := sql.Open("pgx", server.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	return server.URL(name)
}

// URL is the address of database name.
func (s *Server) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.Port, name)
}

// Stop stops the shared cluster, if one was started; call it from TestMain after m.Run.
func Stop() {
	if server == nil {
		return
	}
	cmd := server.command("pg_ctl", "-D", filepath.Join(server.Dir, "data"), "-m", "immediate", "-w", "stop")
	_ = cmd.Run()
	_ = os.RemoveAll(server.Dir)
}

func start() (*Server, error) {
	dir, err := os.MkdirTemp("", "payconform-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir}
	if os.Geteuid() == 0 {
		if err := os.Chown(dir, unprivileged, unprivileged); err != nil {
			return nil, err
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s.Port = port
	data := filepath.Join(dir, "data")
	if out, err := s.command("initdb", "-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -k %s -c fsync=off -c max_connections=200", port, dir)
	if out, err := s.command("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		return nil, fmt.Errorf("pg_ctl start: %v: %s\n%s", err, out, log)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		db, _ := sql.Open("pgx", s.URL("postgres"))
		err := db.Ping()
		db.Close()
		if err == nil {
			return s, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("PostgreSQL did not answer: %w", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// command runs one of the server's programs, as nobody when the test runs as root.
func (s *Server) command(name string, args ...string) *exec.Cmd {
	prog := filepath.Join(BinDir, name)
	var cmd *exec.Cmd
	if os.Geteuid() == 0 {
		cmd = exec.Command("setpriv", append([]string{"--reuid=" + strconv.Itoa(unprivileged), "--regid=" + strconv.Itoa(unprivileged), "--clear-groups", "--", prog}, args...)...)
	} else {
		cmd = exec.Command(prog, args...)
	}
	cmd.Dir = s.Dir
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LANG=C", "HOME=" + s.Dir}
	return cmd
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
