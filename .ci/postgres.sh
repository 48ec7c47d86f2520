#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and benchmarks: Debian's `postgresql` package
# (installed when missing), a new cluster in a temporary directory, on a private port and
# socket, stopped and deleted when the calling script exits.
#
#   source .ci/postgres.sh && postgres_start    # exports MANYI_PG_URL
#
# postgres_start sets an EXIT trap that stops the server: a caller with a trap of its own
# calls postgres_stop from it.
#
# initdb refuses to run as root: as root the cluster belongs to the `postgres` user the
# package creates; otherwise to whoever runs this.

postgres_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ]; then
    printf '\n== installing PostgreSQL (Debian package postgresql)\n' >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
    # The package starts a cluster of its own on 5432; the tests never use it.
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

# Run a PostgreSQL program as the cluster's owner.
postgres_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# postgres_start [PORT]: start the cluster; MANYI_PG_URL names its database `manyi`. Without
# a PORT, free ones below the ephemeral range are tried until the server starts on one.
postgres_start() {
  local bin port tries
  bin=$(postgres_bin)
  MANYI_PG_BIN=$bin
  MANYI_PG_DIR=$(mktemp -d /tmp/manyi-pg.XXXXXX)
  export MANYI_PG_DIR MANYI_PG_BIN
  # Stopped and deleted however the caller ends, whatever fails below.
  trap postgres_stop EXIT
  chmod 755 "$MANYI_PG_DIR"
  [ "$(id -u)" -ne 0 ] || chown postgres "$MANYI_PG_DIR"
  postgres_as_owner "$bin/initdb" --pgdata="$MANYI_PG_DIR/data" --username=manyi \
    --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$MANYI_PG_DIR/initdb.log" 2>&1 \
    || { cat "$MANYI_PG_DIR/initdb.log" >&2; return 1; }
  for tries in 1 2 3 4 5; do
    port=${1:-$((15000 + RANDOM % 15000))}
    # Durable as in production (fsync, synchronous_commit on: the defaults); enough
    # connections for the tests running side by side.
    if postgres_as_owner "$bin/pg_ctl" --pgdata="$MANYI_PG_DIR/data" --wait --silent \
      --log="$MANYI_PG_DIR/server.log" \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$MANYI_PG_DIR -c max_connections=300 -c shared_buffers=256MB" \
      start; then
      break
    fi
    if [ -n "${1:-}" ] || [ "$tries" -eq 5 ]; then
      cat "$MANYI_PG_DIR/server.log" >&2
      return 1
    fi
  done
  postgres_as_owner "$bin/createdb" --host="$MANYI_PG_DIR" --port="$port" --username=manyi manyi
  export MANYI_PG_URL="postgres://manyi@127.0.0.1:$port/manyi"
  printf 'PostgreSQL %s on %s (data in %s)\n' \
    "$("$bin/postgres" --version | awk '{print $3}')" "$MANYI_PG_URL" "$MANYI_PG_DIR"
}

postgres_stop() {
  [ -n "${MANYI_PG_DIR:-}" ] || return 0
  if [ -f "$MANYI_PG_DIR/data/postmaster.pid" ]; then
    postgres_as_owner "$MANYI_PG_BIN/pg_ctl" --pgdata="$MANYI_PG_DIR/data" --mode=fast --wait \
      --silent stop || true
  fi
  rm -rf "$MANYI_PG_DIR"
  MANYI_PG_DIR=""
}
