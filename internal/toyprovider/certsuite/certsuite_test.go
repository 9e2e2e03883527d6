// Package certsuite_test certifies a client of the toy provider with the generic certification
// suite: the toy's operation is the only one registered here.
package certsuite_test

import (
	"testing"

	"github.com/payconform/payconform/harness/certify/certifysuite"
	_ "github.com/payconform/payconform/internal/toyprovider" // the one line that registers the provider
)

func TestCertifyToy(t *testing.T) { certifysuite.Run(t) }

func TestMain(m *testing.M) { certifysuite.Main(m) }

var _ = certifysuite.Declare()
