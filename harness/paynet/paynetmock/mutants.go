package paynetmock

import "github.com/payconform/payconform/harness/mock"

// The Paynet route's mutants. Each lists the requirements whose checks it must trip.
var (
	AcceptUnauthenticated = &mock.Mutant{Name: "paynet-accept-unauthenticated",
		Description: "issues session keys to requests without Authorization",
		Kills:       []string{"PNT-AUTH-01"}}
	AcceptWrongKey = &mock.Mutant{Name: "paynet-accept-wrong-key",
		Description: "accepts any key after Basic",
		Kills:       []string{"PNT-AUTH-02"}}
	AcceptBase64Basic = &mock.Mutant{Name: "paynet-accept-base64-basic",
		Description: "also accepts Basic base64(key:), as HTTP Basic authentication sends it",
		Kills:       []string{"PNT-AUTH-03"}}
	AcceptBearer = &mock.Mutant{Name: "paynet-accept-bearer",
		Description: "also accepts the key as a Bearer token",
		Kills:       []string{"PNT-AUTH-04"}}
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
		Kills:       []string{"PNT-INPUT-07"},
		Warns:       []string{"PNT-INPUT-08"}}
	GenericErrors = &mock.Mutant{Name: "paynet-generic-errors",
		Description: "refuses everything with HTTP 400, api_error, result_code 1",
		Warns:       []string{"PNT-AUTH-05", "PNT-INPUT-06", "PNT-INPUT-08"}}
	NoEcho = &mock.Mutant{Name: "paynet-no-echo",
		Description: "answers with an agent_id and user_id of its own",
		Kills:       []string{"PNT-INVARIANT-01"}}
	ConstantSessionKey = &mock.Mutant{Name: "paynet-constant-session-key",
		Description: "hands out the same session_key on every call",
		Kills:       []string{"PNT-INVARIANT-02"}}
	ExpiredInPast = &mock.Mutant{Name: "paynet-expired-in-past",
		Description: "writes an expired_date an hour in the past",
		Kills:       []string{"PNT-INVARIANT-03"}}
	ExpiryUnreadable = &mock.Mutant{Name: "paynet-expiry-unreadable",
		Description: `writes expired_date as "in 60 minutes"`,
		Warns:       []string{"PNT-INVARIANT-04"}}
	CodeAsString = &mock.Mutant{Name: "paynet-code-as-string",
		Description: `sends code as a string ("0")`,
		Kills:       []string{"PNT-CONTRACT-01", "PNT-CONTRACT-02", "PNT-INVARIANT-01", "PNT-INVARIANT-02"}}
)

var allMutants = []*mock.Mutant{
	AcceptUnauthenticated, AcceptWrongKey, AcceptBase64Basic, AcceptBearer, IgnoreAllowList, AcceptMissingMobile,
	LenientInput, ServerErrorOnMalformedJSON, AnyAgent, GenericErrors, NoEcho, ConstantSessionKey, ExpiredInPast,
	ExpiryUnreadable, CodeAsString,
}
