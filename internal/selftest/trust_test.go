package selftest_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/sandbox"
	"github.com/payconform/payconform/internal/selftest"
)

// The hostile battery (docs/design.md, Threat model). Each attacker is a defective client (it
// signs with upper-case hex, so it must not certify) whose adapter also attacks the judge, the
// way an attacker who read the README and the code would: it is told where everything is (the
// reports, the signing key, the suites, a port and a socket on the host, the CI's GITHUB_ENV).
// Every attack runs through payconform certify as root and as an unprivileged user; after each,
// the run must end NOT CERTIFIED or as a harness error, no certified certificate may exist,
// payconform verify must refuse anything the adapter wrote, nothing the adapter started may be
// alive, no secret of payconform's environment may appear anywhere, and the next run must
// certify the reference adapter as before.

// canaries are secrets in payconform's environment that no adapter may see.
var canaries = map[string]string{
	"IYZICO_SECRET_KEY":                "CANARY-iyzico-secret-7c1e9a",
	"GITHUB_TOKEN":                     "ghs_CANARYtoken0000000000000000000000",
	"ACTIONS_ID_TOKEN_REQUEST_TOKEN":   "CANARY-oidc-request-token-55aa",
	"PAYCONFORM_TEST_UNRELATED_SECRET": "CANARY-unrelated-secret-0b0b",
}

// trustRig is what the battery shares: the binaries, a world-readable copy of the compiled
// certification suite with its recorded digest, and the signing key.
type trustRig struct {
	root     string // 0755: readable by an unprivileged payconform
	cli      string
	suites   string
	client   string // the defective client: candidate-mutants
	ref      string // the reference adapter
	keyDir   map[int]string
	suiteSHA string
}

var (
	rigOnce sync.Once
	rig     trustRig
	rigErr  error
)

// nobody is the unprivileged user the battery runs payconform as.
const nobody = 65534

func theRig(t *testing.T) *trustRig {
	t.Helper()
	if err := sandbox.Available(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true requires the sandbox: %v", err)
		}
		t.Skipf("no sandbox here: %v", err)
	}
	rigOnce.Do(func() { rigErr = rig.build(t) })
	if rigErr != nil {
		t.Fatal(rigErr)
	}
	return &rig
}

func (r *trustRig) build(t *testing.T) error {
	dir, err := os.MkdirTemp("", "payconform-trust-")
	if err != nil {
		return err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	r.root = dir
	copyBin := func(pkg, name string, test bool) (string, error) {
		var src string
		var err error
		if test {
			src, err = selftest.SuiteBinary(sharedDir(t), pkg)
		} else {
			src, err = selftest.Program(sharedDir(t), pkg)
		}
		if err != nil {
			return "", err
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return "", err
		}
		dst := filepath.Join(dir, name)
		return dst, os.WriteFile(dst, data, 0o755)
	}
	if r.cli, err = copyBin("cmd/payconform", "payconform", false); err != nil {
		return err
	}
	r.suites = filepath.Join(dir, "suites")
	_ = os.Mkdir(r.suites, 0o755)
	suite, err := copyBin("certify", "suites/certify.test", true)
	if err != nil {
		return err
	}
	data, _ := os.ReadFile(suite)
	r.suiteSHA = sha256hex(data)
	if err := os.WriteFile(suite+".sha256", []byte(r.suiteSHA+"\n"), 0o644); err != nil {
		return err
	}
	if r.client, err = copyBin("candidates/mutants", "client", false); err != nil {
		return err
	}
	if r.ref, err = copyBin("candidates/reference", "reference", false); err != nil {
		return err
	}
	r.keyDir = map[int]string{}
	for _, uid := range []int{0, nobody} {
		kd := filepath.Join(dir, "key-"+strconv.Itoa(uid))
		_ = os.Mkdir(kd, 0o700)
		if out, err := exec.Command(r.cli, "keygen", filepath.Join(kd, "release")).CombinedOutput(); err != nil {
			return fmt.Errorf("keygen: %v\n%s", err, out)
		}
		for _, f := range []string{kd, filepath.Join(kd, "release.key"), filepath.Join(kd, "release.pub")} {
			_ = os.Chown(f, uid, uid)
		}
		r.keyDir[uid] = kd
	}
	return nil
}

// attack is one hostile adapter.
type attack struct {
	name string
	// script is bash that runs before the defective client answers; its output goes to the
	// adapter's stderr, which the reports attach to failing cases (redacted). It may use the
	// variables the rig hands every attacker (attackEnv).
	script string
	// command replaces the default adapter command (bash attack.sh) when set.
	command func(v *vendor) []string
	// setup prepares the vendor directory or the reports before the run.
	setup func(t *testing.T, v *vendor)
	// check adds the attack's own assertions.
	check func(t *testing.T, v *vendor, r trustRun)
	// exits are the statuses the run may end with (default 1: not certified).
	exits []int
	// env is added to payconform's environment (it wins over the rig's).
	env []string
}

// vendor is one attack's world: the vendor's directory (read-only in the sandbox), the reports
// directory, and the host things an attacker would aim at.
type vendor struct {
	uid        int
	dir        string
	reports    string
	marker     string // a harness-tree file no adapter may create
	githubEnv  string
	hostPort   int
	hostSocket string
	conns      *atomic.Int64
	nonce      string
	// keyring, when set, is a secret payconform's session keyring holds (as an operator's
	// `keyctl padd user ... @s` does), under the description payconform-test-secret.
	keyring string
	// inherit are descriptors payconform is started with (entry i is fd 3+i; nil entries are
	// closed), as a CI runner or a shell's <(...) hands them over.
	inherit []*os.File
}

type trustRun struct {
	code   int
	output string
	files  map[string][]byte
}

// attacks is the battery: one per class of attack that once succeeded, and the ones found since.
var attacks = []attack{
	{
		name: "read the judge",
		script: `
for p in /proc/[0-9]*; do
  echo "LOOT environ $p: $(tr '\0' ' ' < $p/environ 2>/dev/null)"
  echo "LOOT cmdline $p: $(tr '\0' ' ' < $p/cmdline 2>/dev/null)"
  head -c 64 $p/mem 2>/dev/null | od -An | head -1 | sed 's/^/LOOT mem: /'
done
echo "LOOT key: $(cat "$ATTACK_KEY" 2>&1 | head -2)"
echo "LOOT keydir: $(ls -la "$(dirname "$ATTACK_KEY")" 2>&1)"
echo "LOOT root: $(ls / /run /tmp /home 2>&1 | tr '\n' ' ')"
echo "LOOT env: $(env | tr '\n' ' ')"
`,
		check: func(t *testing.T, v *vendor, r trustRun) {
			if !strings.Contains(r.output+allText(r.files), "LOOT") {
				t.Error("the adapter's attack left no trace in the reports; the test proves nothing")
			}
			if strings.Contains(allText(r.files)+r.output, "PRIVATE KEY") {
				t.Error("the adapter read the signing key")
			}
		},
	},
	{
		name: "write what the judge reads",
		script: `
mkdir -p "$ATTACK_REPORTS" 2>/dev/null
echo '{"certified":true}' > "$ATTACK_REPORTS/certificate.json" 2>/dev/null && echo "LOOT wrote certificate"
ln -sf "$ATTACK_MARKER" "$ATTACK_REPORTS/summary.txt" 2>/dev/null && echo "LOOT planted a symlink"
for f in /tmp/payconform-certify-*/report.json "$TMPDIR"/payconform-certify-*/report.json; do echo '[]' > "$f" 2>/dev/null && echo "LOOT wrote $f"; done
echo tamper > "$ATTACK_MARKER" 2>/dev/null && echo "LOOT wrote into the harness tree"
pkill -9 -f certify.test 2>/dev/null; kill -9 -1 2>/dev/null &
sleep 0.05
`,
		setup: func(t *testing.T, v *vendor) {
			// What an earlier attacker (or a run of an older payconform) left behind: a
			// certified certificate made read-only, and report files that are symlinks into
			// the harness tree.
			_ = os.MkdirAll(v.reports, 0o755)
			forged := filepath.Join(v.reports, "certificate.json")
			_ = os.WriteFile(forged, []byte(`{"certified":true}`), 0o444)
			_ = os.Symlink(v.marker, filepath.Join(v.reports, "junit.xml"))
			_ = os.Symlink(v.marker, filepath.Join(v.reports, "certificate.md"))
		},
		check: func(t *testing.T, v *vendor, r trustRun) {
			for _, name := range []string{"junit.xml", "certificate.md"} {
				if st, err := os.Lstat(filepath.Join(v.reports, name)); err == nil && st.Mode()&os.ModeSymlink != 0 {
					t.Errorf("%s is still the planted symlink: payconform wrote through it, or not at all", name)
				}
			}
		},
		exits: []int{1, 2},
	},
	{
		name: "outlive the run",
		script: `
setsid nohup bash -c 'exec -a payconform-outlive-'"$ATTACK_NONCE"' bash -c "sleep 4; echo {\"certified\":true} > \"$ATTACK_REPORTS/certificate.json\"; echo forged >> \"$ATTACK_GITHUB_ENV\""' </dev/null >/dev/null 2>&1 &
( trap '' HUP TERM; exec -a payconform-outlive-$ATTACK_NONCE sleep 30 ) </dev/null >/dev/null 2>&1 &
disown -a
echo LOOT started survivors
`,
		check: func(t *testing.T, v *vendor, r trustRun) {
			time.Sleep(5 * time.Second) // past the survivor's own wait
			if pids := processesOf(v.nonce); len(pids) > 0 {
				t.Errorf("processes the adapter started outlived payconform: %v", pids)
			}
			if data, _ := os.ReadFile(filepath.Join(v.reports, "certificate.json")); bytes.Contains(data, []byte(`"certified":true`)) {
				t.Error("a survivor rewrote the certificate after payconform exited")
			}
		},
	},
	{
		name: "stop the judge",
		script: `
for p in /proc/[0-9]*; do [ "${p#/proc/}" = "$$" ] || kill -STOP "${p#/proc/}" 2>/dev/null; done
kill -STOP -1 2>/dev/null; kill -STOP 1 2>/dev/null
echo LOOT stopped everything visible
`,
	},
	{
		name: "leave the network namespace",
		script: `
(exec 3<>/dev/tcp/127.0.0.1/$ATTACK_PORT) 2>/dev/null && echo "LOOT reached the host's loopback"
(exec 3<>/dev/tcp/127.0.0.2/$ATTACK_PORT) 2>/dev/null && echo "LOOT reached 127.0.0.2"
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); print("LOOT reached the socket")' "$ATTACK_SOCKET" 2>/dev/null
python3 -c 'import socket; s=socket.socket(socket.AF_UNIX); s.connect("/var/run/docker.sock"); print("LOOT reached docker")' 2>/dev/null
nsenter -t 1 -n true 2>/dev/null && echo "LOOT nsenter"
unshare -n true 2>/dev/null && echo "LOOT unshare"
echo LOOT network attempts done
`,
		check: func(t *testing.T, v *vendor, r trustRun) {
			if n := v.conns.Load(); n > 0 {
				t.Errorf("the adapter reached a port or a socket on the host %d time(s)", n)
			}
			if strings.Contains(allText(r.files)+r.output, "LOOT reached") {
				t.Error("the adapter reports reaching something outside its sandbox")
			}
		},
	},
	{
		name: "poison later runs",
		script: `
for f in "$ATTACK_SUITES"/*; do echo poisoned > "$f" 2>/dev/null && echo "LOOT poisoned $f"; done
cp /bin/true "$ATTACK_SUITES/certify.test" 2>/dev/null && echo "LOOT replaced the suite"
`,
	},
	{
		name: "answer some cases unsupported",
		// Declines every fault case, answers the rest (defectively, for iyzico).
		command: func(v *vendor) []string { return declining(v, `*'.fault.'*`) },
		check: func(t *testing.T, v *vendor, r trustRun) {
			var c report.Certificate
			_ = json.Unmarshal(r.files["certificate.json"], &c)
			for _, o := range c.Operations {
				if o.Status == report.OpUnsupported || o.Status == report.OpCertified {
					t.Errorf("%s is %s although the adapter declined only some of its cases", o.Operation, o.Status)
				}
			}
		},
	},
	{
		// redteam 09 (and the hosted judge's red team): describe offers all four operations,
		// the adapter declines every case of the two where the defect shows, and the defective
		// library answers the rest. Before describe's operations counted, the certificate said
		// "certified, iyzico unsupported" for a client whose describe claims iyzico.
		name:    "decline the operations it fails, offering them",
		command: func(v *vendor) []string { return declining(v, `*'"operation":"iyzico.'*`) },
		check: func(t *testing.T, v *vendor, r trustRun) {
			var c report.Certificate
			_ = json.Unmarshal(r.files["certificate.json"], &c)
			for _, o := range c.Operations {
				if strings.HasPrefix(o.Operation, "iyzico.") && o.Status != report.OpDeclinedOffered {
					t.Errorf("%s is %q, want %q: the adapter's describe offers it", o.Operation, o.Status, report.OpDeclinedOffered)
				}
			}
		},
	},
	{
		// The hosted judge's red team (attack 13): the fault cases say so in their case id,
		// and the providers' codes are documented constants, so an adapter can answer every
		// fault case with the right refusal without its client sending anything, and let a
		// client that takes a failure envelope for a success answer the rest. Before a fault
		// case needed its request, the fault checks passed on the answer alone.
		name: "refuse the fault cases without asking",
		command: func(v *vendor) []string {
			return []string{"python3", "-c", `
import json, os, subprocess, sys
GUESS = {"iyzico.bin_check": "1000", "paynet.get_auth_key": "7", "paywall.temptoken_sdk": "2"}
for line in sys.stdin:
    if not line.strip():
        continue
    req = json.loads(line); cid = req.get("case_id", "")
    if ".fault." in cid and req["operation"] in GUESS:
        code = GUESS[req["operation"]]
        if cid.endswith("envelope-200") and req["operation"] == "paywall.temptoken_sdk":
            code = "1"
        print(json.dumps({"id": req.get("id", ""), "ok": False, "error": {"code": code, "message": "failure"}}), flush=True)
        continue
    out = subprocess.run([sys.argv[1], "-defect", "envelope-as-success"], input=line.encode(), capture_output=True).stdout.decode().strip().splitlines()[-1]
    if req.get("operation") == "describe":
        d = json.loads(out); d["output"].pop("session", None); out = json.dumps(d)
    print(out, flush=True)
`, v.dir + "/client"}
		},
		check: func(t *testing.T, v *vendor, r trustRun) {
			if !strings.Contains(allText(r.files), "CANDIDATE_FAULT_UNSEEN") {
				t.Error("the reports do not name the fault cases answered without a request")
			}
		},
	},
	{
		name: "answer twice in a session",
		command: func(v *vendor) []string {
			return []string{"python3", "-c", `
import json, subprocess, sys
for line in sys.stdin:
    req = json.loads(line)
    if req["operation"] == "describe":
        ans = {"ok": True, "output": {"name": "twice", "version": "0", "language": "python", "operations": ["iyzico.sign", "iyzico.bin_check", "paynet.get_auth_key", "paywall.temptoken_sdk"], "session": True}}
    else:
        out = subprocess.run([sys.argv[1], "-defect", "iyzico-uppercase-hex"], input=line.encode(), capture_output=True).stdout
        ans = json.loads(out)
    ans["id"] = req["id"]
    print(json.dumps(ans))
    if req["operation"] != "describe":
        print(json.dumps(ans))  # and once more
    sys.stdout.flush()
`, v.dir + "/client"}
		},
		check: func(t *testing.T, v *vendor, r trustRun) {
			text := allText(r.files)
			if !strings.Contains(text, "a second answer") && !strings.Contains(text, "an answer to another request") {
				t.Error("the reports do not name the second answers as protocol failures")
			}
		},
	},
	{
		name: "shell injection through the command",
		command: func(v *vendor) []string {
			return []string{"sh", "-c", "bash " + v.dir + "/attack.sh; touch /tmp/payconform-pwned-" + v.nonce}
		},
		check: func(t *testing.T, v *vendor, r trustRun) {
			if _, err := os.Stat("/tmp/payconform-pwned-" + v.nonce); err == nil {
				t.Error("the injected command ran outside the sandbox")
			}
		},
	},
	{
		name: "git configuration that runs programs",
		setup: func(t *testing.T, v *vendor) {
			pwned := "/tmp/payconform-git-pwned-" + v.nonce
			git := func(args ...string) {
				cmd := exec.Command("git", append([]string{"-C", v.dir, "-c", "safe.directory=*", "-c", "user.email=a@b", "-c", "user.name=a"}, args...)...)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			_ = os.WriteFile(filepath.Join(v.dir, "notes.txt"), []byte("committed\n"), 0o644)
			git("init", "-q")
			git("add", "-A")
			git("commit", "-q", "-m", "vendor")
			_ = os.WriteFile(filepath.Join(v.dir, ".gitattributes"), []byte("* filter=evil\n"), 0o644)
			cfg, _ := os.OpenFile(filepath.Join(v.dir, ".git", "config"), os.O_APPEND|os.O_WRONLY, 0)
			fmt.Fprintf(cfg, "[core]\n\tfsmonitor = \"touch %s-fsmonitor\"\n[filter \"evil\"]\n\tclean = \"touch %s-filter; cat\"\n[diff]\n\texternal = \"touch %s-diff\"\n", pwned, pwned, pwned)
			cfg.Close()
			_ = os.WriteFile(filepath.Join(v.dir, "notes.txt"), []byte("changed, not committed\n"), 0o644)
		},
		check: func(t *testing.T, v *vendor, r trustRun) {
			for _, k := range []string{"fsmonitor", "filter", "diff"} {
				if _, err := os.Stat("/tmp/payconform-git-pwned-" + v.nonce + "-" + k); err == nil {
					t.Errorf("the checkout's git configuration ran a program (%s) outside the sandbox", k)
				}
			}
			var c report.Certificate
			_ = json.Unmarshal(r.files["certificate.json"], &c)
			if c.Subject.Git == nil || !c.Subject.Git.Dirty || c.Subject.Git.ChangesSHA256 == "" {
				t.Errorf("the certificate does not record the uncommitted change: %+v", c.Subject.Git)
			}
		},
	},
	{
		name: "exhaust processes and memory",
		script: `
sh -c 'for i in $(seq 2000); do sleep 20 </dev/null >/dev/null 2>&1 & done' 2>/dev/null
python3 -c 'x = bytearray(3 << 30)' 2>/dev/null && echo "LOOT allocated 3 GiB"
echo LOOT exhausted
`,
		check: func(t *testing.T, v *vendor, r trustRun) {
			if strings.Contains(allText(r.files)+r.output, "LOOT allocated 3 GiB") {
				t.Error("the adapter allocated beyond the sandbox's memory bound")
			}
		},
	},
	{
		// payconform is handed the signing key as an open descriptor
		// (PAYCONFORM_SIGNING_KEY=/dev/fd/63, as `63<release.key` does; 63 is where bash puts a
		// <(...)) and a CI runner's pipe holding a secret (fd 62); the adapter reads every
		// descriptor it has. Found by redteam/01-fd-leak-key.sh: before payconform marked what
		// it inherits close-on-exec, the key reached the adapter and the reports.
		name: "read descriptors payconform inherited",
		env:  []string{"PAYCONFORM_SIGNING_KEY=/dev/fd/63"},
		setup: func(t *testing.T, v *vendor) {
			key, err := os.Open(filepath.Join(rig.keyDir[v.uid], "release.key"))
			if err != nil {
				t.Fatal(err)
			}
			pr, pw, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			_, _ = pw.WriteString("pipe secret: " + canaries["PAYCONFORM_TEST_UNRELATED_SECRET"] + "\n")
			pw.Close()
			// High numbers: the descriptors the suite hands bwrap (3 on) would hide low ones.
			v.inherit = make([]*os.File, 61)
			v.inherit[59], v.inherit[60] = pr, key
			t.Cleanup(func() { key.Close(); pr.Close() })
		},
		script: `
for fd in /proc/self/fd/*; do
  # not bash's own: 10 on (the protocol's stdin, saved while this group reads /dev/null), 255
  n=${fd##*/}; [ "$n" -ge 20 ] && [ "$n" -lt 250 ] || continue
  # pread at offset 0: the descriptor's offset is shared, and an earlier case read to the end
  echo "LOOT fd $n -> $(readlink "$fd") : $(timeout 1 python3 -c 'import os,sys; print(os.pread(int(sys.argv[1]), 300, 0))' $n 2>&1 || timeout 1 cat <&$n 2>&1 | head -c 300 | tr '\n' ' ')"
done
echo "LOOT dev/fd/63: $(timeout 1 cat /dev/fd/63 2>&1 | head -c 300)"
`,
		check: func(t *testing.T, v *vendor, r trustRun) {
			everything := allText(r.files) + r.output
			if !strings.Contains(everything, "LOOT") {
				t.Error("the adapter's attack left no trace in the reports; the test proves nothing")
			}
			key, _ := os.ReadFile(filepath.Join(rig.keyDir[v.uid], "release.key"))
			body := strings.Split(strings.TrimSpace(string(key)), "\n")[1]
			if strings.Contains(everything, "PRIVATE KEY") || strings.Contains(everything, body) {
				t.Error("the adapter read the signing key through a descriptor payconform inherited")
			}
			if strings.Contains(everything, "the signing key is in the adapter's output") {
				t.Error("the adapter read the signing key (payconform caught it in the reports)")
			}
		},
	},
	{
		// redteam/10-keyring.sh: kernel keyrings are not namespaced. payconform runs in a
		// session keyring holding a secret; the adapter searches its session keyring and reads
		// what it finds.
		name: "read payconform's session keyring",
		setup: func(t *testing.T, v *vendor) {
			v.keyring = "keyring " + canaries["PAYCONFORM_TEST_UNRELATED_SECRET"]
		},
		script: `
python3 - <<'PY'
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
for ring, name in ((-3, "session"), (-4, "user"), (-5, "user-session")):
    kid = libc.syscall(250, 10, ring, b"user", b"payconform-test-secret", 0)  # KEYCTL_SEARCH
    buf = ctypes.create_string_buffer(4096)
    n = libc.syscall(250, 11, kid, buf, 4096) if kid > 0 else -1  # KEYCTL_READ
    print("LOOT keyring", name, kid, ctypes.get_errno(), buf.raw[:max(n, 0)])
PY
`,
		check: func(t *testing.T, v *vendor, r trustRun) {
			if !strings.Contains(allText(r.files)+r.output, "LOOT keyring session") {
				t.Error("the adapter's attack left no trace in the reports; the test proves nothing")
			}
		},
	},
	{
		name: "follow symlinks out of its directory",
		setup: func(t *testing.T, v *vendor) {
			secret := filepath.Join(filepath.Dir(v.dir), "outside-secret")
			_ = os.WriteFile(secret, []byte(canaries["PAYCONFORM_TEST_UNRELATED_SECRET"]), 0o644)
			_ = os.Symlink(secret, filepath.Join(v.dir, "link-to-secret"))
			_ = os.Symlink("/etc/shadow", filepath.Join(v.dir, "shadow"))
		},
		script: `
echo "LOOT secret: $(cat "$PWD/link-to-secret" 2>&1)"; echo "LOOT shadow: $(cat "$PWD/shadow" 2>&1 | head -1)"
echo x > "$PWD/attack.sh" 2>/dev/null && echo "LOOT rewrote its own checkout"
`,
		check: func(t *testing.T, v *vendor, r trustRun) {
			if data, _ := os.ReadFile(filepath.Join(v.dir, "attack.sh")); string(data) == "x\n" {
				t.Error("the adapter rewrote its read-only directory after its digest was taken")
			}
		},
	},
}

// TestHostileAdapters runs the battery as root and as an unprivileged user.
func TestHostileAdapters(t *testing.T) {
	r := theRig(t)
	users := []int{os.Geteuid()}
	if os.Geteuid() == 0 {
		users = append(users, nobody)
	}
	for _, uid := range users {
		who := "root"
		if uid != 0 {
			who = "unprivileged"
		}
		for _, a := range attacks {
			t.Run(who+"/"+a.name, func(t *testing.T) { runAttack(t, r, uid, a) })
		}
	}
	// The next run is unaffected: the reference adapter certifies, and the suite is the one built.
	for _, uid := range users {
		v := newVendor(t, r, uid, "")
		res := certifyAs(t, r, v, []string{r.ref}, nil)
		if res.code != 0 || !strings.Contains(res.output, "CERTIFIED: payconform-reference") {
			t.Fatalf("after the battery, the reference adapter does not certify (uid %d): exit %d\n%s", uid, res.code, res.output)
		}
		if out, code := verifyAs(r, uid, filepath.Join(v.reports, "certificate.intoto.json")); code != 0 || !strings.Contains(out, "VERIFIED: CERTIFIED") {
			t.Fatalf("after the battery, the reference certificate does not verify: %s", out)
		}
	}
	data, _ := os.ReadFile(filepath.Join(r.suites, "certify.test"))
	if sha256hex(data) != r.suiteSHA {
		t.Error("the compiled certification suite changed during the battery")
	}
}

func runAttack(t *testing.T, r *trustRig, uid int, a attack) {
	v := newVendor(t, r, uid, a.script)
	if a.setup != nil {
		a.setup(t, v)
		chownTree(v.dir, v.uid)
		chownTree(v.reports, v.uid)
	}
	command := []string{"bash", v.dir + "/attack.sh"}
	if a.command != nil {
		command = a.command(v)
	}
	res := certifyAs(t, r, v, command, a.env)
	exits := a.exits
	if exits == nil {
		exits = []int{1}
	}
	if !containsInt(exits, res.code) {
		t.Errorf("exit %d, want one of %v\n%s", res.code, exits, res.output)
	}
	if res.code == 0 || strings.Contains(res.output, "\nCERTIFIED:") {
		t.Errorf("a defective, hostile client certified:\n%s", res.output)
	}
	everything := res.output + allText(res.files)
	for name, canary := range canaries {
		if strings.Contains(everything, canary) {
			t.Errorf("%s's value reached the adapter or the reports", name)
		}
	}
	if data, err := os.ReadFile(v.githubEnv); err != nil || len(data) != 0 {
		t.Errorf("GITHUB_ENV was written: %q %v", data, err)
	}
	if _, err := os.Stat(v.marker); err == nil {
		t.Error("the adapter wrote into the harness tree")
	}
	// Nothing the adapter wrote, nor anything in the reports, verifies as certified.
	for name, data := range res.files {
		var c report.Certificate
		if json.Unmarshal(data, &c) == nil && c.Certified {
			t.Errorf("%s says certified", name)
		}
		if strings.HasSuffix(name, ".json") && bytes.Contains(data, []byte("payloadType")) {
			if out, code := verifyAs(r, uid, filepath.Join(v.reports, name)); code == 0 && strings.Contains(out, "VERIFIED: CERTIFIED") {
				t.Errorf("verify accepts %s as certified:\n%s", name, out)
			}
		}
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		pids := processesOf(v.nonce)
		if len(pids) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("processes the adapter started are alive after payconform exited: %v", pids)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if a.check != nil {
		a.check(t, v, res)
	}
	if os.Getenv("PAYCONFORM_TRUST_DUMP") != "" {
		t.Logf("%s", res.files["certificate.md"])
	}
}

// newVendor makes an attack's world, owned by uid.
func newVendor(t *testing.T, r *trustRig, uid int, script string) *vendor {
	t.Helper()
	// Not t.TempDir(): its parent is private to root, and an unprivileged payconform runs here.
	base, err := os.MkdirTemp("", "payconform-vendor-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(base) })
	_ = os.Chmod(base, 0o755)
	v := &vendor{uid: uid, dir: filepath.Join(base, "vendor"), reports: filepath.Join(base, "reports"),
		marker: filepath.Join(base, "harness-tree", "zz_tamper_marker"), githubEnv: filepath.Join(base, "github_env"),
		nonce: strconv.FormatInt(time.Now().UnixNano(), 36), conns: &atomic.Int64{}}
	_ = os.MkdirAll(v.dir, 0o755)
	_ = os.MkdirAll(filepath.Dir(v.marker), 0o755)
	_ = os.WriteFile(v.githubEnv, nil, 0o666)
	data, _ := os.ReadFile(r.client)
	_ = os.WriteFile(filepath.Join(v.dir, "client"), data, 0o755)
	attackScript := "exec 3>&2\n{ " + script + "\n} </dev/null >&3 2>&1\necho ATTACK-RAN >&2\nexec " + v.dir + "/client -defect iyzico-uppercase-hex\n"
	_ = os.WriteFile(filepath.Join(v.dir, "attack.sh"), []byte(attackScript), 0o755)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	v.hostPort = ln.Addr().(*net.TCPAddr).Port
	v.hostSocket = filepath.Join(base, "host.sock")
	uln, err := net.Listen("unix", v.hostSocket)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { uln.Close() })
	_ = os.Chmod(v.hostSocket, 0o777)
	for _, l := range []net.Listener{ln, uln} {
		go func() {
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				v.conns.Add(1)
				c.Close()
			}
		}()
	}
	chownTree(v.dir, uid)
	_ = os.MkdirAll(v.reports, 0o755)
	chownTree(v.reports, uid)
	return v
}

// certifyAs runs payconform certify as uid, with the canaries and the signing key in its
// environment and the attacker told where everything is.
func certifyAs(t *testing.T, r *trustRig, v *vendor, command []string, extra []string) trustRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := append([]string{"certify", "--reports", v.reports, "--"}, command...)
	cmd := exec.CommandContext(ctx, r.cli, args...)
	cmd.Dir = filepath.Dir(v.dir)
	home := filepath.Join(filepath.Dir(v.dir), "home")
	_ = os.MkdirAll(home, 0o755)
	_ = os.Chown(home, v.uid, v.uid)
	cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + home, "TMPDIR=/tmp",
		"PAYCONFORM_SUITES_DIR=" + r.suites, "PAYCONFORM_SIGNING_KEY=" + filepath.Join(r.keyDir[v.uid], "release.key"),
		"PAYCONFORM_CANDIDATE_DIR=" + v.dir, "PAYCONFORM_CANDIDATE_TIMEOUT=10s", "PAYCONFORM_CERTIFY_TIMEOUT=2m",
		"GITHUB_ENV=" + v.githubEnv,
		"PAYCONFORM_CANDIDATE_ENV=ATTACK_REPORTS,ATTACK_KEY,ATTACK_MARKER,ATTACK_SUITES,ATTACK_PORT,ATTACK_SOCKET,ATTACK_GITHUB_ENV,ATTACK_NONCE",
		"ATTACK_REPORTS=" + v.reports, "ATTACK_KEY=" + filepath.Join(r.keyDir[v.uid], "release.key"), "ATTACK_MARKER=" + v.marker,
		"ATTACK_SUITES=" + r.suites, "ATTACK_PORT=" + strconv.Itoa(v.hostPort), "ATTACK_SOCKET=" + v.hostSocket,
		"ATTACK_GITHUB_ENV=" + v.githubEnv, "ATTACK_NONCE=" + v.nonce}
	for name, value := range canaries {
		cmd.Env = append(cmd.Env, name+"="+value)
	}
	cmd.Env = append(cmd.Env, extra...)
	if v.uid != os.Geteuid() {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(v.uid), Gid: uint32(v.uid), Groups: []uint32{}}}
	}
	cmd.ExtraFiles = v.inherit
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	var err error
	if v.keyring == "" {
		err = cmd.Run()
	} else if err = startInKeyring(cmd, v.keyring); err == nil {
		err = cmd.Wait()
	}
	res := trustRun{output: out.String(), files: map[string][]byte{}}
	if exit, ok := err.(*exec.ExitError); ok {
		res.code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("payconform certify: %v\n%s", err, out.String())
	}
	if ctx.Err() != nil {
		t.Fatalf("payconform certify did not end within 3 minutes:\n%s", out.String())
	}
	entries, _ := os.ReadDir(v.reports)
	for _, e := range entries {
		if data, err := os.ReadFile(filepath.Join(v.reports, e.Name())); err == nil {
			res.files[e.Name()] = data
		}
	}
	return res
}

// declining is an adapter command, one process per request, that answers unsupported to every
// request matching the shell pattern and lets the defective client answer the others.
func declining(v *vendor, pattern string) []string {
	return []string{"bash", "-c", `in=$(cat); rid=$(printf '%s' "$in" | sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p')
case "$in" in ` + pattern + `) echo "{\"id\":\"$rid\",\"ok\":false,\"unsupported\":true}"; exit 0;; esac
printf '%s' "$in" | exec ` + v.dir + `/client -defect iyzico-uppercase-hex`}
}

// startInKeyring starts cmd from a thread that joined a new session keyring holding secret: the
// child inherits the thread's keyrings. The thread is never unlocked, so it ends with its
// goroutine, its keyring with it.
func startInKeyring(cmd *exec.Cmd, secret string) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		if _, _, errno := unix.Syscall(unix.SYS_KEYCTL, unix.KEYCTL_JOIN_SESSION_KEYRING, 0, 0); errno != 0 {
			errc <- fmt.Errorf("join a session keyring: %w", errno)
			return
		}
		if _, err := unix.AddKey("user", "payconform-test-secret", []byte(secret), unix.KEY_SPEC_SESSION_KEYRING); err != nil {
			errc <- fmt.Errorf("add_key: %w", err)
			return
		}
		errc <- cmd.Start()
	}()
	return <-errc
}

// verifyAs runs payconform verify with the run's public key.
func verifyAs(r *trustRig, uid int, file string) (string, int) {
	out, err := exec.Command(r.cli, "verify", "--key", filepath.Join(r.keyDir[uid], "release.pub"), file).CombinedOutput()
	if exit, ok := err.(*exec.ExitError); ok {
		return string(out), exit.ExitCode()
	}
	return string(out), 0
}

func allText(files map[string][]byte) string {
	var b strings.Builder
	for _, data := range files {
		b.Write(data)
	}
	return b.String()
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func chownTree(dir string, uid int) {
	_ = filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err == nil {
			_ = os.Lchown(p, uid, uid)
		}
		return nil
	})
}

// processesOf lists host pids whose command line or environment holds the attack's nonce:
// every process its adapter started (they inherit ATTACK_NONCE).
func processesOf(nonce string) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		environ, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if bytes.Contains(cmdline, []byte(nonce)) || bytes.Contains(environ, []byte("ATTACK_NONCE="+nonce)) {
			out = append(out, pid)
		}
	}
	return out
}

func sha256hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// make certify hands CANDIDATE to payconform as data: a command with a shell injection runs in
// full inside the sandbox, and its injected part never runs on the host.
func TestMakeCertifyPassesTheCommandAsData(t *testing.T) {
	r := theRig(t)
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	v := newVendor(t, r, os.Geteuid(), "")
	pwned := "/tmp/payconform-make-pwned-" + v.nonce
	cmd := exec.Command("make", "-s", "-C", selftest.Root(), "certify", "CANDIDATE=bash "+v.dir+"/attack.sh; touch "+pwned+"; echo $(touch "+pwned+"-expanded)")
	cmd.Env = append(os.Environ(), "PAYCONFORM_CANDIDATE_DIR="+v.dir, "PAYCONFORM_CANDIDATE_TIMEOUT=10s")
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() == 0 {
		t.Errorf("make certify of a defective client: %v\n%s", err, out)
	}
	for _, p := range []string{pwned, pwned + "-expanded"} {
		if _, err := os.Stat(p); err == nil {
			_ = os.Remove(p)
			t.Errorf("the injected command ran on the host: %s exists\n%s", p, out)
		}
	}
	if !strings.Contains(string(out), "NOT CERTIFIED") {
		t.Errorf("make certify did not certify (or refuse) the client:\n%s", out)
	}
	// make's own functions (redteam/18-make-injection.sh): make expands what it exports, and
	// exports every variable given on its command line, CANDIDATE_CMD included.
	for i, payload := range []string{"$(shell touch %s)", "${shell touch %s}", "$(file >%s,x)", "$(eval $(shell touch %s))", "$(value $(shell touch %s))"} {
		for _, name := range []string{"CANDIDATE", "CANDIDATE_CMD"} {
			p := fmt.Sprintf("%s-fn%d-%s", pwned, i, name)
			cmd := exec.Command("make", "-s", "-C", selftest.Root(), "certify", name+"="+fmt.Sprintf(payload, p))
			cmd.Env = append(os.Environ(), "PAYCONFORM_CANDIDATE_DIR="+v.dir, "PAYCONFORM_CANDIDATE_TIMEOUT=10s")
			out, _ := cmd.CombinedOutput()
			if _, err := os.Stat(p); err == nil {
				_ = os.Remove(p)
				t.Errorf("make certify %s=%q ran on the host\n%s", name, fmt.Sprintf(payload, p), out)
			}
		}
	}
}
