#!/usr/bin/env bash
# Makes sure Debian's redis-server is installed: the e2e suites of the Redis DPoP replay store
# (test/dpop-redis-replay.e2e-spec.ts) and the bench's Redis row start their own unprivileged
# `redis-server --port N --bind 127.0.0.1 --save '' --appendonly no`. Without it this script
# fails: those suites never pass silently.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  redis-server --version
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "redis-server is missing and apt-get is not available; install redis-server" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y redis-server >/dev/null || { apt-get update >/dev/null && apt-get install -y redis-server >/dev/null; }
# The package's own service is not wanted: the tests start theirs on free ports.
if command -v systemctl >/dev/null 2>&1; then systemctl disable --now redis-server >/dev/null 2>&1 || true; fi
redis-server --version
