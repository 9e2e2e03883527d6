package conform_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/target"
	"github.com/payconform/payconform/harness/vectorset"
)

// mockClient serves a fresh mock on loopback and returns a client signed with its keys.
func mockClient(t *testing.T) (*conform.Client, *mock.Server) {
	t.Helper()
	cfg := mock.Config{JournalSize: 64}
	cfg.Generate()
	srv, err := mock.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = mock.Serve(ctx, ln, srv); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return &conform.Client{BaseURL: "http://" + ln.Addr().String() + "/",
		Signer: iyzico.Signer{Credentials: iyzico.Credentials{APIKey: cfg.Var(iyzico.EnvAPIKey), SecretKey: cfg.Var(iyzico.EnvSecretKey)}},
		HTTP:   &http.Client{}}, srv
}

// Every verify vector's probe, rebuilt with a target's keys, gets from the mock what the vector
// says: an invalid one is refused, a valid or acceptable one granted. The vectors were written
// from iyzico's pages and computed with openssl, not with this code.
func TestEveryProbeGetsWhatItsVectorSays(t *testing.T) {
	c, _ := mockClient(t)
	ctx := context.Background()
	ex, err := c.BinCheck(ctx, iyzico.BinCheckRequest{Locale: "tr", ConversationID: "c-1", BinNumber: "554960"})
	if err != nil {
		t.Fatal(err)
	}
	if _, p := conform.Succeeded(ctx, ex); p != nil {
		t.Fatalf("a correctly signed bin/check: %+v", p)
	}
	sent := 0
	for _, v := range conform.VerifyVectors().Tests() {
		if v.Probe == nil {
			if _, err := v.Send(ctx, c); err == nil {
				t.Errorf("#%d has no probe, yet it was sent", v.ID)
			}
			continue
		}
		sent++
		ex, err := v.Send(ctx, c)
		var na *target.NotApplicableError
		switch {
		case errors.As(err, &na):
			t.Errorf("#%d %s: the mock did not grant its priming request: %v", v.ID, v.Comment, err)
			continue
		case err != nil:
			t.Fatalf("#%d: %v", v.ID, err)
		}
		// Every probe is a valid bin/check, whatever bytes JSON ignores it adds.
		var sentBody, probeBody bytes.Buffer
		_ = json.Compact(&sentBody, bytes.TrimPrefix(ex.RequestBody, []byte("\xef\xbb\xbf")))
		_ = json.Compact(&probeBody, conform.ProbeBody)
		if v.Probe.TurkishBody {
			probeBody.Reset()
			_ = json.Compact(&probeBody, bytes.ReplaceAll(conform.ProbeBody, []byte("payconform-probe"), []byte("payconform-çğıöşü")))
		}
		if !strings.HasSuffix(strings.SplitN(ex.URL, "?", 2)[0], iyzico.BinCheckPath) || sentBody.String() != probeBody.String() {
			t.Errorf("#%d %s: sent %s %s", v.ID, v.Comment, ex.URL, ex.RequestBody)
		}
		switch v.Result {
		case vectorset.Invalid:
			if p := conform.Refused(ex, conform.SignatureNotChecked); p != nil {
				t.Errorf("#%d %s: the mock did not refuse it: %+v", v.ID, v.Comment, p)
			}
		default:
			if _, p := conform.Answered(ex); p != nil {
				t.Errorf("#%d %s (%s): the mock refused it: %+v", v.ID, v.Comment, v.Result, p)
			}
		}
	}
	if sent < 10 {
		t.Errorf("only %d probes were sent", sent)
	}
}

// The client signs the path without its query and sends x-iyzi-rnd only when asked; every
// malformed request is a signed request the mock refuses as input, the oversized one just over
// 1 MiB.
func TestTheClientAndTheMalformedRequests(t *testing.T) {
	c, srv := mockClient(t)
	ctx := context.Background()
	ex, err := c.Post(ctx, iyzico.BinCheckPath, conform.ProbeBody, conform.WithQuery("x=1"))
	if err != nil {
		t.Fatal(err)
	}
	entries := srv.Journal().Entries()
	last := entries[len(entries)-1]
	if last.Query != "x=1" || !last.Auth.OK || ex.RequestHeader.Get(iyzico.RndHeader) != "" {
		t.Errorf("with a query: %+v, x-iyzi-rnd %q", last.Auth, ex.RequestHeader.Get(iyzico.RndHeader))
	}
	c.Signer.SendRnd = true
	if ex, _ = c.BinCheck(ctx, iyzico.BinCheckRequest{BinNumber: "554960"}); ex.RequestHeader.Get(iyzico.RndHeader) == "" {
		t.Error("SendRnd sends no x-iyzi-rnd")
	}
	c.Signer.SendRnd = false
	if ex, _ = c.Post(ctx, iyzico.BinCheckPath, conform.ProbeBody, conform.WithoutAuthorization()); len(ex.RequestHeader.Values("Authorization")) != 0 {
		t.Errorf("WithoutAuthorization sent %q", ex.RequestHeader.Values("Authorization"))
	}
	if ex, _ = c.Post(ctx, iyzico.BinCheckPath, conform.ProbeBody, conform.WithAuthorization("IYZWSv2 given")); ex.RequestHeader.Get("Authorization") != "IYZWSv2 given" {
		t.Errorf("WithAuthorization sent %q", ex.RequestHeader.Values("Authorization"))
	}
	for _, m := range conform.MalformedRequests {
		if conform.MalformedRequest(m.Name).Name != m.Name {
			t.Errorf("MalformedRequest(%q)", m.Name)
		}
		ex, err := c.Post(ctx, iyzico.BinCheckPath, m.Body, m.Opts...)
		if err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		if p := conform.Refused(ex, conform.SignatureNotChecked); p != nil {
			t.Errorf("%s: not refused: %+v", m.Name, p)
		}
		if m.Heavy && len(m.Body) <= 1<<20 {
			t.Errorf("%s: %d bytes, not over 1 MiB", m.Name, len(m.Body))
		}
	}
	big := conform.MalformedRequest("body over 1 MiB").Body
	if !json.Valid(big) || len(big) != 1<<20+2 {
		t.Errorf("the oversized body: %d bytes, valid %t", len(big), json.Valid(big))
	}
	defer func() {
		if recover() == nil {
			t.Error("an unknown malformed case is found")
		}
	}()
	conform.MalformedRequest("no such case")
}

// A URL-safe or unpadded probe always differs from the standard token: with keys whose token
// has no '+', '/' or padding, the randomKey is lengthened until it does (red team, 2026-12-02:
// a correct server was warned of an authentication bypass for granting what was, byte for byte,
// the valid request).
func TestALenientBase64ProbeDiffersFromTheStandardToken(t *testing.T) {
	for _, fault := range []string{"URLSAFE_BASE64", "UNPADDED_BASE64"} {
		found := 0
		for n := 0; n < 300 && found < 5; n++ {
			k := conform.ProbeKeys{Credentials: iyzico.Credentials{APIKey: fmt.Sprintf("sandbox-key-%d", n), SecretKey: "sandbox-secret"}, RandomKey: "rnd-1"}
			std, err := conform.Probe{}.Build(k, iyzico.BinCheckPath, []byte(`{}`))
			if err != nil {
				t.Fatal(err)
			}
			token := strings.TrimPrefix(std.Authorization, "IYZWSv2 ")
			if strings.ContainsAny(token, "+/") || (fault == "UNPADDED_BASE64" && strings.HasSuffix(token, "=")) {
				continue // the probe differs anyway
			}
			found++
			b, err := conform.Probe{Faults: []string{fault}}.Build(k, iyzico.BinCheckPath, []byte(`{}`))
			if err != nil {
				t.Fatal(err)
			}
			got := strings.TrimPrefix(b.Authorization, "IYZWSv2 ")
			raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(strings.NewReplacer("+", "-", "/", "_").Replace(got), "="))
			if err != nil || base64.StdEncoding.EncodeToString(raw) == got {
				t.Errorf("%s, %s: the probe is the standard token %s", fault, k.APIKey, got)
			}
		}
		if found == 0 {
			t.Errorf("%s: no key whose token lacks the characters; the test proves nothing", fault)
		}
	}
}
