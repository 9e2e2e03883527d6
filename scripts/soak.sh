#!/usr/bin/env bash
# Soak test of the mock on loopback: valid traffic (wrk, signed iyzico bin/check requests) and
# hostile traffic (internal/soak: large headers, slow bodies, idle connections, admin calls) at
# the same time, for DURATION. Reports the valid requests/s and p99 latency, every 5xx, and the
# mock's peak RSS, and fails unless: no 5xx, peak RSS under 256 MB, p99 under 50 ms.
# Usage: scripts/soak.sh [duration]   (default 60s; needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-60s}
PORT=${PORT:-18081}
command -v wrk >/dev/null || { echo "soak: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
secs=${DURATION%s}

work=$(mktemp -d)
mock_pid=
trap '[ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null; [ -n "$mock_pid" ] && wait "$mock_pid" 2>/dev/null; rm -rf "$work"' EXIT
go build -o "$work/payconform" ./cmd/payconform
go build -o "$work/soak" ./internal/soak

export IYZICO_API_KEY=sandbox-soak-key IYZICO_SECRET_KEY=soak-secret-not-real \
  PAYNET_SECRET_KEY=sck_soak_not_real PAYNET_AGENT_ID=11111 PAYNET_USER_ID=soak \
  PAYWALL_API_KEY_PUBLIC=pk_soak_not_real PAYWALL_API_CLIENT_PUBLIC=pc_soak_not_real \
  PAYCONFORM_MOCK_ADMIN_TOKEN=soak-admin-token
"$work/payconform" mock -addr "127.0.0.1:$PORT" >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/_payconform/health" >/dev/null && break; sleep 0.1; done
# `go build` gives the mock its own process: the RSS read below is the mock's, not go run's.
pid=$(pgrep -P "$mock_pid" -f payconform || echo "$mock_pid")

path=/payment/bin/check
body='{"locale":"tr","conversationId":"soak","binNumber":"554960"}'
authz=$("$work/payconform" sign iyzico -path "$path" -body "$body" -x-iyzi-rnd=false | sed -n 's/^Authorization: //p')
cat >"$work/valid.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "$authz"
LUA

echo "soak: $DURATION of valid and hostile traffic on 127.0.0.1:$PORT"
"$work/soak" -addr "127.0.0.1:$PORT" -duration "$DURATION" >"$work/hostile.txt" 2>&1 &
hostile_pid=$!
wrk -t1 -c16 -d"$DURATION" --latency -s "$work/valid.lua" "http://127.0.0.1:$PORT$path" >"$work/wrk.txt"
hostile_status=0
wait "$hostile_pid" || hostile_status=$?

rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
rate=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
cat "$work/hostile.txt"
echo "valid: ${rate} requests/s, p99 ${p99}, non-2xx ${non2xx:-0}"
echo "mock peak RSS: $((rss_kb / 1024)) MB"

fail=0
[ "$hostile_status" -eq 0 ] || { echo "soak: the hostile traffic got a 5xx" >&2; fail=1; }
[ "${non2xx:-0}" -eq 0 ] || { echo "soak: $non2xx valid requests were not answered 2xx" >&2; fail=1; }
[ "$rss_kb" -lt $((256 * 1024)) ] || { echo "soak: peak RSS over 256 MB" >&2; fail=1; }
case $p99 in
*us) ;;
*ms) awk -v v="${p99%ms}" 'BEGIN { exit !(v < 50) }' || { echo "soak: p99 $p99 is over 50 ms" >&2; fail=1; } ;;
*) echo "soak: p99 $p99 is over 50 ms" >&2; fail=1 ;;
esac
exit $fail
