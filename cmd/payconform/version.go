package main

import (
	"fmt"

	"github.com/payconform/payconform/contracts"
	"github.com/payconform/payconform/harness/report"
	"github.com/payconform/payconform/harness/version"
	"github.com/payconform/payconform/vectors"
)

const versionHelp = `usage: payconform version (or payconform --version)

Prints which payconform this is: the module version and commit, then the binary's build
information as "go version -m" shows it (the main package's path, the module's version and sum,
the build settings: vcs.revision, vcs.modified, GOOS, GOARCH, ...), and the SHA-256 digests of the
vectors and contracts it judges with. A certificate records the same.`

func runVersion(args []string) int {
	if len(args) > 0 {
		if args[0] == "-h" || args[0] == "--help" {
			fmt.Println(versionHelp)
			return 0
		}
		return fail("payconform version", "unexpected argument %q", args[0])
	}
	fmt.Println(version.Read())
	for _, line := range version.BuildInfo() {
		fmt.Println("\t" + line)
	}
	fmt.Println("vectors   sha256:" + report.DigestFS(vectors.FS))
	fmt.Println("contracts sha256:" + report.DigestFS(contracts.FS))
	return 0
}
