package main

import (
	"fmt"

	"github.com/payconform/payconform/contracts"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/version"
	"github.com/payconform/payconform/vectors"
)

func runVersion(args []string) int {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "--help" {
			fmt.Println("usage: payconform version\n\nPrints the harness version (module, commit, whether the tree was dirty, Go) and the SHA-256\ndigests of the vectors and contracts it judges with; a certificate records the same.")
			return 0
		}
		return fail("payconform version", "unexpected argument %q", args[0])
	}
	fmt.Println(version.Read())
	fmt.Println("vectors   sha256:" + report.DigestFS(vectors.FS))
	fmt.Println("contracts sha256:" + report.DigestFS(contracts.FS))
	return 0
}
