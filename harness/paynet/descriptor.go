package paynet

import (
	"github.com/payconform/payconform/contracts"
	"github.com/payconform/payconform/harness/provider"
)

// The provider's environment variables.
const (
	EnvBaseURL   = "PAYNET_BASE_URL"
	EnvSecretKey = "PAYNET_SECRET_KEY"
	EnvAgentID   = "PAYNET_AGENT_ID"
	EnvUserID    = "PAYNET_USER_ID"
	// A second agent and user, when the target knows them, let PNT-INVARIANT-06 ask whether two
	// of them get two session keys.
	EnvSecondAgentID = "PAYNET_SECOND_AGENT_ID"
	EnvSecondUserID  = "PAYNET_SECOND_USER_ID"
)

// OpGetAuthKey is the candidate protocol operation.
const OpGetAuthKey = "paynet.get_auth_key"

// Provider is Paynet's descriptor.
var Provider = provider.Register(provider.Descriptor{
	Name:   "paynet",
	Prefix: "PNT",
	Title:  "Paynet PayPOS App2App, POST /v1/agent/get_auth_key",
	Vars: []provider.Var{
		// Servers of the PayPOS OpenAPI document: sandbox https://pts-api.paynet.com.tr.
		{Name: EnvBaseURL, Kind: provider.BaseURL, Sandbox: "https://pts-api.paynet.com.tr", Doc: "Paynet base URL"},
		{Name: EnvSecretKey, Kind: provider.Secret, Doc: "the dealer's secret key, sent raw after Basic",
			Generate: func() string { return "sck_" + provider.RandomHex(16) }},
		{Name: EnvAgentID, Kind: provider.Identifier, Doc: "the agent to ask a session key for",
			Generate: func() string { return provider.RandomDigits(6) }},
		{Name: EnvUserID, Kind: provider.Identifier, Doc: "the user to ask a session key for",
			Generate: func() string { return "payconform-user-" + provider.RandomHex(4) }},
		{Name: EnvSecondAgentID, Kind: provider.Identifier, Optional: true, Doc: "a second agent of the same dealer (optional: PNT-INVARIANT-06)",
			Generate: func() string { return provider.RandomDigits(7) }},
		{Name: EnvSecondUserID, Kind: provider.Identifier, Optional: true, Doc: "a second user of the agent (optional: PNT-INVARIANT-06)",
			Generate: func() string { return "payconform-user-" + provider.RandomHex(5) }},
	},
	ContractFS:        contracts.FS,
	ContractFile:      "paynet.openapi.json",
	CredentialHeaders: []string{"Authorization"},
	RedactHeader:      func(_, v string) string { return RedactAuthorization(v) },
	ErrorCodeFields:   []string{"code", "result_code", "type"},
	Operations: []provider.Operation{
		{Name: OpGetAuthKey, Network: true, Credentials: map[string]string{"secret_key": EnvSecretKey},
			Doc: "ask POST /v1/agent/get_auth_key for a session key and report the answer"},
	},
})
