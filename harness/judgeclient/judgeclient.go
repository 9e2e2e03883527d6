// Package judgeclient is the vendor's side of a hosted certification (payconform certify
// --judge URL) and the log client of payconform verify --log. Certify opens a session with an
// API token or a GitHub Actions OIDC token, runs the adapter (through harness/candidate, in a
// bubblewrap sandbox that keeps every wall but shares the host's network, so that the client
// under test reaches the judge's mock), posts each answer, and writes the certificate the judge
// signed. Nothing here decides a verdict: the judge grades from its own journal of what arrived
// and from the answers, and signs with a key this side never sees. VerifyLog checks that a hosted
// certificate is in the judge's log under a checkpoint the judge signed, and is not revoked.
package judgeclient

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/payconform/payconform/harness/judgeapi"
)

// Client calls one judge.
type Client struct {
	URL  string
	HTTP *http.Client
	// Bearer authenticates the calls: an API token or an OIDC token to open a session, the
	// session's secret after.
	Bearer string
}

// New is a client of the judge at url; caFile, when set, adds PEM CA certificates for its TLS.
func New(url, caFile string) (*Client, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("read CA file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("read CA file %s: no PEM certificate", caFile)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return &Client{URL: strings.TrimRight(url, "/"), HTTP: &http.Client{Transport: tr, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}, nil
}

// Error is a judge's refusal.
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("the judge answered %d: %s", e.Status, e.Message) }

// UnreachableError is a call the judge (or a log mirror) could not be asked: no connection, no
// answer in time, or a gateway's or an overloaded server's 502, 503 or 504.
type UnreachableError struct {
	URL string
	Err error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("%s could not be asked: %v", e.URL, e.Err)
}
func (e *UnreachableError) Unwrap() error { return e.Err }

// maxResponse bounds what is read of a judge's answer.
const maxResponse = 32 << 20

// call sends one JSON call and decodes the answer into out (nil: none expected). A call the judge
// refused as too many (429, which it answers before doing anything) is sent again, a few times,
// after a pause that grows.
func (c *Client) call(ctx context.Context, method, path string, in, out any) error {
	var payload []byte
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode %s: %w", path, err)
		}
		payload = b
	}
	pause := 250 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := c.once(ctx, method, path, payload, in != nil, out)
		var e *Error
		if !errors.As(err, &e) || e.Status != http.StatusTooManyRequests || attempt == 6 {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
		pause *= 2
	}
}

func (c *Client) once(ctx context.Context, method, path string, payload []byte, hasBody bool, out any) error {
	var body io.Reader
	if hasBody {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.URL+path, body)
	if err != nil {
		return fmt.Errorf("call the judge: %w", err)
	}
	if hasBody {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.Bearer)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("call the judge: %w", &UnreachableError{URL: c.URL, Err: err})
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return fmt.Errorf("read the judge's answer: %w", &UnreachableError{URL: c.URL, Err: err})
	}
	if resp.StatusCode >= 300 {
		var e judgeapi.Error
		if json.Unmarshal(data, &e) != nil || e.Error == "" {
			e.Error = clip(string(data))
		}
		refusal := &Error{Status: resp.StatusCode, Message: e.Error}
		switch resp.StatusCode {
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return &UnreachableError{URL: c.URL, Err: refusal}
		}
		return refusal
	}
	if out == nil {
		return nil
	}
	if b, ok := out.(*[]byte); ok {
		*b = data
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("decode the judge's answer to %s: %w", path, err)
	}
	return nil
}

// Info asks the judge who it is.
func (c *Client) Info(ctx context.Context) (judgeapi.Info, error) {
	var in judgeapi.Info
	return in, c.call(ctx, http.MethodGet, judgeapi.APIPrefix+"info", nil, &in)
}

// Open opens a session; the client then carries the session's secret.
func (c *Client) Open(ctx context.Context, o judgeapi.Open) (judgeapi.Opened, error) {
	var out judgeapi.Opened
	if err := c.call(ctx, http.MethodPost, judgeapi.APIPrefix+"sessions", o, &out); err != nil {
		return out, err
	}
	c.Bearer = out.Secret
	return out, nil
}

// Describe posts the adapter's describe.
func (c *Client) Describe(ctx context.Context, session string, d judgeapi.Describe) error {
	return c.call(ctx, http.MethodPost, judgeapi.APIPrefix+"sessions/"+url.PathEscape(session)+"/describe", d, nil)
}

// Next asks for the next case.
func (c *Client) Next(ctx context.Context, session string) (judgeapi.Case, error) {
	var out judgeapi.Case
	return out, c.call(ctx, http.MethodPost, judgeapi.APIPrefix+"sessions/"+url.PathEscape(session)+"/next", struct{}{}, &out)
}

// Answer posts the answer to the case handed out.
func (c *Client) Answer(ctx context.Context, session string, a judgeapi.Answer) error {
	return c.call(ctx, http.MethodPost, judgeapi.APIPrefix+"sessions/"+url.PathEscape(session)+"/answers", a, nil)
}

// Finish asks the judge to grade the session, and returns the signed certificate.
func (c *Client) Finish(ctx context.Context, session string) (judgeapi.Finished, error) {
	var out judgeapi.Finished
	return out, c.call(ctx, http.MethodPost, judgeapi.APIPrefix+"sessions/"+url.PathEscape(session)+"/finish", struct{}{}, &out)
}

// Checkpoint is the log's newest signed checkpoint.
func (c *Client) Checkpoint(ctx context.Context) ([]byte, error) {
	var out []byte
	return out, c.call(ctx, http.MethodGet, judgeapi.LogPrefix+"checkpoint", nil, &out)
}

// Inclusion is the proof of entry index in the log of size entries.
func (c *Client) Inclusion(ctx context.Context, index, size uint64) (judgeapi.Proof, error) {
	var out judgeapi.Proof
	return out, c.call(ctx, http.MethodGet, fmt.Sprintf("%sproof?index=%d&size=%d", judgeapi.LogPrefix, index, size), nil, &out)
}

// Revocations are the log entries that revoke a session's certificate.
func (c *Client) Revocations(ctx context.Context, session string) ([]judgeapi.Entry, error) {
	var out []judgeapi.Entry
	return out, c.call(ctx, http.MethodGet, judgeapi.LogPrefix+"revocations?session="+url.QueryEscape(session), nil, &out)
}

// Entries reads the log's entries [start, end).
func (c *Client) Entries(ctx context.Context, start, end uint64) ([]judgeapi.Entry, error) {
	var out []judgeapi.Entry
	return out, c.call(ctx, http.MethodGet, fmt.Sprintf("%sentries?start=%d&end=%d", judgeapi.LogPrefix, start, end), nil, &out)
}

// OIDCToken asks GitHub Actions for an OIDC token for audience: GET
// $ACTIONS_ID_TOKEN_REQUEST_URL&audience=AUD with $ACTIONS_ID_TOKEN_REQUEST_TOKEN (the job needs
// permissions: id-token: write).
func OIDCToken(ctx context.Context, getenv func(string) string, audience string, hc *http.Client) (string, error) {
	reqURL, reqToken := getenv("ACTIONS_ID_TOKEN_REQUEST_URL"), getenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN")
	if reqURL == "" || reqToken == "" {
		return "", errors.New("--oidc: ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set (run in GitHub Actions with permissions: id-token: write)")
	}
	u, err := url.Parse(reqURL)
	if err != nil {
		return "", fmt.Errorf("--oidc: ACTIONS_ID_TOKEN_REQUEST_URL: %w", err)
	}
	q := u.Query()
	q.Set("audience", audience)
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "bearer "+reqToken)
	resp, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("--oidc: ask for a token: %w", err)
	}
	defer resp.Body.Close()
	var out struct {
		Value string `json:"value"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&out); err != nil || resp.StatusCode != http.StatusOK || out.Value == "" {
		return "", fmt.Errorf("--oidc: the token service answered %d without a token", resp.StatusCode)
	}
	return out.Value, nil
}

func clip(s string) string {
	if len(s) > 300 {
		return strings.ToValidUTF8(s[:300], "") + "…"
	}
	return s
}
