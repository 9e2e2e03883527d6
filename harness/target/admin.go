package target

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/payconform/payconform/harness/mockapi"
)

// Admin is a client for the mock's admin API (mockapi.AdminPrefix). It reaches an in-process mock
// and a container the same way.
type Admin struct {
	BaseURL string
	Token   string
	HTTP    *http.Client
}

// Journal returns the mock's journal, oldest entry first.
func (a *Admin) Journal(ctx context.Context) ([]mockapi.Entry, error) {
	var out []mockapi.Entry
	err := a.do(ctx, http.MethodGet, "journal", nil, &out)
	return out, err
}

// ClearJournal empties the mock's journal.
func (a *Admin) ClearJournal(ctx context.Context) error {
	return a.do(ctx, http.MethodDelete, "journal", nil, nil)
}

// SetMutants replaces the mock's active mutants.
func (a *Admin) SetMutants(ctx context.Context, names ...string) error {
	return a.do(ctx, http.MethodPut, "mutants", map[string][]string{"active": names}, nil)
}

// Get reads one of a provider's admin endpoints (under the admin prefix) into out.
func (a *Admin) Get(ctx context.Context, path string, out any) error {
	return a.do(ctx, http.MethodGet, path, nil, out)
}

// Put sends in, as JSON, to one of a provider's admin endpoints.
func (a *Admin) Put(ctx context.Context, path string, in any) error {
	return a.do(ctx, http.MethodPut, path, in, nil)
}

// Health asks whether the mock is up.
func (a *Admin) Health(ctx context.Context) error {
	return a.do(ctx, http.MethodGet, "health", nil, nil)
}

func (a *Admin) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode admin %s: %w", path, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(a.BaseURL, "/")+mockapi.AdminPrefix+path, body)
	if err != nil {
		return fmt.Errorf("build admin %s: %w", path, err)
	}
	if a.Token != "" {
		req.Header.Set("X-Payconform-Admin-Token", a.Token)
	}
	resp, err := a.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("call admin %s: %w", path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("read admin %s: %w", path, err)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("call admin %s: HTTP %d: %s", path, resp.StatusCode, bytes.TrimSpace(data))
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("decode admin %s: %w", path, err)
		}
	}
	return nil
}
