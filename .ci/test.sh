#!/usr/bin/env bash
# Set up and run every test: formatting, clippy on each feature set, the native domain and
# API tests, then the end-to-end tests in headless Chromium against the real server.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

bash .ci/setup.sh --browser

printf '\n== the deployment examples (systemd units, nginx, Caddy) are valid\n'
bash .ci/deploy-check.sh

printf '\n== the build inputs resolve offline from a fresh crate home\n'
bash .ci/fresh-home.sh

printf '\n== cargo fmt --check\n'
cargo fmt --all -- --check
# The view! macros, which rustfmt leaves alone (leptosfmt.toml). Shortened by leptosfmt, code
# around them may fit where rustfmt gave up before, so format a file with both twice:
# `leptosfmt FILE && cargo fmt`, then again; after that both checks pass and stay passing.
printf '\n== leptosfmt --check (view! macros)\n'
leptosfmt --check --quiet src

printf '\n== clippy (server, and the browser app on wasm32)\n'
cargo clippy --features server --all-targets -- -D warnings
cargo clippy --features csr --target wasm32-unknown-unknown --lib --bins -- -D warnings

printf '\n== domain and API tests (SQLite)\n'
cargo test --features server -- --skip postgres_


bash .ci/build.sh dev

printf '\n== end-to-end tests (Chromium: respondents at 390x844, staff on a laptop and a projector)\n'
(cd tests/e2e && MANYI_BIN="$ROOT/target/debug/manyi" node --test --test-concurrency=1 first-screen.test.mjs respondent.test.mjs dashboard.test.mjs publication.test.mjs workspace.test.mjs accounts.test.mjs single-file.test.mjs)

# PostgreSQL: the API suite again, three nodes on one database, and the browser tests of
# the respondents, the dashboard and the publication against a server on PostgreSQL.
(
  source .ci/postgres.sh
  postgres_start
  printf '\n== API tests on PostgreSQL (a throwaway server, .ci/postgres.sh)\n'
  MANYI_TEST_POSTGRES="$MANYI_PG_URL" cargo test --features server --test api -- --skip sqlite_
  printf '\n== three nodes on one PostgreSQL, one SIGKILLed mid-load\n'
  MANYI_TEST_POSTGRES="$MANYI_PG_URL" cargo test --features server --test nodes -- --nocapture
  printf '\n== end-to-end tests on PostgreSQL\n'
  (cd tests/e2e && MANYI_E2E_POSTGRES="$MANYI_PG_URL" MANYI_BIN="$ROOT/target/debug/manyi" node --test --test-concurrency=1 respondent.test.mjs dashboard.test.mjs publication.test.mjs)
)

printf '\n== first-load size of the respondent app\n'
node tests/measure/bundle-size.mjs dist
printf '\n== the staff dashboard (its own bundle; no budget, reported)\n'
BUDGET_KB=0 node tests/measure/bundle-size.mjs dist/staff
BUDGET_KB=0 node tests/measure/bundle-size.mjs dist/builder
