#!/usr/bin/env bash
# The build inputs resolve from a fresh crate home: with nothing cached, what fetch.sh fetches
# is all an offline build needs. (A fresh machine's first start.sh once stopped at
# `trunk build --offline`, because nothing had fetched the crates; this catches a relapse.)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
CARGO_HOME="$home" bash .ci/fetch.sh
# Offline, the whole graph (every platform, every feature) must resolve from that home alone.
CARGO_HOME="$home" cargo metadata --offline --locked --all-features --format-version 1 >/dev/null
CARGO_HOME="$home" cargo tree --offline --locked --features csr --target wasm32-unknown-unknown \
  >/dev/null
echo "every locked crate resolves offline from a fresh crate home"
