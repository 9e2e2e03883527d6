package judge_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/secure-systems-lab/go-securesystemslib/dsse"

	"github.com/payconform/payconform/harness/attest"
	"github.com/payconform/payconform/harness/judge"
	"github.com/payconform/payconform/harness/judgeclient"
	"github.com/payconform/payconform/harness/judgestore"
	"github.com/payconform/payconform/harness/refadapter"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/internal/pgtest"
	_ "github.com/payconform/payconform/providers/all"
)

// bins holds the candidates built once for the package: the reference adapter and its mutants.
var bins struct{ reference, mutants string }

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "payconform-judge-test-")
	if err != nil {
		panic(err)
	}
	// The sandbox runs the adapter as another user: it must be able to reach the binaries.
	_ = os.Chmod(dir, 0o755)
	bins.reference, bins.mutants = filepath.Join(dir, "candidate-reference"), filepath.Join(dir, "candidate-mutants")
	for pkg, out := range map[string]string{"candidates/reference": bins.reference, "candidates/mutants": bins.mutants} {
		cmd := exec.Command("go", "build", "-o", out, "./"+pkg)
		cmd.Dir = root()
		if b, err := cmd.CombinedOutput(); err != nil {
			panic(fmt.Sprintf("build %s: %v\n%s", pkg, err, b))
		}
	}
	code := m.Run()
	pgtest.Stop()
	os.RemoveAll(dir)
	os.Exit(code)
}

// root is the repository's root.
func root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// keys is a judge's key pair, written as payconform keygen writes it.
type keys struct {
	dir, priv, pub string
	sv             dsse.SignerVerifier
	private        ed25519.PrivateKey
	public         ed25519.PublicKey
}

func newKeys(t testing.TB) keys {
	t.Helper()
	dir := t.TempDir()
	prefix := filepath.Join(dir, "judge")
	if err := attest.Keygen(prefix); err != nil {
		t.Fatal(err)
	}
	k := keys{dir: dir, priv: prefix + ".key", pub: prefix + ".pub"}
	var err error
	if k.sv, err = attest.LoadKey(k.priv); err != nil {
		t.Fatal(err)
	}
	if k.private, err = attest.LoadPrivateKey(k.priv); err != nil {
		t.Fatal(err)
	}
	k.public = k.private.Public().(ed25519.PublicKey)
	return k
}

// rig is one judge process's worth: its store, its server on loopback.
type rig struct {
	j     *judge.Judge
	st    *judgestore.Store
	url   string
	keys  keys
	cfg   judge.Config
	ln    net.Listener
	close func()
	// dbPath is the SQLite file, when the store is one.
	dbPath string
}

// listen reserves a loopback address for a judge.
func listen(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// newRig starts a judge on ln whose public URL is url (its own address when empty), on the
// database dsn, with key k.
func newRig(t testing.TB, dsn string, k keys, ln net.Listener, url string, tune func(*judge.Config)) *rig {
	t.Helper()
	if url == "" {
		url = "http://" + ln.Addr().String()
	}
	origin := judge.Origin(url)
	cp, err := judge.Checkpointer(origin, k.private)
	if err != nil {
		t.Fatal(err)
	}
	st, err := judgestore.Open(context.Background(), dsn, cp)
	if err != nil {
		t.Fatal(err)
	}
	cfg := judge.Config{URL: url, Store: st, Key: k.sv, Private: k.private, LogOrigin: origin, Harness: report.HarnessIdentity("")}
	if tune != nil {
		tune(&cfg)
	}
	j, err := judge.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := j.HTTPServer()
	go func() { _ = srv.Serve(ln) }()
	r := &rig{j: j, st: st, url: url, keys: k, cfg: cfg, ln: ln, dbPath: strings.TrimPrefix(dsn, "sqlite:")}
	r.close = func() { _ = srv.Close(); _ = st.Close() }
	t.Cleanup(r.close)
	return r
}

// sqliteRig is a single judge on a fresh SQLite file.
func sqliteRig(t testing.TB, tune func(*judge.Config)) *rig {
	return newRig(t, "sqlite:"+filepath.Join(t.TempDir(), "judge.db"), newKeys(t), listen(t), "", tune)
}

func (r *rig) token(t testing.TB, name string, operator bool) string {
	t.Helper()
	tok, _, err := r.st.CreateToken(context.Background(), name, operator, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// run is one hosted certification's result on the vendor's side.
type run struct {
	code     int
	out      string
	reports  string
	cert     report.Certificate
	envelope []byte
}

// certify runs payconform certify --judge apiURL as a vendor would, with env on top of a clean
// environment (PATH, HOME) and the token.
func certify(t testing.TB, apiURL, token, command string, env map[string]string) run {
	t.Helper()
	reports := t.TempDir()
	vars := map[string]string{"PATH": os.Getenv("PATH"), "HOME": os.Getenv("HOME"), "PAYCONFORM_JUDGE_TOKEN": token, "PAYCONFORM_CANDIDATE_TIMEOUT": "20s"}
	for k, v := range env {
		vars[k] = v
	}
	var stdout, stderr bytes.Buffer
	code := judgeclient.Certify(context.Background(), judgeclient.Options{Judge: apiURL, Command: command, Reports: reports,
		Getenv: func(k string) string { return vars[k] }, Stdout: &stdout, Stderr: &stderr})
	r := run{code: code, out: stdout.String() + stderr.String(), reports: reports}
	if data, err := os.ReadFile(filepath.Join(reports, "certificate.json")); err == nil {
		if err := json.Unmarshal(data, &r.cert); err != nil {
			t.Fatal(err)
		}
	}
	r.envelope, _ = os.ReadFile(filepath.Join(reports, "certificate.intoto.json"))
	return r
}

// verify checks a hosted certificate as payconform verify --judge-key --log does.
func verify(t testing.TB, r *rig, envelope []byte) (report.Certificate, []attest.Check) {
	t.Helper()
	c, checks := attest.Verify(context.Background(), envelope, attest.VerifyOptions{Key: r.keys.sv, Here: report.HarnessIdentity("")})
	logChecks, err := judgeclient.VerifyLog(context.Background(), envelope, c, r.keys.public, judgeclient.LogOptions{URL: r.url})
	if err != nil {
		t.Fatalf("verify --log: %v", err)
	}
	return c, append(checks, logChecks...)
}

func failed(checks []attest.Check) []string {
	var out []string
	for _, c := range checks {
		if !c.OK {
			out = append(out, c.What+": "+c.Why)
		}
	}
	return out
}

// statuses lists the requirements that failed and warned in a certificate.
func statuses(c report.Certificate) (fails, warns []string) {
	for _, r := range c.Results {
		switch r.Status {
		case "fail":
			fails = append(fails, r.ID)
		case "warn":
			warns = append(warns, r.ID)
		}
	}
	return fails, warns
}

// The reference adapter, certified through a judge on loopback (SQLite): the vendor's side runs
// it in the sandbox with the host's network, the judge grades and signs, and the certificate
// verifies with the judge's key and an inclusion proof in its log.
func TestHostedCertificationOfTheReferenceAdapter(t *testing.T) {
	r := sqliteRig(t, nil)
	res := certify(t, r.url, r.token(t, "acme", false), bins.reference, nil)
	if res.code != 0 {
		t.Fatalf("exit %d, want 0 (certified):\n%s", res.code, res.out)
	}
	c := res.cert
	if !c.Certified || c.Judge != report.Hosted || c.Hosted == nil || c.Hosted.URL != r.url || c.Hosted.Principal == "" {
		t.Fatalf("certificate: certified %t, judge %q, hosted %+v", c.Certified, c.Judge, c.Hosted)
	}
	if fails, warns := statuses(c); len(fails)+len(warns) > 0 || len(c.Failures) > 0 {
		t.Fatalf("the reference adapter failed %v and warned %v: %+v", fails, warns, c.Failures)
	}
	for _, op := range c.Operations {
		if op.Status != report.OpCertified {
			t.Errorf("operation %s: %s, want certified", op.Operation, op.Status)
		}
	}
	if !strings.Contains(strings.Join(c.Isolation.Sandbox, "\n"), "never left the judge") {
		t.Errorf("the isolation does not say the judge was hosted: %q", c.Isolation.Sandbox)
	}
	got, checks := verify(t, r, res.envelope)
	if bad := failed(checks); len(bad) > 0 {
		t.Fatalf("verify: %v", bad)
	}
	if got.Hosted.LogIndex != c.Hosted.LogIndex {
		t.Fatalf("the envelope's log index %d is not the certificate's %d", got.Hosted.LogIndex, c.Hosted.LogIndex)
	}
}

// A defective client, certified through the judge, is not certified, for the requirement its
// defect breaks, and its session is in the log all the same: its certificate verifies, saying
// NOT CERTIFIED.
func TestHostedCertificationOfAMutant(t *testing.T) {
	r := sqliteRig(t, nil)
	res := certify(t, r.url, r.token(t, "acme", false), bins.mutants+" -defect iyzico-uppercase-hex", nil)
	if res.code != 1 {
		t.Fatalf("exit %d, want 1 (not certified):\n%s", res.code, res.out)
	}
	if fails, _ := statuses(res.cert); res.cert.Certified || !slices.Contains(fails, "IYZ-CERT-01") {
		t.Fatalf("certified %t, fails %v; want IYZ-CERT-01 failed", res.cert.Certified, fails)
	}
	if _, checks := verify(t, r, res.envelope); len(failed(checks)) > 0 {
		t.Fatalf("a not-certified session's certificate must verify, as logged: %v", failed(checks))
	}
}

// Every mutant candidate, certified through the judge, trips the requirements it trips in a local
// certification (internal/selftest), and every correct-but-unusual one certifies: the hosted
// judge grades with the same checks and the same counting. The mutants answer from this process,
// four sessions at a time, to keep the test short: the adapter's process and sandbox are not what
// it tests, and the tests above run them.
func TestEveryCandidateMutantTripsItsRequirementsHosted(t *testing.T) {
	r := sqliteRig(t, func(c *judge.Config) { c.MaxPerHour, c.APIRate = 1000, 1e6 })
	token := r.token(t, "mutants", false)
	gate := make(chan struct{}, 4)
	for _, d := range refadapter.Defects() {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			gate <- struct{}{}
			defer func() { <-gate }()
			v := openSessionAs(t, r.url, token, d.Name)
			v.run(v.honest)
			cert := v.finish().Certificate
			fails, warns := statuses(cert)
			for _, id := range d.Kills {
				if !slices.Contains(fails, id) {
					t.Errorf("should fail %s; fails %v", id, fails)
				}
			}
			for _, id := range d.Warns {
				if !slices.Contains(warns, id) && !slices.Contains(fails, id) {
					t.Errorf("should warn on %s; warns %v", id, warns)
				}
			}
			if d.Benign && (!cert.Certified || len(fails) > 0) {
				t.Errorf("a correct but unusual client must certify: fails %v, %+v", fails, cert.Failures)
			}
			if !d.Benign && cert.Certified && len(d.Kills) > 0 {
				t.Errorf("a defective client was certified")
			}
		})
	}
}

// Two judge processes share one PostgreSQL: the vendor opens the session and posts its answers on
// one, the client under test sends its requests to the other (the base_url the judge hands out
// names it, as a load balancer would), and the session is graded correctly from the shared
// journal, for the reference adapter and a mutant alike.
func TestTwoJudgesOnePostgres(t *testing.T) {
	dsn := pgtest.Database(t)
	k := newKeys(t)
	lnA, lnB := listen(t), listen(t)
	public := "http://" + lnB.Addr().String() // what a load balancer in front of both would be
	a := newRig(t, dsn, k, lnA, public, nil)
	b := newRig(t, dsn, k, lnB, public, nil)
	apiA := "http://" + lnA.Addr().String()
	token := a.token(t, "acme", false)

	ref := certify(t, apiA, token, bins.reference, nil)
	if ref.code != 0 {
		t.Fatalf("reference: exit %d:\n%s", ref.code, ref.out)
	}
	rows, err := a.st.Entries(context.Background(), ref.cert.Hosted.Session)
	if err != nil || len(rows) == 0 {
		t.Fatalf("the shared journal holds %d requests (%v)", len(rows), err)
	}
	if _, checks := verify(t, b, ref.envelope); len(failed(checks)) > 0 {
		t.Fatalf("verify against the other judge's log: %v", failed(checks))
	}
	mut := certify(t, apiA, token, bins.mutants+" -defect paynet-bearer", nil)
	if fails, _ := statuses(mut.cert); mut.code != 1 || !slices.Contains(fails, "PNT-CERT-02") {
		t.Fatalf("mutant: exit %d, fails %v:\n%s", mut.code, fails, mut.out)
	}
	if mut.cert.Hosted.LogIndex == ref.cert.Hosted.LogIndex {
		t.Fatal("two sessions share a log index")
	}
	if _, checks := verify(t, a, mut.envelope); len(failed(checks)) > 0 {
		t.Fatalf("verify the mutant's certificate: %v", failed(checks))
	}
}

// get fetches a URL's body.
func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

func readFile(dir, name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) }
