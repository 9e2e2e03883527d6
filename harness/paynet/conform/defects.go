package conform

import (
	// A provider's conformance includes its part of the mock: in-process targets and
	// certification serve it.
	_ "github.com/payconform/payconform/harness/paynet/paynetmock"

	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/verdict"
)

// faultDefects registers every client fault the wire package knows as a defect class.
var faultDefects = func() map[paynet.ClientFault]verdict.Defect {
	out := map[paynet.ClientFault]verdict.Defect{}
	for _, f := range paynet.Faults() {
		out[f] = verdict.RegisterDefect(verdict.Defect{Class: f.Class(), Words: f.Words()})
	}
	return out
}()

// DefectOf is the registered defect of a single fault.
func DefectOf(f paynet.ClientFault) verdict.Defect { return faultDefects[f] }

// UnknownAgent is flagged by vectors that ask for an agent the server does not know.
var UnknownAgent = verdict.RegisterDefect(verdict.Defect{Class: "UNKNOWN_AGENT",
	Words: "the client asks for an agent_id the server does not know"})
