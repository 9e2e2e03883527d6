package iyzico

import (
	"fmt"
	"math/bits"
	"strings"

	"github.com/payconform/payconform/harness/verdict"
)

// Fault is a set of known ways to get IYZWSv2 wrong. The same set drives three things:
//   - a Signer with faults builds the defective header, to make invalid vectors, negative
//     requests and mutant candidates;
//   - the Verifier tries each fault on a mismatch, to name the likely defect;
//   - a Verifier with ServerFaults models a defective server (a mock mutant).
type Fault uint32

const (
	PathNotSigned Fault = 1 << iota
	QueryStringSigned
	UppercaseHex
	URLSafeBase64
	UnpaddedBase64
	NoSpaceAfterScheme
	BodyReserialised
	LegacySHA1
	RndMismatch
	RandomKeyReused
	faultEnd
)

// faultDefects gives each fault its defect class (also its vector flag) and plain words.
// Sources: DESIGN section 1 and shared/research/domain-facts.md sections 1.1, 1.3 and 4.
var faultDefects = map[Fault]verdict.Defect{
	PathNotSigned: verdict.RegisterDefect(verdict.Defect{Class: "PATH_NOT_SIGNED",
		Words: "the client signs rnd+body without the path"}),
	QueryStringSigned: verdict.RegisterDefect(verdict.Defect{Class: "QUERY_STRING_SIGNED",
		Words: "the client signs the path with its query string (iyzico signs the path alone)"}),
	UppercaseHex: verdict.RegisterDefect(verdict.Defect{Class: "UPPERCASE_HEX",
		Words: "the client writes the HMAC in upper-case hex (IYZWSv2 wants lower case)"}),
	URLSafeBase64: verdict.RegisterDefect(verdict.Defect{Class: "URLSAFE_BASE64",
		Words: "the client encodes the token with URL-safe base64 (- and _) instead of standard base64"}),
	UnpaddedBase64: verdict.RegisterDefect(verdict.Defect{Class: "UNPADDED_BASE64",
		Words: "the client drops the base64 padding (=) from the token"}),
	NoSpaceAfterScheme: verdict.RegisterDefect(verdict.Defect{Class: "NO_SPACE_AFTER_SCHEME",
		Words: "the client writes IYZWSv2 with no space before the token"}),
	BodyReserialised: verdict.RegisterDefect(verdict.Defect{Class: "BODY_RESERIALISED",
		Words: "the client signs a re-serialisation of the body, not the bytes it sends"}),
	LegacySHA1: verdict.RegisterDefect(verdict.Defect{Class: "LEGACY_SCHEME",
		Words: "the client still uses the IYZWS (SHA1) scheme, retired since 2024-11-30"}),
	RndMismatch: verdict.RegisterDefect(verdict.Defect{Class: "RND_MISMATCH",
		Words: "the client sends an x-iyzi-rnd header that differs from the signed randomKey"}),
	RandomKeyReused: verdict.RegisterDefect(verdict.Defect{Class: "RANDOM_KEY_REUSED",
		Words: "the client reuses a randomKey instead of drawing a fresh one for every call"}),
}

// Defects that no Signer fault produces, but that vectors flag and checks name.
var (
	ForeignScheme = verdict.RegisterDefect(verdict.Defect{Class: "FOREIGN_SCHEME",
		Words: "the client uses an Authorization scheme other than IYZWSv2 (Bearer, Basic, ...)"})
	IncompleteToken = verdict.RegisterDefect(verdict.Defect{Class: "INCOMPLETE_TOKEN",
		Words: "the client leaves apiKey, randomKey or signature out of the IYZWSv2 token"})
	UnknownKey = verdict.RegisterDefect(verdict.Defect{Class: "UNKNOWN_API_KEY",
		Words: "the client sends an apiKey the server does not know (wrong environment or a typo)"})
)

// Defect returns the defect of a single fault; the zero Defect for none or several.
func (f Fault) Defect() verdict.Defect {
	return faultDefects[f]
}

// Has reports whether every fault in g is in f.
func (f Fault) Has(g Fault) bool { return g != 0 && f&g == g }

// Each calls fn for every single fault in f, in declaration order.
func (f Fault) Each(fn func(Fault)) {
	for f != 0 {
		one := Fault(1) << bits.TrailingZeros32(uint32(f))
		fn(one)
		f &^= one
	}
}

func (f Fault) String() string {
	if f == 0 {
		return "none"
	}
	var names []string
	f.Each(func(one Fault) {
		if d, ok := faultDefects[one]; ok {
			names = append(names, d.Class)
		} else {
			names = append(names, fmt.Sprintf("Fault(%#x)", uint32(one)))
		}
	})
	return strings.Join(names, "|")
}

// ParseFault reads a defect class (PATH_NOT_SIGNED) or a comma-separated list of them.
func ParseFault(s string) (Fault, error) {
	var f Fault
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		found := false
		for one, d := range faultDefects {
			if d.Class == name {
				f |= one
				found = true
				break
			}
		}
		if !found {
			return 0, fmt.Errorf("parse fault %q: not an iyzico defect class", name)
		}
	}
	return f, nil
}

// AllFaults lists every single fault, in declaration order.
func AllFaults() []Fault {
	var out []Fault
	(faultEnd - 1).Each(func(f Fault) { out = append(out, f) })
	return out
}
