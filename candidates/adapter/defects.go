package adapter

import "slices"

// Defect is a mutant candidate: the reference adapter with one known client bug, and the
// certification requirements that bug must trip. internal/selftest certifies every one and
// fails if a listed MUST does not fail or a listed SHOULD does not warn.
type Defect struct {
	Name        string
	Description string
	Kills       []string
	Warns       []string
}

// Defects lists the mutant candidates.
var Defects = []Defect{
	{Name: "iyzico-path-not-signed", Description: "signs rnd+body, leaving the path out",
		Kills: []string{"IYZ-CERT-01", "IYZ-CERT-03"}},
	{Name: "iyzico-uppercase-hex", Description: "writes the HMAC in upper-case hex",
		Kills: []string{"IYZ-CERT-01", "IYZ-CERT-03"}},
	{Name: "iyzico-urlsafe-base64", Description: "encodes the token with URL-safe base64",
		Kills: []string{"IYZ-CERT-01"}},
	{Name: "iyzico-body-reserialised", Description: "signs a re-encoding of the body, sends it spaced",
		Kills: []string{"IYZ-CERT-03"}},
	{Name: "iyzico-random-key-reused", Description: "uses one randomKey for every call",
		Kills: []string{"IYZ-CERT-05"}},
	{Name: "iyzico-rnd-mismatch", Description: "sends an x-iyzi-rnd other than the randomKey",
		Warns: []string{"IYZ-CERT-06"}},
	{Name: "iyzico-drop-locale", Description: "leaves locale out of the bin/check body",
		Kills: []string{"IYZ-CERT-04"}},
	{Name: "paynet-basic-base64", Description: "sends Basic base64(key:) as HTTP Basic authentication does",
		Kills: []string{"PNT-CERT-02"}},
	{Name: "paynet-bearer", Description: "sends the key as a Bearer token",
		Kills: []string{"PNT-CERT-02"}},
	{Name: "paynet-no-paynetmobile", Description: "leaves out the PaynetMobile header",
		Kills: []string{"PNT-CERT-01"}},
	{Name: "paynet-numeric-ids", Description: "sends digit-only ids as JSON numbers",
		Kills: []string{"PNT-CERT-03"}},
	{Name: "paywall-omitempty", Description: "drops false booleans, as Go's omitempty does",
		Kills: []string{"PWL-CERT-03"}},
	{Name: "paywall-swapped-headers", Description: "swaps apikeypublic and apiclientpublic",
		Kills: []string{"PWL-CERT-02"}},
	{Name: "wrong-path", Description: "calls a path next to the operation's",
		Kills: []string{"IYZ-CERT-02", "PNT-CERT-01", "PWL-CERT-01"}},
	{Name: "envelope-as-success", Description: "reports the provider's failure envelope as a success",
		Kills: []string{"IYZ-CERT-08", "PNT-CERT-05", "PWL-CERT-05"}},
	{Name: "error-code-lost", Description: "reports failures with its own code, not the provider's",
		Kills: []string{"IYZ-CERT-08", "PNT-CERT-05", "PWL-CERT-05"}},
	{Name: "5xx-as-success", Description: "reports an HTTP 500 as a success",
		Kills: []string{"IYZ-CERT-09", "PNT-CERT-06", "PWL-CERT-06"}},
	{Name: "malformed-as-success", Description: "reports a body it cannot parse as an empty success",
		Kills: []string{"IYZ-CERT-10", "PNT-CERT-07", "PWL-CERT-07"}},
	{Name: "ignore-content-type", Description: "parses any body as JSON, whatever its Content-Type",
		Warns: []string{"IYZ-CERT-11", "PNT-CERT-08", "PWL-CERT-08"}},
	{Name: "drop-output-field", Description: "leaves one field of the provider's answer out of its output",
		Kills: []string{"IYZ-CERT-07", "PNT-CERT-04", "PWL-CERT-04"}},
}

// Known reports whether name is a defect.
func Known(name string) bool {
	return slices.ContainsFunc(Defects, func(d Defect) bool { return d.Name == name })
}
