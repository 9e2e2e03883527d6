package mock

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"golang.org/x/net/netutil"
)

// The mock's limits against hostile clients. A slow body, an idle keep-alive connection or a
// flood of connections cannot hold the mock: each read and write is bounded in time, header
// blocks in size (a larger one gets 431 from net/http, before any handler runs), and the
// connections served at once in number, well under the usual 1024 open files.
const (
	MaxHeaderBytes    = 64 << 10
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 30 * time.Second
	WriteTimeout      = 30 * time.Second
	IdleTimeout       = 30 * time.Second
	MaxConns          = 512
)

// HTTPServer is the http.Server the mock is served with: the limits above, or the Config's
// where it sets them (tests use short timeouts).
func HTTPServer(s *Server) *http.Server {
	read := ReadTimeout
	if s.cfg.ReadTimeout > 0 {
		read = s.cfg.ReadTimeout
	}
	return &http.Server{
		Handler:           s,
		MaxHeaderBytes:    MaxHeaderBytes,
		ReadHeaderTimeout: min(ReadHeaderTimeout, read),
		ReadTimeout:       read,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       min(IdleTimeout, read),
	}
}

// Serve serves s on ln until ctx is done (SIGTERM, SIGINT), then shuts down gracefully, giving
// requests in flight up to five seconds. At most MaxConns connections (Config.MaxConns) are
// served at once; more wait in the listen queue.
func Serve(ctx context.Context, ln net.Listener, s *Server) error {
	conns := MaxConns
	if s.cfg.MaxConns > 0 {
		conns = s.cfg.MaxConns
	}
	hs := HTTPServer(s)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(netutil.LimitListener(ln, conns)) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve mock: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut mock down: %w", err)
	}
	return nil
}
