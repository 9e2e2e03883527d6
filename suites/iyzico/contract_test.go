package iyzico_test

import (
	"context"
	"time"

	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
)

// documentedRequest asks for the BIN iyzico's Java SDK documents. CONTRACT-01, -03 and -05 judge
// the same answer, so a sandbox is asked once.
var documentedRequest = iyzico.BinCheckRequest{Locale: "tr", ConversationID: "payconform-contract-01", BinNumber: iyzico.DocumentedBIN.BinNumber}

// documented sends documentedRequest once per run. client() runs first, so that a target
// without credentials skips every caller.
func documented() (*exchange.Exchange, error) {
	c := client()
	return conformance.SendOnce("iyzico documented request", func() (*exchange.Exchange, error) {
		return c.BinCheck(context.Background(), documentedRequest)
	})
}

var _ = Describe("bin/check contract", func() {
	/*
	   Requirement: a signed bin/check for 554960 gets a success the SDK can read: status
	   success, the fields its sandbox test asserts, their SDK types, no error field.
	   Source: iyzipay-java BinNumberTest (sandbox) and model/BinNumber.java; contracts/iyzico.openapi.yaml.
	*/
	contract01 := conformance.Require("IYZ-CONTRACT-01")
	contract01.It(func(ctx SpecContext) {
		ex, err := documented()
		contract01.Reached(err)
		_, problems := conform.Succeeded(ctx, ex)
		contract01.Judge(checks.Noted(ex, problems)...)
	})

	/*
	   Requirement: HTTP 200 and application/json, as iyzico's examples show, and no byte order
	   mark before the JSON (RFC 8259 section 8.1; a parser may ignore one, so payconform reads
	   past it). SHOULD: the documentation states neither, and the SDKs parse the body whatever
	   they are.
	   Source: the hmacsha256-auth page's example request and answer.
	*/
	contract06 := conformance.Require("IYZ-CONTRACT-06")
	contract06.It(func(ctx SpecContext) {
		ex, err := documented()
		contract06.Reached(err)
		contract06.Judge(checks.Noted(ex, append(conform.Framing(ctx, ex), checks.BOM(ex)...))...)
	})

	/*
	   Requirement: systemTime, bankCode and commercial as JSON numbers, as iyzico's examples
	   write them. SHOULD: no sentence requires it, and the SDK reads a string of digits into
	   its Long and Integer fields (Gson's nextLong parses one).
	   Source: the hmacsha256-auth page's example answer; iyzipay-java model/BinNumber.java.
	*/
	contract07 := conformance.Require("IYZ-CONTRACT-07")
	contract07.It(func(ctx SpecContext) {
		ex, err := documented()
		contract07.Reached(err)
		_, problems := conform.Answered(ex)
		contract07.Given(checks.Noted(ex, problems), "IYZ-CONTRACT-01")
		contract07.Judge(checks.Noted(ex, conform.QuotedNumbers(ex))...)
	})

	/*
	   Requirement: conversationId and locale come back as sent, in both locales.
	   Source: iyzipay-java BinNumberTest (assertEquals("123456789", binNumber.getConversationId())).
	*/
	contract02 := conformance.Require("IYZ-CONTRACT-02")
	conformance.Table(contract02, func(ctx SpecContext, req iyzico.BinCheckRequest) {
		ex, err := client().BinCheck(ctx, req)
		contract02.Reached(err)
		resp, problems := conform.Answered(ex)
		contract02.Given(checks.Noted(ex, problems), "IYZ-CONTRACT-01")
		contract02.Judge(checks.Noted(ex, conform.Echoes(resp, req))...)
	},
		Entry("locale tr", iyzico.BinCheckRequest{Locale: "tr", ConversationID: "payconform-echo-tr", BinNumber: "554960"}),
		Entry("locale en, Turkish letters and JSON-escaped characters in conversationId", iyzico.BinCheckRequest{Locale: "en", ConversationID: "çğıöşü-ÇĞİÖŞÜ </&>", BinNumber: "554960"}),
		// A server that keeps only the first 24 characters passes the two above (red team,
		// 2026-12-02); merchants commonly send a UUID.
		Entry("a conversationId as long as a UUID", iyzico.BinCheckRequest{Locale: "tr", ConversationID: "6f1c2a9e-3b7d-4e58-9a0c-d2e4f6a8b1c3", BinNumber: "554960"}),
	)

	/*
	   Requirement: 554960 is a Garanti Bonus MasterCard credit card (bankCode 62, commercial 0).
	   Source: iyzipay-java src/test/java/com/iyzipay/functional/BinNumberTest.java (sandbox).
	*/
	contract03 := conformance.Require("IYZ-CONTRACT-03")
	contract03.It(func(ctx SpecContext) {
		ex, err := documented()
		contract03.Reached(err)
		resp, problems := conform.Answered(ex)
		contract03.Given(checks.Noted(ex, problems), "IYZ-CONTRACT-01")
		contract03.Judge(checks.Noted(ex, conform.MatchesBIN(resp, iyzico.DocumentedBIN))...)
	})

	/*
	   Requirement: the mock's other BIN rows come back as tabled. Mock only: a real server's
	   data may differ.
	   Source: each row of harness/iyzico/wire.go MockBINs names its own.
	*/
	contract04 := conformance.Require("IYZ-CONTRACT-04")
	var rows []TableEntry
	for _, b := range iyzico.MockBINs {
		rows = append(rows, Entry(b.BinNumber+" "+b.BankName+" ("+b.Source+")", b))
	}
	conformance.Table(contract04, func(ctx SpecContext, bin iyzico.BIN) {
		ex, err := client().BinCheck(ctx, iyzico.BinCheckRequest{Locale: "tr", ConversationID: "payconform-table", BinNumber: bin.BinNumber})
		contract04.Reached(err)
		resp, problems := conform.Answered(ex)
		contract04.Given(checks.Noted(ex, problems), "IYZ-CONTRACT-01")
		contract04.Judge(checks.Noted(ex, conform.MatchesBIN(resp, bin))...)
	}, rows...)

	/*
	   Requirement: systemTime is epoch milliseconds near the harness's clock. SHOULD: clocks drift,
	   and iyzico documents the unit only through its SDKs' long field.
	   Source: iyzipay-java model (systemTime long); the BIN service page ("unix timestamp").
	*/
	contract05 := conformance.Require("IYZ-CONTRACT-05")
	contract05.It(func(ctx SpecContext) {
		ex, err := documented()
		contract05.Reached(err)
		resp, problems := conform.Answered(ex)
		contract05.Given(checks.Noted(ex, problems), "IYZ-CONTRACT-01")
		contract05.Judge(checks.Noted(ex, conform.SystemTimeFresh(resp, time.Now(), 5*time.Minute))...)
	})
})
