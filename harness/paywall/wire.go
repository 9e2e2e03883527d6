// Package paywall is the wire side of Paywall's temporary-token service,
// POST /api/paywall/temptoken/sdk (and the plain /api/paywall/temptoken): the header credentials
// and their redaction, the wire types, case-insensitive property names, and the provider's
// descriptor. The client, checks, vectors and catalogue are in harness/paywall/conform, the
// mock's routes in harness/paywall/paywallmock.
//
// Sources: Paywall's developer documentation (parameter tables, not its code samples, which post
// member data to /api/paywall/member) and the official .NET SDK, paywallone/PayWall.NetCore.
package paywall

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Paths of the two operations.
const (
	SdkPath       = "/api/paywall/temptoken/sdk"
	TempTokenPath = "/api/paywall/temptoken"
)

// The credential headers ("The Public Key / Public Client you obtained from the merchant panel").
const (
	KeyHeader    = "apikeypublic"
	ClientHeader = "apiclientpublic"
)

// Error codes. Payment API table
// (https://developer.paywall.one/payment-orchestration-integration-document/error-codes-and-descriptions):
// -1 general error, 0 success, 1 failure, 2 unexpected parameters. HeaderMissing (4) and
// MerchantNotFound (12) come from the .NET SDK's panel-wide ErrorCodes enum.
const (
	CodeGeneral              = -1
	CodeSuccess              = 0
	CodeFailure              = 1
	CodeUnexpectedParameters = 2
	CodeHeaderMissing        = 4
	CodeMerchantNotFound     = 12
)

// MaxExpiryMin is the documented upper bound of ExpiryMin (0..1440 minutes).
const MaxExpiryMin = 1440

// SdkRequest is the body of temptoken/sdk.
type SdkRequest struct {
	ClientCardSave           bool               `json:"ClientCardSave"`
	ThreeDSession            bool               `json:"ThreeDSession"`
	ClientSdk                bool               `json:"ClientSdk"`
	ScopeBased               bool               `json:"ScopeBased"`
	Scope                    *int               `json:"Scope,omitempty"`
	ExpiryMin                int                `json:"ExpiryMin"`
	IncludeMasterpassSession bool               `json:"IncludeMasterpassSession,omitempty"`
	MasterpassSession        *MasterpassSession `json:"MasterpassSession,omitempty"`
}

// MasterpassSession is what Paywall needs to open a Masterpass session with the token.
type MasterpassSession struct {
	ReferenceCode           string `json:"ReferenceCode"`
	UserID                  string `json:"UserId"`
	UserPhone               string `json:"UserPhone"`
	Force3D                 bool   `json:"Force3D"`
	PhoneVerifiedByMerchant bool   `json:"PhoneVerifiedByMerchant"`
}

// ParseRequest reads a request body the way ASP.NET Core does by default: property names match
// case-insensitively, so the documentation's PascalCase and the .NET SDK's camelCase both read.
func ParseRequest(body []byte) (SdkRequest, error) {
	var r SdkRequest
	if err := json.Unmarshal(body, &r); err != nil {
		return r, fmt.Errorf("parse temptoken request: %w", err)
	}
	return r, nil
}

// RequestFromValue builds the request from a body the contract validator decoded (objects as
// maps, numbers as float64), under the documented names; ok is false when v is not such a body.
func RequestFromValue(v any) (r SdkRequest, ok bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return r, false
	}
	boolean := func(name string) bool { b, _ := m[name].(bool); return b }
	integer := func(name string) (int, bool) {
		switch n := m[name].(type) {
		case float64:
			return int(n), true
		case int64:
			return int(n), true
		case int:
			return n, true
		case json.Number:
			i, err := n.Int64()
			return int(i), err == nil
		}
		return 0, false
	}
	str := func(o map[string]any, name string) string { s, _ := o[name].(string); return s }
	r.ClientCardSave, r.ThreeDSession, r.ClientSdk, r.ScopeBased = boolean("ClientCardSave"), boolean("ThreeDSession"), boolean("ClientSdk"), boolean("ScopeBased")
	r.IncludeMasterpassSession = boolean("IncludeMasterpassSession")
	r.ExpiryMin, _ = integer("ExpiryMin")
	if n, ok := integer("Scope"); ok {
		r.Scope = &n
	}
	if ms, ok := m["MasterpassSession"].(map[string]any); ok {
		f3d, _ := ms["Force3D"].(bool)
		pv, _ := ms["PhoneVerifiedByMerchant"].(bool)
		r.MasterpassSession = &MasterpassSession{ReferenceCode: str(ms, "ReferenceCode"), UserID: str(ms, "UserId"), UserPhone: str(ms, "UserPhone"), Force3D: f3d, PhoneVerifiedByMerchant: pv}
	}
	return r, true
}

// Envelope is every answer: {ErrorCodeType, ErrorMessage, ErrorCode, Result, Message, Body}.
type Envelope struct {
	ErrorCodeType int            `json:"ErrorCodeType"`
	ErrorMessage  *string        `json:"ErrorMessage"`
	ErrorCode     int            `json:"ErrorCode"`
	Result        bool           `json:"Result"`
	Message       *string        `json:"Message"`
	Body          *TempTokenBody `json:"Body"`
}

// TempTokenBody is a successful answer's Body.
type TempTokenBody struct {
	TempTokenID    int64           `json:"TempTokenId"`
	Token          string          `json:"Token"`
	ExpiryDateTime string          `json:"ExpiryDateTime"`
	Scope          *TokenScope     `json:"Scope"`
	Masterpass     *MasterpassInfo `json:"Masterpass"`
}

// TokenScope echoes the scope the token was issued with.
type TokenScope struct {
	ClientCardSave bool  `json:"ClientCardSave"`
	ThreeDSession  bool  `json:"ThreeDSession"`
	ClientSdk      *bool `json:"ClientSdk,omitempty"`
	ScopeBased     *bool `json:"ScopeBased,omitempty"`
	Scope          *int  `json:"Scope,omitempty"`
}

// MasterpassInfo is the Masterpass session a token carries when asked for.
type MasterpassInfo struct {
	SessionID                 string `json:"SessionId"`
	SessionExpiryDate         string `json:"SessionExpiryDate"`
	MasterpassToken           string `json:"MasterpassToken"`
	MasterpassMerchantID      any    `json:"MasterpassMerchantId"`
	MasterpassTerminalGroupID any    `json:"MasterpassTerminalGroupId"`
	IsProd                    bool   `json:"IsProd"`
	IsTest                    bool   `json:"IsTest"`
	IsUat                     bool   `json:"IsUat"`
}

// Encoding says how a client writes booleans. The zero value is the documentation's: every
// field present, under its PascalCase name.
type Encoding struct {
	OmitFalseBooleans bool
	BooleansAsStrings bool
}

// Encode writes r the way a client with enc would.
func (r SdkRequest) Encode(enc Encoding) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	field := func(name string, value any) {
		if !first {
			b.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(name)
		v, _ := json.Marshal(value)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	boolean := func(name string, v bool) {
		switch {
		case !v && enc.OmitFalseBooleans:
		case enc.BooleansAsStrings:
			field(name, fmt.Sprint(v))
		default:
			field(name, v)
		}
	}
	boolean("ClientCardSave", r.ClientCardSave)
	boolean("ThreeDSession", r.ThreeDSession)
	boolean("ClientSdk", r.ClientSdk)
	boolean("ScopeBased", r.ScopeBased)
	if r.Scope != nil {
		field("Scope", *r.Scope)
	}
	field("ExpiryMin", r.ExpiryMin)
	if r.IncludeMasterpassSession {
		boolean("IncludeMasterpassSession", true)
	}
	if r.MasterpassSession != nil {
		m := r.MasterpassSession
		field("MasterpassSession", map[string]any{"ReferenceCode": m.ReferenceCode, "UserId": m.UserID, "UserPhone": m.UserPhone,
			"Force3D": m.Force3D, "PhoneVerifiedByMerchant": m.PhoneVerifiedByMerchant})
	}
	b.WriteByte('}')
	return b.Bytes()
}

// Ptr returns a pointer to v, for optional fields.
func Ptr[T any](v T) *T { return &v }

// fields are the request's property names by lower-case name.
var fields = map[string]string{}

func init() {
	for _, n := range []string{"ClientCardSave", "ThreeDSession", "ClientSdk", "ScopeBased", "Scope", "ExpiryMin", "IncludeMasterpassSession", "MasterpassSession",
		"ReferenceCode", "UserId", "UserPhone", "Force3D", "PhoneVerifiedByMerchant"} {
		fields[strings.ToLower(n)] = n
	}
}

// CanonicalNames renames an object's properties to the documented PascalCase, matching
// case-insensitively as ASP.NET Core does by default (the .NET SDK sends camelCase), inside
// MasterpassSession too. It reports whether anything changed, and refuses two properties that
// differ only in case.
func CanonicalNames(m map[string]json.RawMessage) (map[string]json.RawMessage, bool, error) {
	out := make(map[string]json.RawMessage, len(m))
	changed := false
	for k, v := range m {
		name := k
		if canon, ok := fields[strings.ToLower(k)]; ok {
			name = canon
		}
		changed = changed || name != k
		if _, dup := out[name]; dup {
			return nil, false, fmt.Errorf("properties %q and another differ only in case", k)
		}
		if name == "MasterpassSession" && len(v) > 0 && v[0] == '{' {
			var inner map[string]json.RawMessage
			if err := json.Unmarshal(v, &inner); err == nil {
				canon, innerChanged, err := CanonicalNames(inner)
				if err != nil {
					return nil, false, err
				}
				if innerChanged {
					v, _ = json.Marshal(canon)
					changed = true
				}
			}
		}
		out[name] = v
	}
	return out, changed, nil
}
