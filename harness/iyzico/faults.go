package iyzico

import (
	"fmt"
	"math/bits"
	"strings"
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
	NonASCIIEscaped
	SchemeSpelled
	TokenReordered
	faultEnd
)

// faultInfo gives each fault its defect class (also its vector flag and label) and plain words.
// Sources: the hmacsha256-auth page, the SDKs' signers and shared research on third-party Go
// clients (netinternet/iyzipay-go's URL-safe base64, parevo-lab's re-serialised body).
var faultInfo = map[Fault]struct{ class, words string }{
	PathNotSigned:      {"PATH_NOT_SIGNED", "the client signs rnd+body without the path"},
	QueryStringSigned:  {"QUERY_STRING_SIGNED", "the client signs the path with its query string (iyzico signs the path alone)"},
	UppercaseHex:       {"UPPERCASE_HEX", "the client writes the HMAC in upper-case hex (IYZWSv2 wants lower case)"},
	URLSafeBase64:      {"URLSAFE_BASE64", "the client encodes the token with URL-safe base64 (- and _) instead of standard base64"},
	UnpaddedBase64:     {"UNPADDED_BASE64", "the client drops the base64 padding (=) from the token"},
	NoSpaceAfterScheme: {"NO_SPACE_AFTER_SCHEME", "the client writes IYZWSv2 with no space before the token"},
	BodyReserialised:   {"BODY_RESERIALISED", "the client signs a re-serialisation of the body, not the bytes it sends"},
	LegacySHA1:         {"LEGACY_SCHEME", "the client still uses the IYZWS (SHA1) scheme, retired since 2024-11-30"},
	RndMismatch:        {"RND_MISMATCH", "the client sends an x-iyzi-rnd header that differs from the signed randomKey"},
	RandomKeyReused:    {"RANDOM_KEY_REUSED", "the client reuses a randomKey instead of drawing a fresh one for every call"},
	NonASCIIEscaped:    {"NON_ASCII_ESCAPED", "the client signs the body with its non-ASCII characters escaped (\\u00e7) but sends them as raw UTF-8, or the reverse: the signed and the sent bytes differ"},
	SchemeSpelled:      {"SCHEME_SPELLING", "the client writes the scheme in another case than IYZWSv2, or puts more than one space before the token: RFC 9110 allows both, iyzico's page shows IYZWSv2 and a single space"},
	TokenReordered:     {"TOKEN_LAYOUT", "the client writes the token's fields in another order than apiKey, randomKey, signature (or adds others), where the page gives that one layout"},
}

// Class is the defect class of a single fault (PATH_NOT_SIGNED); "" for none or several.
func (f Fault) Class() string { return faultInfo[f].class }

// Words say what a client with the single fault f does wrong, in plain words.
func (f Fault) Words() string { return faultInfo[f].words }

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
		if c := one.Class(); c != "" {
			names = append(names, c)
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
		for _, one := range AllFaults() {
			if one.Class() == name {
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
