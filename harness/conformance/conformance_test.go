package conformance_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/verdict"
	_ "github.com/payconform/payconform/internal/toyprovider" // the test-only provider's catalogue
)

func it(texts ...string) types.SpecReport {
	return types.SpecReport{LeafNodeType: types.NodeTypeIt, ContainerHierarchyTexts: texts[:len(texts)-1], LeafNodeText: texts[len(texts)-1]}
}

// fullReport has one spec per toy requirement outside CERT (a table's entries count once).
func fullReport() types.Report {
	var r types.Report
	for _, req := range verdict.Catalogue("toy") {
		if req.Area() == "CERT" {
			continue
		}
		r.SpecReports = append(r.SpecReports, it("toy", req.ID+": text", "entry 1"), it("toy", req.ID+": text", "entry 2"))
	}
	return r
}

// The catalogue check passes on a complete suite and fails on each way a suite and its
// catalogue can disagree.
func TestCheckCatalogue(t *testing.T) {
	in := conformance.ProviderSuite("toy")
	if err := conformance.CheckCatalogue(fullReport(), in); err != nil {
		t.Fatalf("a complete suite: %v", err)
	}
	for name, tc := range map[string]struct {
		change func(*types.Report)
		want   string
	}{
		"a requirement without a spec": {func(r *types.Report) { r.SpecReports = r.SpecReports[2:] }, "has no spec"},
		"a spec without an ID":         {func(r *types.Report) { r.SpecReports = append(r.SpecReports, it("toy", "does something")) }, "names 0 requirement IDs"},
		"a spec of another suite":      {func(r *types.Report) { r.SpecReports = append(r.SpecReports, it("PNT-AUTH-01: x")) }, "not one of this suite's requirements"},
		"two specs for one requirement": {func(r *types.Report) {
			r.SpecReports = append(r.SpecReports, it("TOY-AUTH-01: again"))
		}, "has 2 specs"},
		"a duplicated name": {func(r *types.Report) { r.SpecReports = append(r.SpecReports, r.SpecReports[0]) }, "share the name"},
	} {
		r := fullReport()
		tc.change(&r)
		err := conformance.CheckCatalogue(r, in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
}

// A secret across the evidence's cut is masked whole, never left cut short with no ellipsis
// to mark it (red team, 2026-12-02: a secret at byte 4096 kept its first half), at any offset
// around the cut.
func TestASecretAcrossTheEvidenceCutIsMasked(t *testing.T) {
	const secret = "SeCrEtIyz-7Q2wZ9xK"
	conformance.SetRedactor(secret)
	defer conformance.SetRedactor()
	for pad := conformance.MaxEvidenceBody - len(secret); pad <= conformance.MaxEvidenceBody; pad++ {
		body := []byte(strings.Repeat("q", pad) + secret + strings.Repeat("z", 100))
		e := conformance.Evidence(&exchange.Exchange{Method: "POST", URL: "http://127.0.0.1/x", Status: 500, Header: http.Header{}, Body: body}, nil)
		if !e.Clipped || len(e.ResponseBody) > conformance.MaxEvidenceBody {
			t.Fatalf("pad %d: clipped %v, %d bytes", pad, e.Clipped, len(e.ResponseBody))
		}
		for n := 6; n <= len(secret); n++ {
			if strings.Contains(e.ResponseBody, secret[:n]) {
				t.Fatalf("pad %d: the evidence ends with the secret's first %d bytes", pad, n)
			}
		}
	}
}
