#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: Debian's PostgreSQL 15 binaries, a new data directory
# under /tmp, a Unix socket only (no TCP port), trust authentication, run as the unprivileged
# "postgres" user when started as root (CI runs as root; PostgreSQL refuses to).
#
#   scripts/postgres.sh start STATE_DIR   starts it; writes STATE_DIR/conninfo (libpq's form)
#   scripts/postgres.sh stop STATE_DIR    stops it and removes its data
set -euo pipefail
command="${1:?usage: postgres.sh start|stop STATE_DIR}"
state="${2:?usage: postgres.sh start|stop STATE_DIR}"
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/initdb" ] || { echo "postgres.sh: PostgreSQL 15 is not installed (scripts/setup.sh installs it)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  [ -f "$state/data_dir" ] || return 0
  local dir
  dir="$(cat "$state/data_dir")"
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  rm -f "$state/data_dir" "$state/conninfo"
}

case "$command" in
  start)
    mkdir -p "$state"
    stop
    dir="$(mktemp -d /tmp/pkpass-pg.XXXXXX)"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    echo "$dir" > "$state/data_dir"
    as_owner "$bin/initdb" -D "$dir/data" -U pkpass --auth=trust -E UTF8 --no-locale > "$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=300" start > /dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    echo "host=$dir user=pkpass dbname=postgres" > "$state/conninfo"
    echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $dir"
    ;;
  stop) stop ;;
  *) echo "usage: postgres.sh start|stop STATE_DIR" >&2; exit 2 ;;
esac
