#!/usr/bin/env bash
# Runs the conformance suites against one target and writes reports/: the Ginkgo JSON report,
# one merged JUnit file, summary.txt and summary.json. Called by `make test-target`; see the
# README for the variables. Exit status: 0 every MUST held; 1 the target broke the contract;
# 3 only infrastructure errors; 2 harness or usage error. (make itself exits 2 on any failure;
# call this script, or read reports/summary.json, to tell them apart.)
set -uo pipefail
cd "$(dirname "$0")/.."

TARGET=${TARGET:-mock}
# Every provider suite by default; suites/certify certifies a client instead (make certify).
SUITES=${SUITES:-$(ls suites | grep -vx certify | tr '\n' ',' | sed 's/,$//')}
dirs=()
for s in ${SUITES//,/ }; do
  if [ ! -d "suites/$s" ]; then
    echo "test-target: no suite named '$s' (have: $(ls suites | tr '\n' ' '))" >&2
    exit 2
  fi
  dirs+=("./suites/$s")
done

# testcontainers-go on these machines (DESIGN section 6): no reaper image can be pulled, and
# /.dockerenv would make it aim at the default gateway instead of loopback. The Makefile exports
# the same; set here too for callers of this script.
export TESTCONTAINERS_RYUK_DISABLED=${TESTCONTAINERS_RYUK_DISABLED:-true}
export TESTCONTAINERS_HOST_OVERRIDE=${TESTCONTAINERS_HOST_OVERRIDE:-127.0.0.1}

mkdir -p reports
rm -f reports/report.json reports/junit.xml reports/summary.txt reports/summary.json reports/summary.md
export PAYCONFORM_TARGET="$TARGET" SUITES

echo "payconform: running ${SUITES} against target '${TARGET}'"
# shellcheck disable=SC2086 # GINKGO_FLAGS is a list of flags.
go tool ginkgo --keep-going --output-dir=reports --json-report=report.json ${GINKGO_FLAGS:-} "${dirs[@]}"
ginkgo_rc=$?

# Built, not `go run`: go run folds every failing exit status into 1.
go build -o bin/payconform ./cmd/payconform || exit 2
bin/payconform report -in reports/report.json -out reports
report_rc=$?
if [ "$report_rc" -eq 0 ] && [ "$ginkgo_rc" -ne 0 ]; then
  echo "test-target: ginkgo exited $ginkgo_rc although no spec failed; see its output above" >&2
  exit 2
fi
exit "$report_rc"
