// Package paynet is the wire side of Paynet's PayPOS App2App session service,
// POST /v1/agent/get_auth_key: the raw-key Authorization header and its verifier, the wire types,
// redaction, and the provider's descriptor. The client, checks, vectors and catalogue are in
// harness/paynet/conform, the mock's routes in harness/paynet/paynetmock.
//
// Sources: the PayPOS OpenAPI document on
// https://docs.iyzico.com/en/products/paypos-app2app/paypos-app2app-integration/create-session and
// Paynet's general pages on doc.paynet.com.tr (authentication, error types, result codes).
package paynet

// GetAuthKeyPath is the operation's path.
const GetAuthKeyPath = "/v1/agent/get_auth_key"

// MobileHeader is the PaynetMobile header ("Indicates a mobile request. Example in the document; 2.").
const MobileHeader = "PaynetMobile"

// AuthRequest is the body of get_auth_key. Both ids are strings.
type AuthRequest struct {
	AgentID string `json:"agent_id"`
	UserID  string `json:"user_id"`
}

// AuthResponse is the 200 answer.
type AuthResponse struct {
	SessionKey   string `json:"session_key,omitempty"`
	ExpiredDate  string `json:"expired_date,omitempty"`
	AgentID      string `json:"agent_id,omitempty"`
	CompanyCode  string `json:"company_code,omitempty"`
	UserID       string `json:"user_id,omitempty"`
	UserUniqueID string `json:"user_unique_id,omitempty"`
	IsOKCInquiry bool   `json:"is_okc_inquiry"`
	ObjectName   string `json:"object_name,omitempty"`
	Code         int    `json:"code"`
	Message      string `json:"message,omitempty"`
}

// ErrorResponse is Paynet's error object for every status but 200
// (https://doc.paynet.com.tr/genel-bilgiler/hata-kodlari/http-status-kodlar).
type ErrorResponse struct {
	Type       string `json:"type"`
	Message    string `json:"message"`
	Code       int    `json:"code"`
	ResultCode int    `json:"result_code"`
}

// Error types (https://doc.paynet.com.tr/genel-bilgiler/hata-kodlari/hata-tipleri).
const (
	TypeAPI           = "api_error"
	TypeInvalidInput  = "invalid_request_error"
	TypeAuthorization = "authorization_error"
	TypeNoData        = "no_data_error"
)

// Result codes (https://doc.paynet.com.tr/genel-bilgiler/hata-kodlari/doenues-kodlari).
const (
	ResultSuccessful    = 0
	ResultUnsuccessful  = 1
	ResultAgentNotFound = 4
	ResultUnauthorized  = 7
	ResultBadRequest    = 11
)
