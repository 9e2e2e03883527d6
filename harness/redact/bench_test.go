package redact_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/payconform/payconform/harness/redact"
)

// benchSecrets are four secrets of the kinds a run holds: iyzico's secret key, Paynet's secret
// key, Paywall's two public values.
var benchSecrets = []string{"sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW", "sck_LEAKCANARY-paynet-secret-41d2", "pk_LEAKCANARY-paywall-key-90ab", "pc_LEAKCANARY-paywall-client-77ce"}

// typicalAnswer is a 2 KiB answer as a target writes it: a .NET-style JSON envelope (non-ASCII
// and "+" written as \u escapes), a GUID token, a URL with percent-escapes, a JWT, numbers.
func typicalAnswer() string {
	var b strings.Builder
	b.WriteString(`{"ErrorCodeType":1,"ErrorMessage":"\u0130\u015flem ba\u015far\u0131l\u0131","ErrorCode":0,"Result":true,"Message":"Token olu\u015fturuldu \u002B g\u00f6nderildi","Body":{"Token":"6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f","Expiry":"2026-05-01T12:30:00+03:00",`)
	b.WriteString(`"Callback":"https://merchant.example/return?order=ORD-20260501-000123&amp;status=ok&note=%C3%B6deme%20tamam",`)
	b.WriteString(`"Session":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtZXJjaGFudC00MiIsInNjb3BlIjoicGF5bWVudCIsImV4cCI6MTc3NzYzNzgwMH0.dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZQ",`)
	b.WriteString(`"binNumber":"554960","cardType":"CREDIT_CARD","cardAssociation":"MASTER_CARD","cardFamily":"Bonus","bankName":"Garanti Bankas\u0131","bankCode":62,"commercial":0,`)
	for len(b.String()) < 2000 {
		b.WriteString(`"installmentPrices":[{"installmentNumber":1,"totalPrice":"100.00","installmentPrice":"100.00"},{"installmentNumber":3,"totalPrice":"103.50","installmentPrice":"34.50"}],`)
	}
	b.WriteString(`"systemTime":1777637800123,"conversationId":"123456789"}}`)
	return b.String()
}

// BenchmarkString is the redaction of one typical answer under a run's four secrets.
func BenchmarkString(b *testing.B) {
	r := redact.New(benchSecrets...)
	answer := typicalAnswer()
	b.SetBytes(int64(len(answer)))
	b.ReportAllocs()
	for b.Loop() {
		if r.String(answer) != answer {
			b.Fatal("a clean answer was changed")
		}
	}
}

// BenchmarkEscapeHeavy is the redaction of texts made of one unit repeated, 100 KB and 400 KB
// (an adapter's stderr is read up to 1 MiB, an answer up to 4 MiB): the time grows with the
// length, not its square (a text of a million '%' once copied its prefix per '%'; one of
// "[, " parsed a list from each '['; one of "=\n", "a\n" or "42\n" read the same run once per
// line break).
func BenchmarkEscapeHeavy(b *testing.B) {
	r := redact.New(benchSecrets...)
	for _, unit := range []string{"&#37;", "%41", `%5Cu0025&#37;\u0026`, "%", `\`, "&", "\n", "12 ", "ABCDEFGHIJ ", "[, ", "( ", "=\n", "… ", "00000000: aa\n", "a\n", "42\n", "a\ba"} {
		for _, kb := range []int{100, 400} {
			s := strings.Repeat(unit, kb*1000/len(unit))
			b.Run(fmt.Sprintf("%q/%dKB", unit, kb), func(b *testing.B) {
				b.SetBytes(int64(len(s)))
				for b.Loop() {
					r.String(s)
				}
			})
		}
	}
}
