#!/usr/bin/env bash
# Smoke test of the compiled sample (README "Commands": build, then start:prod): build once, then
#  1. with an external issuer: metadata, the 401 challenge on /mcp, exit 0 on SIGTERM;
#  2. the same on Fastify (MCP_HTTP_ADAPTER=fastify);
#  3. with no issuer configured: the embedded development authorization server is trusted and
#     serves its discovery document on PORT+1.
set -euo pipefail
port=${SMOKE_PORT:-3977}
npm run build >/dev/null

run_sample() { # $1: log file; env from the caller
  node dist/apps/sample/src/main.js >"$1" 2>&1 &
  pid=$!
  for _ in $(seq 1 75); do
    grep -q 'Ready on' "$1" && return 0
    sleep 0.2
  done
  echo "sample did not start:"; cat "$1"; return 1
}
stop_sample() {
  kill -TERM "$pid"
  local status=0
  wait "$pid" || status=$?
  [ "$status" -eq 0 ] || { echo "exit code $status after SIGTERM"; return 1; }
}

check_external_issuer() { # metadata, the 401 challenge on /mcp, exit 0 on SIGTERM
  local log metadata challenge
  log=$(mktemp)
  MCP_AUTH_AUTHORIZATION_SERVERS=https://idp.example.com PORT=$port run_sample "$log"
  trap 'kill "$pid" 2>/dev/null || true' EXIT
  metadata=$(curl -sf "http://127.0.0.1:$port/.well-known/oauth-protected-resource/mcp")
  echo "$metadata" | grep -q "\"resource\":\"http://127.0.0.1:$port/mcp\"" || { echo "bad metadata: $metadata"; exit 1; }
  challenge=$(curl -s -o /dev/null -D - -X POST "http://127.0.0.1:$port/mcp" | tr -d '\r' | grep -i '^www-authenticate:' | cut -d' ' -f2-)
  [ "$challenge" = "Bearer resource_metadata=\"http://127.0.0.1:$port/.well-known/oauth-protected-resource/mcp\"" ] \
    || { echo "bad challenge: $challenge"; exit 1; }
  stop_sample
}

check_external_issuer
MCP_HTTP_ADAPTER=fastify check_external_issuer

log=$(mktemp)
unset MCP_AUTH_AUTHORIZATION_SERVERS
PORT=$port run_sample "$log"
grep -q 'DEVELOPMENT AUTHORIZATION SERVER' "$log" || { echo "no development server warning"; cat "$log"; exit 1; }
dev_issuer="http://127.0.0.1:$((port + 1))"
curl -sf "http://127.0.0.1:$port/.well-known/oauth-protected-resource/mcp" | grep -q "\"authorization_servers\":\[\"$dev_issuer\"\]" \
  || { echo "metadata does not list $dev_issuer"; exit 1; }
curl -sf "$dev_issuer/.well-known/oauth-authorization-server" | grep -q "\"issuer\":\"$dev_issuer\"" \
  || { echo "development server discovery failed"; exit 1; }
stop_sample
trap - EXIT
echo "smoke: start:prod with an external issuer (Express and Fastify) and with the development server: OK, exit 0 on SIGTERM"
