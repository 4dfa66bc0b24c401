#!/usr/bin/env bash
# The README's first command, tried as a new user would: scripts/playground.sh sets up what is
# missing and serves the page, which draws the default example and runs it. `.ci/run` calls
# this first, on its fresh clone, before anything else is built: a fresh clone is where the
# command once failed (trunk serve refused to start without web/build and target/). It uses a
# port and a dist folder of its own, so nothing else is disturbed.
set -euo pipefail
cd "$(dirname "$0")/.."
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dist=$(mktemp -d)
log=$(mktemp)
# Its own process group, so that trunk and everything it started go with it.
setsid scripts/playground.sh --port "$port" --dist "$dist" >"$log" 2>&1 &
server=$!
trap 'kill -- "-$server" 2>/dev/null || true; rm -rf "$dist" "$log"' EXIT
started=$(date +%s)
# python3 (which the setup needs anyway) rather than curl, which a fresh machine may lack.
served() {
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "http://127.0.0.1:$port/" 2>/dev/null
}
until served; do
  if ! kill -0 "$server" 2>/dev/null; then
    cat "$log" >&2
    echo "check-playground: scripts/playground.sh stopped before serving the page" >&2
    exit 1
  fi
  if [ $(($(date +%s) - started)) -gt 900 ]; then
    tail -20 "$log" >&2
    echo "check-playground: no page after 900 s" >&2
    exit 1
  fi
  sleep 2
done
echo "check-playground: scripts/playground.sh served the page after $(($(date +%s) - started)) s"
node web/e2e/dev-server.mjs "http://127.0.0.1:$port/"
