package htmlreport

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/entry"
)

// Evidence is one request a failing spec sent and the answer it got, already redacted by the
// suite that recorded it.
type Evidence struct {
	// Curl is the request as a command to paste (after setting the secrets it names).
	Curl     string
	Status   int
	Headers  string
	Body     string
	Clipped  bool
	Error    string
	Attempts int
	Retried  string
}

// MaxBodyShown bounds the answer excerpt a page shows.
const MaxBodyShown = 4096

// EvidenceOf turns a recorded exchange into evidence.
func EvidenceOf(e entry.ExchangeEntry) Evidence {
	ev := Evidence{Curl: Curl(e), Status: e.Status, Clipped: e.Clipped, Error: e.Error, Attempts: e.Attempts, Retried: e.Retried}
	ev.Headers = headerLines(e.ResponseHeader)
	ev.Body = e.ResponseBody
	if len(ev.Body) > MaxBodyShown {
		cut := MaxBodyShown
		for cut > 0 && ev.Body[cut]&0xC0 == 0x80 {
			cut--
		}
		ev.Body, ev.Clipped = ev.Body[:cut], true
	}
	return ev
}

// Exchanges are the exchanges a spec recorded, in the order it sent them.
func Exchanges(sr types.SpecReport) []entry.ExchangeEntry {
	var out []entry.ExchangeEntry
	for _, re := range sr.ReportEntries {
		if re.Name != entry.Exchange {
			continue
		}
		var ex entry.ExchangeEntry
		if json.Unmarshal([]byte(re.Value.AsJSON), &ex) == nil {
			out = append(out, ex)
		}
	}
	return out
}

// skipped request headers: curl writes them itself.
var curlSkips = []string{"Content-Length", "Host", "Accept-Encoding", "User-Agent"}

// varRef is a shell reference to a variable a recorder put in place of a secret.
var varRef = regexp.MustCompile(`\$\{[A-Z][A-Z0-9_]*\}`)

// Curl writes the request as a curl command. Everything is single-quoted for the shell, except
// ${VARIABLE} references, which the shell expands from the environment.
func Curl(e entry.ExchangeEntry) string {
	method := e.Method
	if method == "" {
		method = "GET"
	}
	parts := []string{"curl -sS -i -X " + shellQuote(method) + " " + shellQuote(e.URL)}
	names := make([]string, 0, len(e.RequestHeader))
	for name := range e.RequestHeader {
		if !slices.ContainsFunc(curlSkips, func(s string) bool { return strings.EqualFold(s, name) }) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		for _, v := range e.RequestHeader[name] {
			parts = append(parts, "-H "+shellWithVars(name+": "+v))
		}
	}
	if e.RequestBody != "" {
		parts = append(parts, "--data-binary "+shellQuote(e.RequestBody))
	}
	return strings.Join(parts, " \\\n  ")
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@,+%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// shellWithVars quotes s, leaving its ${VARIABLE} references to the shell.
func shellWithVars(s string) string {
	locs := varRef.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return shellQuote(s)
	}
	var b strings.Builder
	last := 0
	for _, l := range locs {
		if l[0] > last {
			b.WriteString("'" + strings.ReplaceAll(s[last:l[0]], "'", `'\''`) + "'")
		}
		b.WriteString(`"` + s[l[0]:l[1]] + `"`)
		last = l[1]
	}
	if last < len(s) {
		b.WriteString("'" + strings.ReplaceAll(s[last:], "'", `'\''`) + "'")
	}
	return b.String()
}

func headerLines(h map[string][]string) string {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, name := range names {
		for _, v := range h[name] {
			fmt.Fprintf(&b, "%s: %s\n", name, v)
		}
	}
	return b.String()
}
