#!/usr/bin/env bash
# The sample as a process, as a process manager or `docker stop` drives it:
#  1. `npm start` (development authorization server on PORT+1): the log says what to do next, has no
#     ANSI colour codes when not on a terminal, and SIGTERM to the npm process frees both ports;
#  2. `npm run start:prod` with an external issuer: oidc-provider is never loaded, SIGTERM frees
#     the port; without an issuer (control) it is loaded.
set -euo pipefail
cd "$(dirname "$0")/.."

free_port_pair() { # a port P with P and P+1 free
  node -e '
    const net = require("node:net");
    const tryPort = () => { const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = s.address().port; s.close(() => { const t = net.createServer().once("error", tryPort)
        .listen(p + 1, "127.0.0.1", () => t.close(() => console.log(p))); }); }); };
    tryPort();'
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_ready() { # $1 log, $2 pid
  for _ in $(seq 1 600); do
    grep -q 'Ready on' "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "exited before ready:"; cat "$1"; return 1; }
    sleep 0.2
  done
  echo "not ready within 120 s:"; cat "$1"; return 1
}
expect_stopped() { # $1 pid, then ports: after SIGTERM to $1, it exits and the ports close (60 s)
  local pid=$1; shift
  kill -TERM "$pid"
  for _ in $(seq 1 300); do
    local open=0
    for port in "$@"; do port_open "$port" && open=1; done
    if [ "$open" -eq 0 ] && ! kill -0 "$pid" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "after SIGTERM to $pid, still running or listening on one of: $*"; return 1
}
# Everything started here runs in its own process group, removed on exit whatever happens.
cleanup() { for group in ${groups:-}; do kill -KILL -- "-$group" 2>/dev/null || true; done; }
trap cleanup EXIT
groups=""

port=$(free_port_pair)
log=$(mktemp)
unset MCP_AUTH_AUTHORIZATION_SERVERS
PORT=$port setsid npm start >"$log" 2>&1 &
npm_pid=$!
groups="$groups $npm_pid"
wait_ready "$log" "$npm_pid"
if grep -q $'\e\[' "$log"; then echo "ANSI colour codes in non-TTY output:"; head -5 "$log"; exit 1; fi
grep -q 'Next: run "npx @modelcontextprotocol/inspector"' "$log" || { echo "no next step in the log:"; cat "$log"; exit 1; }
if grep -q 'Login page' "$log"; then echo "the log still points to the bare login page"; exit 1; fi
port_open "$((port + 1))" || { echo "development authorization server not listening on $((port + 1))"; exit 1; }
expect_stopped "$npm_pid" "$port" "$((port + 1))"
echo "npm start: next steps logged, no colour codes, SIGTERM to npm freed ports $port and $((port + 1))"

trace=(node --import ./scripts/support/oidc-provider-load-trace.mjs dist/apps/sample/src/main.js)
log=$(mktemp)
MCP_AUTH_AUTHORIZATION_SERVERS=https://idp.example.com PORT=$port setsid "${trace[@]}" >"$log" 2>&1 &
pid=$!
groups="$groups $pid"
wait_ready "$log" "$pid"
sleep 1
if grep -q 'oidc-provider loaded' "$log"; then echo "oidc-provider loaded with an external issuer:"; cat "$log"; exit 1; fi
grep -q 'Next: call' "$log" || { echo "no next step for an external issuer:"; cat "$log"; exit 1; }
expect_stopped "$pid" "$port"

log=$(mktemp)
PORT=$port setsid "${trace[@]}" >"$log" 2>&1 &
pid=$!
groups="$groups $pid"
wait_ready "$log" "$pid"
grep -q 'oidc-provider loaded' "$log" || { echo "control: oidc-provider load not seen:"; cat "$log"; exit 1; }
expect_stopped "$pid" "$port" "$((port + 1))"
echo "start:prod: oidc-provider not loaded with an external issuer (loaded in the control run)"
