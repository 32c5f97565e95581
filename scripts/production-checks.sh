#!/usr/bin/env bash
# Production checks, run by CI with real parts:
#  1. the sample as a process (scripts/check-sample-process.sh): SIGTERM to `npm start` frees its
#     ports, the log says what to do next, no colour codes off a terminal, oidc-provider only loaded
#     for the development server;
#  2. the scale-out proof (`npm run proxy-check`): nginx with the shipped
#     deploy/nginx/mcp-replicas.conf in front of 3 replicas of the compiled sample trusting one
#     issuer, driven by the SDK clients: 2025 sessions stay on the replica their id names, a
#     session whose replica stopped answers 404, MCP 2026-07-28 requests land on every replica.
# nginx comes from Debian's packages (nginx-light), installed here when missing; without it this
# script fails: the proxy check never passes silently.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "production checks: nginx is missing and apt-get is not available; install nginx" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y nginx-light >/dev/null || { apt-get update >/dev/null && apt-get install -y nginx-light >/dev/null; }
fi

bash scripts/check-sample-process.sh
npm run proxy-check
