package htmlreport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/payconform/payconform/harness/verdict"
)

// certificate is what certificate.html shows of certificate.json, whose format is payconform's
// published one (harness/report.Certificate writes it).
type certificate struct {
	Protocol  string `json:"protocol"`
	Candidate struct {
		Description struct {
			Name       string   `json:"name"`
			Version    string   `json:"version"`
			Language   string   `json:"language"`
			Operations []string `json:"operations"`
		} `json:"description"`
		Error string `json:"error"`
	} `json:"candidate"`
	Subject struct {
		Command       string `json:"command"`
		CommandSHA256 string `json:"commandSha256"`
		GitCommit     string `json:"gitCommit"`
	} `json:"subject"`
	Harness struct {
		Version         string `json:"version"`
		Revision        string `json:"revision"`
		Dirty           bool   `json:"dirty"`
		Ref             string `json:"ref"`
		VectorsSHA256   string `json:"vectorsSha256"`
		ContractsSHA256 string `json:"contractsSha256"`
	} `json:"harness"`
	Isolation struct {
		Network     string `json:"network"`
		Environment string `json:"environment"`
		WorkDir     string `json:"workDir"`
	} `json:"isolation"`
	Time       time.Time `json:"time"`
	Certified  bool      `json:"certified"`
	Operations []struct {
		Operation string `json:"operation"`
		Status    string `json:"status"`
	} `json:"operations"`
	Requirements []struct {
		ID        string `json:"id"`
		Level     string `json:"level"`
		Operation string `json:"operation"`
		Status    string `json:"status"`
		Cases     int    `json:"cases"`
		Failed    int    `json:"failed"`
	} `json:"requirements"`
	Warnings []string `json:"warnings"`
	Failures []struct {
		Requirement string   `json:"requirement"`
		Case        string   `json:"case"`
		Messages    []string `json:"messages"`
		Stderr      string   `json:"stderr"`
	} `json:"failures"`
}

type certificatePage struct {
	C        certificate
	Verdict  Verdict
	Failures []Failure
}

// Certificate renders certificate.html from certificate.json and the run's Ginkgo reports:
// each failing case with its messages, the adapter's stderr, and the exchanges its spec
// recorded, as index.html shows a failure.
func Certificate(certJSON []byte, reports []types.Report) ([]byte, error) {
	var c certificate
	if err := json.Unmarshal(certJSON, &c); err != nil {
		return nil, fmt.Errorf("render certificate.html: %w", err)
	}
	page := certificatePage{C: c, Verdict: Verdict{"NOT CERTIFIED", "a MUST failed, describe failed, or no operation was certified", "fail", 1}}
	if c.Certified {
		page.Verdict = Verdict{"CERTIFIED", "for the operations marked certified below", "pass", 0}
	}
	evidence := map[string][]Evidence{}
	for _, r := range reports {
		for _, sr := range r.SpecReports {
			id := verdict.IDPattern.FindString(strings.Join(append(append([]string{}, sr.ContainerHierarchyTexts...), sr.LeafNodeText), " "))
			for _, ex := range Exchanges(sr) {
				key := id + "\x1f" + sr.LeafNodeText
				evidence[key] = append(evidence[key], EvidenceOf(ex))
			}
		}
	}
	for _, f := range c.Failures {
		page.Failures = append(page.Failures, Failure{Requirement: f.Requirement, Level: levelOf(f.Requirement), Name: f.Case, Outcome: "fail",
			Messages: f.Messages, Stderr: f.Stderr, Evidence: evidence[f.Requirement+"\x1f"+f.Case]})
	}
	var b bytes.Buffer
	if err := tmpl.ExecuteTemplate(&b, "certificate.html.tmpl", page); err != nil {
		return nil, fmt.Errorf("render certificate.html: %w", err)
	}
	return b.Bytes(), nil
}

func levelOf(id string) string {
	if r, ok := verdict.Lookup(id); ok {
		return string(r.Level)
	}
	return ""
}
