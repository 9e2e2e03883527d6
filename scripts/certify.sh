#!/usr/bin/env bash
# Certifies a client under test: runs the certify suite with PAYCONFORM_CANDIDATE, then writes
# reports/junit.xml, summary.txt, summary.json, certificate.json and certificate.md. Called by
# `make certify CANDIDATE='<command>'`. Exit status: 0 no MUST failed; 1 a MUST failed; 2 harness
# or usage error.
set -uo pipefail
# The candidate's command runs where the user gave it, not in the suite's package directory.
export PAYCONFORM_CANDIDATE_DIR=${PAYCONFORM_CANDIDATE_DIR:-$PWD}
cd "$(dirname "$0")/.."

CANDIDATE=${CANDIDATE:-${PAYCONFORM_CANDIDATE:-}}
if [ -z "$CANDIDATE" ]; then
  echo "certify: give the client's command: make certify CANDIDATE='python3 my_adapter.py'" >&2
  exit 2
fi
export PAYCONFORM_CANDIDATE="$CANDIDATE"

mkdir -p reports
rm -f reports/report.json reports/junit.xml reports/summary.txt reports/summary.json reports/summary.md reports/certificate.json reports/certificate.md

echo "payconform: certifying '$CANDIDATE'"
# shellcheck disable=SC2086 # GINKGO_FLAGS is a list of flags.
go tool ginkgo --output-dir=reports --json-report=report.json ${GINKGO_FLAGS:-} ./suites/certify
ginkgo_rc=$?

go build -o bin/payconform ./cmd/payconform || exit 2
bin/payconform report -in reports/report.json -out reports
report_rc=$?
if [ "$report_rc" -eq 0 ] && [ "$ginkgo_rc" -ne 0 ]; then
  echo "certify: ginkgo exited $ginkgo_rc although no spec failed; see its output above" >&2
  exit 2
fi
exit "$report_rc"
