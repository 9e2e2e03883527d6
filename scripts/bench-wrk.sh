#!/usr/bin/env bash
# Loopback load test of the mock, one route at a time: valid requests with credential checks
# (the IYZWSv2 HMAC included), OpenAPI request validation and the journal all on.
# Usage: scripts/bench-wrk.sh [iyzico|paynet|paywall|all] [duration] [connections]
# Needs wrk (Debian package wrk). Prints wrk's figures per route and checks, in the mock's
# journal, that the answers were successes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUTES=${1:-all}
DURATION=${2:-10s}
CONNS=${3:-32}
PORT=${PORT:-18080}
command -v wrk >/dev/null || { echo "bench-wrk: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ "$ROUTES" = all ] && ROUTES="iyzico paynet paywall"

work=$(mktemp -d)
mock_pid=
trap '[ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null; [ -n "$mock_pid" ] && wait "$mock_pid" 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/payconform" ./cmd/payconform

export IYZICO_API_KEY=sandbox-bench-key IYZICO_SECRET_KEY=bench-secret-not-real \
  PAYNET_SECRET_KEY=sck_bench_not_real PAYNET_AGENT_ID=11111 PAYNET_USER_ID=bench \
  PAYWALL_API_KEY_PUBLIC=pk_bench_not_real PAYWALL_API_CLIENT_PUBLIC=pc_bench_not_real \
  PAYCONFORM_MOCK_ADMIN_TOKEN=bench-admin-token
"$work/payconform" mock -addr "127.0.0.1:$PORT" >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/_payconform/health" >/dev/null && break; sleep 0.1; done

for route in $ROUTES; do
  case $route in
  iyzico)
    path=/payment/bin/check
    body='{"locale":"tr","conversationId":"bench","binNumber":"554960"}'
    authz=$("$work/payconform" sign iyzico -path "$path" -body "$body" -x-iyzi-rnd=false | sed -n 's/^Authorization: //p')
    headers="wrk.headers[\"Authorization\"] = \"$authz\"" ;;
  paynet)
    path=/v1/agent/get_auth_key
    body='{"agent_id":"11111","user_id":"bench"}'
    headers="wrk.headers[\"Authorization\"] = \"Basic $PAYNET_SECRET_KEY\"; wrk.headers[\"PaynetMobile\"] = \"2\"" ;;
  paywall)
    path=/api/paywall/temptoken/sdk
    body='{"ClientCardSave":true,"ThreeDSession":false,"ClientSdk":true,"ScopeBased":false,"ExpiryMin":30}'
    headers="wrk.headers[\"apikeypublic\"] = \"$PAYWALL_API_KEY_PUBLIC\"; wrk.headers[\"apiclientpublic\"] = \"$PAYWALL_API_CLIENT_PUBLIC\"" ;;
  *) echo "bench-wrk: unknown route $route" >&2; exit 2 ;;
  esac
  cat >"$work/$route.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
$headers
LUA
  echo "== $route: POST $path"
  curl -fs -H "X-Payconform-Admin-Token: $PAYCONFORM_MOCK_ADMIN_TOKEN" -X DELETE "http://127.0.0.1:$PORT/_payconform/journal"
  wrk -t1 -c"$CONNS" -d"$DURATION" -s "$work/$route.lua" "http://127.0.0.1:$PORT$path"
  # The journal holds the last 1024 answers: all must be successes, or the figure means nothing.
  n=$(curl -fs -H "X-Payconform-Admin-Token: $PAYCONFORM_MOCK_ADMIN_TOKEN" "http://127.0.0.1:$PORT/_payconform/journal" | { grep -o '"seq":' || true; } | wc -l)
  bad=$(curl -fs -H "X-Payconform-Admin-Token: $PAYCONFORM_MOCK_ADMIN_TOKEN" "http://127.0.0.1:$PORT/_payconform/journal" | { grep -o '"refusal":' || true; } | wc -l)
  echo "journal: $n recent answers, $bad refused"
  [ "$n" -gt 0 ] && [ "$bad" -eq 0 ] || { echo "bench-wrk: $route answers were not all successes" >&2; exit 1; }
done
