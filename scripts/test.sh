#!/usr/bin/env bash
# The whole check, as CI runs it: ruff, mypy, then pytest against SQLite, a real PostgreSQL
# server started here on loopback, and Debian's Chromium for the browser tests.
# Called by `./run test` inside the project environment.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=".tools/bin/uv"

have_postgres() { [ -n "$(pg_bin_dir)" ]; }
pg_bin_dir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
    command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
    return 0
}

install_system_packages() {
    local missing=()
    have_postgres || missing+=(postgresql)
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
    [ ${#missing[@]} -eq 0 ] && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "==> installing ${missing[*]} from Debian's packages"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "==> missing ${missing[*]}: install them (e.g. apt-get install ${missing[*]}) to run every test"
    fi
}

start_postgres() {
    have_postgres || return 0
    local bin port
    bin="$(pg_bin_dir)"
    PG_DIR="$(mktemp -d)"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    chown -R "${PG_USER}" "$PG_DIR"
    as_pg "$bin/initdb" -D "$PG_DIR/data" -U switchboard --auth=trust -E UTF8 >/dev/null
    as_pg "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off" start >/dev/null
    trap stop_postgres EXIT
    export SWITCHBOARD_TEST_POSTGRES_URL="postgresql+psycopg://switchboard@127.0.0.1:$port/postgres"
    echo "==> PostgreSQL running on 127.0.0.1:$port"
}

stop_postgres() {
    as_pg "$(pg_bin_dir)/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null || true
    rm -rf "$PG_DIR"
}

# initdb refuses to run as root: use the postgres account when we are root.
PG_USER="$(id -un)"
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    PG_USER=postgres
fi
as_pg() {
    if [ "$PG_USER" = "$(id -un)" ]; then "$@"; else su -s /bin/sh "$PG_USER" -c "$(printf '%q ' "$@")"; fi
}

# axe-core (accessibility checks in the browser tests) and Lighthouse (scripts/lighthouse.py), as
# locked in package-lock.json; installed again only when the lock changed.
install_node_packages() {
    command -v npm >/dev/null 2>&1 || return 0
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        echo "==> installing the browser checks (npm ci)"
        npm ci --no-audit --no-fund --loglevel=error
    fi
}

install_system_packages
install_node_packages
start_postgres

echo "==> ruff"
$UV run --locked --no-sync ruff check .
$UV run --locked --no-sync ruff format --check .
echo "==> mypy"
$UV run --locked --no-sync mypy
echo "==> pytest"
$UV run --locked --no-sync pytest "$@"
