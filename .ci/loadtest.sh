#!/usr/bin/env bash
# Ingest benchmark (docs/architecture.md#budgets): an optimized server on a fresh SQLite
# file (WAL, synchronous=FULL), 200 concurrent clients on loopback posting validated 营商环境
# responses.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
CLIENTS="${CLIENTS:-200}"
SECONDS_TO_RUN="${SECONDS_TO_RUN:-10}"
# The same binary start.sh serves: embedding whatever app dist/ holds now (src/bin/manyi/embedded.rs).
touch src/bin/manyi/embedded.rs
cargo build --profile server --features server --bin manyi --bin manyi-loadgen
DIR=$(mktemp -d)
PORT=18089
target/server/manyi --database-url "sqlite://$DIR/load.db" serve --addr "127.0.0.1:$PORT" --api-only --rate-per-second 0 --seed-open >"$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/api/surveys" >/dev/null && break; sleep 0.1; done
# Several rounds: this machine's speed varies from minute to minute, so report each.
for round in $(seq "${ROUNDS:-3}"); do
  printf 'round %s: ' "$round"
  target/server/manyi-loadgen --url "http://127.0.0.1:$PORT" --clients "$CLIENTS" --seconds "$SECONDS_TO_RUN"
done
echo "stored: $(target/server/manyi --database-url "sqlite://$DIR/load.db" stats)"
