package conform

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/contract"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/verdict"
)

func init() {
	faults := certify.FaultCases(Cases[0], mock.InjectEnvelope, mock.InjectEnvelope200, mock.InjectServerError, mock.InjectMalformed, mock.InjectWrongContentType)
	routeAndType := certify.On(func(o *certify.Outcome) []verdict.Problem {
		return append(certify.Route(o, http.MethodPost, paynet.GetAuthKeyPath, paynet.MobileHeader, DefectOf(paynet.NoPaynetMobile)), certify.ContentType(o)...)
	})
	certify.Register(certify.Operation{Name: paynet.OpGetAuthKey, Checks: []certify.Check{
		{Requirement: "PNT-CERT-01", Cases: Cases, Route: true, Judge: routeAndType},
		{Requirement: "PNT-CERT-02", Cases: Cases, Judge: certify.On(certify.Credentials)},
		{Requirement: "PNT-CERT-03", Cases: Cases, Judge: func(ctx context.Context, s *certify.Session, o *certify.Outcome) []verdict.Problem {
			in := s.Input(o.Case).(paynet.AuthRequest)
			return certify.Body(ctx, o, certify.BodySpec{Doc: Contract, Path: paynet.GetAuthKeyPath, Want: map[string]any{"agent_id": in.AgentID, "user_id": in.UserID}, DefectOf: numericID})
		}},
		{Requirement: "PNT-CERT-04", Cases: Cases, Judge: certify.On(func(o *certify.Outcome) []verdict.Problem { return certify.Output(o, "") })},
		{Requirement: "PNT-CERT-05", Cases: []certify.Case{faults[mock.InjectEnvelope]}, Judge: certify.Refusal(strconv.Itoa(paynet.ResultUnauthorized), certify.FaultAsSuccess)},
		{Requirement: "PNT-CERT-06", Cases: []certify.Case{faults[mock.InjectServerError]}, Judge: certify.Refusal("", certify.FaultAsSuccess)},
		{Requirement: "PNT-CERT-07", Cases: []certify.Case{faults[mock.InjectMalformed]}, Judge: certify.Refusal("", certify.FaultAsSuccess)},
		{Requirement: "PNT-CERT-08", Cases: []certify.Case{faults[mock.InjectWrongContentType]}, Judge: certify.Refusal("", certify.ContentTypeIgnored)},
		/* Source: https://doc.paynet.com.tr/genel-bilgiler/hata-kodlari/http-status-kodlar: on HTTP 200 the body's code says what happened. */
		{Requirement: "PNT-CERT-09", Cases: []certify.Case{faults[mock.InjectEnvelope200]}, Judge: certify.Refusal(strconv.Itoa(paynet.ResultUnauthorized), certify.StatusTrusted)},
		{Requirement: "PNT-CERT-10", Cases: []certify.Case{faults[mock.InjectEnvelope]}, Judge: certify.On(certify.AtMost(2))},
		{Requirement: "PNT-CERT-11", Cases: Cases, Judge: certify.On(certify.MockWarnings("Basic, one space and the raw secret key, as the documentation's examples send it",
			paynet.Base64UserPass.Class(), paynet.SchemeSpelled.Class()))},
	}})
}

// numericID names an id sent as a JSON number where the contract wants a string.
func numericID(v contract.Violation, _ map[string]any) verdict.Defect {
	if (v.Where == "/agent_id" || v.Where == "/user_id") && strings.HasPrefix(v.Got, "number ") {
		return DefectOf(paynet.NumericIDs)
	}
	return verdict.Defect{}
}

// Cases ask for session keys for the verifying mock's dealer, varying the user.
var Cases = []certify.Case{
	certifyCase("ok.plain", "the dealer's user", ""),
	certifyCase("ok.turkish", "Turkish letters in user_id", "kullanıcı-ş-ğ"),
	certifyCase("ok.escapes", "/ < > & in user_id", "a/b<c>&d"),
}

// certifyCase asks for the mock's agent and a user: the mock's own when user is "".
func certifyCase(id, title, user string) certify.Case {
	return certify.Case{ID: paynet.OpGetAuthKey + "." + id, Operation: paynet.OpGetAuthKey, Title: title,
		Prepare: func(vars map[string]string) any {
			u := user
			if u == "" {
				u = vars[paynet.EnvUserID]
			}
			return paynet.AuthRequest{AgentID: vars[paynet.EnvAgentID], UserID: u}
		}}
}
