package conform

import "github.com/payconform/payconform/harness/verdict"

// Source addresses the catalogue cites.
const (
	srcAuthDocs   = "https://docs.iyzico.com/en/getting-started/preliminaries/authentication/hmacsha256-auth"
	srcSHA1Docs   = "https://docs.iyzico.com/on-hazirliklar/kimlik-dogrulama/sha1-kimlik-dogrulama"
	srcErrorCodes = "https://docs.iyzico.com/en/add-ons/error-codes"
	srcBinModel   = "iyzipay-java src/main/java/com/iyzipay/model/BinNumber.java"
	srcBinTest    = "iyzipay-java src/test/java/com/iyzipay/functional/BinNumberTest.java"
	srcBinRequest = "iyzipay-java src/main/java/com/iyzipay/request/RetrieveBinNumberRequest.java"
	src1000       = "iyzico/iyzipay-python#85, iyzico/iyzipay-node#17, iyzico/iyzipay-php#48 (errorCode \"1000\" Geçersiz imza on HTTP 200)"
	srcSDKs       = "iyzipay-java IyziAuthV2GeneratorTest.java, iyzipay-node test/unit/UtilsTest.js, iyzipay-php IyziAuthV2GeneratorTest.php"
	srcDesign     = "payconform DESIGN.md section 3 (server targets MUST NOT answer 5xx to client mistakes)"
)

// Requirements is iyzico's catalogue. Every entry has exactly one spec in suites/iyzico whose
// name starts with its ID; suites/iyzico checks that in ReportAfterSuite.
var Requirements = verdict.Register(
	// Known-answer vectors, run offline against the harness's own signer and verifier.
	verdict.Requirement{ID: "IYZ-KAT-01", Level: verdict.MUST, Source: srcSDKs + "; " + srcAuthDocs,
		Text: "The signer MUST reproduce every IYZWSv2 signing vector byte for byte: lowercase_hex(HMAC-SHA256(secretKey, rnd + uriPath + body)) in a standard padded base64 token."},
	verdict.Requirement{ID: "IYZ-KAT-02", Level: verdict.MUST, Source: srcAuthDocs,
		Text: "Header assembly MUST reproduce iyzico's documented Authorization headers from their apiKey, randomKey and signature."},
	verdict.Requirement{ID: "IYZ-KAT-03", Level: verdict.MUST, Source: srcAuthDocs + "; " + srcSHA1Docs,
		Text: "The verifier MUST accept every valid request vector and MUST refuse every invalid one with the expected reason, naming the modelled defect where it can be told."},
	verdict.Requirement{ID: "IYZ-KAT-04", Level: verdict.SHOULD, Source: "iyzipay-node lib/IyzipayResource.js and iyzipay-python iyzipay_resource.py (x-iyzi-rnd = randomKey)",
		Text: "An x-iyzi-rnd header that differs from the randomKey SHOULD be accepted with a warning, since the header is optional and unsigned."},

	// Contract: a correctly signed bin/check.
	verdict.Requirement{ID: "IYZ-CONTRACT-01", Level: verdict.MUST, Source: srcBinModel + "; contracts/iyzico.openapi.yaml",
		Text: "A correctly signed bin/check MUST be answered with HTTP 200, application/json, a body that conforms to the contract, and status \"success\"."},
	verdict.Requirement{ID: "IYZ-CONTRACT-02", Level: verdict.MUST, Source: srcBinModel,
		Text: "A bin/check answer MUST echo the request's conversationId and locale."},
	verdict.Requirement{ID: "IYZ-CONTRACT-03", Level: verdict.MUST, Source: srcBinTest,
		Text: "BIN 554960 MUST be answered as CREDIT_CARD, MASTER_CARD, Bonus, Garanti Bankası, bankCode 62, commercial 0."},
	verdict.Requirement{ID: "IYZ-CONTRACT-04", Level: verdict.MUST, MockOnly: true, Source: "harness/iyzico/wire.go MockBINs (each row cites its source)",
		Text: "The mock MUST answer every BIN in its table with that row's data."},
	verdict.Requirement{ID: "IYZ-CONTRACT-05", Level: verdict.SHOULD, Source: srcBinModel + " (systemTime is a long of epoch milliseconds)",
		Text: "systemTime SHOULD be epoch milliseconds within five minutes of the harness's clock."},

	// Authentication negatives: each MUST NOT succeed and MUST NOT be a 5xx.
	verdict.Requirement{ID: "IYZ-AUTH-01", Level: verdict.MUST, Source: srcAuthDocs,
		Text: "A bin/check without an Authorization header MUST be refused, without a 5xx."},
	verdict.Requirement{ID: "IYZ-AUTH-02", Level: verdict.MUST, Source: srcAuthDocs,
		Text: "A bin/check with an Authorization scheme other than IYZWSv2 MUST be refused, without a 5xx."},
	verdict.Requirement{ID: "IYZ-AUTH-03", Level: verdict.MUST, Source: srcAuthDocs,
		Text: "A bin/check signed for an apiKey the server does not know MUST be refused, without a 5xx."},
	verdict.Requirement{ID: "IYZ-AUTH-04", Level: verdict.MUST, Source: srcAuthDocs,
		Text: "A bin/check signed with the wrong secret key MUST be refused, without a 5xx."},
	verdict.Requirement{ID: "IYZ-AUTH-05", Level: verdict.MUST, Source: srcAuthDocs + " (HMACSHA256(randomKey + uri.path + request.body, secretKey))",
		Text: "A bin/check whose signature leaves out the path (rnd+body) MUST be refused, without a 5xx."},
	verdict.Requirement{ID: "IYZ-AUTH-06", Level: verdict.MUST, Source: srcSHA1Docs,
		Text: "A bin/check with the retired IYZWS (SHA1) scheme MUST be refused, without a 5xx."},
	verdict.Requirement{ID: "IYZ-AUTH-07", Level: verdict.MUST, Source: srcAuthDocs + " (the signature covers request.body)",
		Text: "A bin/check whose signature covers other body bytes than those sent MUST be refused, without a 5xx."},
	verdict.Requirement{ID: "IYZ-AUTH-08", Level: verdict.SHOULD, Source: src1000,
		Text: "A refused signature SHOULD be answered with the failure envelope carrying errorCode \"1000\"."},
	verdict.Requirement{ID: "IYZ-AUTH-09", Level: verdict.SHOULD, Source: "https://docs.iyzico.com/v/en/getting-started/preliminaries/authentication/sample-authentication (uri_path stops at '?')",
		Text: "A request whose target carries a query string, signed over the path alone, SHOULD be accepted."},

	// Input negatives, correctly signed.
	verdict.Requirement{ID: "IYZ-INPUT-01", Level: verdict.MUST, Source: srcBinRequest,
		Text: "A bin/check without binNumber MUST be refused with the failure envelope."},
	verdict.Requirement{ID: "IYZ-INPUT-02", Level: verdict.SHOULD, Source: srcBinRequest + " (binNumber is a String)",
		Text: "A bin/check whose binNumber is a JSON number SHOULD be refused with the failure envelope."},
	verdict.Requirement{ID: "IYZ-INPUT-03", Level: verdict.MUST, Source: srcErrorCodes + " (11 Geçersiz istek)",
		Text: "A bin/check whose body is not well-formed JSON MUST be refused with the failure envelope."},
	verdict.Requirement{ID: "IYZ-INPUT-04", Level: verdict.MUST, Source: srcErrorCodes,
		Text: "A bin/check whose body is JSON but not an object MUST be refused with the failure envelope."},
	verdict.Requirement{ID: "IYZ-INPUT-05", Level: verdict.SHOULD, Source: "RFC 8259 section 8.1 (JSON text exchanged between systems MUST be UTF-8)",
		Text: "A bin/check whose body is not valid UTF-8 SHOULD be refused with the failure envelope."},
	verdict.Requirement{ID: "IYZ-INPUT-06", Level: verdict.SHOULD, NotSandboxSafe: true, Source: "payconform mock limit (1 MiB); no provider document",
		Text: "A bin/check with a body over 1 MiB SHOULD be refused with the failure envelope."},
	verdict.Requirement{ID: "IYZ-INPUT-07", Level: verdict.SHOULD, Source: "contracts/iyzico.openapi.yaml (requestBody content application/json)",
		Text: "A bin/check without a Content-Type header SHOULD be refused with the failure envelope."},
	verdict.Requirement{ID: "IYZ-ROBUST-01", Level: verdict.MUST, Source: srcDesign,
		Text: "A malformed bin/check MUST NOT be answered with a 5xx, whatever is wrong with it."},

	// Certification of a client under test (make certify); the certify suite checks these.
	verdict.Requirement{ID: "IYZ-CERT-01", Level: verdict.MUST, Source: srcSDKs + "; " + srcAuthDocs,
		Text: "The client's iyzico.sign MUST reproduce every signing vector with a known secret, byte for byte."},
	verdict.Requirement{ID: "IYZ-CERT-02", Level: verdict.MUST, Source: srcBinRequest,
		Text: "The client's bin/check MUST be a POST to /payment/bin/check on base_url, with Content-Type application/json."},
	verdict.Requirement{ID: "IYZ-CERT-03", Level: verdict.MUST, Source: srcAuthDocs,
		Text: "The client's bin/check MUST carry a valid IYZWSv2 signature over the exact bytes it sends."},
	verdict.Requirement{ID: "IYZ-CERT-04", Level: verdict.MUST, Source: srcBinRequest + "; contracts/iyzico.openapi.yaml",
		Text: "The client's bin/check body MUST conform to the contract and carry the case's locale, conversationId and binNumber."},
	verdict.Requirement{ID: "IYZ-CERT-05", Level: verdict.MUST, Source: "DESIGN section 1 (a randomKey MUST be fresh for every call)",
		Text: "Every request of the client MUST use a randomKey never seen before in the run."},
	verdict.Requirement{ID: "IYZ-CERT-06", Level: verdict.SHOULD, Source: "iyzipay-node and iyzipay-python (x-iyzi-rnd = randomKey)",
		Text: "x-iyzi-rnd, when the client sends it, SHOULD equal the randomKey."},
	verdict.Requirement{ID: "IYZ-CERT-07", Level: verdict.MUST, Source: "DESIGN section 5 (output equals what the mock sent)",
		Text: "On a success the client MUST answer ok:true with output equal, field by field, to the response it received."},
	verdict.Requirement{ID: "IYZ-CERT-08", Level: verdict.MUST, Source: src1000,
		Text: "On the failure envelope (errorCode \"1000\" on HTTP 200) the client MUST answer ok:false with error.code \"1000\"."},
	verdict.Requirement{ID: "IYZ-CERT-09", Level: verdict.MUST, Source: "DESIGN section 5 (fault cases)",
		Text: "On HTTP 500 with an HTML body the client MUST answer ok:false."},
	verdict.Requirement{ID: "IYZ-CERT-10", Level: verdict.MUST, Source: "DESIGN section 5 (fault cases)",
		Text: "On HTTP 200 with a truncated JSON body the client MUST answer ok:false."},
	verdict.Requirement{ID: "IYZ-CERT-11", Level: verdict.SHOULD, Source: "DESIGN section 5 (fault cases)",
		Text: "On HTTP 200 with a valid body but Content-Type text/html the client SHOULD answer ok:false."},
)
