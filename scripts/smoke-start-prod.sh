#!/usr/bin/env bash
# Smoke test of the compiled sample (CONTRACT "Commands"): build, start with an external issuer,
# read the metadata, check the 401 challenge on /mcp, then SIGTERM and expect exit code 0.
set -euo pipefail
port=${SMOKE_PORT:-3977}
npm run build >/dev/null
log=$(mktemp)
MCP_AUTH_AUTHORIZATION_SERVERS=https://idp.example.com PORT=$port node dist/apps/sample/src/main.js >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  grep -q 'Ready on' "$log" && break
  sleep 0.2
done
metadata=$(curl -sf "http://127.0.0.1:$port/.well-known/oauth-protected-resource/mcp")
echo "$metadata" | grep -q "\"resource\":\"http://127.0.0.1:$port/mcp\"" || { echo "bad metadata: $metadata"; exit 1; }
challenge=$(curl -s -o /dev/null -D - -X POST "http://127.0.0.1:$port/mcp" | tr -d '\r' | grep -i '^www-authenticate:')
[ "$challenge" = "WWW-Authenticate: Bearer resource_metadata=\"http://127.0.0.1:$port/.well-known/oauth-protected-resource/mcp\"" ] \
  || { echo "bad challenge: $challenge"; exit 1; }
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
trap - EXIT
[ "$status" -eq 0 ] || { echo "exit code $status after SIGTERM"; cat "$log"; exit 1; }
echo "smoke: start:prod serves metadata and challenge, exits 0 on SIGTERM"
