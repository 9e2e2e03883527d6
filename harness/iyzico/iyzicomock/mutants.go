package iyzicomock

import "github.com/payconform/payconform/harness/mock"

// The iyzico routes' mutants. Each lists the requirements whose checks it must trip.
var (
	AcceptAnySignature = &mock.Mutant{Name: "iyzico-accept-any-signature",
		Description: "parses the IYZWSv2 header but never compares the signature",
		Kills:       []string{"IYZ-AUTH-04", "IYZ-AUTH-05", "IYZ-AUTH-07", "IYZ-AUTH-11"},
		Warns:       []string{"IYZ-AUTH-12"}}
	AcceptUnauthenticated = &mock.Mutant{Name: "iyzico-accept-unauthenticated",
		Description: "serves requests that carry no Authorization header",
		Kills:       []string{"IYZ-AUTH-01"}}
	AcceptAnyScheme = &mock.Mutant{Name: "iyzico-accept-any-scheme",
		Description: "serves any Authorization scheme, the retired IYZWS included",
		Kills:       []string{"IYZ-AUTH-02", "IYZ-AUTH-06"}}
	AcceptUnknownKey = &mock.Mutant{Name: "iyzico-accept-unknown-key",
		Description: "verifies every signature with its one secret, whatever apiKey the token names",
		Kills:       []string{"IYZ-AUTH-03"}}
	SignWithoutPath = &mock.Mutant{Name: "iyzico-sign-without-path",
		Description: "verifies rnd+body, leaving the path out, so correct clients are refused",
		Kills:       []string{"IYZ-CONTRACT-01", "IYZ-AUTH-05"},
		Warns:       []string{"IYZ-AUTH-09"}}
	SignWithQuery = &mock.Mutant{Name: "iyzico-sign-with-query",
		Description: "verifies the path with its query string",
		Kills:       []string{"IYZ-AUTH-11"},
		Warns:       []string{"IYZ-AUTH-09"}}
	SignReserialisedBody = &mock.Mutant{Name: "iyzico-sign-reserialised-body",
		Description: "verifies the signature over the body re-encoded by encoding/json, not the raw bytes",
		Kills:       []string{"IYZ-AUTH-07"}}
	ErrorCodeGeneric = &mock.Mutant{Name: "iyzico-error-code-generic",
		Description: "refuses a bad signature with errorCode 11 instead of 1000",
		Warns:       []string{"IYZ-AUTH-08"}}
	ServerErrorOnMalformedJSON = &mock.Mutant{Name: "iyzico-5xx-on-malformed-json",
		Description: "answers a body that is not JSON with HTTP 500 and an HTML page",
		Kills:       []string{"IYZ-INPUT-03"},
		Warns:       []string{"IYZ-ROBUST-01"}}
	LenientInput = &mock.Mutant{Name: "iyzico-lenient-input",
		Description: "skips request validation: a missing binNumber defaults to 554960, numbers are coerced, a non-object body reads as {}, bytes are taken as they come",
		Kills:       []string{"IYZ-INPUT-01", "IYZ-INPUT-03", "IYZ-INPUT-04"},
		Warns:       []string{"IYZ-INPUT-02", "IYZ-INPUT-05", "IYZ-INPUT-07"}}
	NoSizeLimit = &mock.Mutant{Name: "iyzico-no-size-limit",
		Description: "reads bodies of any size",
		Warns:       []string{"IYZ-INPUT-06"}}
	DropCardFamily = &mock.Mutant{Name: "iyzico-drop-card-family",
		Description: "leaves cardFamily out of a successful answer",
		Kills:       []string{"IYZ-CONTRACT-01", "IYZ-CONTRACT-03", "IYZ-CONTRACT-04"}}
	BankCodeString = &mock.Mutant{Name: "iyzico-bank-code-string", Benign: true,
		Description: `sends bankCode as a string ("62"), which the SDK reads as 62`,
		Warns:       []string{"IYZ-CONTRACT-07"}}
	NoEcho = &mock.Mutant{Name: "iyzico-no-echo",
		Description: "answers with a conversationId and locale of its own",
		Kills:       []string{"IYZ-CONTRACT-02"}}
	EchoCut = &mock.Mutant{Name: "iyzico-echo-cut",
		Description: "answers with the conversationId cut to its first 24 characters",
		Kills:       []string{"IYZ-CONTRACT-02"}}
	WrongBINData = &mock.Mutant{Name: "iyzico-wrong-bin-data",
		Description: "answers every BIN with the next row of its table",
		Kills:       []string{"IYZ-CONTRACT-03", "IYZ-CONTRACT-04"}}
	SystemTimeSeconds = &mock.Mutant{Name: "iyzico-system-time-seconds",
		Description: "sends systemTime in seconds instead of milliseconds",
		Warns:       []string{"IYZ-CONTRACT-05"}}
)

// Mutants for the server probes and the credential-echo check.
var (
	ComparePrefix = &mock.Mutant{Name: "iyzico-compare-prefix",
		Description: "compares only the first 32 hex digits of the signature",
		Kills:       []string{"IYZ-AUTH-04"}}
	CaseInsensitiveSignature = &mock.Mutant{Name: "iyzico-case-insensitive-signature",
		Description: "compares the signature without regard to case",
		Warns:       []string{"IYZ-AUTH-12"}}
	LenientBase64 = &mock.Mutant{Name: "iyzico-lenient-base64",
		Description: "decodes URL-safe and unpadded tokens too",
		Warns:       []string{"IYZ-AUTH-13"}}
	AcceptIncompleteToken = &mock.Mutant{Name: "iyzico-accept-incomplete-token",
		Description: "reads a missing apiKey as its own merchant's and a missing randomKey as empty",
		Kills:       []string{"IYZ-AUTH-10"}}
	EchoSecret = &mock.Mutant{Name: "iyzico-echo-secret",
		Description: "writes the merchant's secret key into its refusals' errorMessage, as is and inside longer encoded texts (base64 at each byte offset, a JWT, JSON and HTML escapes)",
		Kills:       []string{"IYZ-AUTH-14"}}
	BadRequestPlain = &mock.Mutant{Name: "iyzico-bad-request-plain",
		Description: "refuses a malformed body with HTTP 400 and a plain-text message, not the failure envelope",
		Warns:       []string{"IYZ-INPUT-08"}}
	SuccessAsText = &mock.Mutant{Name: "iyzico-success-as-text",
		Description: "labels its success text/plain",
		Warns:       []string{"IYZ-CONTRACT-06"}}
)

// Drift mutants: the provider changes its answers before its documentation does. payconform
// drift reports both; the added field is allowed by the contract and fails nothing, the
// changed type fails the contract requirement too.
var (
	DriftAddedField = &mock.Mutant{Name: "iyzico-drift-added-field", Benign: true,
		Description: "drift: adds a field the contract does not name (cardProgram, a string) to every successful answer; the contract allows it, so nothing fails, and payconform drift reports it"}
	DriftCommercialBoolean = &mock.Mutant{Name: "iyzico-drift-commercial-boolean",
		Description: "drift: sends commercial as a boolean (false) instead of 0 or 1; payconform drift reports the new type",
		Kills:       []string{"IYZ-CONTRACT-01", "IYZ-CONTRACT-03", "IYZ-CONTRACT-04"}}
)

// Mutants for the probes an attacker would send: servers that compare part of a credential,
// trust what they verified once, or give a signature away; and a server that hands card data
// out with its refusal.
var (
	APIKeyEndsMatch = &mock.Mutant{Name: "iyzico-api-key-ends-match",
		Description: "looks an apiKey up by its length, first and last eight characters, so one wrong in the middle passes",
		Kills:       []string{"IYZ-AUTH-03"}}
	APIKeyEndsWith = &mock.Mutant{Name: "iyzico-api-key-ends-with",
		Description: "looks an apiKey up by its end, so one with characters put before it passes",
		Kills:       []string{"IYZ-AUTH-03"}}
	APIKeyPrefixMatch = &mock.Mutant{Name: "iyzico-api-key-prefix-match",
		Description: "looks an apiKey up over the shorter of the two lengths, so one with a character added or cut short passes",
		Kills:       []string{"IYZ-AUTH-03"}}
	NonASCIIUnchecked = &mock.Mutant{Name: "iyzico-non-ascii-unchecked",
		Description: "skips the signature check of a body that is not ASCII (Turkish letters)",
		Kills:       []string{"IYZ-AUTH-04"}}
	SecondMerchantUnchecked = &mock.Mutant{Name: "iyzico-second-merchant-unchecked",
		Description: "checks the signatures of its first merchant only: any signature passes for another merchant's apiKey",
		Kills:       []string{"IYZ-AUTH-15"}}
	AnyMerchantSecret = &mock.Mutant{Name: "iyzico-any-merchant-secret",
		Description: "accepts a signature made with any of its merchants' secrets, whichever apiKey the token names",
		Kills:       []string{"IYZ-AUTH-15"}}
	TrustVerifiedRandomKey = &mock.Mutant{Name: "iyzico-trust-verified-random-key",
		Description: "remembers randomKeys that verified and serves a later request with one without checking its signature",
		Kills:       []string{"IYZ-AUTH-04", "IYZ-AUTH-07"}}
	CacheVerifiedSignature = &mock.Mutant{Name: "iyzico-cache-verified-signature",
		Description: "caches (randomKey, signature) pairs that verified and serves a later request with one, whatever its body",
		Kills:       []string{"IYZ-AUTH-07"}}
	VerifyTrimmedBody = &mock.Mutant{Name: "iyzico-verify-trimmed-body",
		Description: "verifies the signature over the body with its leading and trailing whitespace trimmed, not the bytes received",
		Kills:       []string{"IYZ-AUTH-07"}}
	SignatureStartsWith = &mock.Mutant{Name: "iyzico-signature-starts-with",
		Description: "accepts a signature that starts with the right one, whatever follows it",
		Kills:       []string{"IYZ-AUTH-04"}}
	SignatureAsNumber = &mock.Mutant{Name: "iyzico-signature-as-number",
		Description: "compares signatures as hexadecimal numbers, so a \"0x\" before it, a leading zero or upper case passes",
		Kills:       []string{"IYZ-AUTH-04"},
		Warns:       []string{"IYZ-AUTH-12"}}
	SchemeUnchecked = &mock.Mutant{Name: "iyzico-scheme-unchecked",
		Description: "verifies the token after whatever scheme the header names (Bearer, Basic, ...)",
		Kills:       []string{"IYZ-AUTH-02"}}
	VerifyWithoutBOM = &mock.Mutant{Name: "iyzico-verify-without-bom",
		Description: "drops a byte order mark before the body before verifying the signature, not the bytes received",
		Kills:       []string{"IYZ-AUTH-07"}}
	SigningOracle = &mock.Mutant{Name: "iyzico-signing-oracle",
		Description: "says in a refused signature's errorMessage which signature it expected",
		Kills:       []string{"IYZ-AUTH-16"}}
	FailureWithCardData = &mock.Mutant{Name: "iyzico-failure-with-card-data",
		Description: "looks the BIN up before checking the credentials, and sends its card data with the failure envelope of a refused signature or scheme",
		Kills:       []string{"IYZ-AUTH-02", "IYZ-AUTH-04", "IYZ-AUTH-05", "IYZ-AUTH-06", "IYZ-AUTH-07", "IYZ-AUTH-10", "IYZ-AUTH-11", "IYZ-AUTH-15"},
		Warns:       []string{"IYZ-AUTH-12", "IYZ-AUTH-13"}}
)

// Correct but unusual servers: each must fail no MUST (internal/selftest checks it).
var (
	ByteOrderMark = &mock.Mutant{Name: "iyzico-bom", Benign: true,
		Description: "correct but unusual, it must fail no MUST: starts every JSON answer with a UTF-8 byte order mark, which RFC 8259 lets a parser ignore",
		Warns:       []string{"IYZ-CONTRACT-06", "IYZ-AUTH-08", "IYZ-INPUT-08"}}
	NullOptionalFields = &mock.Mutant{Name: "iyzico-null-optional-fields", Benign: true,
		Description: "correct but unusual, it must fail no MUST: writes the fields it leaves unset as null (errorCode null in a success, card fields null in a refusal), as Jackson does by default"}
	ReplayGuard = &mock.Mutant{Name: "iyzico-replay-guard", Benign: true,
		Description: "correct but unusual, it must fail no MUST: refuses a randomKey it has verified before, as a server with a replay guard does"}
)

var allMutants = []*mock.Mutant{
	APIKeyEndsMatch, APIKeyPrefixMatch, APIKeyEndsWith, SecondMerchantUnchecked, NonASCIIUnchecked, AnyMerchantSecret, TrustVerifiedRandomKey, CacheVerifiedSignature, VerifyTrimmedBody, SigningOracle, FailureWithCardData,
	SignatureStartsWith, SignatureAsNumber, SchemeUnchecked, VerifyWithoutBOM,
	ByteOrderMark, NullOptionalFields, ReplayGuard,
	DriftAddedField, DriftCommercialBoolean,
	ComparePrefix, CaseInsensitiveSignature, LenientBase64, AcceptIncompleteToken, EchoSecret,
	AcceptAnySignature, AcceptUnauthenticated, AcceptAnyScheme, AcceptUnknownKey, SignWithoutPath, SignWithQuery,
	SignReserialisedBody, ErrorCodeGeneric, ServerErrorOnMalformedJSON, LenientInput, NoSizeLimit, DropCardFamily,
	BankCodeString, NoEcho, EchoCut, WrongBINData, SystemTimeSeconds, BadRequestPlain, SuccessAsText,
}
