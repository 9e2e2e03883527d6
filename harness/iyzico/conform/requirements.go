package conform

import "github.com/payconform/payconform/harness/verdict"

// Source addresses the catalogue cites. Quotes are verbatim, from the page or file named.
const (
	srcAuthDocs    = "https://docs.iyzico.com/en/getting-started/preliminaries/authentication/hmacsha256-auth"
	srcSampleAuth  = "https://docs.iyzico.com/v/en/getting-started/preliminaries/authentication/sample-authentication"
	srcSHA256Docs  = "https://docs.iyzico.com/v/en/getting-started/preliminaries/authentication/sha256-authentication"
	srcSHA1Docs    = "https://docs.iyzico.com/en/getting-started/preliminaries/authentication/sha1-authentication"
	srcBinService  = "https://docs.iyzico.com/ek-servisler/taksit-ve-bin-sorgulama (the BIN and installment services' answer parameters)"
	srcBinModel    = "iyzipay-java src/main/java/com/iyzipay/model/BinNumber.java"
	srcBinTest     = "iyzipay-java src/test/java/com/iyzipay/functional/BinNumberTest.java (run against the sandbox)"
	srcErrorCodes  = "https://docs.iyzico.com/en/add-ons/error-codes"
	srcSDKs        = "iyzipay-java IyziAuthV2GeneratorTest.java, iyzipay-node test/unit/UtilsTest.js, iyzipay-php IyziAuthV2GeneratorTest.php"
	srcRFC3986     = "RFC 3986 section 3.3"
	srcRFC4648     = "RFC 4648 section 3.2"
	srcRFC8259     = "RFC 8259 section 8.1"
	srcRFC9110     = "RFC 9110 section 15.6"
	srcPCI         = "PCI DSS v4.0.1 Requirement 8.3.2"
	srcProtocol    = "docs/candidate-protocol.md (payconform's adapter protocol)"
	srcGenerator   = "iyzipay-java src/main/java/com/iyzipay/IyziAuthV2Generator.java"
	srcRFC9110Auth = "RFC 9110 sections 11.1 and 11.4"

	qFormula  = "HMACSHA256(randomKey + uri.path + request.body, secretKey)"
	qHeader   = `"Authorization": "IYZWSv2"+" "+"base64EncodedAuthorization"`
	qAuthReq  = "To access our API securely, authentication is required."
	qLayout   = `String input = "apiKey:" + apiKey + "&randomKey:" + randomString + "&signature:" + getHmacSHA256Signature(path, secretKey, randomString, request);`
	qAPIKey   = "apiKey: Your unique API key assigned to your account."
	qSecret   = "secretKey: Your secret key associated with your account."
	qStatus   = "status: Yapılan isteğin sonucunu bildirir. İşlem başarılı ise success, hatalı ise failure döner."
	qEcho     = `assertEquals("123456789", binNumber.getConversationId());`
	qPCI      = "Strong cryptography is used to render all authentication factors unreadable during transmission and storage on all system components."
	qServer5x = "The 5xx (Server Error) class of status code indicates that the server is aware that it has erred or is incapable of performing the requested method."
)

// Requirements is iyzico's catalogue. Every entry has exactly one spec, in suites/iyzico or (the
// CERT entries) in the certification suite, whose name starts with its ID.
var Requirements = verdict.Register(
	// Known-answer vectors, run offline against the harness's own signer and verifier.
	verdict.Requirement{ID: "IYZ-KAT-01", Level: verdict.MUST, Source: srcAuthDocs + "; " + srcSDKs, Quote: qFormula,
		Text: "The signer MUST reproduce every IYZWSv2 signing vector byte for byte: lowercase_hex(HMAC-SHA256(secretKey, rnd + uriPath + body)) in a standard padded base64 token."},
	verdict.Requirement{ID: "IYZ-KAT-02", Level: verdict.MUST, Source: srcAuthDocs, Quote: qHeader,
		Text: "Header assembly MUST reproduce iyzico's documented Authorization headers from their apiKey, randomKey and signature."},
	verdict.Requirement{ID: "IYZ-KAT-03", Level: verdict.MUST, Source: srcAuthDocs + "; " + srcSHA1Docs, Quote: qFormula,
		Text: "The verifier MUST accept every valid request vector and MUST refuse every invalid one with the expected reason, naming the modelled defect where it can be told."},
	verdict.Requirement{ID: "IYZ-KAT-04", Level: verdict.SHOULD, Source: srcAuthDocs,
		Silent: "the page says x-iyzi-rnd \"used to be random key from previous SHA1 Authentication\" and that the randomKey may be it or any random value; it does not say a different x-iyzi-rnd is refused",
		Text:   "An x-iyzi-rnd header that differs from the randomKey SHOULD be accepted with a warning, since the header is optional and unsigned."},

	// Contract: a correctly signed bin/check.
	verdict.Requirement{ID: "IYZ-CONTRACT-01", Level: verdict.MUST, Source: srcBinTest + "; " + srcBinModel,
		Quote: "assertEquals(Status.SUCCESS.getValue(), binNumber.getStatus()); ... assertNull(binNumber.getErrorCode()); ... private Long bankCode; private Integer commercial;",
		Text:  "A correctly signed bin/check MUST be answered with a JSON object with status \"success\", every field the SDK's sandbox test reads, each of a type the SDK reads into its field (a Long or Integer from a number or a string of digits, as Gson does), and no errorCode, errorMessage or errorGroup."},
	verdict.Requirement{ID: "IYZ-CONTRACT-02", Level: verdict.MUST, Source: srcBinTest + "; " + srcBinService,
		Quote: qEcho + " / conversationId: İstek esnasında gönderilmişse, sonuçta aynen geri iletilir.",
		Text:  "A bin/check answer MUST echo the request's conversationId and locale."},
	verdict.Requirement{ID: "IYZ-CONTRACT-03", Level: verdict.MUST, ProviderData: true, Source: srcBinTest,
		Quote: `assertEquals("Bonus", binNumber.getCardFamily()); assertEquals("Garanti Bankası", binNumber.getBankName()); assertEquals(new Long(62), binNumber.getBankCode());`,
		Text:  "BIN 554960 MUST be answered as CREDIT_CARD, MASTER_CARD, Bonus, Garanti Bankası, bankCode 62, commercial 0."},
	verdict.Requirement{ID: "IYZ-CONTRACT-04", Level: verdict.MUST, MockOnly: true, Source: "harness/iyzico/wire.go MockBINs; iyzipay-php tests/Iyzipay/Tests/mock/retrieve-bin-number.json",
		Quote: `"binNumber":"454671","cardType":"CREDIT_CARD","cardAssociation":"VISA","cardFamily":"Ziraat Bankası CC","bankName":"Ziraat Bankası","bankCode":10,"commercial":1`,
		Text:  "The mock MUST answer every BIN in its table with that row's data, as each row's source gives it."},
	verdict.Requirement{ID: "IYZ-CONTRACT-05", Level: verdict.SHOULD, Source: srcBinModel + "; " + srcBinService,
		Silent: "systemTime is \"the current unix timestamp\" of the answer, with no unit stated; the SDKs read it as a long",
		Text:   "systemTime SHOULD be epoch milliseconds within five minutes of the harness's clock."},
	verdict.Requirement{ID: "IYZ-CONTRACT-06", Level: verdict.SHOULD, Source: srcAuthDocs + " (its example request and answer)",
		Silent: "iyzico documents neither the HTTP status nor the media type of bin/check's answer; its SDKs parse the body whatever they are",
		Text:   "A bin/check answer SHOULD come with HTTP 200 and Content-Type application/json, as every iyzico example does."},
	verdict.Requirement{ID: "IYZ-CONTRACT-07", Level: verdict.SHOULD, Source: srcAuthDocs + " (its example answer); " + srcBinModel,
		Silent: "iyzico's example answers write systemTime, bankCode and commercial as JSON numbers, but no sentence requires it, and the SDK reads a quoted number into its Long and Integer fields (Gson's JsonReader.nextLong parses a string)",
		Text:   "systemTime, bankCode and commercial SHOULD be JSON numbers, not strings of digits, as iyzico's examples write them."},

	// Authentication: each request a server must refuse. A refusal is recognised, never assumed.
	verdict.Requirement{ID: "IYZ-AUTH-01", Level: verdict.MUST, Source: srcAuthDocs, Quote: qAuthReq,
		Text: "A bin/check without an Authorization header MUST be refused."},
	verdict.Requirement{ID: "IYZ-AUTH-02", Level: verdict.MUST, Source: srcAuthDocs, Quote: qHeader,
		Text: "A bin/check whose Authorization is not \"IYZWSv2\", one space and the token (another scheme, no space) MUST be refused."},
	verdict.Requirement{ID: "IYZ-AUTH-03", Level: verdict.MUST, Source: srcAuthDocs, Quote: qAPIKey,
		Text: "A bin/check signed for an apiKey the server does not know MUST be refused, the merchant's apiKey with one character replaced included."},
	verdict.Requirement{ID: "IYZ-AUTH-04", Level: verdict.MUST, Source: srcAuthDocs, Quote: qFormula,
		Text: "A bin/check whose signature is not that HMAC MUST be refused: signed with the wrong secret or with the secret one character off, one hex digit off at its start, middle or end, cut to its first half, or under a randomKey that has just verified."},
	verdict.Requirement{ID: "IYZ-AUTH-05", Level: verdict.MUST, Source: srcAuthDocs, Quote: qFormula,
		Text: "A bin/check whose signature leaves out the path (rnd+body) MUST be refused."},
	verdict.Requirement{ID: "IYZ-AUTH-06", Level: verdict.MUST, Source: srcSHA1Docs,
		Quote: "Please be informed that SHA1 Authentication will no longer be supported after November 31st, 2024.",
		Text:  "A bin/check with the retired IYZWS (SHA1) scheme MUST be refused."},
	verdict.Requirement{ID: "IYZ-AUTH-07", Level: verdict.MUST, Source: srcAuthDocs, Quote: qFormula,
		Text: "A bin/check whose signature covers other body bytes than those sent MUST be refused: a body changed or padded with bytes JSON ignores after signing, or the signature another body just verified with."},
	verdict.Requirement{ID: "IYZ-AUTH-08", Level: verdict.SHOULD, Source: "iyzico/iyzipay-python#85, iyzico/iyzipay-node#17, iyzico/iyzipay-php#48",
		Silent: "iyzico documents no error code for a refused signature; errorCode \"1000\" Geçersiz imza on HTTP 200 is what SDK users report",
		Text:   "A refused signature SHOULD be answered with the failure envelope carrying errorCode \"1000\"."},
	verdict.Requirement{ID: "IYZ-AUTH-09", Level: verdict.SHOULD, Source: srcSampleAuth,
		Silent: "the documentation does not say whether bin/check takes a query string at all",
		Text:   "A request whose target carries a query string, signed over the path alone, SHOULD be accepted."},
	verdict.Requirement{ID: "IYZ-AUTH-10", Level: verdict.MUST, Source: srcSampleAuth,
		Quote: "By using your API Key, generated random key and the data that encrypted, authorizaton string is created.",
		Text:  "A bin/check whose token lacks apiKey, randomKey or signature, or carries one empty, MUST be refused."},
	verdict.Requirement{ID: "IYZ-AUTH-11", Level: verdict.MUST, Source: srcRFC3986 + "; " + srcAuthDocs,
		Quote: "The path is terminated by the first question mark (\"?\") or number sign (\"#\") character, or by the end of the URI. / " + qFormula,
		Text:  "A bin/check whose signature covers the path with its query string MUST be refused."},
	verdict.Requirement{ID: "IYZ-AUTH-12", Level: verdict.SHOULD, Source: srcAuthDocs + " (its example signature 079df4b2…)",
		Silent: "the documentation's example signature is lower-case hex and every official SDK writes lower case, but no page says another case is refused",
		Text:   "A bin/check whose signature is the right HMAC in upper-case hex SHOULD be refused."},
	verdict.Requirement{ID: "IYZ-AUTH-13", Level: verdict.SHOULD, Source: srcSampleAuth + "; " + srcRFC4648,
		Silent: "the page says the token is encoded \"by using Base64\"; RFC 4648 obliges encoders to pad, but says nothing of what a decoder may accept",
		Text:   "A bin/check whose token is URL-safe or unpadded base64 SHOULD be refused."},
	verdict.Requirement{ID: "IYZ-AUTH-14", Level: verdict.MUST, Source: srcPCI, Quote: qPCI,
		Text: "No bin/check answer, success or refusal, MUST carry the merchant's secret key, in plain text, base64, hex or URL-encoded."},
	verdict.Requirement{ID: "IYZ-AUTH-15", Level: verdict.MUST, Source: srcAuthDocs, Quote: qFormula + " / " + qSecret,
		Text: "A bin/check that names one merchant's apiKey MUST be refused unless it is signed with that merchant's own secret key: another merchant's, in either direction, or a near miss of its own (judged when the target names a second merchant)."},
	verdict.Requirement{ID: "IYZ-AUTH-16", Level: verdict.MUST, Source: srcAuthDocs, Quote: qAuthReq + " / " + qFormula,
		Text: "No refusal MUST disclose the signature the server expected, or another HMAC under the merchant's secret key: with an apiKey alone, anyone could then sign any request."},

	// Input negatives, correctly signed.
	verdict.Requirement{ID: "IYZ-INPUT-01", Level: verdict.MUST, Source: srcBinModel + "; " + srcBinService, Quote: qStatus,
		Text: "A bin/check without binNumber MUST be refused: there is no BIN to answer for."},
	verdict.Requirement{ID: "IYZ-INPUT-02", Level: verdict.SHOULD, Source: "iyzipay-java RetrieveBinNumberRequest (binNumber is a String)",
		Silent: "the SDKs send binNumber as a string; no page says a number is refused",
		Text:   "A bin/check whose binNumber is a JSON number SHOULD be refused."},
	verdict.Requirement{ID: "IYZ-INPUT-03", Level: verdict.MUST, Source: srcRFC8259 + "; " + srcBinService,
		Quote: "JSON text exchanged between systems that are not part of a closed ecosystem MUST be encoded using UTF-8 [RFC3629]. / " + qStatus,
		Text:  "A bin/check whose body is not well-formed JSON MUST be refused."},
	verdict.Requirement{ID: "IYZ-INPUT-04", Level: verdict.MUST, Source: srcBinModel + "; " + srcBinService, Quote: qStatus,
		Text: "A bin/check whose body is JSON but not an object MUST be refused."},
	verdict.Requirement{ID: "IYZ-INPUT-05", Level: verdict.SHOULD, Source: srcRFC8259,
		Silent: "RFC 8259 obliges the sender to use UTF-8; neither it nor iyzico says what a receiver does with other bytes",
		Text:   "A bin/check whose body is not valid UTF-8 SHOULD be refused."},
	verdict.Requirement{ID: "IYZ-INPUT-06", Level: verdict.SHOULD, NotSandboxSafe: true, Source: "payconform's mock limit (1 MiB)",
		Silent: "iyzico documents no body size limit",
		Text:   "A bin/check with a body over 1 MiB SHOULD be refused."},
	verdict.Requirement{ID: "IYZ-INPUT-07", Level: verdict.SHOULD, Source: srcAuthDocs + " (its example request carries Content-Type: application/json)",
		Silent: "the example request sends Content-Type application/json; no page says a request without it is refused",
		Text:   "A bin/check without a Content-Type header SHOULD be refused."},
	verdict.Requirement{ID: "IYZ-INPUT-08", Level: verdict.SHOULD, Source: srcErrorCodes + "; iyzipay-php tests/Iyzipay/Tests/mock/retrieve-bin-number.json",
		Silent: "iyzico's answers carry errorCode as a string (\"1000\"), but the PHP SDK's own fixture writes the number 10000, and the error-code table gives 11 for an invalid request without saying it is always used",
		Text:   "A refused bin/check SHOULD be iyzico's failure envelope: status failure, a string errorCode (11 for invalid input) and an errorMessage."},
	verdict.Requirement{ID: "IYZ-ROBUST-01", Level: verdict.SHOULD, Source: srcRFC9110,
		Silent: "iyzico does not say how it answers malformed requests; RFC 9110 reserves 5xx for the server's own errors but sets no obligation",
		Text:   "A malformed bin/check SHOULD NOT be answered with a 5xx, whatever is wrong with it."},

	// Certification of a client under test (make certify); the certify suite checks these.
	verdict.Requirement{ID: "IYZ-CERT-01", Level: verdict.MUST, Source: srcAuthDocs + "; " + srcSDKs + "; " + srcRFC4648,
		Quote: qFormula + " / " + qHeader + " / Implementations MUST include appropriate pad characters at the end of encoded data unless the specification referring to this document explicitly states otherwise.",
		Text:  "The client's iyzico.sign MUST reproduce every signing vector with a known secret, byte for byte, lower-case hex and padded standard base64 included."},
	verdict.Requirement{ID: "IYZ-CERT-02", Level: verdict.MUST, Source: srcBinModel,
		Quote: `.post(options.getBaseUrl() + "/payment/bin/check",`,
		Text:  "The client's bin/check MUST be a POST to /payment/bin/check on base_url."},
	verdict.Requirement{ID: "IYZ-CERT-03", Level: verdict.MUST, Source: srcAuthDocs + "; " + srcGenerator, Quote: qFormula + " / " + qLayout,
		Text: "The client's bin/check MUST carry a valid IYZWSv2 signature over the exact bytes it sends, in a token of the documented layout: apiKey, randomKey and signature, in that order."},
	verdict.Requirement{ID: "IYZ-CERT-04", Level: verdict.MUST, Source: srcBinService + "; contracts/iyzico.openapi.yaml",
		Quote: "locale: İstekte belirtilen locale değeri geri dönülür, varsayılan değeri trdir.",
		Text:  "The client's bin/check body MUST conform to the contract and carry the case's binNumber, conversationId and locale (a locale of tr, the default, may be left out)."},
	verdict.Requirement{ID: "IYZ-CERT-05", Level: verdict.MUST, Source: srcSHA256Docs,
		Quote: "random-key-123 : A randomly generated number included in the request header for each API call",
		Text:  "Every request of the client MUST use a randomKey never seen before in the run."},
	verdict.Requirement{ID: "IYZ-CERT-06", Level: verdict.SHOULD, Source: "iyzipay-node and iyzipay-python (x-iyzi-rnd = randomKey)",
		Silent: "the page calls x-iyzi-rnd the former random key; the SDKs that still send it send the randomKey, but no page says it must match",
		Text:   "x-iyzi-rnd, when the client sends it, SHOULD equal the randomKey."},
	verdict.Requirement{ID: "IYZ-CERT-07", Level: verdict.MUST, Source: srcProtocol + "; " + srcBinTest, Quote: qEcho,
		Text: "On a success the client MUST answer ok:true with output equal, field by field, to the response it received (a field sent as null and one left out count alike)."},
	verdict.Requirement{ID: "IYZ-CERT-08", Level: verdict.MUST, Source: srcBinService + "; " + srcProtocol, Quote: qStatus,
		Text: "On the failure envelope (status failure, errorCode \"1000\", on HTTP 200) the client MUST answer ok:false with error.code \"1000\"."},
	verdict.Requirement{ID: "IYZ-CERT-09", Level: verdict.MUST, Source: srcRFC9110, Quote: qServer5x,
		Text: "On HTTP 500 with an HTML body the client MUST answer ok:false."},
	verdict.Requirement{ID: "IYZ-CERT-10", Level: verdict.MUST, Source: srcBinService, Quote: qStatus,
		Text: "On HTTP 200 with a truncated JSON body, which carries no readable status, the client MUST answer ok:false."},
	verdict.Requirement{ID: "IYZ-CERT-11", Level: verdict.SHOULD, Source: "RFC 9110 section 8.3",
		Silent: "iyzico does not say its answers are JSON only when labelled so; reading a body labelled text/html as JSON is risky, not forbidden",
		Text:   "On HTTP 200 with a valid body but Content-Type text/html the client SHOULD answer ok:false."},
	verdict.Requirement{ID: "IYZ-CERT-12", Level: verdict.SHOULD, Source: srcProtocol,
		Silent: "iyzico documents no retry policy; repeating a refused signature only repeats the refusal",
		Text:   "A client SHOULD NOT repeat a refused call more than once."},
	verdict.Requirement{ID: "IYZ-CERT-13", Level: verdict.SHOULD, Source: srcAuthDocs + " (its example request header)",
		Silent: "the example request carries Content-Type: application/json, but no sentence requires it; IYZ-INPUT-07 asks a server the same at SHOULD level",
		Text:   "The client's bin/check SHOULD carry Content-Type application/json, as the example request does."},
	verdict.Requirement{ID: "IYZ-CERT-14", Level: verdict.SHOULD, Source: srcAuthDocs + "; " + srcRFC9110Auth,
		Silent: "the page says \"In between IYZWSv2 and base64EncodedAuthorization there is a single line space\", while RFC 9110 reads the scheme case-insensitively and allows one or more spaces, so a server that parses as the RFC says accepts the other spellings",
		Text:   "The client SHOULD write the scheme as IYZWSv2 followed by a single space, as the page does."},
)
