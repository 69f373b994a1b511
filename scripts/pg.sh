#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests.
#   scripts/pg.sh start   create the cluster if needed, start it, print its SQLAlchemy URL
#   scripts/pg.sh url     print the URL of the running cluster
#   scripts/pg.sh stop    stop the server and delete the cluster
# The cluster lives in $DOCENGINE_PG_DIR (default: .pg/ in the repository, gitignored).
# It uses Debian's binaries (/usr/lib/postgresql/*/bin) and installs the
# `postgresql` package when they are missing and we are root. PostgreSQL refuses
# to run as root, so as root the server runs as the `postgres` user.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${DOCENGINE_PG_DIR:-$repo/.pg}
data="$dir/data"
db=docengine_test

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

bin=$(find_bin)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "pg.sh: installing the postgresql package" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null && apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends postgresql >/dev/null
    bin=$(find_bin)
  fi
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "pg.sh: PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin; run: sudo apt-get install -y postgresql" >&2
    exit 1
  fi
fi

if [ "$(id -u)" = "0" ]; then
  user=postgres
  as_owner() { runuser -u "$user" -- "$@"; }
else
  user=$(id -un)
  as_owner() { "$@"; }
fi

url() { echo "postgresql+psycopg://postgres@127.0.0.1:$(cat "$dir/port")/$db"; }

running() { [ -f "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "${1:-}" in
  start)
    if running; then url; exit 0; fi
    mkdir -p "$dir"
    chmod 755 "$dir"
    [ "$user" = postgres ] && chown postgres "$dir"
    if [ ! -f "$data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    free_port >"$dir/port"
    # fsync off: a test cluster is thrown away, and durability only costs time here.
    as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
      -o "-p $(cat "$dir/port") -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$(cat "$dir/port")" -U postgres "$db" 2>/dev/null || true
    url
    ;;
  url)
    running || { echo "pg.sh: not running (scripts/pg.sh start)" >&2; exit 1; }
    url
    ;;
  stop)
    if running; then as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/pg.sh start|stop|url" >&2
    exit 2
    ;;
esac
