package judgestore_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/judgestore"
	"github.com/payconform/payconform/harness/translog"
	"github.com/payconform/payconform/internal/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// stores opens the schema on both databases the judge supports.
func stores(t *testing.T) map[string]func(t *testing.T) (*judgestore.Store, ed25519.PublicKey) {
	open := func(t *testing.T, dsn string) (*judgestore.Store, ed25519.PublicKey) {
		pub, priv, _ := ed25519.GenerateKey(rand.Reader)
		signer, _ := translog.NewSigner(priv)
		st, err := judgestore.Open(context.Background(), dsn, func(size uint64, root []byte, at time.Time) ([]byte, error) {
			return translog.Checkpoint("judge.test", size, root, at, signer)
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st, pub
	}
	return map[string]func(t *testing.T) (*judgestore.Store, ed25519.PublicKey){
		"sqlite": func(t *testing.T) (*judgestore.Store, ed25519.PublicKey) {
			return open(t, "sqlite:"+filepath.Join(t.TempDir(), "judge.db"))
		},
		"postgres": func(t *testing.T) (*judgestore.Store, ed25519.PublicKey) { return open(t, pgtest.Database(t)) },
	}
}

// A case is answered once, whatever the number of judges racing: the first answer is kept, every
// other one is refused as a second answer, and a case that was not handed out cannot be answered.
func TestACaseIsAnsweredOnce(t *testing.T) {
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, _ := open(t)
			now := time.Now()
			if err := st.CreateSession(ctx, judgestore.Session{ID: "s1", SecretSHA256: "x", Principal: "token:a", Claims: "{}", Seed: "00", MockConfig: "{}", Subject: "{}",
				Created: now, Expires: now.Add(time.Hour)}, []string{judgestore.SHA256("key-1")}, judgestore.Quota{}); err != nil {
				t.Fatal(err)
			}
			if err := st.Answer(ctx, "s1", "c1", "{}", now); !errors.Is(err, judgestore.ErrNotOpen) {
				t.Fatalf("an answer to a case never handed out: %v, want ErrNotOpen", err)
			}
			if err := st.HandOut(ctx, "s1", 0, "c1"); err != nil {
				t.Fatal(err)
			}
			if err := st.HandOut(ctx, "s1", 0, "c1"); !errors.Is(err, judgestore.ErrNotOpen) {
				t.Fatalf("a second hand-out while one is out: %v", err)
			}
			var wg sync.WaitGroup
			errs := make([]error, 8)
			for i := range errs {
				wg.Add(1)
				go func() { defer wg.Done(); errs[i] = st.Answer(ctx, "s1", "c1", fmt.Sprintf(`{"n":%d}`, i), now) }()
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case !errors.Is(err, judgestore.ErrAnswered):
					t.Fatalf("a racing answer: %v, want ErrAnswered", err)
				}
			}
			if ok != 1 {
				t.Fatalf("%d answers accepted, want 1", ok)
			}
			if id, err := st.SessionForKey(ctx, judgestore.SHA256("key-1")); err != nil || id != "s1" {
				t.Fatalf("SessionForKey: %q, %v", id, err)
			}
		})
	}
}

// Every graded session lands in the log at its own index, and each index's proof verifies
// against the signed checkpoint; concurrent graders never share an index.
func TestEverySessionIsLogged(t *testing.T) {
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, pub := open(t)
			now := time.Now()
			const n = 12
			var wg sync.WaitGroup
			for i := range n {
				id := fmt.Sprintf("s%d", i)
				if err := st.CreateSession(ctx, judgestore.Session{ID: id, SecretSHA256: "x", Principal: "p", Claims: "{}", Seed: "00", MockConfig: "{}", Subject: "{}", Created: now, Expires: now}, nil, judgestore.Quota{}); err != nil {
					t.Fatal(err)
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					if ok, err := st.Claim(ctx, id, now, now.Add(-time.Minute)); err != nil || !ok {
						t.Errorf("claim %s: %v %v", id, ok, err)
						return
					}
					if _, _, err := st.Finish(ctx, id, now, func(index uint64) (judgestore.Graded, error) {
						return judgestore.Graded{Leaf: []byte(fmt.Sprintf("%s@%d", id, index)), Certificate: "{}", Envelope: "{}"}, nil
					}); err != nil {
						t.Errorf("finish %s: %v", id, err)
					}
				}()
			}
			wg.Wait()
			size, cpText, err := st.Checkpoint(ctx)
			if err != nil || size != n {
				t.Fatalf("log size %d (%v), want %d", size, err, n)
			}
			v, _ := translog.NewVerifier(pub)
			cp, _, err := translog.OpenCheckpoint(cpText, "judge.test", v)
			if err != nil {
				t.Fatal(err)
			}
			leaves, err := st.Leaves(ctx, 0, size)
			if err != nil || len(leaves) != n {
				t.Fatalf("%d leaves (%v)", len(leaves), err)
			}
			for _, l := range leaves {
				p, err := st.InclusionProof(ctx, l.Index, size)
				if err != nil {
					t.Fatal(err)
				}
				if err := translog.VerifyInclusion(cp, l.Index, l.Data, p); err != nil {
					t.Fatal(err)
				}
				if want := fmt.Sprintf("%s@%d", l.SessionID, l.Index); string(l.Data) != want {
					t.Fatalf("leaf %d holds %q, want %q", l.Index, l.Data, want)
				}
			}
		})
	}
}

// A principal's quota holds however many opens race: the count and the insert are one
// transaction under the principal's lock (redteam B3: 20 simultaneous opens with --max-open 2
// opened 4 to 6 sessions). The hourly quota holds the same way, and another principal is not
// held back by the first one's lock.
func TestQuotasHoldUnderConcurrentOpens(t *testing.T) {
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, _ := open(t)
			now := time.Now()
			race := func(principal string, q judgestore.Quota, n int) (opened int, refusals []*judgestore.QuotaError) {
				var wg sync.WaitGroup
				var mu sync.Mutex
				start := make(chan struct{})
				for i := range n {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						id := fmt.Sprintf("%s-%d", principal, i)
						err := st.CreateSession(ctx, judgestore.Session{ID: id, SecretSHA256: "x", Principal: principal, Claims: "{}", Seed: "00", MockConfig: "{}",
							Subject: "{}", Created: now, Expires: now.Add(time.Hour)}, []string{judgestore.SHA256("key " + id)}, q)
						mu.Lock()
						defer mu.Unlock()
						var qe *judgestore.QuotaError
						switch {
						case err == nil:
							opened++
						case errors.As(err, &qe):
							refusals = append(refusals, qe)
						default:
							t.Errorf("open %s: %v", id, err)
						}
					}()
				}
				close(start)
				wg.Wait()
				return opened, refusals
			}
			// A race lost once in a while is still lost: five rounds, each with fresh principals.
			for round := range 5 {
				a, b := fmt.Sprintf("token a%d", round), fmt.Sprintf("token b%d", round)
				q := judgestore.Quota{Open: 2, PerHour: 3, Since: now.Add(-time.Hour)}
				if opened, refused := race(a, q, 20); opened != 2 || len(refused) != 18 || !refused[0].TooManyOpen() {
					t.Fatalf("round %d: 20 racing opens with 2 allowed open: %d opened, %d refused", round, opened, len(refused))
				}
				hourly := judgestore.Quota{PerHour: 3, Since: now.Add(-time.Hour)}
				if opened, refused := race(b, hourly, 20); opened != 3 || len(refused) != 17 || refused[0].TooManyOpen() {
					t.Fatalf("round %d: 20 racing opens with 3 allowed an hour: %d opened, %d refused", round, opened, len(refused))
				}
				if open, recent, err := st.SessionsOf(ctx, a, now.Add(-time.Hour)); err != nil || open != 2 || recent != 2 {
					t.Fatalf("%s holds %d open, %d recent (%v), want 2 and 2", a, open, recent, err)
				}
			}
		})
	}
}
