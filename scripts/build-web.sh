#!/usr/bin/env bash
# Release build of the playground into dist/ (static files; works from any sub-path).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo fetch --locked >/dev/null
env -u NO_COLOR TRUNK_SKIP_VERSION_CHECK=true trunk build --release --locked "$@"

# Content-Security-Policy: a <meta> tag in the built page, trunk's inline start-up script allowed
# by its hash (scripts/csp.mjs explains each allowance).
node scripts/csp.mjs dist/index.html
