package conform

import "github.com/payconform/payconform/harness/verdict"

// Source addresses the catalogue cites. Quotes are verbatim, from the page named.
const (
	srcSession  = "https://docs.iyzico.com/en/products/paypos-app2app/paypos-app2app-integration/create-session (with its OpenAPI document)"
	srcSessionT = "https://docs.iyzico.com/urunler/paypos-app2app/app2app-entegrasyonu/session-olusturma"
	srcAuth     = "https://doc.paynet.com.tr/english/what-i-need"
	srcStatus   = "https://doc.paynet.com.tr/genel-bilgiler/hata-kodlari/http-status-kodlar"
	srcResult   = "https://doc.paynet.com.tr/genel-bilgiler/hata-kodlari/doenues-kodlari"
	srcRFC7617  = "RFC 7617 section 2"
	srcRFC9110  = "RFC 9110 section 15.6"
	srcPCI      = "PCI DSS v4.0.1 Requirement 8.3.2"
	srcProtocol = "docs/candidate-protocol.md (payconform's adapter protocol)"

	qGenerates = "Generates a mobile session key (session_key)."
	qMustKey   = "Requests to this service can only be sent from the merchant server with a static IP address registered on the Paynet side and must include the dealer-specific secret key in the request header."
	qAllSent   = "Secret key is sent in the Authentication header of the HTTP Request. All sent requests must have an authentication header."
	q4xx       = "4XX aralığındaki kodlar verilen bilgilerden kaynaklanan bir hatayı gösterir ve 5XX aralığındaki kodlar ise hatanın sunucu kaynaklı olduğunu işaret eder."
	q200Code   = "Eğer servisler response olarak http 200 dönüyor ise dönen nesnenin içeriğinde “code” ve “message”, eğer http 200 harici bir http kodu dönüyor ise aşağıdaki formatta bir json cevabı döner."
	qPCI       = "Strong cryptography is used to render all authentication factors unreadable during transmission and storage on all system components."
)

// Requirements is Paynet's catalogue. Every entry has exactly one spec, in suites/paynet or (the
// CERT entries) in the certification suite.
var Requirements = verdict.Register(
	verdict.Requirement{ID: "PNT-CONTRACT-01", Level: verdict.MUST, Source: srcSession,
		Quote: qGenerates + ` / "200":{"description":"Successful","content":{"application/json":{"schema":{"$ref":"#/components/schemas/AuthResponse"}}}}`,
		Text:  "A valid get_auth_key MUST be answered with HTTP 200, a JSON AuthResponse whose fields have the documented types, code 0 and a session_key."},
	verdict.Requirement{ID: "PNT-CONTRACT-02", Level: verdict.MUST, Source: srcSession, Quote: qGenerates,
		Text: "Every valid request vector MUST get a session key."},
	verdict.Requirement{ID: "PNT-CONTRACT-03", Level: verdict.SHOULD, Source: srcSessionT,
		Silent: "the AuthResponse lists session_key, expired_date, agent_id, company_code, user_id, user_unique_id, is_okc_inquiry, object_name, code and message, all marked optional",
		Text:   "A session key answer SHOULD carry every AuthResponse field the documentation lists."},
	verdict.Requirement{ID: "PNT-CONTRACT-04", Level: verdict.SHOULD, Source: "RFC 8259 section 8.1",
		Silent: "RFC 8259 says \"Implementations MUST NOT add a byte order mark (U+FEFF) to the beginning of a networked-transmitted JSON text\" but lets a parser ignore one, so a client that reads past it, as payconform does, gets the answer; Paynet says nothing of it",
		Text:   "A get_auth_key answer SHOULD NOT start with a byte order mark."},
	verdict.Requirement{ID: "PNT-INVARIANT-01", Level: verdict.SHOULD, Source: srcSessionT + " (AuthResponse agent_id: Bayi Id, user_id: Kullanıcı Id)",
		Silent: "the answer carries an agent_id and a user_id, but the documentation does not say they echo the request's",
		Text:   "The answer SHOULD echo the agent_id and user_id asked for."},
	verdict.Requirement{ID: "PNT-INVARIANT-02", Level: verdict.SHOULD, Source: srcSession,
		Silent: "the service \"generates\" a session key; the documentation does not say whether a second call while the first key is valid gets a new one",
		Text:   "Two calls SHOULD get two different, non-empty session keys."},
	verdict.Requirement{ID: "PNT-INVARIANT-03", Level: verdict.MUST, Source: srcSessionT, Quote: "expired_date string Geçerlilik tarihi.",
		Text: "An expired_date that carries its UTC offset MUST lie in the future: a key is not issued already expired."},
	verdict.Requirement{ID: "PNT-INVARIANT-04", Level: verdict.SHOULD, Source: srcSessionT + " (expired_date: string)",
		Silent: "expired_date is documented only as a string, with no format",
		Text:   "expired_date SHOULD be a date-time a client can parse: RFC 3339, yyyy-MM-dd HH:mm:ss or dd.MM.yyyy HH:mm:ss."},
	verdict.Requirement{ID: "PNT-INVARIANT-05", Level: verdict.SHOULD, Source: srcSessionT + " (expired_date: string)",
		Silent: "expired_date is documented only as a string: without an offset its time zone is unknown, and payconform reads it as Turkey time (+03:00)",
		Text:   "An expired_date without an offset SHOULD lie in the future read as Turkey time."},
	verdict.Requirement{ID: "PNT-INVARIANT-06", Level: verdict.SHOULD, Source: srcSession,
		Silent: "a session key is the dealer's key for one agent and user, but the documentation does not say two users or two agents get different keys",
		Text:   "Two users, and two agents where the target knows a second one, SHOULD get different session keys."},

	verdict.Requirement{ID: "PNT-AUTH-01", Level: verdict.MUST, Source: srcAuth, Quote: qAllSent,
		Text: "A request without Authorization MUST be refused, without a session key."},
	verdict.Requirement{ID: "PNT-AUTH-02", Level: verdict.MUST, Source: srcSession, Quote: qMustKey,
		Text: "A request with a wrong secret key MUST be refused, without a session key."},
	verdict.Requirement{ID: "PNT-AUTH-03", Level: verdict.SHOULD, Source: srcAuth + "; " + srcRFC7617,
		Silent: "the page calls the scheme \"HTTP Basic Authentication\", which RFC 7617 encodes as base64(user-id:password), yet its examples send the raw key after Basic; a server that accepts both follows one reading or the other",
		Text:   "A request that sends Basic base64(key:) instead of the raw key SHOULD be refused."},
	verdict.Requirement{ID: "PNT-AUTH-04", Level: verdict.MUST, Source: srcAuth, Quote: "The authentication type is HTTP Basic Authentication.",
		Text: "A request that sends the key as a Bearer token MUST be refused, without a session key."},
	verdict.Requirement{ID: "PNT-AUTH-05", Level: verdict.SHOULD, Source: srcStatus + "; " + srcResult,
		Silent: "401 is documented as \"API anahtarınız yanlış\" and 7 as unauthorized, but no page pairs them with authorization_error for this service",
		Text:   "A refused key SHOULD be answered with HTTP 401, type authorization_error and result_code 7."},
	verdict.Requirement{ID: "PNT-AUTH-06", Level: verdict.MUST, MockOnly: true, Source: srcSession,
		Quote: "Only servers whose IP addresses are defined by Paynet can call this service.",
		Text:  "The mock MUST refuse a client address outside its allow-list with HTTP 403, type authorization_error and result_code 7."},
	verdict.Requirement{ID: "PNT-AUTH-07", Level: verdict.MUST, Source: srcSession, Quote: qMustKey,
		Text: "Only the dealer's secret key, byte for byte, MUST open a session: the key in another case, with a suffix, cut short, or with its first, middle or last character replaced MUST be refused."},
	verdict.Requirement{ID: "PNT-AUTH-08", Level: verdict.MUST, Source: srcPCI, Quote: qPCI,
		Text: "No get_auth_key answer, success or refusal, MUST carry the secret key the request sent, in plain text, base64, hex or URL-encoded."},

	verdict.Requirement{ID: "PNT-INPUT-01", Level: verdict.MUST, Source: srcSession, Quote: `{"name":"PaynetMobile","in":"header","required":true,`,
		Text: "A request without the PaynetMobile header MUST be refused, without a session key."},
	verdict.Requirement{ID: "PNT-INPUT-02", Level: verdict.MUST, Source: srcSession, Quote: "agent_idstringRequired / user_idstringRequired",
		Text: "A request whose agent_id or user_id is missing or empty MUST be refused, without a session key."},
	verdict.Requirement{ID: "PNT-INPUT-03", Level: verdict.SHOULD, Source: srcSession + " (agent_id, user_id are strings)",
		Silent: "both ids are typed string; the documentation does not say a number is refused",
		Text:   "A request whose agent_id or user_id is a JSON number SHOULD be refused."},
	verdict.Requirement{ID: "PNT-INPUT-04", Level: verdict.SHOULD, Source: srcSession + " (Content-Type required, example application/json)",
		Silent: "the client must send Content-Type, with application/json as the example; the documentation does not say another value is refused",
		Text:   "A request whose Content-Type is not application/json SHOULD be refused."},
	verdict.Requirement{ID: "PNT-INPUT-05", Level: verdict.MUST, Source: srcStatus, Quote: q4xx,
		Text: "A request whose body is not well-formed JSON MUST be refused, with a 4xx and without a session key."},
	verdict.Requirement{ID: "PNT-INPUT-06", Level: verdict.SHOULD, Source: srcStatus + "; " + srcResult,
		Silent: "400 is \"İstek Hatası\" and 11 is badrequest, but no page pairs them with invalid_request_error for this service",
		Text:   "A refused request body or header SHOULD be answered with HTTP 400, type invalid_request_error and result_code 11."},
	verdict.Requirement{ID: "PNT-INPUT-07", Level: verdict.MUST, Source: srcResult, Quote: "4 agentnotfound",
		Text: "A request for an agent the server does not know MUST be refused, without a session key."},
	verdict.Requirement{ID: "PNT-INPUT-08", Level: verdict.SHOULD, Source: srcResult + "; " + srcStatus,
		Silent: "4 is agentnotfound and 404 Not Found, but no page pairs them with no_data_error for this service",
		Text:   "An unknown agent SHOULD be answered with HTTP 404, type no_data_error and result_code 4."},
	verdict.Requirement{ID: "PNT-ROBUST-01", Level: verdict.MUST, Source: srcStatus, Quote: q4xx,
		Text: "A malformed get_auth_key MUST NOT be answered with a 5xx, whatever is wrong with it: the error is in what the client sent."},

	// Certification of a client under test (make certify); the certify suite checks these.
	verdict.Requirement{ID: "PNT-CERT-01", Level: verdict.MUST, Source: srcSession,
		Quote: `"PaynetMobileHeader":{"name":"PaynetMobile","in":"header","required":true, ... "ContentTypeHeader":{"name":"Content-Type","in":"header","required":true`,
		Text:  "The client's get_auth_key MUST be a POST to /v1/agent/get_auth_key on base_url, with Content-Type application/json and a PaynetMobile header."},
	verdict.Requirement{ID: "PNT-CERT-02", Level: verdict.MUST, Source: srcAuth, Quote: qAllSent + " / The authentication type is HTTP Basic Authentication.",
		Text: "The client MUST send the dealer's secret key under the Basic scheme (not Bearer, not another key); the scheme may be in any case and followed by one or more spaces, as RFC 9110 reads it."},
	verdict.Requirement{ID: "PNT-CERT-03", Level: verdict.MUST, Source: srcSession, Quote: "agent_idstringRequired / user_idstringRequired",
		Text: "The client's body MUST conform to the contract and carry the case's agent_id and user_id, as strings."},
	verdict.Requirement{ID: "PNT-CERT-04", Level: verdict.MUST, Source: srcProtocol + "; " + srcSession, Quote: qGenerates,
		Text: "On a success the client MUST answer ok:true with output equal, field by field, to the AuthResponse it received (a field sent as null and one left out count alike)."},
	verdict.Requirement{ID: "PNT-CERT-05", Level: verdict.MUST, Source: srcStatus + "; " + srcProtocol,
		Quote: "result_code | Dönüş kodu",
		Text:  "On HTTP 401 with result_code 7 the client MUST answer ok:false with error.code \"7\"."},
	verdict.Requirement{ID: "PNT-CERT-06", Level: verdict.MUST, Source: srcRFC9110,
		Quote: "The 5xx (Server Error) class of status code indicates that the server is aware that it has erred or is incapable of performing the requested method.",
		Text:  "On HTTP 500 with an HTML body the client MUST answer ok:false."},
	verdict.Requirement{ID: "PNT-CERT-07", Level: verdict.MUST, Source: srcStatus, Quote: q200Code,
		Text: "On HTTP 200 with a truncated JSON body, which carries no readable code, the client MUST answer ok:false."},
	verdict.Requirement{ID: "PNT-CERT-08", Level: verdict.SHOULD, Source: "RFC 9110 section 8.3",
		Silent: "Paynet does not say its answers are JSON only when labelled so; reading a body labelled text/html as JSON is risky, not forbidden",
		Text:   "On HTTP 200 with a valid body but Content-Type text/html the client SHOULD answer ok:false."},
	verdict.Requirement{ID: "PNT-CERT-09", Level: verdict.MUST, Source: srcStatus + "; " + srcResult, Quote: q200Code,
		Text: "On HTTP 200 whose body carries a code other than 0 the client MUST answer ok:false with that code as error.code."},
	verdict.Requirement{ID: "PNT-CERT-10", Level: verdict.SHOULD, Source: srcProtocol,
		Silent: "Paynet documents no retry policy; repeating a refused key only repeats the refusal",
		Text:   "A client SHOULD NOT repeat a refused call more than once."},
	verdict.Requirement{ID: "PNT-CERT-11", Level: verdict.SHOULD, Source: srcAuth + "; " + srcRFC7617 + "; RFC 9110 sections 11.1 and 11.4",
		Silent: "the page names HTTP Basic Authentication, which RFC 7617 encodes as base64(user-id:password), but every example sends \"Basic \" and the raw key; a client that sends base64(key:) follows the RFC, and one that writes basic or several spaces follows RFC 9110, but whether Paynet accepts either is not documented",
		Text:   "The client SHOULD send Basic, one space and the raw key, as the documentation's examples do: not base64(key:), not another spelling of the scheme."},
)
