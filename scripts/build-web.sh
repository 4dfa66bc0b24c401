#!/usr/bin/env bash
# Release build of the playground into dist/ (static files; works from any sub-path).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo fetch --locked >/dev/null
env -u NO_COLOR TRUNK_SKIP_VERSION_CHECK=true trunk build --release --locked "$@"
