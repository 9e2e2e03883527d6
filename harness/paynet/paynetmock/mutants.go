package paynetmock

import "github.com/payconform/payconform/harness/mock"

// The Paynet route's mutants. Each lists the requirements whose checks it must trip: Kills for
// a MUST it fails, Warns for a SHOULD it warns on.
var (
	AcceptUnauthenticated = &mock.Mutant{Name: "paynet-accept-unauthenticated",
		Description: "issues session keys to requests without Authorization",
		Kills:       []string{"PNT-AUTH-01"}}
	AcceptWrongKey = &mock.Mutant{Name: "paynet-accept-wrong-key",
		Description: "accepts any key after Basic",
		Kills:       []string{"PNT-AUTH-02", "PNT-AUTH-07"}}
	AcceptBase64Basic = &mock.Mutant{Name: "paynet-accept-base64-basic",
		Description: "also accepts Basic base64(key:), as HTTP Basic authentication sends it",
		Warns:       []string{"PNT-AUTH-03"}}
	AcceptBearer = &mock.Mutant{Name: "paynet-accept-bearer",
		Description: "also accepts the key as a Bearer token",
		Kills:       []string{"PNT-AUTH-04"}}
	CaseInsensitiveKey = &mock.Mutant{Name: "paynet-case-insensitive-key",
		Description: "compares the secret key without regard to case",
		Kills:       []string{"PNT-AUTH-07"}}
	PrefixMatch = &mock.Mutant{Name: "paynet-prefix-match",
		Description: "compares the secret key over the shorter of the two lengths, so a key cut short or with a suffix passes",
		Kills:       []string{"PNT-AUTH-07"}}
	EchoAuthorization = &mock.Mutant{Name: "paynet-echo-authorization",
		Description: "writes the Authorization header and the body it received into every answer's message",
		Kills:       []string{"PNT-AUTH-08"}}
	IgnoreAllowList = &mock.Mutant{Name: "paynet-ignore-allow-list",
		Description: "serves every client address, registered or not",
		Kills:       []string{"PNT-AUTH-06"}}
	AcceptMissingMobile = &mock.Mutant{Name: "paynet-accept-missing-paynetmobile",
		Description: "does not require the PaynetMobile header",
		Kills:       []string{"PNT-INPUT-01"}}
	LenientInput = &mock.Mutant{Name: "paynet-lenient-input",
		Description: "skips request validation: missing or empty ids default to the dealer's, numbers are coerced, any Content-Type and any body pass",
		Kills:       []string{"PNT-INPUT-01", "PNT-INPUT-02", "PNT-INPUT-05"},
		Warns:       []string{"PNT-INPUT-03", "PNT-INPUT-04"}}
	ServerErrorOnMalformedJSON = &mock.Mutant{Name: "paynet-5xx-on-malformed-json",
		Description: "answers a body that is not JSON with HTTP 500 and an HTML page",
		Kills:       []string{"PNT-INPUT-05", "PNT-ROBUST-01"}}
	AnyAgent = &mock.Mutant{Name: "paynet-any-agent",
		Description: "issues session keys for agents it does not know",
		Kills:       []string{"PNT-INPUT-07"}}
	TrustAfterGrant = &mock.Mutant{Name: "paynet-trust-after-grant",
		Description: "once it has issued a session key, skips the key check for a minute",
		Kills:       []string{"PNT-AUTH-02", "PNT-AUTH-04", "PNT-AUTH-07"},
		Warns:       []string{"PNT-AUTH-03", "PNT-AUTH-05"}}
	SuffixMatch = &mock.Mutant{Name: "paynet-key-ends-with",
		Description: "accepts a key that ends with the dealer's, whatever comes before it",
		Kills:       []string{"PNT-AUTH-07"}}
	NullUserID = &mock.Mutant{Name: "paynet-null-user-id",
		Description: "reads \"user_id\": null as an empty user and opens a session",
		Kills:       []string{"PNT-INPUT-02"}}
	SecondAgentUnchecked = &mock.Mutant{Name: "paynet-second-agent-unchecked",
		Description: "checks the secret key for the dealer's first agent only: a request for its second agent opens a session with any key",
		Kills:       []string{"PNT-AUTH-02"}}
	AnyNumericAgent = &mock.Mutant{Name: "paynet-any-numeric-agent",
		Description: "issues session keys for any agent_id made of digits, known or not",
		Kills:       []string{"PNT-INPUT-07"}}
	GenericErrors = &mock.Mutant{Name: "paynet-generic-errors",
		Description: "refuses everything with HTTP 400, api_error, result_code 1",
		Kills:       []string{"PNT-AUTH-06"}, // the mock's allow-list refusal is held to 403 authorization_error 7
		Warns:       []string{"PNT-AUTH-05", "PNT-INPUT-06", "PNT-INPUT-08"}}
	NoEcho = &mock.Mutant{Name: "paynet-no-echo",
		Description: "answers with an agent_id and user_id of its own",
		Warns:       []string{"PNT-INVARIANT-01"}}
	SparseAnswer = &mock.Mutant{Name: "paynet-sparse-answer",
		Description: "answers with session_key, expired_date and code only",
		Warns:       []string{"PNT-CONTRACT-03", "PNT-INVARIANT-01"}}
	ConstantSessionKey = &mock.Mutant{Name: "paynet-constant-session-key",
		Description: "hands out the same session_key on every call",
		Warns:       []string{"PNT-INVARIANT-02", "PNT-INVARIANT-06"}}
	SessionKeyPerAgent = &mock.Mutant{Name: "paynet-session-key-per-agent",
		Description: "derives the session key from the dealer and agent alone: every user of an agent, and every call, gets the same",
		Warns:       []string{"PNT-INVARIANT-02", "PNT-INVARIANT-06"}}
	ExpiredInPast = &mock.Mutant{Name: "paynet-expired-in-past",
		Description: "writes an expired_date an hour in the past, with its offset",
		Kills:       []string{"PNT-INVARIANT-03"}}
	ExpiryUTCWithoutOffset = &mock.Mutant{Name: "paynet-expiry-utc-without-offset",
		Description: "writes expired_date in UTC without an offset, which reads as two hours ago in Turkey time",
		Warns:       []string{"PNT-INVARIANT-05"}}
	ExpiryUnreadable = &mock.Mutant{Name: "paynet-expiry-unreadable",
		Description: `writes expired_date as "in 60 minutes"`,
		Warns:       []string{"PNT-INVARIANT-04"}}
	CodeAsString = &mock.Mutant{Name: "paynet-code-as-string",
		Description: `sends code as a string ("0")`,
		Kills:       []string{"PNT-CONTRACT-01", "PNT-CONTRACT-02"}}
	SuccessWithError = &mock.Mutant{Name: "paynet-success-with-error",
		Description: "hands out a session key in an answer whose code is 1 (unsuccessful)",
		Kills:       []string{"PNT-CONTRACT-01", "PNT-CONTRACT-02"}}
)

// Mutants for the probes an attacker would send, and a grant behind a refusal.
var (
	CompareAllButLast = &mock.Mutant{Name: "paynet-compare-all-but-last",
		Description: "compares the secret key's length and every character but the last, so a key with its last character replaced passes",
		Kills:       []string{"PNT-AUTH-07"}}
	RefusalWithSessionKey = &mock.Mutant{Name: "paynet-refusal-with-session-key",
		Description: "issues a session key before checking the secret key, and sends it with the 401 refusal of a wrong key",
		Kills:       []string{"PNT-AUTH-02", "PNT-AUTH-07"}}
)

// Correct but unusual servers: each must fail no MUST (internal/selftest checks it).
var (
	ByteOrderMark = &mock.Mutant{Name: "paynet-bom", Benign: true,
		Description: "correct but unusual, it must fail no MUST: starts every JSON answer with a UTF-8 byte order mark, which RFC 8259 lets a parser ignore",
		Warns:       []string{"PNT-CONTRACT-04", "PNT-AUTH-05", "PNT-INPUT-06", "PNT-INPUT-08"}}
	NullOptionalFields = &mock.Mutant{Name: "paynet-null-optional-fields", Benign: true,
		Description: "correct but unusual, it must fail no MUST: writes company_code and object_name as null: every AuthResponse field is optional"}
)

var allMutants = []*mock.Mutant{
	CompareAllButLast, RefusalWithSessionKey, ByteOrderMark, NullOptionalFields,
	AcceptUnauthenticated, AcceptWrongKey, AcceptBase64Basic, AcceptBearer, CaseInsensitiveKey, PrefixMatch, EchoAuthorization,
	IgnoreAllowList, AcceptMissingMobile, LenientInput, ServerErrorOnMalformedJSON, AnyAgent, AnyNumericAgent, SecondAgentUnchecked, NullUserID, SuffixMatch, TrustAfterGrant, GenericErrors, NoEcho, SparseAnswer,
	ConstantSessionKey, SessionKeyPerAgent, ExpiredInPast, ExpiryUTCWithoutOffset, ExpiryUnreadable, CodeAsString, SuccessWithError,
}
