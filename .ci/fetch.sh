#!/usr/bin/env bash
# Fetch every crate Cargo.lock names, for every target (the server and the wasm app), so the
# offline builds that follow (`trunk build --offline`) find them on a machine that never
# built Manyi. Quick when they are already cached.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
cargo fetch --locked --quiet
# The crates the standard library is rebuilt from for the browser bundles (env.sh: wasm_build).
RUSTC_BOOTSTRAP=1 cargo fetch --locked -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown --quiet
