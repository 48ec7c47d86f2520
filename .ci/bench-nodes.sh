#!/usr/bin/env bash
# Several nodes (docs/scale.md#measured): durable ingest of validated 营商环境 responses,
# 200 clients on loopback, in one run on this machine — one node on SQLite (WAL,
# synchronous=FULL), one node on PostgreSQL, two nodes on one PostgreSQL (fsync and
# synchronous_commit on, its defaults) — then the results endpoint at 100,000 responses
# on PostgreSQL. Compare the ratios, not the absolute figures: the load generator, the
# nodes and PostgreSQL share this machine's cores.
set -euo pipefail
source "$(dirname "$0")/env.sh"
source "$(dirname "$0")/postgres.sh"
cd "$ROOT"
CLIENTS="${CLIENTS:-200}"
SECONDS_TO_RUN="${SECONDS_TO_RUN:-10}"
ROUNDS="${ROUNDS:-3}"
touch src/bin/manyi/embedded.rs
cargo build --profile server --features server --bin manyi --bin manyi-loadgen
postgres_start
DIR=$(mktemp -d)
NODES=()
stop_nodes() {
  for pid in "${NODES[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  NODES=()
}
trap 'stop_nodes; postgres_stop; rm -rf "$DIR"' EXIT

# start_node URL PORT
start_node() {
  target/server/manyi --database-url "$1" serve --addr "127.0.0.1:$2" --api-only \
    --rate-per-second 0 --seed-open >>"$DIR/server.log" 2>&1 &
  NODES+=($!)
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$2/api/surveys" >/dev/null && return; sleep 0.1; done
  echo "the node on port $2 did not start" >&2
  cat "$DIR/server.log" >&2
  return 1
}

# A schema of its own per configuration, so each starts empty.
schema_url() {
  "$MANYI_PG_BIN/psql" -q "$MANYI_PG_URL" -c "CREATE SCHEMA $1" >/dev/null
  echo "$MANYI_PG_URL?options=-c%20search_path%3D$1"
}

# run LABEL URL...: the rounds of the load generator against the nodes at these URLs.
run() {
  local label=$1
  shift
  printf '\n== %s\n' "$label"
  local urls=()
  for url in "$@"; do urls+=(--url "$url"); done
  for round in $(seq "$ROUNDS"); do
    printf 'round %s: ' "$round"
    target/server/manyi-loadgen "${urls[@]}" --clients "$CLIENTS" --seconds "$SECONDS_TO_RUN"
  done
}

start_node "sqlite://$DIR/load.db" 18091
run "SQLite, one node" http://127.0.0.1:18091
stop_nodes

ONE=$(schema_url ingest_one)
start_node "$ONE" 18092
run "PostgreSQL, one node" http://127.0.0.1:18092
stop_nodes

TWO=$(schema_url ingest_two)
start_node "$TWO" 18093
start_node "$TWO" 18094
run "PostgreSQL, two nodes" http://127.0.0.1:18093 http://127.0.0.1:18094
stop_nodes

printf '\n== the results endpoint at 100,000 responses on PostgreSQL\n'
MANYI_BENCH_POSTGRES=$(schema_url results) MANYI_BENCH_ONLY=endpoint \
  cargo bench --profile server --features server --bench results
