package conform

import "github.com/payconform/payconform/harness/verdict"

// Source addresses the catalogue cites.
const (
	srcSession = "https://docs.iyzico.com/en/products/paypos-app2app/paypos-app2app-integration/create-session"
	srcAuth    = "https://doc.paynet.com.tr/authentication (\"Authorization: Basic \".$secret_key)"
	srcStatus  = "https://doc.paynet.com.tr/genel-bilgiler/hata-kodlari/http-status-kodlar"
	srcResult  = "https://doc.paynet.com.tr/genel-bilgiler/hata-kodlari/doenues-kodlari"
	srcDesign  = "payconform DESIGN.md section 3 (server targets MUST NOT answer 5xx to client mistakes)"
)

// Requirements is Paynet's catalogue. Every entry has exactly one spec in suites/paynet.
var Requirements = verdict.Register(
	verdict.Requirement{ID: "PNT-CONTRACT-01", Level: verdict.MUST, Source: srcSession + "; contracts/paynet.openapi.json",
		Text: "A valid get_auth_key MUST be answered with HTTP 200, application/json, a body that conforms to the contract, code 0 and a session_key."},
	verdict.Requirement{ID: "PNT-CONTRACT-02", Level: verdict.MUST, Source: srcSession,
		Text: "Every valid request vector MUST get a session key."},
	verdict.Requirement{ID: "PNT-INVARIANT-01", Level: verdict.MUST, Source: srcSession + " (AuthResponse agent_id, user_id)",
		Text: "The answer MUST echo the agent_id and user_id asked for."},
	verdict.Requirement{ID: "PNT-INVARIANT-02", Level: verdict.MUST, Source: srcSession + " (session_key: mobile session key)",
		Text: "Two calls MUST get two different, non-empty session keys."},
	verdict.Requirement{ID: "PNT-INVARIANT-03", Level: verdict.MUST, Source: srcSession + " (expired_date: expiry date)",
		Text: "A readable expired_date MUST lie in the future."},
	verdict.Requirement{ID: "PNT-INVARIANT-04", Level: verdict.SHOULD, Source: srcSession + " (expired_date is documented only as a string)",
		Text: "expired_date SHOULD be a date-time a client can parse: RFC 3339, yyyy-MM-dd HH:mm:ss or dd.MM.yyyy HH:mm:ss."},

	verdict.Requirement{ID: "PNT-AUTH-01", Level: verdict.MUST, Source: srcSession + " (Authorization required)",
		Text: "A request without Authorization MUST NOT get a session key, nor a 5xx."},
	verdict.Requirement{ID: "PNT-AUTH-02", Level: verdict.MUST, Source: srcStatus + " (401 API anahtarınız yanlış)",
		Text: "A request with a wrong secret key MUST NOT get a session key, nor a 5xx."},
	verdict.Requirement{ID: "PNT-AUTH-03", Level: verdict.MUST, Source: srcAuth,
		Text: "A request that sends Basic base64(key:) instead of the raw key MUST NOT get a session key, nor a 5xx."},
	verdict.Requirement{ID: "PNT-AUTH-04", Level: verdict.MUST, Source: srcAuth,
		Text: "A request that sends the key as a Bearer token MUST NOT get a session key, nor a 5xx."},
	verdict.Requirement{ID: "PNT-AUTH-05", Level: verdict.SHOULD, Source: srcStatus + "; " + srcResult + " (7 unauthorized)",
		Text: "A refused key SHOULD be answered with HTTP 401, type authorization_error and result_code 7."},
	verdict.Requirement{ID: "PNT-AUTH-06", Level: verdict.MUST, MockOnly: true, Source: srcSession + " (only servers whose IP addresses are defined by Paynet can call this service); " + srcStatus + " (403)",
		Text: "The mock MUST refuse a client address outside its allow-list with HTTP 403, type authorization_error and result_code 7."},

	verdict.Requirement{ID: "PNT-INPUT-01", Level: verdict.MUST, Source: srcSession + " (PaynetMobile required)",
		Text: "A request without the PaynetMobile header MUST NOT get a session key, nor a 5xx."},
	verdict.Requirement{ID: "PNT-INPUT-02", Level: verdict.MUST, Source: srcSession + " (agent_id, user_id required)",
		Text: "A request whose agent_id or user_id is missing or empty MUST NOT get a session key, nor a 5xx."},
	verdict.Requirement{ID: "PNT-INPUT-03", Level: verdict.SHOULD, Source: srcSession + " (agent_id, user_id are strings)",
		Text: "A request whose agent_id or user_id is a JSON number SHOULD be refused."},
	verdict.Requirement{ID: "PNT-INPUT-04", Level: verdict.SHOULD, Source: srcSession + " (Content-Type: application/json required)",
		Text: "A request whose Content-Type is not application/json SHOULD be refused."},
	verdict.Requirement{ID: "PNT-INPUT-05", Level: verdict.MUST, Source: srcStatus + " (400 Bad Request)",
		Text: "A request whose body is not well-formed JSON MUST NOT get a session key, nor a 5xx."},
	verdict.Requirement{ID: "PNT-INPUT-06", Level: verdict.SHOULD, Source: srcStatus + "; " + srcResult + " (11 badrequest)",
		Text: "A refused request body or header SHOULD be answered with HTTP 400, type invalid_request_error and result_code 11."},
	verdict.Requirement{ID: "PNT-INPUT-07", Level: verdict.MUST, Source: srcResult + " (4 agentnotfound)",
		Text: "A request for an agent the server does not know MUST NOT get a session key, nor a 5xx."},
	verdict.Requirement{ID: "PNT-INPUT-08", Level: verdict.SHOULD, Source: srcResult + " (4 agentnotfound); " + srcStatus + " (404)",
		Text: "An unknown agent SHOULD be answered with HTTP 404, type no_data_error and result_code 4."},
	verdict.Requirement{ID: "PNT-ROBUST-01", Level: verdict.MUST, Source: srcDesign,
		Text: "A malformed get_auth_key MUST NOT be answered with a 5xx, whatever is wrong with it."},

	// Certification of a client under test (make certify); the certify suite checks these.
	verdict.Requirement{ID: "PNT-CERT-01", Level: verdict.MUST, Source: srcSession,
		Text: "The client's get_auth_key MUST be a POST to /v1/agent/get_auth_key on base_url, with Content-Type application/json and a PaynetMobile header."},
	verdict.Requirement{ID: "PNT-CERT-02", Level: verdict.MUST, Source: srcAuth,
		Text: "The client MUST send Authorization: Basic and the raw secret key, not base64(key:) nor a Bearer token."},
	verdict.Requirement{ID: "PNT-CERT-03", Level: verdict.MUST, Source: srcSession,
		Text: "The client's body MUST conform to the contract and carry the case's agent_id and user_id, as strings."},
	verdict.Requirement{ID: "PNT-CERT-04", Level: verdict.MUST, Source: "DESIGN section 5 (output equals what the mock sent)",
		Text: "On a success the client MUST answer ok:true with output equal, field by field, to the AuthResponse it received."},
	verdict.Requirement{ID: "PNT-CERT-05", Level: verdict.MUST, Source: srcStatus + "; " + srcResult,
		Text: "On HTTP 401 with result_code 7 the client MUST answer ok:false with error.code \"7\"."},
	verdict.Requirement{ID: "PNT-CERT-06", Level: verdict.MUST, Source: "DESIGN section 5 (fault cases)",
		Text: "On HTTP 500 with an HTML body the client MUST answer ok:false."},
	verdict.Requirement{ID: "PNT-CERT-07", Level: verdict.MUST, Source: "DESIGN section 5 (fault cases)",
		Text: "On HTTP 200 with a truncated JSON body the client MUST answer ok:false."},
	verdict.Requirement{ID: "PNT-CERT-08", Level: verdict.SHOULD, Source: "DESIGN section 5 (fault cases)",
		Text: "On HTTP 200 with a valid body but Content-Type text/html the client SHOULD answer ok:false."},
)
