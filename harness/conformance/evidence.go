package conformance

import (
	"net/http"
	"sort"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/entry"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/provider"
)

// MaxEvidenceBody bounds each body an evidence entry keeps: enough for every answer the
// providers document, and for the start of a larger one.
const MaxEvidenceBody = 4 << 10

// evidence holds the exchanges of the spec that is running. A suite process runs one spec at a
// time, so one list is enough; the lock guards against a spec's own goroutines.
var evidence struct {
	sync.Mutex
	list []entry.ExchangeEntry
}

// record notes a finished exchange as evidence of the running spec. It is exchange.Do's observer.
func record(ex *exchange.Exchange, err error) {
	if ex == nil {
		return
	}
	e := Evidence(ex, err)
	evidence.Lock()
	evidence.list = append(evidence.list, e)
	evidence.Unlock()
}

// note adds entries recorded before (a shared exchange) to the running spec's evidence.
func note(entries []entry.ExchangeEntry) {
	evidence.Lock()
	evidence.list = append(evidence.list, entries...)
	evidence.Unlock()
}

// taken returns the running spec's evidence recorded since mark (a length of the list).
func taken(mark int) []entry.ExchangeEntry {
	evidence.Lock()
	defer evidence.Unlock()
	if mark > len(evidence.list) {
		return nil
	}
	return append([]entry.ExchangeEntry(nil), evidence.list[mark:]...)
}

// unrecorded runs f and keeps the exchanges it makes out of the running spec's evidence: a
// priming request is no evidence of a verdict, and a probe answered 404 after a granted prime
// must still read as a route not served.
func unrecorded(f func()) {
	mark := evidenceLen()
	f()
	evidence.Lock()
	if mark <= len(evidence.list) {
		evidence.list = evidence.list[:mark]
	}
	evidence.Unlock()
}

func evidenceLen() int {
	evidence.Lock()
	defer evidence.Unlock()
	return len(evidence.list)
}

// lastEvidence is the running spec's latest exchange.
func lastEvidence() (entry.ExchangeEntry, bool) {
	evidence.Lock()
	defer evidence.Unlock()
	if len(evidence.list) == 0 {
		return entry.ExchangeEntry{}, false
	}
	return evidence.list[len(evidence.list)-1], true
}

// attachEvidence moves the running spec's exchanges into its report, one entry each, passed or
// failed: the reports show them as the evidence of a failure, and the run history reads the
// answers' shapes from them.
func attachEvidence() {
	evidence.Lock()
	list := evidence.list
	evidence.list = nil
	evidence.Unlock()
	for _, e := range list {
		AddReportEntry(entry.Exchange, e, ReportEntryVisibilityNever)
	}
}

// recordEvidence registers the nodes that keep every spec's exchanges in its report.
func recordEvidence() {
	exchange.Observe(record)
	BeforeEach(func() {
		evidence.Lock()
		evidence.list = nil
		evidence.Unlock()
	})
	AfterEach(attachEvidence)
}

// Evidence is an exchange as a report stores it. Every text passes through the run's redactor;
// a request header that carried a secret of the target exactly holds a reference to its variable
// instead (Basic ${PAYNET_SECRET_KEY}), so that the request can be replayed once the variable is
// set, and the other credential headers are masked as their provider masks them.
func Evidence(ex *exchange.Exchange, err error) entry.ExchangeEntry {
	e := entry.ExchangeEntry{
		Method:     ex.Method,
		URL:        Redact(ex.URL),
		Status:     ex.Status,
		Attempts:   ex.Attempts,
		Retried:    Redact(ex.Retried),
		DurationMS: float64(ex.Duration.Microseconds()) / 1000,
	}
	e.RequestHeader = requestHeaders(ex.RequestHeader)
	var clipped bool
	e.RequestBody, clipped = clip(ex.RequestBody)
	e.Clipped = clipped
	if ex.Status != 0 {
		e.ResponseHeader = map[string][]string{}
		for name, values := range ex.Header {
			for _, v := range values {
				e.ResponseHeader[name] = append(e.ResponseHeader[name], Redact(v))
			}
		}
		e.ResponseBody, clipped = clip(ex.Body)
		e.Clipped = e.Clipped || clipped
	}
	if err != nil {
		e.Error = Redact(exchange.Cause(err))
		e.Dropped = exchange.Dropped(err)
	}
	return e
}

// clip is a body as redacted text, at most MaxEvidenceBody bytes of it. It masks before it
// cuts, over clipMargin bytes past the cut, so that a secret across the cut is masked whole
// rather than cut short where no ellipsis marks it (red team, 2026-12-02: the first half of a
// secret at byte 4096 was left); the margin bounds what a hostile body costs to redact.
func clip(b []byte) (string, bool) {
	long := len(b) > MaxEvidenceBody+clipMargin
	if long {
		b = b[:MaxEvidenceBody+clipMargin]
	}
	s := Redact(strings.ToValidUTF8(string(b), "\uFFFD"))
	if len(s) <= MaxEvidenceBody {
		return s, long
	}
	return strings.ToValidUTF8(s[:MaxEvidenceBody], ""), true
}

// clipMargin is how far past MaxEvidenceBody a body is read for its redaction: more than any
// encoded form of a secret spans (a hex dump of a 64-byte secret is under 400 bytes).
const clipMargin = 4096

// requestHeaders redacts a request's headers for evidence (see Evidence).
func requestHeaders(h http.Header) map[string][]string {
	if len(h) == 0 {
		return nil
	}
	refs := secretRefs()
	masked := provider.RedactAnyHeaders(h)
	out := map[string][]string{}
	for name, values := range h {
		for i, v := range values {
			ref := v
			for _, r := range refs {
				ref = strings.ReplaceAll(ref, r.value, "${"+r.name+"}")
			}
			switch {
			case ref != v:
				out[name] = append(out[name], Redact(ref))
			default:
				out[name] = append(out[name], Redact(masked[name][i]))
			}
		}
	}
	return out
}

type secretRef struct{ name, value string }

// secretRefs are the target's secret variables, longest value first, so that a secret that
// holds another is replaced whole.
func secretRefs() []secretRef {
	t := current
	if t == nil {
		return nil
	}
	var out []secretRef
	for _, v := range provider.Vars() {
		if v.Kind == provider.Secret && len(t.Var(v.Name)) >= 4 {
			out = append(out, secretRef{v.Name, t.Var(v.Name)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].value) > len(out[j].value) })
	return out
}
