package shape_test

import (
	"testing"

	"github.com/payconform/payconform/harness/shape"
)

func BenchmarkOf(b *testing.B) {
	e := answer(200, "application/json; charset=utf-8", `{"status":"success","locale":"tr","systemTime":1795451871993,"conversationId":"readme-1","binNumber":"554960","cardType":"CREDIT_CARD","cardAssociation":"MASTER_CARD","cardFamily":"Bonus","bankName":"Garanti Bankası","bankCode":62,"commercial":0}`)
	for b.Loop() {
		shape.Of(e, []string{"errorCode"}, nil)
	}
}
