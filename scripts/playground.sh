#!/usr/bin/env bash
# Sets up whatever is missing, then serves the playground at http://127.0.0.1:8080/ with
# live rebuilds (trunk serve). Pass trunk options through, e.g. --port 9000 or --release.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh --web
# trunk serve refuses to start while a [watch] ignore path (Trunk.toml) is missing, and the
# editor bundle's folder and cargo's target/ are only made by the first build.
mkdir -p web/build target
exec env -u NO_COLOR TRUNK_SKIP_VERSION_CHECK=true trunk serve --address 127.0.0.1 "$@"
