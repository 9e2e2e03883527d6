// Package certify_test certifies a client under test (make certify CANDIDATE='<command>'): it
// runs the command through the candidate protocol against a verifying mock and judges every
// request and every answer, for every operation of every provider payconform ships. The
// requirements are the CERT entries of each provider's catalogue; the specs are declared by
// harness/certify/certifysuite from what each provider registered.
package certify_test

import (
	"testing"

	"github.com/payconform/payconform/harness/certify/certifysuite"
	_ "github.com/payconform/payconform/providers/all"
)

func TestCertify(t *testing.T) { certifysuite.Run(t) }

func TestMain(m *testing.M) { certifysuite.Main(m) }

var _ = certifysuite.Declare()
