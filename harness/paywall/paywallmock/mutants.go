package paywallmock

import "github.com/payconform/payconform/harness/mock"

// The Paywall routes' mutants. Each lists the requirements whose checks it must trip: Kills for
// a MUST it fails, Warns for a SHOULD it warns on.
var (
	AcceptMissingKey = &mock.Mutant{Name: "paywall-accept-missing-key-header",
		Description: "issues tokens without apikeypublic",
		Kills:       []string{"PWL-AUTH-01"}}
	AcceptMissingClient = &mock.Mutant{Name: "paywall-accept-missing-client-header",
		Description: "issues tokens without apiclientpublic",
		Kills:       []string{"PWL-AUTH-02"}}
	AcceptAnyKeys = &mock.Mutant{Name: "paywall-accept-any-keys",
		Description: "checks that both headers are there, not what they hold",
		Kills:       []string{"PWL-AUTH-03", "PWL-AUTH-04", "PWL-AUTH-06"}}
	AcceptSwapped = &mock.Mutant{Name: "paywall-accept-swapped-headers",
		Description: "accepts the two public values in either header",
		Kills:       []string{"PWL-AUTH-04"}}
	CheckKeyOnly = &mock.Mutant{Name: "paywall-check-key-only",
		Description: "checks apikeypublic and lets any apiclientpublic through",
		Kills:       []string{"PWL-AUTH-06"}}
	CaseInsensitiveKeys = &mock.Mutant{Name: "paywall-case-insensitive-keys",
		Description: "compares the public values without regard to case",
		Kills:       []string{"PWL-AUTH-06"}}
	PrefixMatch = &mock.Mutant{Name: "paywall-prefix-match",
		Description: "compares each public value over the shorter of the two lengths",
		Kills:       []string{"PWL-AUTH-06"}}
	EchoHeaders = &mock.Mutant{Name: "paywall-echo-headers",
		Description: "writes the apikeypublic and apiclientpublic it received into every answer's Message",
		Kills:       []string{"PWL-AUTH-07"}}
	GenericErrorCode = &mock.Mutant{Name: "paywall-generic-error-code",
		Description: "refuses everything with ErrorCode -1",
		Warns:       []string{"PWL-AUTH-05", "PWL-INPUT-07"}}
	DefaultFalseBooleans = &mock.Mutant{Name: "paywall-default-false-booleans",
		Description: "reads a missing boolean as false",
		Kills:       []string{"PWL-INPUT-01"}}
	CoerceStrings = &mock.Mutant{Name: "paywall-coerce-strings",
		Description: `reads "true" and "false" strings as booleans`,
		Kills:       []string{"PWL-INPUT-02"}}
	DefaultNewBooleans = &mock.Mutant{Name: "paywall-default-new-booleans",
		Description: "reads a missing ClientSdk or ScopeBased as false, and still needs ClientCardSave and ThreeDSession",
		Kills:       []string{"PWL-INPUT-01"}}
	CoerceNewBooleans = &mock.Mutant{Name: "paywall-coerce-new-booleans",
		Description: `reads "true" and "false" strings as booleans in ClientSdk and ScopeBased only`,
		Kills:       []string{"PWL-INPUT-02"}}
	TrustAfterGrant = &mock.Mutant{Name: "paywall-trust-after-grant",
		Description: "once it has issued a token, skips the check of the public values for a minute",
		Kills:       []string{"PWL-AUTH-01", "PWL-AUTH-02", "PWL-AUTH-03", "PWL-AUTH-04", "PWL-AUTH-06"}}
	SuffixMatch = &mock.Mutant{Name: "paywall-suffix-match",
		Description: "accepts a public value that ends with the merchant's, whatever comes before it",
		Kills:       []string{"PWL-AUTH-06"}}
	NullAsFalse = &mock.Mutant{Name: "paywall-null-as-false",
		Description: "reads a null boolean as false",
		Kills:       []string{"PWL-INPUT-01"}}
	PlainUnauthenticated = &mock.Mutant{Name: "paywall-plain-unauthenticated",
		Description: "issues plain temptoken tokens without looking at apikeypublic or apiclientpublic (temptoken/sdk still checks them)",
		Kills:       []string{"PWL-AUTH-01", "PWL-AUTH-02", "PWL-AUTH-03"}}
	PlainNeedsNewBooleans = &mock.Mutant{Name: "paywall-plain-needs-new-booleans", Benign: true,
		Description: "correct but unusual, it must fail no MUST: refuses a plain temptoken request without ClientSdk and ScopeBased, which the newer plain TempToken page's table marks compulsory (its sample body leaves them out)",
		Warns:       []string{"PWL-CONTRACT-06"}}
	AcceptExpiryOutOfRange = &mock.Mutant{Name: "paywall-accept-expiry-out-of-range",
		Description: "accepts ExpiryMin 1441 (and -1)",
		Warns:       []string{"PWL-INPUT-03"}}
	ScopeUnchecked = &mock.Mutant{Name: "paywall-scope-unchecked",
		Description: "accepts Scope 4, and ScopeBased without Scope",
		Warns:       []string{"PWL-INPUT-04", "PWL-INPUT-05"}}
	MasterpassSessionOptional = &mock.Mutant{Name: "paywall-masterpass-session-optional",
		Description: "accepts IncludeMasterpassSession without MasterpassSession",
		Kills:       []string{"PWL-INPUT-06"}}
	ServerErrorOnMalformedJSON = &mock.Mutant{Name: "paywall-5xx-on-malformed-json",
		Description: "answers a body that is not JSON with HTTP 500 and an HTML page",
		Kills:       []string{"PWL-INPUT-08"},
		Warns:       []string{"PWL-ROBUST-01"}}
	PascalCaseOnly = &mock.Mutant{Name: "paywall-pascal-case-only",
		Description: "reads property names case-sensitively, refusing the .NET SDK's camelCase",
		Warns:       []string{"PWL-CONTRACT-03"}}
	NonGUIDToken = &mock.Mutant{Name: "paywall-non-guid-token",
		Description: "issues tokens like tmp_<hex> instead of GUIDs",
		Warns:       []string{"PWL-INVARIANT-01"}}
	ConstantToken = &mock.Mutant{Name: "paywall-constant-token",
		Description: "hands out the same Token and TempTokenId on every call",
		Warns:       []string{"PWL-INVARIANT-08"}}
	ExpiryIgnored = &mock.Mutant{Name: "paywall-expiry-ignored",
		Description: "gives every token 30 minutes, whatever ExpiryMin says",
		Warns:       []string{"PWL-INVARIANT-02"}}
	ScopeNotEchoed = &mock.Mutant{Name: "paywall-scope-not-echoed",
		Description: "echoes ClientCardSave and ThreeDSession inverted",
		Warns:       []string{"PWL-INVARIANT-03"}}
	ScopeBasedNotEchoed = &mock.Mutant{Name: "paywall-scope-based-not-echoed",
		Description: "leaves ScopeBased and Scope out of the Scope it echoes",
		Warns:       []string{"PWL-INVARIANT-03"}}
	NeverMasterpass = &mock.Mutant{Name: "paywall-never-masterpass",
		Description: "never returns Masterpass session information, even when asked for",
		Kills:       []string{"PWL-INVARIANT-04"}}
	AlwaysMasterpass = &mock.Mutant{Name: "paywall-always-masterpass",
		Description: "returns Masterpass session information even when not asked for",
		Warns:       []string{"PWL-INVARIANT-07"}}
	ZeroTokenID = &mock.Mutant{Name: "paywall-zero-token-id",
		Description: "answers with TempTokenId 0",
		Warns:       []string{"PWL-INVARIANT-05"}}
	UTCExpiry = &mock.Mutant{Name: "paywall-utc-expiry",
		Description: "writes ExpiryDateTime in UTC (Z) instead of +03:00",
		Warns:       []string{"PWL-INVARIANT-06"}}
	ResultAsString = &mock.Mutant{Name: "paywall-result-as-string",
		Description: `sends Result as a string ("true")`,
		Kills:       []string{"PWL-CONTRACT-01", "PWL-CONTRACT-02", "PWL-CONTRACT-04"}}
	SuccessWithErrorCode = &mock.Mutant{Name: "paywall-success-with-error-code",
		Description: "hands out a token in an answer whose ErrorCode is 1 (failure)",
		Kills:       []string{"PWL-CONTRACT-01", "PWL-CONTRACT-02", "PWL-CONTRACT-04"}}
	SuccessWithErrorMessage = &mock.Mutant{Name: "paywall-success-with-error-message",
		Description: "hands out a token with an ErrorMessage, and without ErrorCodeType",
		Warns:       []string{"PWL-CONTRACT-05"}}
)

// Mutants for the probes an attacker would send, a grant behind a refusal, and content that is
// there without being there.
var (
	CompareAllButFirst = &mock.Mutant{Name: "paywall-compare-all-but-first",
		Description: "compares each public value's length and every character but the first, so a value with its first character replaced passes",
		Kills:       []string{"PWL-AUTH-06"}}
	RefusalWithToken = &mock.Mutant{Name: "paywall-refusal-with-token",
		Description: "issues a token before checking the public values, and sends it in the Body of the Result false refusal",
		Kills:       []string{"PWL-AUTH-03", "PWL-AUTH-04", "PWL-AUTH-06"}}
	MasterpassAllNull = &mock.Mutant{Name: "paywall-masterpass-all-null",
		Description: "answers a request for Masterpass session information with a Masterpass object whose every field is null",
		Kills:       []string{"PWL-INVARIANT-04"}}
	ExpiredOnIssue = &mock.Mutant{Name: "paywall-expired-on-issue",
		Description: "writes an ExpiryDateTime an hour in the past, with its offset, whatever ExpiryMin says",
		Kills:       []string{"PWL-INVARIANT-09"},
		Warns:       []string{"PWL-INVARIANT-02"}}
)

// Correct but unusual servers: each must fail no MUST (internal/selftest checks it).
var (
	ByteOrderMark = &mock.Mutant{Name: "paywall-bom", Benign: true,
		Description: "correct but unusual, it must fail no MUST: starts every JSON answer with a UTF-8 byte order mark, which RFC 8259 lets a parser ignore",
		Warns:       []string{"PWL-CONTRACT-05", "PWL-AUTH-05", "PWL-INPUT-07"}}
	NullOptionalFields = &mock.Mutant{Name: "paywall-null-optional-fields", Benign: true,
		Description: "correct but unusual, it must fail no MUST: writes an unset Scope as null, and an unasked Masterpass as an object of nulls"}
)

var allMutants = []*mock.Mutant{
	CompareAllButFirst, RefusalWithToken, MasterpassAllNull, ExpiredOnIssue, ByteOrderMark, NullOptionalFields,
	AcceptMissingKey, AcceptMissingClient, AcceptAnyKeys, AcceptSwapped, CheckKeyOnly, CaseInsensitiveKeys, PrefixMatch, EchoHeaders,
	GenericErrorCode, DefaultFalseBooleans, CoerceStrings, DefaultNewBooleans, CoerceNewBooleans, PlainUnauthenticated, PlainNeedsNewBooleans, NullAsFalse, SuffixMatch, TrustAfterGrant, AcceptExpiryOutOfRange, ScopeUnchecked, MasterpassSessionOptional,
	ServerErrorOnMalformedJSON, PascalCaseOnly, NonGUIDToken, ConstantToken, ExpiryIgnored, ScopeNotEchoed, ScopeBasedNotEchoed,
	NeverMasterpass, AlwaysMasterpass, ZeroTokenID, UTCExpiry, ResultAsString, SuccessWithErrorCode, SuccessWithErrorMessage,
}
