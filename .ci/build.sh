#!/usr/bin/env bash
# Build the browser app into dist/ (offline: Trunk never downloads), precompress it, and
# build the server. Usage: build.sh [cargo profile for the server, default "dev"].
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
PROFILE="${1:-dev}"

printf '\n== building the browser app (trunk build --release --offline)\n'
wasm_build trunk build --release --offline
printf '\n== building the staff dashboard (its own bundle under /staff/)\n'
wasm_build trunk build public/staff/index.html --release --offline --dist dist/staff --public-url /staff/
printf '\n== building the survey builder (its own bundle under /builder/)\n'
wasm_build trunk build public/builder/index.html --release --offline --dist dist/builder --public-url /builder/
printf '\n== minifying the wasm-bindgen JS glue (terser)\n'
# Trunk writes the glue as wasm-bindgen made it; no integrity attribute names it
# (Trunk.toml's patterns), so it may be rewritten here.
for glue in dist/*.js dist/staff/*.js dist/builder/*.js; do
  terser "$glue" --module --compress --mangle --output "$glue"
done
node .ci/precompress.mjs dist
node .ci/precompress.mjs dist/staff
node .ci/precompress.mjs dist/builder

printf '\n== building the server with the apps embedded (profile %s)\n' "$PROFILE"
# The binary embeds dist/ (src/bin/manyi/embedded.rs). Cargo tracks the embedded files but not a
# folder that did not exist when it last compiled, so the embedding is always redone.
touch src/bin/manyi/embedded.rs
cargo build --features server --profile "$PROFILE" --bin manyi
