#!/usr/bin/env bash
# Loopback load test of the mock: signed bin/check requests with signature verification, OpenAPI
# request validation and the journal all on. Usage: scripts/bench-wrk.sh [duration] [connections]
# Needs wrk (Debian package wrk). Prints wrk's figures and checks that the answers were successes.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10s}
CONNS=${2:-32}
PORT=${PORT:-18080}
command -v wrk >/dev/null || { echo "bench-wrk: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

work=$(mktemp -d)
trap 'kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/payconform" ./cmd/payconform

export IYZICO_API_KEY=sandbox-bench-key IYZICO_SECRET_KEY=bench-secret-not-real
"$work/payconform" mock -addr "127.0.0.1:$PORT" >"$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/_payconform/health" >/dev/null && break; sleep 0.1; done

body='{"locale":"tr","conversationId":"bench","binNumber":"554960"}'
authz=$("$work/payconform" sign iyzico -path /payment/bin/check -body "$body" -x-iyzi-rnd=false | sed -n 's/^Authorization: //p')
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "$authz"
LUA
wrk -t1 -c"$CONNS" -d"$DURATION" -s "$work/post.lua" "http://127.0.0.1:$PORT/payment/bin/check"

# The journal holds the last 1024 answers: all must be successes, or the figure means nothing.
curl -fs "http://127.0.0.1:$PORT/_payconform/journal" | python3 -c '
import json,sys
e=json.load(sys.stdin)
bad=[x for x in e if x["status"]!=200 or x.get("refusal")]
print(f"journal: {len(e)} recent answers, {len(bad)} not successes")
sys.exit(1 if bad or not e else 0)'
