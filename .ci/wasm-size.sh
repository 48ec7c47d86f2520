#!/usr/bin/env bash
# What the respondent's WebAssembly is made of (docs/architecture.md#budgets): builds the
# `manyi-app` bundle as Trunk does (release, wasm-bindgen, wasm-opt -Os) but keeping the
# function names, then prints its brotli size, the 15 largest functions (twiggy, pinned,
# from crates.io) and the bytes per crate. Usage: wasm-size.sh [bin, default manyi-app]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
BIN="${1:-manyi-app}"
TWIGGY_VERSION=0.7.0
if ! twiggy --version 2>/dev/null | grep -q " $TWIGGY_VERSION\$"; then
  cargo install twiggy --version "$TWIGGY_VERSION" --locked
fi
bash .ci/setup.sh >/dev/null

# Names kept (strip off) so twiggy can tell the functions apart; the code is the same.
CARGO_PROFILE_RELEASE_STRIP=false wasm_build cargo build --release --target wasm32-unknown-unknown \
  --features csr --no-default-features --bin "$BIN"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$work" --out-name app \
  "target/wasm32-unknown-unknown/release/$BIN.wasm"
features=(--enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue)
wasm-opt -Os "${features[@]}" --strip-debug --strip-producers "$work/app_bg.wasm" -o "$work/shipped.wasm"
# twiggy 0.7 cannot read a module wasm-opt has rewritten, so it reads wasm-bindgen's.
named="$work/app_bg.wasm"

node -e '
  const zlib = require("zlib"), fs = require("fs");
  const wasm = fs.readFileSync(process.argv[1]);
  const br = zlib.brotliCompressSync(wasm, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
  console.log(`== ${process.argv[2]}.wasm as shipped: ${(wasm.length / 1000).toFixed(1)} KB, brotli ${(br.length / 1000).toFixed(1)} KB`);
' "$work/shipped.wasm" "$BIN"
printf '\n== the 15 largest functions before wasm-opt (twiggy top)\n'
twiggy top -n 1000000 -f csv "$named" > "$work/items.csv"
awk '!/section/ && n++ < 16' "$work/items.csv" | cut -d, -f1,2 | cut -c1-150
printf '\n== bytes per crate before wasm-opt (code and data; names and debug sections left out)\n'
node tests/measure/wasm-crates.mjs "$work/items.csv"
