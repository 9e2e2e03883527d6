#!/usr/bin/env bash
# Makes sure a Docker daemon answers. When `docker info` fails, it installs Debian's docker.io if
# dockerd is missing, starts dockerd as root, and waits for its socket. Source it (`. script`)
# to have DOCKERD_PID set to the daemon it started, so that the caller can stop that one only.
set -euo pipefail
DOCKERD_PID=
if docker info >/dev/null 2>&1; then
  return 0 2>/dev/null || exit 0
fi
if ! command -v dockerd >/dev/null; then
  echo "docker-up: installing Debian's docker.io"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi
echo "docker-up: starting dockerd"
dockerd >/tmp/payconform-dockerd.log 2>&1 &
DOCKERD_PID=$!
for _ in $(seq 60); do
  if docker info >/dev/null 2>&1; then
    echo "docker-up: dockerd (pid $DOCKERD_PID) answers"
    return 0 2>/dev/null || exit 0
  fi
  sleep 1
done
echo "docker-up: dockerd did not answer within 60 s; the end of its log:" >&2
tail -20 /tmp/payconform-dockerd.log >&2
return 1 2>/dev/null || exit 1
