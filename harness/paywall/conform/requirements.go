package conform

import "github.com/payconform/payconform/harness/verdict"

// Source addresses the catalogue cites.
const (
	srcSdk        = "https://developer.paywall.one/payment-orchestration-integration-document/client-side-services/2.-authorization-sdk"
	srcTempToken  = "https://developer.paywall.one/payment-orchestration-integration-document/client-side-services/1.-authorization"
	srcOldExample = "https://developer.paywall.one/payment-orchestration-integration-document/client-side-services/authorization (response example)"
	srcErrors     = "https://developer.paywall.one/payment-orchestration-integration-document/error-codes-and-descriptions"
	srcNetSDK     = "paywallone/PayWall.NetCore (PostAsJsonAsync: System.Text.Json web defaults, camelCase)"
	srcDesign     = "payconform DESIGN.md section 3 (server targets MUST NOT answer 5xx to client mistakes)"
)

// Requirements is Paywall's catalogue. Every entry has exactly one spec in suites/paywall.
var Requirements = verdict.Register(
	verdict.Requirement{ID: "PWL-CONTRACT-01", Level: verdict.MUST, Source: srcSdk + "; contracts/paywall.openapi.yaml",
		Text: "A valid temptoken/sdk MUST be answered with a conforming envelope: Result true, ErrorCode 0 and a Body with a Token."},
	verdict.Requirement{ID: "PWL-CONTRACT-02", Level: verdict.MUST, Source: srcSdk,
		Text: "Every valid request vector MUST get a token: ExpiryMin at 0, 1 and 1440, every Scope, Masterpass asked for or not."},
	verdict.Requirement{ID: "PWL-CONTRACT-03", Level: verdict.SHOULD, Source: srcNetSDK,
		Text: "A request with camelCase property names, as Paywall's .NET SDK sends them, SHOULD get a token."},
	verdict.Requirement{ID: "PWL-CONTRACT-04", Level: verdict.MUST, Source: srcTempToken,
		Text: "A valid plain temptoken request MUST be answered with a conforming envelope: Result true and a Body with a Token."},
	verdict.Requirement{ID: "PWL-INVARIANT-01", Level: verdict.MUST, Source: srcOldExample + " (Token 22ae3b5a-8eb0-41cc-88c7-219e25b95441)",
		Text: "The Token MUST be a GUID."},
	verdict.Requirement{ID: "PWL-INVARIANT-02", Level: verdict.MUST, Source: srcSdk + " (ExpiryMin: how long the token is valid)",
		Text: "ExpiryDateTime MUST be now + ExpiryMin, within two minutes."},
	verdict.Requirement{ID: "PWL-INVARIANT-03", Level: verdict.MUST, Source: srcOldExample + " (Body.Scope echoes the request)",
		Text: "The Body's Scope MUST echo the scope asked for."},
	verdict.Requirement{ID: "PWL-INVARIANT-04", Level: verdict.MUST, Source: srcSdk + " (IncludeMasterpassSession)",
		Text: "Masterpass MUST be present if and only if IncludeMasterpassSession was true."},
	verdict.Requirement{ID: "PWL-INVARIANT-05", Level: verdict.MUST, Source: srcOldExample + " (TempTokenId 14533994)",
		Text: "TempTokenId MUST be a positive number."},
	verdict.Requirement{ID: "PWL-INVARIANT-06", Level: verdict.SHOULD, Source: srcOldExample + " (ExpiryDateTime 2024-06-13T22:25:08.0404774+03:00)",
		Text: "ExpiryDateTime SHOULD carry the +03:00 offset the documentation shows."},

	verdict.Requirement{ID: "PWL-AUTH-01", Level: verdict.MUST, Source: srcSdk + " (apikeypublic required)",
		Text: "A request without apikeypublic MUST NOT get a token, nor a 5xx."},
	verdict.Requirement{ID: "PWL-AUTH-02", Level: verdict.MUST, Source: srcSdk + " (apiclientpublic required)",
		Text: "A request without apiclientpublic MUST NOT get a token, nor a 5xx."},
	verdict.Requirement{ID: "PWL-AUTH-03", Level: verdict.MUST, Source: srcSdk,
		Text: "A request with public key values the server does not know MUST NOT get a token, nor a 5xx."},
	verdict.Requirement{ID: "PWL-AUTH-04", Level: verdict.MUST, Source: srcSdk,
		Text: "A request with apikeypublic and apiclientpublic swapped MUST NOT get a token, nor a 5xx."},
	verdict.Requirement{ID: "PWL-AUTH-05", Level: verdict.SHOULD, Source: srcErrors + "; .NET SDK ErrorCodes (4 HeaderMissing, 12 MerchantNotFound)",
		Text: "A credential refusal SHOULD be the envelope with Result false and ErrorCode 4 for a missing header or 12 for an unknown merchant."},

	verdict.Requirement{ID: "PWL-INPUT-01", Level: verdict.MUST, Source: srcSdk + " (ClientCardSave, ThreeDSession, ClientSdk, ScopeBased compulsory)",
		Text: "A request that leaves false booleans out MUST NOT get a token, nor a 5xx."},
	verdict.Requirement{ID: "PWL-INPUT-02", Level: verdict.MUST, Source: srcSdk + " (the four are boolean)",
		Text: "A request with strings in place of booleans MUST NOT get a token, nor a 5xx."},
	verdict.Requirement{ID: "PWL-INPUT-03", Level: verdict.MUST, Source: srcSdk + " (ExpiryMin between 0 and 1440 minutes)",
		Text: "A request with ExpiryMin outside 0..1440 MUST NOT get a token, nor a 5xx."},
	verdict.Requirement{ID: "PWL-INPUT-04", Level: verdict.MUST, Source: srcSdk + " (Scope 0 None, 1 ClientCardSave, 2 ThreeDSession, 3 ClientSdk)",
		Text: "A request with a Scope outside 0..3 MUST NOT get a token, nor a 5xx."},
	verdict.Requirement{ID: "PWL-INPUT-05", Level: verdict.MUST, Source: srcSdk + " (ScopeBased: use Scope to define the permissions)",
		Text: "A request with ScopeBased true and no Scope MUST NOT get a token, nor a 5xx."},
	verdict.Requirement{ID: "PWL-INPUT-06", Level: verdict.MUST, Source: srcSdk + " (MasterpassSession mandatory when IncludeMasterpassSession is true)",
		Text: "A request with IncludeMasterpassSession true and no MasterpassSession MUST NOT get a token, nor a 5xx."},
	verdict.Requirement{ID: "PWL-INPUT-07", Level: verdict.SHOULD, Source: srcErrors + " (2 Unexpected parameters)",
		Text: "A refused request body SHOULD be the envelope with Result false and ErrorCode 2."},
	verdict.Requirement{ID: "PWL-INPUT-08", Level: verdict.MUST, Source: srcErrors,
		Text: "A request whose body is not a well-formed JSON object MUST NOT get a token, nor a 5xx."},
	verdict.Requirement{ID: "PWL-ROBUST-01", Level: verdict.MUST, Source: srcDesign,
		Text: "A malformed temptoken request MUST NOT be answered with a 5xx, whatever is wrong with it."},

	// Certification of a client under test (make certify); the certify suite checks these.
	verdict.Requirement{ID: "PWL-CERT-01", Level: verdict.MUST, Source: srcSdk,
		Text: "The client's temptoken request MUST be a POST to /api/paywall/temptoken/sdk on base_url, with Content-Type application/json."},
	verdict.Requirement{ID: "PWL-CERT-02", Level: verdict.MUST, Source: srcSdk,
		Text: "The client MUST send the merchant's apikeypublic and apiclientpublic, each in its own header."},
	verdict.Requirement{ID: "PWL-CERT-03", Level: verdict.MUST, Source: srcSdk + "; contracts/paywall.openapi.yaml",
		Text: "The client's body MUST conform to the contract, with all four booleans present and every value equal to the case's."},
	verdict.Requirement{ID: "PWL-CERT-04", Level: verdict.MUST, Source: "DESIGN section 5 (output equals what the mock sent)",
		Text: "On a success the client MUST answer ok:true with output equal, field by field, to the Body it received."},
	verdict.Requirement{ID: "PWL-CERT-05", Level: verdict.MUST, Source: srcErrors,
		Text: "On Result false with ErrorCode 2 the client MUST answer ok:false with error.code \"2\"."},
	verdict.Requirement{ID: "PWL-CERT-06", Level: verdict.MUST, Source: "DESIGN section 5 (fault cases)",
		Text: "On HTTP 500 with an HTML body the client MUST answer ok:false."},
	verdict.Requirement{ID: "PWL-CERT-07", Level: verdict.MUST, Source: "DESIGN section 5 (fault cases)",
		Text: "On HTTP 200 with a truncated JSON body the client MUST answer ok:false."},
	verdict.Requirement{ID: "PWL-CERT-08", Level: verdict.SHOULD, Source: "DESIGN section 5 (fault cases)",
		Text: "On HTTP 200 with a valid body but Content-Type text/html the client SHOULD answer ok:false."},
)
