package iyzico_test

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/payconform/payconform/harness/conformance"
	"github.com/payconform/payconform/harness/iyzico"
	"github.com/payconform/payconform/harness/iyzico/conform"
	"github.com/payconform/payconform/harness/vectorset"
)

// Known-answer tests run offline: they check payconform's own signer and verifier against the
// vectors, whatever the target. A candidate's signer is checked against the same vectors by the
// certification runner.
var _ = Describe("IYZWSv2 known-answer vectors", func() {
	/*
	   Vectors: vectors/iyzico/iyzwsv2_sign.json
	   Sources: iyzipay-java, iyzipay-node and iyzipay-php unit tests; the rest computed with openssl.
	*/
	kat01 := conformance.Require("IYZ-KAT-01")
	conformance.Table(kat01, func(_ SpecContext, v conform.SignTest) {
		kat01.Judge(conform.CheckSign(v, conform.HarnessSign)...)
	}, conformance.VectorEntries(conform.SignVectors(), nil)...)

	/*
	   Vectors: vectors/iyzico/iyzwsv2_header.json
	   Source: https://docs.iyzico.com/en/getting-started/preliminaries/authentication/hmacsha256-auth
	*/
	kat02 := conformance.Require("IYZ-KAT-02")
	conformance.Table(kat02, func(_ SpecContext, v conform.HeaderTest) {
		kat02.Judge(conform.CheckHeader(v, iyzico.Authorization)...)
	}, conformance.VectorEntries(conform.HeaderVectors(), nil)...)

	/*
	   Vectors: vectors/iyzico/iyzwsv2_verify.json (valid and invalid results)
	*/
	kat03 := conformance.Require("IYZ-KAT-03")
	conformance.Table(kat03, func(_ SpecContext, v conform.VerifyTest) {
		kat03.Judge(conform.CheckVerify(v, v.Verifier().Verify)...)
	}, conformance.VectorEntries(conform.VerifyVectors(), func(m vectorset.Meta) bool { return m.Result != vectorset.Acceptable })...)

	/*
	   Vectors: vectors/iyzico/iyzwsv2_verify.json (acceptable results, settled by conform.AcceptablePolicy)
	*/
	kat04 := conformance.Require("IYZ-KAT-04")
	conformance.Table(kat04, func(_ SpecContext, v conform.VerifyTest) {
		kat04.Judge(conform.CheckVerify(v, v.Verifier().Verify)...)
	}, conformance.VectorEntries(conform.VerifyVectors(), func(m vectorset.Meta) bool { return m.Result == vectorset.Acceptable })...)
})
