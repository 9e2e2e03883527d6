package conform

import (
	"context"
	"net/http"
	"strconv"

	"github.com/payconform/payconform/harness/certify"
	"github.com/payconform/payconform/harness/mock"
	"github.com/payconform/payconform/harness/paynet"
	"github.com/payconform/payconform/harness/verdict"
)

func init() {
	faults := certify.FaultCases(Cases[0])
	judge := func(f func(*certify.Outcome) []verdict.Problem) func(context.Context, *certify.Session, *certify.Outcome) []verdict.Problem {
		return func(_ context.Context, _ *certify.Session, o *certify.Outcome) []verdict.Problem { return f(o) }
	}
	refused := func(code string, ifAccepted verdict.Defect) func(context.Context, *certify.Session, *certify.Outcome) []verdict.Problem {
		return judge(func(o *certify.Outcome) []verdict.Problem { return certify.FaultRefused(o, code, ifAccepted) })
	}
	certify.Register(certify.Operation{Name: paynet.OpGetAuthKey, Checks: []certify.Check{
		{Requirement: "PNT-CERT-01", Cases: Cases, Judge: judge(func(o *certify.Outcome) []verdict.Problem {
			return certify.Route(o, http.MethodPost, paynet.GetAuthKeyPath, paynet.MobileHeader, DefectOf(paynet.NoPaynetMobile))
		})},
		{Requirement: "PNT-CERT-02", Cases: Cases, Judge: judge(certify.Credentials)},
		{Requirement: "PNT-CERT-03", Cases: Cases, Judge: func(ctx context.Context, s *certify.Session, o *certify.Outcome) []verdict.Problem {
			in := s.Input(o.Case).(paynet.AuthRequest)
			return certify.Body(ctx, o, certify.BodySpec{Doc: Contract, Path: paynet.GetAuthKeyPath, Want: map[string]any{"agent_id": in.AgentID, "user_id": in.UserID}})
		}},
		{Requirement: "PNT-CERT-04", Cases: Cases, Judge: judge(func(o *certify.Outcome) []verdict.Problem { return certify.Output(o, "") })},
		{Requirement: "PNT-CERT-05", Cases: []certify.Case{faults[mock.FaultEnvelope]}, Judge: refused(strconv.Itoa(paynet.ResultUnauthorized), certify.FaultAsSuccess)},
		{Requirement: "PNT-CERT-06", Cases: []certify.Case{faults[mock.FaultServerError]}, Judge: refused("", certify.FaultAsSuccess)},
		{Requirement: "PNT-CERT-07", Cases: []certify.Case{faults[mock.FaultMalformed]}, Judge: refused("", certify.FaultAsSuccess)},
		{Requirement: "PNT-CERT-08", Cases: []certify.Case{faults[mock.FaultWrongContentType]}, Judge: refused("", certify.ContentTypeIgnored)},
	}})
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
