// Package shape reads the shape of a target's answers from the exchanges a run recorded
// (entry.ExchangeEntry): for each endpoint, the statuses it answered with, the media types, the
// provider's error codes, and the path and JSON type of every field, in answers grouped by their
// error codes. It keeps no value but the error codes the provider's descriptor names
// (provider.Descriptor.ErrorCodeFields), and those only when they look like codes, so the run
// history can keep shapes without keeping a secret or anyone's data. A clipped body gives its
// status and media type, not its fields. Reads are bounded in depth and in count, since the
// answers are a target's, and a target may be hostile.
package shape

import (
	"bytes"
	"cmp"
	"encoding/json"
	"mime"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/provider"
	"github.com/payconform/payconform/harness/verdict"
)

// Kind says what an element tells of the answers.
type Kind string

const (
	// Status: the endpoint answered with this status.
	Status Kind = "status"
	// Media: answers with this status came with this media type (Type).
	Media Kind = "media"
	// Code: answers with this status carried these error codes (Codes).
	Code Kind = "code"
	// Field: answers with this status and these codes held a field at Path of JSON type Type.
	Field Kind = "field"
)

var kindOrder = map[Kind]int{Status: 0, Media: 1, Code: 2, Field: 3}

// Element is one fact about a target's answers.
type Element struct {
	Kind Kind `json:"kind"`
	// Endpoint is the method and the URL path, without host or query: "POST /payment/bin/check".
	Endpoint string `json:"endpoint"`
	Status   int    `json:"status"`
	// Codes are the provider's error codes in the answer, `errorCode="1000"` or `code=401
	// result_code=7`; empty when it carried none.
	Codes string `json:"codes,omitempty"`
	// Path is a field's JSONPath ($.Body.Token, $.items[*].id); $ is the body itself.
	Path string `json:"path,omitempty"`
	// Type is a field's JSON type (object, array, string, number, boolean, null; text for a
	// body that is not JSON, empty for none), or a Media element's media type.
	Type string `json:"type,omitempty"`
}

// Key identifies an element; two elements with the same key are the same fact.
func (e Element) Key() string {
	return strings.Join([]string{string(e.Kind), e.Endpoint, strconv.Itoa(e.Status), e.Codes, e.Path, e.Type}, "\x1f")
}

// Answer is the endpoint and status an element belongs to: "POST /payment/bin/check 200".
func (e Element) Answer() string { return e.Endpoint + " " + strconv.Itoa(e.Status) }

// String reads as a line of a report: "POST /payment/bin/check 200 errorCode=\"1000\": $.errorMessage string".
func (e Element) String() string {
	s := e.Answer()
	switch e.Kind {
	case Media:
		return s + " as " + e.Type
	case Code:
		return s + " with " + e.Codes
	case Field:
		if e.Codes != "" {
			s += " " + e.Codes
		}
		return s + ": " + e.Path + " " + e.Type
	}
	return s
}

// Compare orders elements by endpoint, status, kind, codes, path and type.
func Compare(a, b Element) int {
	return cmp.Or(strings.Compare(a.Endpoint, b.Endpoint), cmp.Compare(a.Status, b.Status),
		cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]), strings.Compare(a.Codes, b.Codes),
		strings.Compare(a.Path, b.Path), strings.Compare(a.Type, b.Type))
}

// Bounds on what one answer contributes, against hostile bodies.
const (
	MaxDepth    = 16
	MaxElements = 512
	maxText     = 200
)

// Mask returns s with any secret it knows masked; Of and FromReports drop a key, a code or an
// endpoint it changes. nil masks nothing.
type Mask func(string) string

// Of is the shape of one answer. codeFields name the top-level fields holding the provider's
// error codes. An exchange that got no answer has no shape.
func Of(e entry.ExchangeEntry, codeFields []string, mask Mask) []Element {
	if e.Status == 0 {
		return nil
	}
	if mask == nil {
		mask = func(s string) string { return s }
	}
	base := Element{Endpoint: endpoint(e.Method, e.URL, mask), Status: e.Status}
	out := []Element{with(base, Status, "", "", "")}
	out = append(out, with(base, Media, "", "", mediaType(e.ResponseHeader)))
	if e.Clipped {
		return out
	}
	body := bytes.TrimSpace([]byte(e.ResponseBody))
	switch {
	case len(body) == 0:
		return append(out, with(base, Field, "", "$", ""))
	case !json.Valid(body):
		return append(out, with(base, Field, "", "$", "text"))
	}
	w := walker{dec: json.NewDecoder(bytes.NewReader(body)), codeFields: codeFields, mask: mask, codes: map[string]string{}}
	w.dec.UseNumber()
	w.value("$", 0)
	codes := w.codeString()
	if codes != "" {
		out = append(out, with(base, Code, codes, "", ""))
	}
	for _, f := range w.fields {
		out = append(out, with(base, Field, codes, f.path, f.typ))
	}
	return out
}

func with(base Element, k Kind, codes, path, typ string) Element {
	base.Kind, base.Codes, base.Path, base.Type = k, codes, path, typ
	return base
}

// FromReports is the shape of every answer a run's specs recorded, each deduplicated, sorted.
// An exchange's provider, and so its error-code fields, is the one its spec's requirement ID
// names.
func FromReports(reports []types.Report, mask Mask) []Element {
	seen := map[string]Element{}
	for _, r := range reports {
		for _, sr := range r.SpecReports {
			var codeFields []string
			if id := verdict.IDPattern.FindString(strings.Join(append(slices.Clone(sr.ContainerHierarchyTexts), sr.LeafNodeText), " ")); id != "" {
				if d, ok := provider.ByPrefix(strings.SplitN(id, "-", 2)[0]); ok {
					codeFields = d.ErrorCodeFields
				}
			}
			for _, re := range sr.ReportEntries {
				if re.Name != entry.Exchange {
					continue
				}
				var ex entry.ExchangeEntry
				if json.Unmarshal([]byte(re.Value.AsJSON), &ex) != nil {
					continue
				}
				for _, el := range Of(ex, codeFields, mask) {
					seen[el.Key()] = el
				}
			}
		}
	}
	out := make([]Element, 0, len(seen))
	for _, el := range seen {
		out = append(out, el)
	}
	slices.SortFunc(out, Compare)
	return out
}

// endpoint is "METHOD /path", the path without its query, bounded and masked.
func endpoint(method, raw string, mask Mask) string {
	path := "(unreadable URL)"
	if u, err := url.Parse(raw); err == nil {
		path = u.EscapedPath()
		if path == "" {
			path = "/"
		}
	}
	if len(path) > maxText || mask(path) != path {
		path = "(path withheld)"
	}
	if !tokenRE.MatchString(method) {
		method = "(method)"
	}
	return method + " " + path
}

var (
	tokenRE     = regexp.MustCompile(`^[A-Z]{1,16}$`)
	keyRE       = regexp.MustCompile(`^[A-Za-z0-9_$@-]{1,64}$`)
	quotedKeyRE = regexp.MustCompile(`^[\x20-\x7e]{1,64}$`)
	codeRE      = regexp.MustCompile(`^[A-Za-z0-9_.:+-]{1,32}$`)
	mediaRE     = regexp.MustCompile(`^[a-z0-9!#$&^_.+-]{1,32}/[a-z0-9!#$&^_.+-]{1,64}$`)
)

// mediaType is the answer's media type, lower case and without parameters.
func mediaType(h map[string][]string) string {
	var v string
	for name, vs := range h {
		if strings.EqualFold(name, "Content-Type") && len(vs) > 0 {
			v = vs[0]
		}
	}
	if v == "" {
		return "(none)"
	}
	mt, _, err := mime.ParseMediaType(v)
	if err != nil || !mediaRE.MatchString(mt) {
		return "(unreadable)"
	}
	return mt
}

type field struct{ path, typ string }

// walker reads a JSON value token by token, recording each field's path and type once.
type walker struct {
	dec        *json.Decoder
	codeFields []string
	mask       Mask
	codes      map[string]string
	fields     []field
	seen       map[field]bool
}

func (w *walker) add(path, typ string) {
	f := field{path, typ}
	if w.seen == nil {
		w.seen = map[field]bool{}
	}
	if w.seen[f] || len(w.fields) >= MaxElements {
		return
	}
	w.seen[f] = true
	w.fields = append(w.fields, f)
}

// value reads one value at path; the body is valid JSON (json.Valid said so).
func (w *walker) value(path string, depth int) {
	tok, err := w.dec.Token()
	if err != nil {
		return
	}
	switch t := tok.(type) {
	case json.Delim:
		typ := map[json.Delim]string{'{': "object", '[': "array"}[t]
		w.add(path, typ)
		if depth >= MaxDepth {
			w.skip()
			return
		}
		for w.dec.More() {
			if t == '[' {
				w.value(path+"[*]", depth+1)
				continue
			}
			k, err := w.dec.Token()
			if err != nil {
				return
			}
			key, _ := k.(string)
			if depth == 0 && slices.Contains(w.codeFields, key) {
				w.code(key, path+w.key(key), depth)
				continue
			}
			w.value(path+w.key(key), depth+1)
		}
		_, _ = w.dec.Token() // the closing delimiter
	case string:
		w.add(path, "string")
	case json.Number:
		w.add(path, "number")
	case bool:
		w.add(path, "boolean")
	case nil:
		w.add(path, "null")
	}
}

// code reads a top-level error-code field: its type like any field, its value when it is a
// scalar that looks like a code.
func (w *walker) code(name, path string, depth int) {
	if !w.dec.More() {
		return
	}
	// Peek by decoding into a raw value, then walk the raw value for its type.
	var raw json.RawMessage
	if w.dec.Decode(&raw) != nil {
		return
	}
	sub := walker{dec: json.NewDecoder(bytes.NewReader(raw)), mask: w.mask, seen: w.seen, fields: w.fields}
	sub.dec.UseNumber()
	sub.value(path, depth+1)
	w.fields, w.seen = sub.fields, sub.seen
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return
	}
	var text string
	switch c := v.(type) {
	case json.Number:
		text = c.String()
	case string:
		text = strconv.Quote(c)
		if !codeRE.MatchString(c) {
			text = `"(not a code)"`
		}
	case bool:
		text = strconv.FormatBool(c)
	case nil:
		text = "null"
	default:
		return // an object or array is no code; its type is recorded
	}
	if len(text) > 34 || w.mask(text) != text {
		text = "(withheld)"
	}
	w.codes[name] = text
}

func (w *walker) codeString() string {
	var parts []string
	for _, name := range w.codeFields {
		if v, ok := w.codes[name]; ok {
			parts = append(parts, name+"="+v)
		}
	}
	return strings.Join(parts, " ")
}

// key is a member's step in a path: .name, ['odd name'], or a placeholder for a key that is too
// long, unprintable, or holds a secret.
func (w *walker) key(k string) string {
	switch {
	case w.mask(k) != k:
		return "[(masked key)]"
	case keyRE.MatchString(k):
		return "." + k
	case quotedKeyRE.MatchString(k):
		return "['" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(k) + "']"
	}
	return "[(unprintable key)]"
}

// skip consumes the rest of the current object or array.
func (w *walker) skip() {
	depth := 1
	for depth > 0 {
		tok, err := w.dec.Token()
		if err != nil {
			return
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			default:
				depth--
			}
		}
	}
}
