#!/usr/bin/env bash
# What `make test` needs beyond Go, checked before it starts: the openssl command line (it
# recomputes every vector), xmllint (it validates the JUnit reports against the published
# schema), Python 3 and Node.js with npm (it certifies the example adapters), and gcc (the race
# detector needs cgo). A missing tool is one line naming it and its Debian package, and exit 1;
# .ci/run installs them. The adapter around iyzico's official Node SDK gets its pinned npm
# package here (npm ci), so that its certification never skips for want of it.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$1 (Debian package $2)"); }
need openssl openssl
need xmllint libxml2-utils
need python3 python3
need node nodejs
need npm npm
need gcc gcc
if [ ${#missing[@]} -gt 0 ]; then
  (IFS=,; echo "make test: missing ${missing[*]}; install them (apt-get install ...), or run .ci/run, which does" | sed 's/,/, /g') >&2
  exit 1
fi

adapter=candidates/examples/iyzipay-node
if [ ! -d "$adapter/node_modules/iyzipay" ]; then
  echo "make test: installing the iyzipay npm package pinned in $adapter/package-lock.json (npm ci)"
  if ! out=$(cd "$adapter" && npm ci --no-audit --no-fund 2>&1); then
    echo "make test: npm ci in $adapter failed: $(printf '%s\n' "$out" | grep -m1 -i 'err' || printf '%s\n' "$out" | tail -n1)" >&2
    exit 1
  fi
fi
