package iyzico

import (
	"github.com/payconform/payconform/contracts"
	"github.com/payconform/payconform/harness/provider"
)

// The provider's environment variables.
const (
	EnvBaseURL   = "IYZICO_BASE_URL"
	EnvAPIKey    = "IYZICO_API_KEY"
	EnvSecretKey = "IYZICO_SECRET_KEY"
	// A second merchant, when the target knows one, lets IYZ-AUTH-15 send one merchant's apiKey
	// signed with the other's secret.
	EnvSecondAPIKey    = "IYZICO_SECOND_API_KEY"
	EnvSecondSecretKey = "IYZICO_SECOND_SECRET_KEY"
)

// Candidate protocol operations.
const (
	OpSign     = "iyzico.sign"
	OpBinCheck = "iyzico.bin_check"
)

// Provider is iyzico's descriptor.
var Provider = provider.Register(provider.Descriptor{
	Name:   "iyzico",
	Prefix: "IYZ",
	Title:  "iyzico IYZWSv2 request signing, POST /payment/bin/check",
	Vars: []provider.Var{
		// Sandbox: iyzipay-java README and BaseTest, iyzipay-php samples/config.php.
		{Name: EnvBaseURL, Kind: provider.BaseURL, Sandbox: "https://sandbox-api.iyzipay.com", Doc: "iyzico base URL"},
		{Name: EnvAPIKey, Kind: provider.Identifier, Doc: "the merchant's apiKey (it travels in every token, so it is not secret)",
			Generate: func() string { return "sandbox-payconform-" + provider.RandomHex(12) }},
		{Name: EnvSecretKey, Kind: provider.Secret, Doc: "the merchant's secretKey, the HMAC key",
			Generate: func() string { return provider.RandomHex(24) }},
		{Name: EnvSecondAPIKey, Kind: provider.Identifier, Optional: true, Doc: "a second merchant's apiKey on the same server (optional: IYZ-AUTH-15)",
			Generate: func() string { return "sandbox-payconform-second-" + provider.RandomHex(12) }},
		{Name: EnvSecondSecretKey, Kind: provider.Secret, Optional: true, Doc: "the second merchant's secretKey (optional: IYZ-AUTH-15)",
			Generate: func() string { return provider.RandomHex(24) }},
	},
	ContractFS:        contracts.FS,
	ContractFile:      "iyzico.openapi.yaml",
	CredentialHeaders: []string{"Authorization"},
	RedactHeader:      func(_, v string) string { return RedactAuthorization(v) },
	Resign:            &provider.Resign{Command: `payconform sign iyzico -path {path} -body "$BODY"`, Headers: []string{"Authorization", RndHeader, "Content-Type"}, Note: "an IYZWSv2 signature binds a fresh random key and cannot be replayed: payconform sign iyzico signs the request again with IYZICO_API_KEY and IYZICO_SECRET_KEY, so a probe whose signature was broken on purpose is sent correctly signed"},
	ErrorCodeFields:   []string{"errorCode"},
	Operations: []provider.Operation{
		{Name: OpSign, Credentials: map[string]string{"api_key": EnvAPIKey, "secret_key": EnvSecretKey},
			Doc: "compute the IYZWSv2 Authorization header for {random_key, path, body}"},
		{Name: OpBinCheck, Network: true, Credentials: map[string]string{"api_key": EnvAPIKey, "secret_key": EnvSecretKey},
			Doc: "send a signed POST /payment/bin/check and report the answer"},
	},
})
