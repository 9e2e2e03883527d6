// Package brokentarget serves, on loopback, the targets that cannot be asked anything: one that
// hangs and one that resets every connection. Tests use them to show that such a target is an
// infrastructure error, never a verdict.
package brokentarget

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Hanging serves a target that reads each request and never answers; it closes with the test.
// It returns the target's base URL.
func Hanging(t testing.TB) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // the server notices the client leaving only once the body is read
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// Resetting serves a target that accepts each connection and closes it at once with a TCP RST;
// it closes with the test. It returns the target's base URL.
func Resetting(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conn.(*net.TCPConn).SetLinger(0) // close with RST
			conn.Close()
		}
	}()
	return "http://" + ln.Addr().String()
}
