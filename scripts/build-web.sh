#!/usr/bin/env bash
# Release build of the playground into dist/ (static files; works from any sub-path).
#
# trunk builds the page as in development, with two more flags for the wasm: `--cfg asl_split`
# (crates/asl-web/src/engine.rs: the interpreter behind one door) and `--emit-relocs` (what
# wasm-split-cli needs to follow calls). Then the linked wasm is split: whatever only the engine
# reaches goes into a second module, fetched on the first Run or Debug, and trunk's glue and wasm
# are replaced by the split ones (same file names; their integrity hashes rewritten).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo fetch --locked >/dev/null

# RUSTFLAGS replaces .cargo/config.toml's flags for the target: repeat them, then add ours.
config_flags=$(python3 -c 'import tomllib; print("\x1f".join(tomllib.load(open(".cargo/config.toml", "rb"))["target"]["wasm32-unknown-unknown"]["rustflags"]))')
export CARGO_ENCODED_RUSTFLAGS="$config_flags"$'\x1f'"--cfg"$'\x1f'"asl_split"$'\x1f'"-Clink-args=--emit-relocs"
env -u NO_COLOR TRUNK_SKIP_VERSION_CHECK=true trunk build --release --locked "$@"
unset CARGO_ENCODED_RUSTFLAGS

linked=target/wasm32-unknown-unknown/wasm-release/asl-web.wasm
glue=$(cd dist && ls asl-web-*.js)
stem=${glue%.js}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-split-cli --target web --out-name "$stem" "$linked" "$work/split" >/dev/null
wasm-bindgen --target web --keep-lld-exports --no-typescript --out-name "$stem" --out-dir "$work/bindgen" "$work/split/$stem.wasm"
cp "$work/bindgen/$stem.js" dist/
# ASL_WASM_NAMES=1 keeps the functions' names, for profiles in the browser (bigger files).
names=()
[ "${ASL_WASM_NAMES:-}" = 1 ] && names=(-g)
for wasm in "$work/bindgen/${stem}_bg.wasm" "$work/split/"*.wasm; do
  [ "$(basename "$wasm")" = "$stem.wasm" ] && continue
  wasm-opt -Oz --converge "${names[@]}" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue "$wasm" -o "dist/$(basename "$wasm")"
done
cp "$work/split/__wasm_split.js" dist/
node scripts/integrity.mjs dist/index.html

# Content-Security-Policy: a <meta> tag in the built page, trunk's inline start-up script allowed
# by its hash (scripts/csp.mjs explains each allowance).
node scripts/csp.mjs dist/index.html
