package mock

import (
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/payconform/payconform/harness/mockapi"
)

// Mutant is a switch that makes the mock deliberately wrong in one way. Each one lists the
// requirements whose checks it must trip: the project's tests run every suite against every
// mutant and fail if a listed MUST does not fail or a listed SHOULD does not warn. That is how
// payconform shows that its checks can fail.
type Mutant struct {
	Name        string
	Provider    string
	Description string
	// Kills are MUST requirements whose specs must fail against this mutant.
	Kills []string
	// Warns are SHOULD requirements whose specs must warn against this mutant.
	Warns []string
}

// MutantID indexes the mutant table.
type MutantID int

const (
	IyzicoAcceptAnySignature MutantID = iota
	IyzicoAcceptUnauthenticated
	IyzicoAcceptAnyScheme
	IyzicoAcceptUnknownKey
	IyzicoSignWithoutPath
	IyzicoSignWithQuery
	IyzicoSignReserialisedBody
	IyzicoErrorCodeGeneric
	IyzicoServerErrorOnMalformedJSON
	IyzicoLenientInput
	IyzicoNoSizeLimit
	IyzicoDropCardFamily
	IyzicoBankCodeString
	IyzicoNoEcho
	IyzicoWrongBINData
	IyzicoSystemTimeSeconds
	PaynetAcceptUnauthenticated
	PaynetAcceptWrongKey
	PaynetAcceptBase64Basic
	PaynetAcceptBearer
	PaynetIgnoreAllowList
	PaynetAcceptMissingMobile
	PaynetLenientInput
	PaynetServerErrorOnMalformedJSON
	PaynetAnyAgent
	PaynetGenericErrors
	PaynetNoEcho
	PaynetConstantSessionKey
	PaynetExpiredInPast
	PaynetExpiryUnreadable
	PaynetCodeAsString
	PaywallAcceptMissingKey
	PaywallAcceptMissingClient
	PaywallAcceptAnyKeys
	PaywallAcceptSwapped
	PaywallGenericErrorCode
	PaywallDefaultFalseBooleans
	PaywallCoerceStrings
	PaywallAcceptExpiryOutOfRange
	PaywallScopeUnchecked
	PaywallMasterpassSessionOptional
	PaywallServerErrorOnMalformedJSON
	PaywallPascalCaseOnly
	PaywallNonGUIDToken
	PaywallExpiryIgnored
	PaywallScopeNotEchoed
	PaywallAlwaysMasterpass
	PaywallZeroTokenID
	PaywallUTCExpiry
	PaywallResultAsString
	mutantCount
)

// mutants is the table of every switch, indexed by MutantID.
var mutants = [mutantCount]Mutant{
	IyzicoAcceptAnySignature: {Name: "iyzico-accept-any-signature", Provider: "iyzico",
		Description: "parses the IYZWSv2 header but never compares the signature",
		Kills:       []string{"IYZ-AUTH-04", "IYZ-AUTH-05", "IYZ-AUTH-07"}},
	IyzicoAcceptUnauthenticated: {Name: "iyzico-accept-unauthenticated", Provider: "iyzico",
		Description: "serves requests that carry no Authorization header",
		Kills:       []string{"IYZ-AUTH-01"}},
	IyzicoAcceptAnyScheme: {Name: "iyzico-accept-any-scheme", Provider: "iyzico",
		Description: "serves any Authorization scheme, the retired IYZWS included",
		Kills:       []string{"IYZ-AUTH-02", "IYZ-AUTH-06"}},
	IyzicoAcceptUnknownKey: {Name: "iyzico-accept-unknown-key", Provider: "iyzico",
		Description: "verifies every signature with its one secret, whatever apiKey the token names",
		Kills:       []string{"IYZ-AUTH-03"}},
	IyzicoSignWithoutPath: {Name: "iyzico-sign-without-path", Provider: "iyzico",
		Description: "verifies rnd+body, leaving the path out, so correct clients are refused",
		Kills:       []string{"IYZ-CONTRACT-01", "IYZ-CONTRACT-02", "IYZ-CONTRACT-03", "IYZ-CONTRACT-04", "IYZ-AUTH-05"},
		Warns:       []string{"IYZ-AUTH-09"}},
	IyzicoSignWithQuery: {Name: "iyzico-sign-with-query", Provider: "iyzico",
		Description: "verifies the path with its query string",
		Warns:       []string{"IYZ-AUTH-09"}},
	IyzicoSignReserialisedBody: {Name: "iyzico-sign-reserialised-body", Provider: "iyzico",
		Description: "verifies the signature over the body re-encoded by encoding/json, not the raw bytes",
		Kills:       []string{"IYZ-AUTH-07"}},
	IyzicoErrorCodeGeneric: {Name: "iyzico-error-code-generic", Provider: "iyzico",
		Description: "refuses a bad signature with errorCode 11 instead of 1000",
		Warns:       []string{"IYZ-AUTH-08"}},
	IyzicoServerErrorOnMalformedJSON: {Name: "iyzico-5xx-on-malformed-json", Provider: "iyzico",
		Description: "answers a body that is not JSON with HTTP 500 and an HTML page",
		Kills:       []string{"IYZ-INPUT-03", "IYZ-ROBUST-01"}},
	IyzicoLenientInput: {Name: "iyzico-lenient-input", Provider: "iyzico",
		Description: "skips request validation: a missing binNumber defaults to 554960, numbers are coerced, a non-object body reads as {}, bytes are taken as they come",
		Kills:       []string{"IYZ-INPUT-01", "IYZ-INPUT-03", "IYZ-INPUT-04"},
		Warns:       []string{"IYZ-INPUT-02", "IYZ-INPUT-05", "IYZ-INPUT-07"}},
	IyzicoNoSizeLimit: {Name: "iyzico-no-size-limit", Provider: "iyzico",
		Description: "reads bodies of any size",
		Warns:       []string{"IYZ-INPUT-06"}},
	IyzicoDropCardFamily: {Name: "iyzico-drop-card-family", Provider: "iyzico",
		Description: "leaves cardFamily out of a successful answer",
		Kills:       []string{"IYZ-CONTRACT-01", "IYZ-CONTRACT-03", "IYZ-CONTRACT-04"}},
	IyzicoBankCodeString: {Name: "iyzico-bank-code-string", Provider: "iyzico",
		Description: `sends bankCode as a string ("62")`,
		Kills:       []string{"IYZ-CONTRACT-01"}},
	IyzicoNoEcho: {Name: "iyzico-no-echo", Provider: "iyzico",
		Description: "answers with a conversationId and locale of its own",
		Kills:       []string{"IYZ-CONTRACT-02"}},
	IyzicoWrongBINData: {Name: "iyzico-wrong-bin-data", Provider: "iyzico",
		Description: "answers every BIN with the next row of its table",
		Kills:       []string{"IYZ-CONTRACT-03", "IYZ-CONTRACT-04"}},
	IyzicoSystemTimeSeconds: {Name: "iyzico-system-time-seconds", Provider: "iyzico",
		Description: "sends systemTime in seconds instead of milliseconds",
		Warns:       []string{"IYZ-CONTRACT-05"}},

	PaynetAcceptUnauthenticated: {Name: "paynet-accept-unauthenticated", Provider: "paynet",
		Description: "issues session keys to requests without Authorization",
		Kills:       []string{"PNT-AUTH-01"}},
	PaynetAcceptWrongKey: {Name: "paynet-accept-wrong-key", Provider: "paynet",
		Description: "accepts any key after Basic",
		Kills:       []string{"PNT-AUTH-02"}},
	PaynetAcceptBase64Basic: {Name: "paynet-accept-base64-basic", Provider: "paynet",
		Description: "also accepts Basic base64(key:), as HTTP Basic authentication sends it",
		Kills:       []string{"PNT-AUTH-03"}},
	PaynetAcceptBearer: {Name: "paynet-accept-bearer", Provider: "paynet",
		Description: "also accepts the key as a Bearer token",
		Kills:       []string{"PNT-AUTH-04"}},
	PaynetIgnoreAllowList: {Name: "paynet-ignore-allow-list", Provider: "paynet",
		Description: "serves every client address, registered or not",
		Kills:       []string{"PNT-AUTH-06"}},
	PaynetAcceptMissingMobile: {Name: "paynet-accept-missing-paynetmobile", Provider: "paynet",
		Description: "does not require the PaynetMobile header",
		Kills:       []string{"PNT-INPUT-01"}},
	PaynetLenientInput: {Name: "paynet-lenient-input", Provider: "paynet",
		Description: "skips request validation: missing or empty ids default to the dealer's, numbers are coerced, any Content-Type and any body pass",
		Kills:       []string{"PNT-INPUT-01", "PNT-INPUT-02", "PNT-INPUT-05"},
		Warns:       []string{"PNT-INPUT-03", "PNT-INPUT-04"}},
	PaynetServerErrorOnMalformedJSON: {Name: "paynet-5xx-on-malformed-json", Provider: "paynet",
		Description: "answers a body that is not JSON with HTTP 500 and an HTML page",
		Kills:       []string{"PNT-INPUT-05", "PNT-ROBUST-01"}},
	PaynetAnyAgent: {Name: "paynet-any-agent", Provider: "paynet",
		Description: "issues session keys for agents it does not know",
		Kills:       []string{"PNT-INPUT-07"},
		Warns:       []string{"PNT-INPUT-08"}},
	PaynetGenericErrors: {Name: "paynet-generic-errors", Provider: "paynet",
		Description: "refuses everything with HTTP 400, api_error, result_code 1",
		Warns:       []string{"PNT-AUTH-05", "PNT-INPUT-06", "PNT-INPUT-08"}},
	PaynetNoEcho: {Name: "paynet-no-echo", Provider: "paynet",
		Description: "answers with an agent_id and user_id of its own",
		Kills:       []string{"PNT-INVARIANT-01"}},
	PaynetConstantSessionKey: {Name: "paynet-constant-session-key", Provider: "paynet",
		Description: "hands out the same session_key on every call",
		Kills:       []string{"PNT-INVARIANT-02"}},
	PaynetExpiredInPast: {Name: "paynet-expired-in-past", Provider: "paynet",
		Description: "writes an expired_date an hour in the past",
		Kills:       []string{"PNT-INVARIANT-03"}},
	PaynetExpiryUnreadable: {Name: "paynet-expiry-unreadable", Provider: "paynet",
		Description: `writes expired_date as "in 60 minutes"`,
		Warns:       []string{"PNT-INVARIANT-04"}},
	PaynetCodeAsString: {Name: "paynet-code-as-string", Provider: "paynet",
		Description: `sends code as a string ("0")`,
		Kills:       []string{"PNT-CONTRACT-01", "PNT-CONTRACT-02", "PNT-INVARIANT-01", "PNT-INVARIANT-02"}},

	PaywallAcceptMissingKey: {Name: "paywall-accept-missing-key-header", Provider: "paywall",
		Description: "issues tokens without apikeypublic",
		Kills:       []string{"PWL-AUTH-01"}},
	PaywallAcceptMissingClient: {Name: "paywall-accept-missing-client-header", Provider: "paywall",
		Description: "issues tokens without apiclientpublic",
		Kills:       []string{"PWL-AUTH-02"}},
	PaywallAcceptAnyKeys: {Name: "paywall-accept-any-keys", Provider: "paywall",
		Description: "checks that both headers are there, not what they hold",
		Kills:       []string{"PWL-AUTH-03", "PWL-AUTH-04"}},
	PaywallAcceptSwapped: {Name: "paywall-accept-swapped-headers", Provider: "paywall",
		Description: "accepts the two public values in either header",
		Kills:       []string{"PWL-AUTH-04"}},
	PaywallGenericErrorCode: {Name: "paywall-generic-error-code", Provider: "paywall",
		Description: "refuses everything with ErrorCode -1",
		Warns:       []string{"PWL-AUTH-05", "PWL-INPUT-07"}},
	PaywallDefaultFalseBooleans: {Name: "paywall-default-false-booleans", Provider: "paywall",
		Description: "reads a missing boolean as false",
		Kills:       []string{"PWL-INPUT-01"}},
	PaywallCoerceStrings: {Name: "paywall-coerce-strings", Provider: "paywall",
		Description: `reads "true" and "false" strings as booleans`,
		Kills:       []string{"PWL-INPUT-02"}},
	PaywallAcceptExpiryOutOfRange: {Name: "paywall-accept-expiry-out-of-range", Provider: "paywall",
		Description: "accepts ExpiryMin 1441 (and -1)",
		Kills:       []string{"PWL-INPUT-03"}},
	PaywallScopeUnchecked: {Name: "paywall-scope-unchecked", Provider: "paywall",
		Description: "accepts Scope 4, and ScopeBased without Scope",
		Kills:       []string{"PWL-INPUT-04", "PWL-INPUT-05"}},
	PaywallMasterpassSessionOptional: {Name: "paywall-masterpass-session-optional", Provider: "paywall",
		Description: "accepts IncludeMasterpassSession without MasterpassSession",
		Kills:       []string{"PWL-INPUT-06"}},
	PaywallServerErrorOnMalformedJSON: {Name: "paywall-5xx-on-malformed-json", Provider: "paywall",
		Description: "answers a body that is not JSON with HTTP 500 and an HTML page",
		Kills:       []string{"PWL-INPUT-08", "PWL-ROBUST-01"}},
	PaywallPascalCaseOnly: {Name: "paywall-pascal-case-only", Provider: "paywall",
		Description: "reads property names case-sensitively, refusing the .NET SDK's camelCase",
		Warns:       []string{"PWL-CONTRACT-03"}},
	PaywallNonGUIDToken: {Name: "paywall-non-guid-token", Provider: "paywall",
		Description: "issues tokens like tmp_<hex> instead of GUIDs",
		Kills:       []string{"PWL-CONTRACT-01", "PWL-INVARIANT-01"}},
	PaywallExpiryIgnored: {Name: "paywall-expiry-ignored", Provider: "paywall",
		Description: "gives every token 30 minutes, whatever ExpiryMin says",
		Kills:       []string{"PWL-INVARIANT-02"}},
	PaywallScopeNotEchoed: {Name: "paywall-scope-not-echoed", Provider: "paywall",
		Description: "echoes ClientCardSave and ThreeDSession inverted",
		Kills:       []string{"PWL-INVARIANT-03"}},
	PaywallAlwaysMasterpass: {Name: "paywall-always-masterpass", Provider: "paywall",
		Description: "returns Masterpass session information even when not asked for",
		Kills:       []string{"PWL-INVARIANT-04"}},
	PaywallZeroTokenID: {Name: "paywall-zero-token-id", Provider: "paywall",
		Description: "answers with TempTokenId 0",
		Kills:       []string{"PWL-CONTRACT-01", "PWL-INVARIANT-05"}},
	PaywallUTCExpiry: {Name: "paywall-utc-expiry", Provider: "paywall",
		Description: "writes ExpiryDateTime in UTC (Z) instead of +03:00",
		Warns:       []string{"PWL-INVARIANT-06"}},
	PaywallResultAsString: {Name: "paywall-result-as-string", Provider: "paywall",
		Description: `sends Result as a string ("true")`,
		Kills:       []string{"PWL-CONTRACT-01", "PWL-CONTRACT-02", "PWL-CONTRACT-04"}},
}

// Mutants lists every mutant, in table order.
func Mutants() []Mutant { return slices.Clone(mutants[:]) }

func mutantInfos() []mockapi.MutantInfo {
	out := make([]mockapi.MutantInfo, len(mutants))
	for i, m := range mutants {
		out[i] = mockapi.MutantInfo(m)
	}
	return out
}

// MutantSet is a set of active mutants.
type MutantSet uint64

// Has reports whether id is in the set.
func (s MutantSet) Has(id MutantID) bool { return s&(1<<id) != 0 }

// Names lists the set's mutant names, in table order.
func (s MutantSet) Names() []string {
	var out []string
	for id := range mutantCount {
		if s.Has(id) {
			out = append(out, mutants[id].Name)
		}
	}
	return out
}

// ParseMutants reads a comma-separated list of mutant names. "" is the empty set.
func ParseMutants(list string) (MutantSet, error) {
	var s MutantSet
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		id := slices.IndexFunc(mutants[:], func(m Mutant) bool { return m.Name == name })
		if id < 0 {
			return 0, fmt.Errorf("parse mutants: unknown mutant %q (see `payconform mock --list-mutants`)", name)
		}
		s |= 1 << id
	}
	return s, nil
}

// switches holds the active set; handlers read it once per request.
type switches struct{ v atomic.Uint64 }

func (s *switches) load() MutantSet     { return MutantSet(s.v.Load()) }
func (s *switches) store(set MutantSet) { s.v.Store(uint64(set)) }
