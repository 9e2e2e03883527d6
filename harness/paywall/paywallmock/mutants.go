package paywallmock

import "github.com/payconform/payconform/harness/mock"

// The Paywall routes' mutants. Each lists the requirements whose checks it must trip.
var (
	AcceptMissingKey = &mock.Mutant{Name: "paywall-accept-missing-key-header",
		Description: "issues tokens without apikeypublic",
		Kills:       []string{"PWL-AUTH-01"}}
	AcceptMissingClient = &mock.Mutant{Name: "paywall-accept-missing-client-header",
		Description: "issues tokens without apiclientpublic",
		Kills:       []string{"PWL-AUTH-02"}}
	AcceptAnyKeys = &mock.Mutant{Name: "paywall-accept-any-keys",
		Description: "checks that both headers are there, not what they hold",
		Kills:       []string{"PWL-AUTH-03", "PWL-AUTH-04"}}
	AcceptSwapped = &mock.Mutant{Name: "paywall-accept-swapped-headers",
		Description: "accepts the two public values in either header",
		Kills:       []string{"PWL-AUTH-04"}}
	GenericErrorCode = &mock.Mutant{Name: "paywall-generic-error-code",
		Description: "refuses everything with ErrorCode -1",
		Warns:       []string{"PWL-AUTH-05", "PWL-INPUT-07"}}
	DefaultFalseBooleans = &mock.Mutant{Name: "paywall-default-false-booleans",
		Description: "reads a missing boolean as false",
		Kills:       []string{"PWL-INPUT-01"}}
	CoerceStrings = &mock.Mutant{Name: "paywall-coerce-strings",
		Description: `reads "true" and "false" strings as booleans`,
		Kills:       []string{"PWL-INPUT-02"}}
	AcceptExpiryOutOfRange = &mock.Mutant{Name: "paywall-accept-expiry-out-of-range",
		Description: "accepts ExpiryMin 1441 (and -1)",
		Kills:       []string{"PWL-INPUT-03"}}
	ScopeUnchecked = &mock.Mutant{Name: "paywall-scope-unchecked",
		Description: "accepts Scope 4, and ScopeBased without Scope",
		Kills:       []string{"PWL-INPUT-04", "PWL-INPUT-05"}}
	MasterpassSessionOptional = &mock.Mutant{Name: "paywall-masterpass-session-optional",
		Description: "accepts IncludeMasterpassSession without MasterpassSession",
		Kills:       []string{"PWL-INPUT-06"}}
	ServerErrorOnMalformedJSON = &mock.Mutant{Name: "paywall-5xx-on-malformed-json",
		Description: "answers a body that is not JSON with HTTP 500 and an HTML page",
		Kills:       []string{"PWL-INPUT-08", "PWL-ROBUST-01"}}
	PascalCaseOnly = &mock.Mutant{Name: "paywall-pascal-case-only",
		Description: "reads property names case-sensitively, refusing the .NET SDK's camelCase",
		Warns:       []string{"PWL-CONTRACT-03"}}
	NonGUIDToken = &mock.Mutant{Name: "paywall-non-guid-token",
		Description: "issues tokens like tmp_<hex> instead of GUIDs",
		Kills:       []string{"PWL-CONTRACT-01", "PWL-INVARIANT-01"}}
	ExpiryIgnored = &mock.Mutant{Name: "paywall-expiry-ignored",
		Description: "gives every token 30 minutes, whatever ExpiryMin says",
		Kills:       []string{"PWL-INVARIANT-02"}}
	ScopeNotEchoed = &mock.Mutant{Name: "paywall-scope-not-echoed",
		Description: "echoes ClientCardSave and ThreeDSession inverted",
		Kills:       []string{"PWL-INVARIANT-03"}}
	AlwaysMasterpass = &mock.Mutant{Name: "paywall-always-masterpass",
		Description: "returns Masterpass session information even when not asked for",
		Kills:       []string{"PWL-INVARIANT-04"}}
	ZeroTokenID = &mock.Mutant{Name: "paywall-zero-token-id",
		Description: "answers with TempTokenId 0",
		Kills:       []string{"PWL-CONTRACT-01", "PWL-INVARIANT-05"}}
	UTCExpiry = &mock.Mutant{Name: "paywall-utc-expiry",
		Description: "writes ExpiryDateTime in UTC (Z) instead of +03:00",
		Warns:       []string{"PWL-INVARIANT-06"}}
	ResultAsString = &mock.Mutant{Name: "paywall-result-as-string",
		Description: `sends Result as a string ("true")`,
		Kills:       []string{"PWL-CONTRACT-01", "PWL-CONTRACT-02", "PWL-CONTRACT-04"}}
)

var allMutants = []*mock.Mutant{
	AcceptMissingKey, AcceptMissingClient, AcceptAnyKeys, AcceptSwapped, GenericErrorCode, DefaultFalseBooleans,
	CoerceStrings, AcceptExpiryOutOfRange, ScopeUnchecked, MasterpassSessionOptional, ServerErrorOnMalformedJSON,
	PascalCaseOnly, NonGUIDToken, ExpiryIgnored, ScopeNotEchoed, AlwaysMasterpass, ZeroTokenID, UTCExpiry, ResultAsString,
}
