# Sourced by the scripts here: tool versions and PATH. Nothing in this project downloads a
# prebuilt binary: Trunk, leptosfmt and wasm-bindgen come from crates.io, wasm-opt from npm
# (binaryen), Chromium and the CJK font from Debian.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION=0.21.14
# Formats and checks the `view!` macros (leptosfmt.toml), which rustfmt leaves alone.
LEPTOSFMT_VERSION=0.1.33
BINARYEN_VERSION=132
# Minifies the wasm-bindgen JS glue, which Trunk leaves as written.
TERSER_VERSION=5.36.0
# wasm-bindgen's CLI must match the library in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")
export PATH="$ROOT/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CARGO_TERM_COLOR=never
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components"
# The browser bundles are built with the standard library rebuilt from source for size,
# panics ending the app at once instead of formatting a message (docs/architecture.md#budgets):
# 13 KB less brotli for the respondent. Both are unstable cargo/rustc features, allowed on
# the pinned stable toolchain by RUSTC_BOOTSTRAP for these builds only.
# Usage: `wasm_build trunk build …` or `wasm_build cargo build --target wasm32-unknown-unknown …`.
wasm_build() {
  RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD="std,panic_abort" \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS -Zunstable-options -Cpanic=immediate-abort" \
    "$@"
}
