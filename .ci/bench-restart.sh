#!/usr/bin/env bash
# Restart benchmark (docs/architecture.md#budgets): a database of 1,000,000 stored 营商环境
# responses (yingshang-2023), then the time from starting `manyi serve` until the staff
# results endpoint answers 200, and the server's memory then. Reported: the first start
# (no snapshot yet: every response's JSON is parsed), the median of 3 restarts after a
# graceful stop (which snapshots the live tables), and one restart after a SIGKILL with
# TAIL responses stored after the last snapshot.
#
# N=… and TAIL=… change the sizes; MANYI_BIN=path measures another build (an older one
# without snapshots: every start is the first).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
N="${N:-1000000}"
TAIL="${TAIL:-50000}"
PORT="${PORT:-18091}"
BIN="${MANYI_BIN:-target/server/manyi}"
if [ -z "${MANYI_BIN:-}" ]; then
  cargo build --profile server --features server --bin manyi
fi
DIR=${KEEP_DIR:-$(mktemp -d)}
DB="$DIR/restart.db"
SERVER=""
trap '[ -n "$SERVER" ] && kill -9 $SERVER 2>/dev/null; [ -n "${KEEP_DIR:-}" ] || rm -rf "$DIR"' EXIT
manyi() { "$BIN" --database-url "sqlite://$DB" "$@"; }
BASE="http://127.0.0.1:$PORT"
RESULTS="$BASE/api/staff/surveys/yingshang-2023/results"

start() { # the binary itself in the background, so $SERVER is its pid
  "$BIN" --database-url "sqlite://$DB" serve --addr "127.0.0.1:$PORT" --api-only \
    --rate-per-second 0 --seed-open >>"$DIR/server.log" 2>&1 &
  SERVER=$!
}
stop() { # stop SIGNAL: a graceful stop snapshots; SIGKILL does not
  kill "-$1" "$SERVER"
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
}
# Milliseconds from start until the results answer 200 (a session made beforehand), then
# the server's resident memory, in $MEASURED (not printed: a $(…) subshell would lose the
# server's pid).
timed_start() {
  local began now
  began=$(date +%s%N)
  start
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -b "$DIR/cookies" "$RESULTS")" = 200 ]; do
    kill -0 "$SERVER" 2>/dev/null || { cat "$DIR/server.log"; exit 1; }
    sleep 0.01
  done
  now=$(date +%s%N)
  MEASURED="$(((now - began) / 1000000)) ms, RSS $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER/status") (peak $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$SERVER/status"))"
}
# Store responses straight through SQL: sample answers (20,000 distinct, repeated), one
# second apart from $2 (ms), over three channels and none.
fill() {
  python3 - "$DB" "$DIR/samples.jsonl" "$1" "$2" <<'PY'
import sqlite3, sys, uuid
db, samples, n, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
answers = open(samples).read().splitlines()
channels = [None, "wechat", "street-1", "street-2"]
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
rows = ((str(uuid.uuid4()), "yingshang-2023", answers[i % len(answers)], start + i * 1000,
         channels[i % 4]) for i in range(n))
con.executemany("INSERT INTO responses (id, survey_id, answers, received_at, channel) VALUES (?, ?, ?, ?, ?)", rows)
con.commit()
con.close()
PY
}

# The schema, the templates (open) and a staff account with a session.
start
until curl -sf -o /dev/null "$BASE/api/surveys"; do sleep 0.05; done
MANYI_PASSWORD=bench-restart-pw manyi user add bench --role staff >/dev/null
curl -sf -o /dev/null -c "$DIR/cookies" -H 'content-type: application/json' \
  -d '{"username":"bench","password":"bench-restart-pw"}' "$BASE/api/auth/login"
stop TERM
manyi sample --survey yingshang-2023 --count 20000 --seed 2023 >"$DIR/samples.jsonl"
began=$(date +%s)
fill "$N" 1700000000000
echo "stored $N responses in $(($(date +%s) - began)) s ($(du -m "$DB" | cut -f1) MB)"

timed_start
echo "first start (every response's JSON): $MEASURED"
stop TERM
times=()
for round in 1 2 3; do
  timed_start
  echo "restart $round after a graceful stop: $MEASURED"
  times+=("${MEASURED%% ms*}")
  stop TERM
done
echo "median of 3 restarts: $(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p) ms"
start
until [ "$(curl -s -o /dev/null -w '%{http_code}' -b "$DIR/cookies" "$RESULTS")" = 200 ]; do sleep 0.05; done
stop KILL
fill "$TAIL" 1800000000000
timed_start
echo "restart after a SIGKILL, $TAIL responses after the snapshot: $MEASURED"
stop TERM
echo "stored: $(manyi stats)"
