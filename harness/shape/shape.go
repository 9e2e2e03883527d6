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
	if len(body) == 0 {
		return append(out, with(base, Field, "", "$", ""))
	}
	var v any
	if json.Unmarshal(body, &v) != nil {
		return append(out, with(base, Field, "", "$", "text"))
	}
	w := walker{mask: mask, seen: make(map[field]bool, 32)}
	w.value("$", v, 0)
	codes := codeString(v, codeFields, mask)
	if codes != "" {
		out = append(out, with(base, Code, codes, "", ""))
	}
	slices.SortFunc(w.fields, func(a, b field) int { return cmp.Or(strings.Compare(a.path, b.path), strings.Compare(a.typ, b.typ)) })
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
	read := map[string]bool{} // a request several specs judged was sent once, recorded by each
	for _, r := range reports {
		for _, sr := range r.SpecReports {
			var codeFields []string
			if id := verdict.IDPattern.FindString(strings.Join(append(slices.Clone(sr.ContainerHierarchyTexts), sr.LeafNodeText), " ")); id != "" {
				if d, ok := provider.ByPrefix(strings.SplitN(id, "-", 2)[0]); ok {
					codeFields = d.ErrorCodeFields
				}
			}
			for _, re := range sr.ReportEntries {
				if re.Name != entry.Exchange || read[re.Value.AsJSON] {
					continue
				}
				read[re.Value.AsJSON] = true
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
	if len(method) > 16 || !tokenRE.MatchString(method) {
		method = "(method)"
	}
	return method + " " + path
}

var (
	tokenRE     = regexp.MustCompile(`^[A-Z]+$`)
	quotedKeyRE = regexp.MustCompile(`^[\x20-\x7e]+$`)
	// A code is a number or words (authorization_error, E.AUTH), at most 40 bytes (isCode): a
	// value that mixes letters and digits, as keys and tokens do, is not kept.
	codeRE  = regexp.MustCompile(`^(-?[0-9]+|[A-Za-z]+([_.:-][A-Za-z]+)*)$`)
	mediaRE = regexp.MustCompile(`^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+$`)
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
	if err != nil || len(mt) > 96 || !mediaRE.MatchString(mt) {
		return "(unreadable)"
	}
	return mt
}

type field struct{ path, typ string }

// walker records each field's path and type once, to MaxDepth and MaxElements.
type walker struct {
	mask   Mask
	fields []field
	seen   map[field]bool
}

func (w *walker) add(path, typ string) {
	f := field{path, typ}
	if w.seen[f] || len(w.fields) >= MaxElements {
		return
	}
	w.seen[f] = true
	w.fields = append(w.fields, f)
}

// value records v at path, and what it holds.
func (w *walker) value(path string, v any, depth int) {
	switch t := v.(type) {
	case map[string]any:
		w.add(path, "object")
		if depth >= MaxDepth {
			return
		}
		for k, sub := range t {
			if len(w.fields) >= MaxElements {
				return
			}
			w.value(path+w.key(k), sub, depth+1)
		}
	case []any:
		w.add(path, "array")
		if depth >= MaxDepth {
			return
		}
		for _, sub := range t {
			if len(w.fields) >= MaxElements {
				return
			}
			w.value(path+"[*]", sub, depth+1)
		}
	case string:
		w.add(path, "string")
	case float64:
		w.add(path, "number")
	case bool:
		w.add(path, "boolean")
	case nil:
		w.add(path, "null")
	}
}

// codeString is the provider's error codes in a body: each code field at the top level whose
// value is a scalar that looks like a code, "name=value", in the descriptor's order.
func codeString(v any, codeFields []string, mask Mask) string {
	obj, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	var parts []string
	for _, name := range codeFields {
		raw, ok := obj[name]
		if !ok {
			continue
		}
		var text string
		switch c := raw.(type) {
		case float64:
			text = strconv.FormatFloat(c, 'f', -1, 64)
			if !isCode(text) {
				text = "(not a code)"
			}
		case string:
			text = `"(not a code)"`
			if isCode(c) {
				text = strconv.Quote(c)
			}
		case bool:
			text = strconv.FormatBool(c)
		case nil:
			text = "null"
		default:
			continue // an object or array is no code; its type is recorded
		}
		if mask(text) != text {
			text = "(withheld)"
		}
		parts = append(parts, name+"="+text)
	}
	return strings.Join(parts, " ")
}

// key is a member's step in a path: .name, ['odd name'], or a placeholder for a key that is too
// long, unprintable, or holds a secret.
func (w *walker) key(k string) string {
	switch {
	case w.mask(k) != k:
		return "[(masked key)]"
	case plainKey(k):
		return "." + k
	case len(k) <= 64 && quotedKeyRE.MatchString(k):
		return "['" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(k) + "']"
	}
	return "[(unprintable key)]"
}

// plainKey reports whether a key can follow a dot in a path: 1 to 64 of A-Z a-z 0-9 _ $ @ -.
func plainKey(k string) bool {
	if len(k) == 0 || len(k) > 64 {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '$' || c == '@' || c == '-') {
			return false
		}
	}
	return true
}

// isCode reports whether a value looks like an error code: a number of at most 12 digits, or
// words, at most 40 bytes in all.
func isCode(s string) bool {
	digits := strings.TrimPrefix(s, "-")
	if digits != "" && strings.Trim(digits, "0123456789") == "" {
		return len(digits) <= 12
	}
	return len(s) <= 40 && codeRE.MatchString(s)
}
