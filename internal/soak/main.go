// Command soak is the hostile half of scripts/soak.sh: for a fixed time it sends the mock large
// headers, slow bodies, idle connections that are never used, and admin calls with and without
// the token, all on loopback, and prints what it sent and every 5xx it got. The valid half is
// wrk, driven by the script.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "the mock's address (loopback only)")
	duration := flag.Duration("duration", 60*time.Second, "how long to run")
	token := flag.String("token", os.Getenv("PAYCONFORM_MOCK_ADMIN_TOKEN"), "the mock's admin token")
	idle := flag.Int("idle", 200, "idle connections to hold open")
	slow := flag.Int("slow", 100, "slow-body senders at once")
	flag.Parse()
	if ap, err := netip.ParseAddrPort(*addr); err != nil || !ap.Addr().IsLoopback() {
		fmt.Fprintf(os.Stderr, "soak: -addr %s: want a loopback host:port\n", *addr)
		os.Exit(2)
	}
	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	var s stats
	var wg sync.WaitGroup
	run := func(n int, f func(context.Context, *stats, string, string)) {
		for range n {
			wg.Go(func() {
				for ctx.Err() == nil {
					f(ctx, &s, *addr, *token)
				}
			})
		}
	}
	run(*idle, idleConn)
	run(*slow, slowBody)
	run(4, largeHeaders)
	run(2, admin)
	wg.Wait()
	fmt.Printf("hostile: %d large-header requests, %d slow bodies, %d idle connections, %d admin calls; %d answered 5xx, %d connection errors\n",
		s.large.Load(), s.slow.Load(), s.idle.Load(), s.admin.Load(), s.fivexx.Load(), s.errs.Load())
	if s.fivexx.Load() > 0 {
		os.Exit(1)
	}
}

type stats struct{ large, slow, idle, admin, fivexx, errs atomic.Int64 }

var client = &http.Client{Timeout: 40 * time.Second}

// idleConn opens a connection and holds it without a request until the mock drops it.
func idleConn(ctx context.Context, s *stats, addr, _ string) {
	c, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		s.errs.Add(1)
		pause(ctx)
		return
	}
	s.idle.Add(1)
	defer c.Close()
	_ = c.SetReadDeadline(time.Now().Add(60 * time.Second))
	_, _ = io.Copy(io.Discard, c) // returns when the mock closes it
}

// slowBody sends headers promising 1000 bytes, then one byte a second.
func slowBody(ctx context.Context, s *stats, addr, _ string) {
	c, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		s.errs.Add(1)
		pause(ctx)
		return
	}
	s.slow.Add(1)
	defer c.Close()
	fmt.Fprintf(c, "POST /payment/bin/check HTTP/1.1\r\nHost: soak\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
	for i := 0; i < 1000 && ctx.Err() == nil; i++ {
		if _, err := c.Write([]byte("{")); err != nil {
			return // the mock cut it off
		}
		time.Sleep(time.Second)
	}
}

// largeHeaders sends a 60 KiB header (under the limit) and a 100 KiB one (over it).
func largeHeaders(ctx context.Context, s *stats, addr, _ string) {
	for _, size := range []int{60 << 10, 100 << 10} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/v1/agent/get_auth_key", strings.NewReader(`{}`))
		req.Header.Set("X-Soak", strings.Repeat("h", size))
		req.Header.Set("Content-Type", "application/json")
		do(ctx, s, req, &s.large)
	}
}

// admin reads the journal's last page, with the token and without.
func admin(ctx context.Context, s *stats, addr, token string) {
	for _, tok := range []string{token, "wrong-token"} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/_payconform/journal?limit=50", nil)
		req.Header.Set("X-Payconform-Admin-Token", tok)
		do(ctx, s, req, &s.admin)
	}
	pause(ctx)
}

func do(ctx context.Context, s *stats, req *http.Request, count *atomic.Int64) {
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			s.errs.Add(1)
		}
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	count.Add(1)
	if resp.StatusCode >= 500 {
		s.fivexx.Add(1)
		fmt.Fprintf(os.Stderr, "soak: %s %s answered %d\n", req.Method, req.URL.Path, resp.StatusCode)
	}
}

func pause(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-time.After(100 * time.Millisecond):
	}
}
