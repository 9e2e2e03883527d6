package conform_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/payconform/payconform/harness/checks"
	"github.com/payconform/payconform/harness/checks/checkstest"
	"github.com/payconform/payconform/harness/exchange"
	"github.com/payconform/payconform/harness/paywall"
	"github.com/payconform/payconform/harness/paywall/conform"
)

// guid is the documentation's example Token's form (22ae3b5a-8eb0-41cc-88c7-219e25b95441).
var guid = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// FuzzAnswers judges arbitrary temptoken answers with every check the suite makes of one, and
// holds each verdict to what it claims: a success (Result true, ErrorCode 0, a Token) is never a
// refusal too; a refusal's code check passes only the code asked for; a token, expiry, scope or
// Masterpass check that passes saw what it wants.
func FuzzAnswers(f *testing.F) {
	ctx := context.Background()
	code := paywall.CodeUnexpectedParameters
	req := paywall.SdkRequest{ClientCardSave: true, ScopeBased: true, Scope: paywall.Ptr(2), ExpiryMin: 30}
	checkstest.FuzzAnswers(f, conform.Shape, func(t *testing.T, ex *exchange.Exchange) {
		envelope, decodeErr := conform.Decode(ex)
		body, succeeded := conform.Succeeded(ctx, paywall.SdkPath, ex)
		refused := conform.Refused(ex, conform.KeyNotChecked)
		_ = conform.Framing(ctx, paywall.SdkPath, ex)
		if len(succeeded) == 0 {
			if len(refused) == 0 {
				t.Fatalf("HTTP %d %q is both a success and a refusal", ex.Status, ex.Body)
			}
			if decodeErr != nil || !envelope.Result || envelope.ErrorCode != 0 || body.Token == "" || ex.Status >= 500 {
				t.Fatalf("HTTP %d %q passed as a success", ex.Status, ex.Body)
			}
		}
		withCode := conform.RefusedWithCode(ctx, paywall.SdkPath, ex, &code)
		switch {
		case len(refused) != 0 && withCode != nil:
			t.Fatalf("HTTP %d %q: no refusal, yet its code was judged: %v", ex.Status, ex.Body, withCode)
		case len(refused) == 0 && withCode == nil && (decodeErr != nil || envelope.Result || envelope.ErrorCode != code):
			t.Fatalf("HTTP %d %q passed as a refusal with ErrorCode %d", ex.Status, ex.Body, code)
		}
		if conform.TokenIsGUID(body) == nil && !guid.MatchString(body.Token) {
			t.Fatalf("Token %q passed as a GUID", body.Token)
		}
		now := time.Now()
		_ = conform.ExpiryFollows(body, now, 30)
		_ = conform.ExpiryInTurkeyTime(body)
		if expiry, err := conform.ParseExpiry(body.ExpiryDateTime); err == nil && conform.ExpiryNotPast(body, now, 30) == nil && !expiry.After(now) {
			t.Fatalf("ExpiryDateTime %q passed as not past", body.ExpiryDateTime)
		}
		if conform.ScopeEchoed(body, req, true) == nil && (body.Scope == nil || !body.Scope.ClientCardSave || body.Scope.ThreeDSession) {
			t.Fatalf("%q passed as an echo of the scope asked for", ex.Body)
		}
		if conform.MasterpassWhenAsked(ctx, ex) == nil {
			o, _ := checks.ParseObject(ex.Body)
			b, _, _ := o.Object("Body")
			mp, _, _ := b.Object("Masterpass")
			session, _, _ := mp.String("SessionId")
			token, _, _ := mp.String("MasterpassToken")
			if session == "" || token == "" {
				t.Fatalf("%q passed as carrying a Masterpass session", ex.Body)
			}
		}
		if conform.MasterpassOnlyWhenAsked(body) == nil && body.Masterpass != nil {
			t.Fatalf("%q passed as carrying no Masterpass", ex.Body)
		}
		if conform.TokenIDPositive(body) == nil && body.TempTokenID <= 0 {
			t.Fatalf("TempTokenId %d passed as positive", body.TempTokenID)
		}
	},
		`{"ErrorCodeType":1,"ErrorMessage":null,"ErrorCode":0,"Result":true,"Message":"","Body":{"TempTokenId":14533994,"Token":"22ae3b5a-8eb0-41cc-88c7-219e25b95441","ExpiryDateTime":"2024-06-13T22:25:08.0404774+03:00","Scope":{"ClientCardSave":true,"ThreeDSession":false}}}`,
		`{"ErrorCodeType":1,"ErrorMessage":"Unexpected parameters","ErrorCode":2,"Result":false}`,
		`{"Result":"true","Body":{"Token":"t"}}`, `{"Result":false,"Body":{"Token":"t"}}`, `{"Result":true,"ErrorCode":1,"Body":{"Token":"t","Scope":[]}}`,
		`{"Result":false,"ErrorCode":12,"Body":{"Masterpass":{"SessionId":"s","MasterpassToken":null}}}`, `{"Result":true,"Body":{"Token":"t","Masterpass":{"SessionId":null}}}`,
		`{"Result":true,"ErrorCode":0,"Body":{"Token":"t","TempTokenId":1,"ExpiryDateTime":"2099-01-01T00:00:00+03:00","Masterpass":{"SessionId":"s","MasterpassToken":"m"}}}`)
}
