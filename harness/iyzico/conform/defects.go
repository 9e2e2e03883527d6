package conform

import (
	// A provider's conformance includes its part of the mock: in-process targets and
	// certification serve it.
	_ "github.com/payconform/payconform/harness/iyzico/iyzicomock"

	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/verdict"
)

// faultDefects registers every client fault the wire package knows as a defect class: the flag
// vectors carry, the defect:<CLASS> label, and the likely cause a failure names.
var faultDefects = func() map[iyzico.Fault]verdict.Defect {
	out := map[iyzico.Fault]verdict.Defect{}
	for _, f := range iyzico.AllFaults() {
		out[f] = verdict.RegisterDefect(verdict.Defect{Class: f.Class(), Words: f.Words()})
	}
	return out
}()

// DefectOf is the registered defect of a single fault; the zero Defect for none or several.
func DefectOf(f iyzico.Fault) verdict.Defect { return faultDefects[f] }

// Client defects that no Signer fault produces, but that vectors flag and checks name.
var (
	ForeignScheme = verdict.RegisterDefect(verdict.Defect{Class: "FOREIGN_SCHEME",
		Words: "the client uses an Authorization scheme other than IYZWSv2 (Bearer, Basic, ...)"})
	IncompleteToken = verdict.RegisterDefect(verdict.Defect{Class: "INCOMPLETE_TOKEN",
		Words: "the client leaves apiKey, randomKey or signature out of the IYZWSv2 token"})
	UnknownKey = verdict.RegisterDefect(verdict.Defect{Class: "UNKNOWN_API_KEY",
		Words: "the client sends an apiKey the server does not know (wrong environment or a typo)"})
)

// Client defects the server probes model: what a server that compares loosely lets through.
var (
	SignatureNearMiss = verdict.RegisterDefect(verdict.Defect{Class: "SIGNATURE_NEAR_MISS",
		Words: "the client sends a signature off by one hex digit"})
	SignatureTruncated = verdict.RegisterDefect(verdict.Defect{Class: "SIGNATURE_TRUNCATED",
		Words: "the client sends only part of the signature"})
	BodyTampered = verdict.RegisterDefect(verdict.Defect{Class: "BODY_TAMPERED",
		Words: "the body was changed after it was signed"})
	// Probes with memory: a server that trusts what it verified once lets them through.
	RandomKeyReplayed = verdict.RegisterDefect(verdict.Defect{Class: "RANDOM_KEY_REPLAYED",
		Words: "a randomKey that has verified once is sent again with a signature under another secret"})
	SignatureReplayed = verdict.RegisterDefect(verdict.Defect{Class: "SIGNATURE_REPLAYED",
		Words: "the randomKey and signature of a request that verified are sent again on another body"})
	BodyPadded = verdict.RegisterDefect(verdict.Defect{Class: "BODY_PADDED",
		Words: "bytes JSON ignores (a newline, spaces) were added to the body after it was signed"})
)
