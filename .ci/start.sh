#!/usr/bin/env bash
# Set up, build and run Manyi on http://127.0.0.1:8080 with a SQLite file in data/,
# seeded with the three evaluations on first start.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash .ci/setup.sh
bash .ci/build.sh server
DB="${DATABASE_URL:-sqlite://data/manyi.db}"
# The first start creates an admin account with a random password and prints it once.
target/server/manyi --database-url "$DB" user bootstrap
# A demonstration: on a new database the three evaluations start open (`--seed-open`); a
# plain `manyi serve` seeds them as drafts, so nothing goes public unasked.
exec target/server/manyi --database-url "$DB" serve --addr "${MANYI_ADDR:-127.0.0.1:8080}" --seed-open
