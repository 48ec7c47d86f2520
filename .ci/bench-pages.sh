#!/usr/bin/env bash
# Lighthouse on the respondent's fill pages (docs/architecture.md#budgets): the default
# mobile preset (simulated slow 4G: 150 ms RTT, 1.6 Mbit/s, 4x CPU), RUNS runs each (5),
# medians printed. Against the real server with the apps embedded, on a fresh database.
# Usage: bench-pages.sh [path ...]  (default /s/yingshang-2023 /s/shenji-2023)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
RUNS="${RUNS:-5}"
# Lighthouse 12.8.2 is the newest line that runs on Node 20; it drives Debian's Chromium.
LIGHTHOUSE_VERSION=12.8.2
LH_DIR="$ROOT/.tools/lighthouse"
BIN="${MANYI_BIN:-$ROOT/target/server/manyi}"
PATHS=("$@")
[ ${#PATHS[@]} -gt 0 ] || PATHS=(/s/yingshang-2023 /s/shenji-2023)

bash .ci/setup.sh --browser >/dev/null
if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ]; then
  printf '== installing lighthouse %s into .tools/lighthouse\n' "$LIGHTHOUSE_VERSION"
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-save --no-audit --no-fund --prefix "$LH_DIR" \
    "lighthouse@$LIGHTHOUSE_VERSION" >/dev/null
fi
[ -x "$BIN" ] || bash .ci/build.sh server

work="$(mktemp -d)"
port=18431
MANYI_SEED_OPEN=true "$BIN" --database-url "sqlite://$work/manyi.db" serve \
  --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/api/surveys" >/dev/null && break
  sleep 0.1
done

flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
for path in "${PATHS[@]}"; do
  reports=()
  for run in $(seq "$RUNS"); do
    out="$work/lh-$(echo "$path" | tr '/' '_')-$run.json"
    CHROME_PATH=/usr/bin/chromium "$LH_DIR/node_modules/.bin/lighthouse" \
      "http://127.0.0.1:$port$path" --only-categories=performance,accessibility \
      --output=json --output-path="$out" --chrome-flags="$flags" --quiet
    reports+=("$out")
  done
  node tests/measure/lighthouse-median.mjs "$path" "${reports[@]}"
done
