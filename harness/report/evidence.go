package report

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/provider"
)

// ref is a variable reference the evidence holds in place of a secret: ${PAYNET_SECRET_KEY}.
var ref = regexp.MustCompile(`\$\{[A-Z][A-Z0-9_]*\}`)

// shellWord quotes s for a POSIX shell, leaving its ${VARIABLE} references to be expanded.
func shellWord(s string) string {
	var b strings.Builder
	last := 0
	for _, loc := range ref.FindAllStringIndex(s, -1) {
		if loc[0] > last {
			b.WriteString(singleQuoted(s[last:loc[0]]))
		}
		b.WriteString(`"` + s[loc[0]:loc[1]] + `"`)
		last = loc[1]
	}
	if last < len(s) || last == 0 {
		b.WriteString(singleQuoted(s[last:]))
	}
	return b.String()
}

func singleQuoted(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// Curl is the request of an exchange as a command a user can paste, after setting the variables
// it names (the run's secrets are references to them, never values). A provider whose
// credentials cannot be replayed as sent (a signature) gets them anew from its Resign command,
// and the note says so. Values the reports masked ([REDACTED], <masked, ...>) stay masked.
func Curl(e entry.ExchangeEntry, suite string) string {
	var resign *provider.Resign
	if d, ok := provider.Lookup(suiteName(suite)); ok {
		resign = d.Resign
	}
	var lines []string
	body := e.RequestBody
	args := []string{"curl", "-sS", "-i", "-X", e.Method, singleQuoted(e.URL)}
	if resign != nil {
		u, err := url.Parse(e.URL)
		path := "/"
		if err == nil {
			path = u.RequestURI()
		}
		lines = append(lines, "# "+resign.Note, "BODY="+singleQuoted(body))
		cmd := strings.ReplaceAll(resign.Command, "{path}", singleQuoted(path))
		args = append([]string{cmd, "|"}, args...)
		args = append(args, "-H", "@-")
	}
	names := make([]string, 0, len(e.RequestHeader))
	for name := range e.RequestHeader {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if resign != nil && slices.ContainsFunc(resign.Headers, func(h string) bool { return strings.EqualFold(h, name) }) {
			continue
		}
		for _, v := range e.RequestHeader[name] {
			args = append(args, "-H", shellWord(name+": "+v))
		}
	}
	switch {
	case resign != nil:
		args = append(args, "--data-binary", `"$BODY"`)
	case body != "" || e.Method == http.MethodPost:
		args = append(args, "--data-binary", singleQuoted(body))
	}
	if e.Clipped {
		lines = append(lines, "# the body was longer than the report keeps: this sends its start only")
	}
	lines = append(lines, strings.Join(args, " "))
	return strings.Join(lines, "\n")
}

// Answer is an exchange's answer in a few lines: the status, the headers that say what the body
// is and why (Content-Type, the mock's X-Payconform-Reason, Allow, Retry-After, ...), and the
// start of the body; or why there was no answer.
func Answer(e entry.ExchangeEntry) string {
	if e.Status == 0 {
		if e.Dropped {
			return "no answer: the target dropped the connection (" + e.Error + ")"
		}
		return "no answer: " + e.Error
	}
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d %s", e.Status, http.StatusText(e.Status))
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts: %s)", e.Attempts, e.Retried)
	}
	names := make([]string, 0, len(e.ResponseHeader))
	for name := range e.ResponseHeader {
		switch http.CanonicalHeaderKey(name) {
		case "Date", "Content-Length", "Connection", "Keep-Alive":
			continue
		}
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, v := range e.ResponseHeader[name] {
			fmt.Fprintf(&b, "\n%s: %s", name, v)
		}
	}
	body := e.ResponseBody
	const excerpt = 600
	if len(body) > excerpt {
		body = strings.ToValidUTF8(body[:excerpt], "") + " …"
	} else if e.Clipped && body != "" {
		body += " …"
	}
	if body != "" {
		b.WriteString("\n\n" + body)
	}
	return b.String()
}

// evidence is the last exchange a spec used, if any: the one its verdict rests on.
func (sp Spec) evidence() (entry.ExchangeEntry, bool) {
	if len(sp.Exchanges) == 0 {
		return entry.ExchangeEntry{}, false
	}
	return sp.Exchanges[len(sp.Exchanges)-1], true
}

// Evidence is a spec's request, as a command, and its answer, for a report's reader: empty when
// the spec sent nothing.
func (sp Spec) Evidence() string {
	e, ok := sp.evidence()
	if !ok {
		return ""
	}
	more := ""
	if n := len(sp.Exchanges); n > 1 {
		more = fmt.Sprintf(" (the last of %d; report.json holds them all)", n)
	}
	return "request" + more + ", to replay after setting the variables it names:\n" + indent(Curl(e, sp.Suite), "  ") +
		"\nanswer:\n" + indent(Answer(e), "  ")
}

func indent(s, by string) string {
	return by + strings.ReplaceAll(s, "\n", "\n"+by)
}
