#!/usr/bin/env bash
# Mutation testing of the judging packages with gremlins (pinned in go.mod as a tool): each
# package is mutated and measured with its own tests only, one package at a time, and the
# efficacy (killed / (killed + lived)) and mutant coverage ((killed + lived) / (killed + lived +
# not covered)) of each are printed as a table, with every surviving mutant's place.
#
# Usage: scripts/mutate.sh [package ...]     (default: every judging package; make mutate)
#   WORKERS=1                mutants tested at once (each one is a `go test` of its package)
#   TIMEOUT_COEFFICIENT=10   a mutant's tests time out after this many times the package's
#                            coverage run (gremlins' default, 3, times out healthy runs on a
#                            busy 2-core machine, and a timed-out mutant counts neither way)
#   DRY=1                    list the mutants and their coverage, test none
#   OUT=reports/mutate       where each package's JSON (gremlins -o) and log go
# Exit status: 0 when every package was measured, whatever its figures (the README records
# them and the goal: 90% efficacy, 80% coverage); non-zero when gremlins itself failed.
set -euo pipefail
cd "$(dirname "$0")/.."

WORKERS=${WORKERS:-1}
TIMEOUT_COEFFICIENT=${TIMEOUT_COEFFICIENT:-10}
OUT=${OUT:-reports/mutate}

PACKAGES=(
  harness/certify harness/attest harness/run harness/redact harness/verdict harness/checks
  harness/iyzico/conform harness/paynet/conform harness/paywall/conform
)
# Files of a package's folder that are not measured with it: sub-packages (Ginkgo glue and a
# test helper, each a package of its own); harness/run's run.go, the `payconform test` run,
# which is not judging code (the judging part of harness/run is certify.go); and each
# provider's catalogue (requirements.go), which is data: its only mutants are the + that joins
# two quoted strings, which does not compile as -, and Go's coverage never counts a
# package-level initialiser, so gremlins would list them as not covered.
declare -A EXCLUDE=(
  [harness/certify]='^certifysuite/'
  [harness/checks]='^checkstest/'
  [harness/run]='^run\.go$'
  [harness/iyzico/conform]='^requirements\.go$'
  [harness/paynet/conform]='^requirements\.go$'
  [harness/paywall/conform]='^requirements\.go$'
)

# gremlins times each mutant against its `go test -cover` run of the package; served from Go's
# test cache, that run takes a fraction of a second and healthy mutants time out. -count=1
# makes it a real run (the mutants' runs are never cached anyway).
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-count=1"

if [ $# -gt 0 ]; then PACKAGES=("$@"); fi
mkdir -p "$OUT"
go build -o /dev/null github.com/go-gremlins/gremlins/cmd/gremlins # fetch and build it once, before the clock runs

summary=()
for pkg in "${PACKAGES[@]}"; do
  [ -d "$pkg" ] || { echo "mutate: $pkg: no such package folder" >&2; exit 2; }
  name=${pkg//\//-}
  args=(unleash --workers "$WORKERS" --timeout-coefficient "$TIMEOUT_COEFFICIENT" -o "$OUT/$name.json")
  [ -n "${EXCLUDE[$pkg]:-}" ] && args+=(--exclude-files "${EXCLUDE[$pkg]}")
  [ -n "${DRY:-}" ] && args+=(--dry-run)
  echo "mutate: $pkg" >&2
  start=$SECONDS
  go tool gremlins "${args[@]}" "./$pkg" >"$OUT/$name.log" 2>&1 || {
    echo "mutate: gremlins failed on $pkg; its log:" >&2; cat "$OUT/$name.log" >&2; exit 1; }
  grep -E '^ *(LIVED|TIMED OUT|NOT VIABLE)' "$OUT/$name.log" | sed "s|^|  $pkg: |" >&2 || true
  count() { sed -nE "s/.*$1: ([0-9]+).*/\\1/p" "$OUT/$name.log" | head -1; }
  pct() { sed -nE "s/^$1: ([0-9.]+)%.*/\\1/p" "$OUT/$name.log" | head -1; }
  summary+=("$(printf '| %s | %s | %s | %s | %s | %s | %s%% | %s%% | %ss |' "$pkg" \
    "$(count Killed)" "$(count Lived)" "$(count 'Not covered')" "$(count 'Timed out')" \
    "$(count 'Not viable')" "$(pct 'Test efficacy')" "$(pct 'Mutator coverage')" "$((SECONDS - start))")")
done

echo
echo "| Package | Killed | Lived | Not covered | Timed out | Not viable | Efficacy | Coverage | Time |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${summary[@]}"
