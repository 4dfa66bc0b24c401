#!/usr/bin/env bash
# Sets up whatever is missing, then runs every check CI runs: formatting, clippy, the Rust
# tests (unit, conformance, snapshots, properties, CLI), the core's wasm32 build, and — when
# the playground exists — its release build and browser tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

web=false
[ -f web/package.json ] && web=true
if $web; then scripts/setup.sh --web; else scripts/setup.sh; fi

# Property tests explore new random inputs on every local run; CI replays a fixed seed so that a
# submission lands or not on its own merits (a failure found locally becomes a regression test).
if [ -n "${CI:-}" ]; then
  export PROPTEST_RNG_SEED="${PROPTEST_RNG_SEED:-20261126}"
fi

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy (host crates, all targets)"
cargo clippy --locked --all-targets -- -D warnings

step "cargo test -p asl -p asl-graph -p dagre -p asl-jsonata -p asl-lsp -p asl-mocks -p asl-cli"
cargo test --locked -p asl -p asl-graph -p dagre -p asl-jsonata -p asl-lsp -p asl-mocks -p asl-cli

step "the core builds for wasm32-unknown-unknown"
cargo build --locked -p asl --target wasm32-unknown-unknown

if $web; then
  step "cargo clippy (playground, wasm32)"
  cargo clippy --locked -p asl-web --target wasm32-unknown-unknown -- -D warnings
  step "cargo test -p asl-web (the playground's unit tests, natively)"
  cargo test --locked -p asl-web
  step "playground release build"
  scripts/build-web.sh
  step "browser tests (headless Chromium)"
  (cd web && node --test --test-concurrency=1 e2e/)
fi
