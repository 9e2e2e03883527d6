package paywall

import (
	"fmt"

	"github.com/payconform/payconform/contracts"
	"github.com/payconform/payconform/harness/provider"
)

// The provider's environment variables.
const (
	EnvBaseURL         = "PAYWALL_BASE_URL"
	EnvAPIKeyPublic    = "PAYWALL_API_KEY_PUBLIC"
	EnvAPIClientPublic = "PAYWALL_API_CLIENT_PUBLIC"
)

// OpTempTokenSdk is the candidate protocol operation.
const OpTempTokenSdk = "paywall.temptoken_sdk"

// Provider is Paywall's descriptor. Its two credentials are "public" in Paywall's words, yet they
// authenticate the merchant, so payconform treats them as secrets.
var Provider = provider.Register(provider.Descriptor{
	Name:   "paywall",
	Prefix: "PWL",
	Title:  "Paywall POST /api/paywall/temptoken/sdk",
	Vars: []provider.Var{
		// paywallone/PayWall.NetCore ServiceCollectionExtensions.cs: PaymentAPI test base.
		{Name: EnvBaseURL, Kind: provider.BaseURL, Sandbox: "https://test-payment-api.itspaywall.com", Doc: "Paywall base URL"},
		{Name: EnvAPIKeyPublic, Kind: provider.Secret, Doc: "the merchant's public key (apikeypublic)",
			Generate: func() string { return "pk_" + provider.RandomHex(16) }},
		{Name: EnvAPIClientPublic, Kind: provider.Secret, Doc: "the merchant's public client (apiclientpublic)",
			Generate: func() string { return "pc_" + provider.RandomHex(16) }},
	},
	ContractFS:        contracts.FS,
	ContractFile:      "paywall.openapi.yaml",
	CredentialHeaders: []string{KeyHeader, ClientHeader, "apikeyprivate", "apiclientprivate"},
	RedactHeader:      func(_, v string) string { return RedactHeader(v) },
	ErrorCodeFields:   []string{"ErrorCode", "ErrorCodeType"},
	Operations: []provider.Operation{
		{Name: OpTempTokenSdk, Network: true, Credentials: map[string]string{"api_key_public": EnvAPIKeyPublic, "api_client_public": EnvAPIClientPublic},
			Doc: "ask POST /api/paywall/temptoken/sdk for a temporary token and report the answer's Body"},
	},
})

// RedactHeader masks a credential header value but keeps its first four characters, so that a
// report shows which key was sent without showing the key.
func RedactHeader(v string) string {
	if len(v) <= 8 {
		return provider.Mask(v)
	}
	return fmt.Sprintf("%s…<masked, %d chars>", v[:4], len(v))
}
