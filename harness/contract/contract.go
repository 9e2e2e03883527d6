// Package contract validates requests and responses against the embedded OpenAPI documents with
// kin-openapi's openapi3filter, in a conformance-strict setting, and turns its errors into
// violations that a reader can act on: where, expected, got.
package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/payconform/payconform/harness/provider"
)

// Document is one loaded and validated contract.
type Document struct {
	Name   string
	spec   *openapi3.T
	routes map[string]*routers.Route
}

type cacheKey struct {
	fsys fs.FS
	name string
}

var (
	cacheMu sync.Mutex
	cache   = map[cacheKey]*Document{}
)

// Load reads a document from fsys (by file name, "<provider>.openapi.yaml"), validates it, and
// caches it: each document is loaded and validated once per process.
func Load(fsys fs.FS, name string) (*Document, error) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	key := cacheKey{fsys, name}
	if d, ok := cache[key]; ok {
		return d, nil
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("load contract %s: %w", name, err)
	}
	d, err := Parse(name, data)
	if err != nil {
		return nil, err
	}
	cache[key] = d
	return d, nil
}

// For is a registered provider's contract. Contracts are part of the build, so a broken one is
// a programming error, and For panics on it.
func For(d *provider.Descriptor) *Document {
	doc, err := Load(d.ContractFS, d.ContractFile)
	if err != nil {
		panic(err)
	}
	return doc
}

// Parse loads and validates a document from bytes (YAML or JSON).
func Parse(name string, data []byte) (*Document, error) {
	loader := openapi3.NewLoader()
	spec, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("parse contract %s: %w", name, err)
	}
	if err := spec.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("validate contract %s: %w", name, err)
	}
	d := &Document{Name: name, spec: spec, routes: map[string]*routers.Route{}}
	for path, item := range spec.Paths.Map() {
		if strings.Contains(path, "{") {
			return nil, fmt.Errorf("load contract %s: templated path %s: only literal paths are supported", name, path)
		}
		for method, op := range item.Operations() {
			d.routes[method+" "+path] = &routers.Route{Spec: spec, Path: path, PathItem: item, Method: method, Operation: op}
		}
	}
	return d, nil
}

// Operations lists "METHOD /path" for every operation, sorted.
func (d *Document) Operations() []string {
	out := make([]string, 0, len(d.routes))
	for k := range d.routes {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// ErrNoOperation means the document has no operation for a method and path.
var ErrNoOperation = errors.New("no such operation in the contract")

func (d *Document) route(method, path string) (*routers.Route, error) {
	r, ok := d.routes[method+" "+path]
	if !ok {
		return nil, fmt.Errorf("find %s %s in %s: %w", method, path, d.Name, ErrNoOperation)
	}
	return r, nil
}

// options is the conformance-strict setting: every problem is kept (MultiError), an undocumented
// status is a violation (IncludeResponseStatus), the body is never rewritten with defaults, and
// authentication is left to payconform's verifiers.
func options() *openapi3filter.Options {
	return &openapi3filter.Options{
		MultiError:            true,
		IncludeResponseStatus: true,
		SkipSettingDefaults:   true,
		KeepValidatedValue:    true,
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
	}
}

// ValidateRequest checks a request's parameters, content type and body against the contract. The
// body is given as the exact bytes received; req.Body is not read. On success it returns the
// decoded body. On failure the error is a Violations.
func (d *Document) ValidateRequest(ctx context.Context, req *http.Request, body []byte) (any, error) {
	route, err := d.route(req.Method, req.URL.Path)
	if err != nil {
		return nil, err
	}
	// A shallow copy: the filter reads the headers and replaces the body, nothing else.
	r := req.WithContext(ctx)
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.GetBody = nil
	r.ContentLength = int64(len(body))
	input := &openapi3filter.RequestValidationInput{Request: r, Route: route, Options: options()}
	if err := openapi3filter.ValidateRequest(ctx, input); err != nil {
		return nil, collect("request", err)
	}
	if v, ok := r.Body.(interface{ ValidatedValue() any }); ok {
		return v.ValidatedValue(), nil
	}
	return nil, nil
}

// ValidateResponse checks a response's status, content type and body against the operation for
// method and path. On failure the error is a Violations.
func (d *Document) ValidateResponse(ctx context.Context, method, path string, status int, header http.Header, body []byte) error {
	route, err := d.route(method, path)
	if err != nil {
		return err
	}
	req := &http.Request{Method: method, URL: &url.URL{Path: path}, Header: http.Header{}}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, Route: route, Options: options()},
		Status:                 status,
		Header:                 header,
		Options:                options(),
	}
	input.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, input); err != nil {
		return collect("response", err)
	}
	return nil
}
