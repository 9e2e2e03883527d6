package conform

import "github.com/payconform/payconform/harness/verdict"

// Source addresses the catalogue cites. Quotes are verbatim, from the page named.
const (
	srcSdk        = "https://developer.paywall.one/payment-orchestration-integration-document/client-side-services/2.-authorization-sdk"
	srcTempToken  = "https://developer.paywall.one/payment-orchestration-integration-document/client-side-services/1.-authorization"
	srcOldExample = "https://developer.paywall.one/payment-orchestration-integration-document/client-side-services/authorization (response example)"
	srcErrors     = "https://developer.paywall.one/payment-orchestration-integration-document/error-codes-and-descriptions"
	srcNetSDK     = "paywallone/PayWall.NetCore (PostAsJsonAsync: System.Text.Json web defaults, camelCase)"
	srcRFC9110    = "RFC 9110 section 15.6"
	srcPCI        = "PCI DSS v4.0.1 Requirement 8.3.2"
	srcProtocol   = "docs/candidate-protocol.md (payconform's adapter protocol)"

	qHeaders  = "Important: To use the TempToken/Sdk service, you must include the 'apikeypublic' and 'apiclientpublic' parameters in the Header. / (the plain TempToken page) Important: To use the TempToken service, you must include the 'apikeypublic' and 'apiclientpublic' parameters in the 'Header' field."
	qKey      = "apikeypublic | string | Yes | The Public Key you obtained from the merchant panel."
	qResult   = "Result | bool | Returns a value of either true or false. If the operation is successful, it returns true."
	qCode     = "ErrorCode | int | Error code. Returns the value '0' if the operation is successful."
	qBooleans = "ClientCardSave | boolean | Yes | Will the token be used on the client side for card storage?"
	qRange    = "How long will the token be valid? A value can be defined between 0 and 1440 minutes."
	qPCI      = "Strong cryptography is used to render all authentication factors unreadable during transmission and storage on all system components."
)

// Requirements is Paywall's catalogue. Every entry has exactly one spec, in suites/paywall or
// (the CERT entries) in the certification suite.
var Requirements = verdict.Register(
	verdict.Requirement{ID: "PWL-CONTRACT-01", Level: verdict.MUST, Source: srcSdk + "; " + srcTempToken, Quote: qResult + " / " + qCode,
		Text: "A valid temptoken/sdk MUST be answered with the envelope: Result true, ErrorCode 0 and a Body with a Token, each field of its documented type."},
	verdict.Requirement{ID: "PWL-CONTRACT-02", Level: verdict.MUST, Source: srcSdk, Quote: qRange,
		Text: "Every valid request vector MUST get a token: ExpiryMin at 0, 1 and 1440, every Scope, Masterpass asked for or not."},
	verdict.Requirement{ID: "PWL-CONTRACT-03", Level: verdict.SHOULD, Source: srcNetSDK,
		Silent: "the documentation shows PascalCase names; Paywall's own .NET SDK sends camelCase, and whether the server reads both is not stated",
		Text:   "A request with camelCase property names, as Paywall's .NET SDK sends them, SHOULD get a token."},
	verdict.Requirement{ID: "PWL-CONTRACT-04", Level: verdict.MUST, Source: srcTempToken, Quote: qResult,
		Text: "A valid plain temptoken request MUST be answered with the envelope: Result true and a Body with a Token."},
	verdict.Requirement{ID: "PWL-CONTRACT-06", Level: verdict.SHOULD, Source: srcTempToken + "; " + srcOldExample,
		Silent: "both plain TempToken pages show the sample body {ClientCardSave, ThreeDSession, ExpiryMin}, but the newer page's table marks ClientSdk and ScopeBased compulsory too, so a server may refuse the sample",
		Text:   "A plain temptoken request with the pages' sample body (ClientSdk and ScopeBased left out) SHOULD be granted."},
	verdict.Requirement{ID: "PWL-CONTRACT-05", Level: verdict.SHOULD, Source: srcOldExample,
		Silent: "the documentation gives the envelope's fields and an example answer (ErrorMessage null), but neither the HTTP status, the media type, nor which of Body's fields are always present",
		Text:   "A token answer SHOULD be HTTP 200, application/json without a byte order mark, with every field of the documented example and ErrorMessage null."},
	verdict.Requirement{ID: "PWL-INVARIANT-01", Level: verdict.SHOULD, Source: srcOldExample + " (Token 22ae3b5a-8eb0-41cc-88c7-219e25b95441)",
		Silent: "the example token is a GUID; no page says every token is one",
		Text:   "The Token SHOULD be a GUID."},
	verdict.Requirement{ID: "PWL-INVARIANT-02", Level: verdict.SHOULD, Source: srcSdk,
		Silent: "ExpiryMin says how long the token is valid and the answer carries ExpiryDateTime, but no page says the one is the other plus the request's time",
		Text:   "ExpiryDateTime SHOULD be now + ExpiryMin, within two minutes."},
	verdict.Requirement{ID: "PWL-INVARIANT-03", Level: verdict.SHOULD, Source: srcOldExample + " (Body.Scope)",
		Silent: "the example answer's Scope repeats the request's values, but no page states it as a rule",
		Text:   "The Body's Scope SHOULD echo the scope asked for, field by field, ScopeBased and Scope included."},
	verdict.Requirement{ID: "PWL-INVARIANT-04", Level: verdict.MUST, Source: srcSdk,
		Quote: "If you want the Masterpass session information to be returned in the response object of the temp token creation request, this parameter must be set to true.",
		Text:  "With IncludeMasterpassSession true, the answer MUST carry the Masterpass session information: an object of the documented types with a SessionId and a MasterpassToken, not an object of nulls."},
	verdict.Requirement{ID: "PWL-INVARIANT-05", Level: verdict.SHOULD, Source: srcOldExample + " (TempTokenId 14533994)",
		Silent: "the example's TempTokenId is a positive number; its range is not documented",
		Text:   "TempTokenId SHOULD be a positive number."},
	verdict.Requirement{ID: "PWL-INVARIANT-06", Level: verdict.SHOULD, Source: srcOldExample + " (ExpiryDateTime 2024-06-13T22:25:08.0404774+03:00)",
		Silent: "the example carries +03:00; any RFC 3339 offset names the same instant",
		Text:   "ExpiryDateTime SHOULD carry the +03:00 offset the documentation shows."},
	verdict.Requirement{ID: "PWL-INVARIANT-07", Level: verdict.SHOULD, Source: srcSdk,
		Silent: "the Masterpass information comes when asked for; the documentation does not say it is left out otherwise",
		Text:   "Without IncludeMasterpassSession, Masterpass SHOULD be null (an object whose every field is null counts as null)."},
	verdict.Requirement{ID: "PWL-INVARIANT-08", Level: verdict.SHOULD, Source: srcSdk,
		Silent: "each call obtains \"a temporary token\"; the documentation does not say two calls get two tokens",
		Text:   "Two calls SHOULD get two different Tokens and two different TempTokenIds."},
	verdict.Requirement{ID: "PWL-INVARIANT-09", Level: verdict.MUST, Source: srcSdk, Quote: qRange,
		Text: "A token asked for with an ExpiryMin above 0 MUST NOT be expired when it is issued: an ExpiryDateTime that carries its offset lies in the future."},

	verdict.Requirement{ID: "PWL-AUTH-01", Level: verdict.MUST, Source: srcSdk, Quote: qHeaders,
		Text: "A request without apikeypublic MUST be refused, without a token."},
	verdict.Requirement{ID: "PWL-AUTH-02", Level: verdict.MUST, Source: srcSdk, Quote: qHeaders,
		Text: "A request without apiclientpublic MUST be refused, without a token."},
	verdict.Requirement{ID: "PWL-AUTH-03", Level: verdict.MUST, Source: srcSdk, Quote: qKey,
		Text: "A request with public key values the server does not know MUST be refused, without a token."},
	verdict.Requirement{ID: "PWL-AUTH-04", Level: verdict.MUST, Source: srcSdk, Quote: qKey + " / apiclientpublic | string | Yes | The Public Client you obtained from the merchant panel.",
		Text: "A request with apikeypublic and apiclientpublic swapped MUST be refused, without a token."},
	verdict.Requirement{ID: "PWL-AUTH-05", Level: verdict.SHOULD, Source: srcErrors + "; .NET SDK ErrorCodes (4 HeaderMissing, 12 MerchantNotFound)",
		Silent: "the payment API's error table has no code for a credential refusal; 4 and 12 come from the .NET SDK's panel-wide list",
		Text:   "A credential refusal SHOULD be the envelope with Result false and ErrorCode 4 for a missing header or 12 for an unknown merchant."},
	verdict.Requirement{ID: "PWL-AUTH-06", Level: verdict.MUST, Source: srcSdk, Quote: qKey,
		Text: "Each value MUST match on its own, byte for byte: the right key with a wrong client, a wrong key with the right client, either value in another case, with a suffix, cut short, or with its first, middle or last character replaced MUST be refused, without a token."},
	verdict.Requirement{ID: "PWL-AUTH-07", Level: verdict.MUST, Source: srcPCI, Quote: qPCI,
		Text: "No temptoken answer, success or refusal, MUST carry the key or the client value the request sent, in plain text, base64, hex or URL-encoded."},

	verdict.Requirement{ID: "PWL-INPUT-01", Level: verdict.MUST, Source: srcSdk, Quote: qBooleans,
		Text: "A request that leaves false booleans out MUST be refused, without a token: all four are compulsory."},
	verdict.Requirement{ID: "PWL-INPUT-02", Level: verdict.MUST, Source: srcSdk, Quote: qBooleans,
		Text: "A request with strings in place of the four booleans MUST be refused, without a token."},
	verdict.Requirement{ID: "PWL-INPUT-03", Level: verdict.SHOULD, Source: srcSdk,
		Silent: "the page gives the range (\"A value can be defined between 0 and 1440 minutes\") but not what happens outside it: a server may refuse or clamp",
		Text:   "A request with ExpiryMin outside 0..1440 SHOULD be refused."},
	verdict.Requirement{ID: "PWL-INPUT-04", Level: verdict.SHOULD, Source: srcSdk,
		Silent: "Scope's values are listed (0 None, 1 ClientCardSave, 2 ThreeDSession, 3 ClientSdk), but not what happens to another",
		Text:   "A request with a Scope outside 0..3 SHOULD be refused."},
	verdict.Requirement{ID: "PWL-INPUT-05", Level: verdict.SHOULD, Source: srcSdk,
		Silent: "Scope is compulsory \"Yes/No\" with no condition stated; a server that reads a missing Scope under ScopeBased as 0 follows the page",
		Text:   "A request with ScopeBased true and no Scope SHOULD be refused."},
	verdict.Requirement{ID: "PWL-INPUT-06", Level: verdict.MUST, Source: srcSdk,
		Quote: "When the IncludeMasterpassSession parameter is sent as true, it becomes mandatory and must include the required information for the Masterpass session.",
		Text:  "A request with IncludeMasterpassSession true and no MasterpassSession MUST be refused, without a token."},
	verdict.Requirement{ID: "PWL-INPUT-07", Level: verdict.SHOULD, Source: srcErrors + " (2 Unexpected parameters)",
		Silent: "the error table defines 2 but does not say it is the code for every refused body",
		Text:   "A refused request body SHOULD be the envelope with Result false and ErrorCode 2."},
	verdict.Requirement{ID: "PWL-INPUT-08", Level: verdict.MUST, Source: srcSdk, Quote: qBooleans,
		Text: "A request whose body is not a well-formed JSON object carries none of the compulsory fields and MUST be refused, without a token."},
	verdict.Requirement{ID: "PWL-ROBUST-01", Level: verdict.SHOULD, Source: srcRFC9110,
		Silent: "Paywall does not say how it answers malformed requests; RFC 9110 reserves 5xx for the server's own errors but sets no obligation",
		Text:   "A malformed temptoken request SHOULD NOT be answered with a 5xx, whatever is wrong with it."},

	// Certification of a client under test (make certify); the certify suite checks these.
	verdict.Requirement{ID: "PWL-CERT-01", Level: verdict.MUST, Source: srcSdk, Quote: "POST {{Base Adres}}/api/paywall/temptoken/sdk",
		Text: "The client's temptoken request MUST be a POST to /api/paywall/temptoken/sdk on base_url."},
	verdict.Requirement{ID: "PWL-CERT-02", Level: verdict.MUST, Source: srcSdk, Quote: qHeaders,
		Text: "The client MUST send the merchant's apikeypublic and apiclientpublic, each in its own header."},
	verdict.Requirement{ID: "PWL-CERT-03", Level: verdict.MUST, Source: srcSdk + "; contracts/paywall.openapi.yaml", Quote: qBooleans,
		Text: "The client's body MUST conform to the contract, with all four booleans present and every value equal to the case's."},
	verdict.Requirement{ID: "PWL-CERT-04", Level: verdict.MUST, Source: srcProtocol + "; " + srcSdk, Quote: qResult,
		Text: "On a success the client MUST answer ok:true with output equal, field by field, to the Body it received (a field sent as null and one left out count alike)."},
	verdict.Requirement{ID: "PWL-CERT-05", Level: verdict.MUST, Source: srcSdk + "; " + srcProtocol, Quote: qResult + " / " + qCode,
		Text: "On Result false with ErrorCode 2 (HTTP 400) the client MUST answer ok:false with error.code \"2\"."},
	verdict.Requirement{ID: "PWL-CERT-06", Level: verdict.MUST, Source: srcRFC9110,
		Quote: "The 5xx (Server Error) class of status code indicates that the server is aware that it has erred or is incapable of performing the requested method.",
		Text:  "On HTTP 500 with an HTML body the client MUST answer ok:false."},
	verdict.Requirement{ID: "PWL-CERT-07", Level: verdict.MUST, Source: srcSdk, Quote: qResult,
		Text: "On HTTP 200 with a truncated JSON body, which carries no readable Result, the client MUST answer ok:false."},
	verdict.Requirement{ID: "PWL-CERT-08", Level: verdict.SHOULD, Source: "RFC 9110 section 8.3",
		Silent: "Paywall does not say its answers are JSON only when labelled so; reading a body labelled text/html as JSON is risky, not forbidden",
		Text:   "On HTTP 200 with a valid body but Content-Type text/html the client SHOULD answer ok:false."},
	verdict.Requirement{ID: "PWL-CERT-09", Level: verdict.MUST, Source: srcSdk, Quote: qResult,
		Text: "On HTTP 200 with Result false the client MUST answer ok:false with the ErrorCode as error.code."},
	verdict.Requirement{ID: "PWL-CERT-10", Level: verdict.SHOULD, Source: srcProtocol,
		Silent: "Paywall documents no retry policy; repeating a refused request only repeats the refusal",
		Text:   "A client SHOULD NOT repeat a refused call more than once."},
	verdict.Requirement{ID: "PWL-CERT-11", Level: verdict.SHOULD, Source: srcSdk,
		Silent: "the page sends JSON but never names the Content-Type header",
		Text:   "The client's temptoken request SHOULD carry Content-Type application/json."},
)
