#!/usr/bin/env bash
# Install what building Manyi needs, each only when missing. Safe to run again.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

step() { printf '\n== %s\n' "$*"; }

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
# The standard library's source: the browser bundles rebuild it (env.sh: wasm_build).
rustup component add rust-src >/dev/null 2>&1 || true

# Before any offline build: every locked crate, for the server and the wasm app.
step "fetching the crates Cargo.lock names"
bash .ci/fetch.sh

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  step "installing trunk $TRUNK_VERSION from crates.io (about 10-15 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! leptosfmt --version 2>/dev/null | grep -q " $LEPTOSFMT_VERSION\$"; then
  step "installing leptosfmt $LEPTOSFMT_VERSION from crates.io"
  cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (the version in Cargo.lock)"
  # Not --locked: the CLI's own lock file names a yanked crate for this version.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION" \
  || ! terser --version 2>/dev/null | grep -q "^terser $TERSER_VERSION\$"; then
  step "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) and terser $TERSER_VERSION into .tools/"
  mkdir -p .tools
  # One command for both: a second install into the same prefix would prune the first.
  npm install --no-save --no-audit --no-fund --prefix .tools \
    "binaryen@$BINARYEN_VERSION" "terser@$TERSER_VERSION"
fi

if [ "${1:-}" = "--browser" ]; then
  # (No `fc-list | grep -q` here: with pipefail, grep's early exit fails the pipeline.)
  if [ ! -x /usr/bin/chromium ] || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
    step "installing Debian's chromium and fonts-noto-cjk"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  fi
  if [ ! -d tests/e2e/node_modules/playwright-core ] || [ ! -d tests/e2e/node_modules/axe-core ]; then
    step "installing the browser test driver (playwright-core, no browser download) and axe-core"
    (cd tests/e2e && npm ci --no-audit --no-fund)
  fi
fi
