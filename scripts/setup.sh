#!/usr/bin/env bash
# Installs what this project needs and is missing, idempotently: every step checks first.
#   scripts/setup.sh          Rust toolchain (pinned in rust-toolchain.toml), the wasm target,
#                             web/ npm packages (jsonata, which the CLI embeds) and python3
#   scripts/setup.sh --web    also trunk, wasm-bindgen-cli, wasm-opt and Chromium
# Versions are pinned here and in Trunk.toml / web/package-lock.json; see ../shared/TOOLCHAIN.md.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
WASM_SPLIT_VERSION=0.2.4
BINARYEN_VERSION=132.0.0
web=false
[ "${1:-}" = "--web" ] && web=true

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# Rust: the toolchain named in rust-toolchain.toml, with clippy, rustfmt and the wasm target.
if ! command -v rustup >/dev/null 2>&1; then
  echo "setup: rustup is required (https://rustup.rs); it is not installed" >&2
  exit 1
fi
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup toolchain list | grep -q "^$toolchain"; then
  say "installing Rust $toolchain"
  rustup toolchain install "$toolchain" --profile minimal --component clippy,rustfmt --target wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
  if ! rustup component list --toolchain "$toolchain" --installed | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component" --toolchain "$toolchain"
  fi
done
if ! rustup target list --toolchain "$toolchain" --installed | grep -q '^wasm32-unknown-unknown$'; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown --toolchain "$toolchain"
fi

# npm packages from web/package-lock.json: the editor glue, jsonata 2.0.6 (which the CLI embeds
# too: crates/asl-jsonata), esbuild and playwright-core.
if ! command -v npm >/dev/null 2>&1; then
  echo "setup: Node.js and npm are required (JSONata comes from the npm package jsonata); install them, e.g. apt-get install nodejs npm" >&2
  exit 1
fi
if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  say "installing web/ npm packages from the lock file"
  (cd web && npm ci --no-audit --no-fund)
fi

# python3 runs Python mocks files (crates/asl-mocks) and their tests; Debian ships it.
if ! command -v python3 >/dev/null 2>&1; then
  say "installing python3 for Python mocks"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null
fi

$web || exit 0

export PATH="$HOME/.cargo/bin:$PATH"
if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 4 minutes)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (splits the interpreter off the first-load wasm)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi
# Debian's binaryen 108 silently breaks current rustc output: use npm's.
if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
  say "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm"
  npm install -g "binaryen@$BINARYEN_VERSION" --no-audit --no-fund
fi
if [ ! -x /usr/bin/chromium ]; then
  say "installing Chromium for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
