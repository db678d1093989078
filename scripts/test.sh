#!/usr/bin/env bash
# The whole check, as CI runs it: ruff, mypy, then pytest against SQLite, a real PostgreSQL
# server and a real Redis server started here on loopback (stopped afterwards), and Debian's
# Chromium for the browser tests.
# Called by `./run test` inside the project environment.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=".tools/bin/uv"
# Python keeps the bytecode it compiles (in __pycache__, ignored by git). Where the environment sets
# PYTHONDONTWRITEBYTECODE (our 2-core machines do, as Python's container images do), every process
# of the run (pytest, its workers, the servers and workers the topology tests start) compiled
# SQLAlchemy, pydantic, the app and the tests from source again, and each pytest worker rewrote every
# test module's asserts anew: importing the app took 6-8 s of CPU instead of 3, collecting 18 s instead of 10.
unset PYTHONDONTWRITEBYTECODE

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
    command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
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
    trap stop_services EXIT
    export SWITCHBOARD_TEST_POSTGRES_URL="postgresql+psycopg://switchboard@127.0.0.1:$port/postgres"
    echo "==> PostgreSQL running on 127.0.0.1:$port"
}

stop_postgres() {
    [ -n "${PG_DIR:-}" ] || return 0
    as_pg "$(pg_bin_dir)/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null || true
    rm -rf "$PG_DIR"
}

start_redis() {
    command -v redis-server >/dev/null 2>&1 || return 0
    local port
    REDIS_DIR="$(mktemp -d)"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$REDIS_DIR" \
        --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/log" >/dev/null
    trap stop_services EXIT
    for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    export SWITCHBOARD_TEST_REDIS_URL="redis://127.0.0.1:$port/0"
    echo "==> Redis running on 127.0.0.1:$port"
}

stop_redis() {
    [ -n "${REDIS_DIR:-}" ] || return 0
    local pid
    pid="$(cat "$REDIS_DIR/redis.pid" 2>/dev/null || true)"
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null || true
        # It writes its log until it is gone: wait, then remove its folder.
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$REDIS_DIR"
}

stop_services() {
    stop_redis
    stop_postgres
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
start_redis

echo "==> ruff"
$UV run --locked --no-sync ruff check .
$UV run --locked --no-sync ruff format --check .
echo "==> mypy"
$UV run --locked --no-sync mypy
echo "==> the docs (mkdocs build --strict: a broken link fails)"
NO_MKDOCS_2_WARNING=1 $UV run --locked --no-sync mkdocs build --strict --site-dir "$(mktemp -d)"
echo "==> the image's build steps (scripts/build_app.sh), as the Dockerfile runs them"
BUILD_DIR="$(mktemp -d)"
bash scripts/build_app.sh "$BUILD_DIR/switchboard"
SWITCHBOARD_DATABASE_URL="sqlite:///$BUILD_DIR/check.db" "$BUILD_DIR/switchboard/.venv/bin/switchboard" db upgrade
rm -rf "$BUILD_DIR"
echo "==> pytest"
# Two or more processes (one per core, pytest-xdist), each given whole files; "-n 0" runs in one.
$UV run --locked --no-sync pytest -n auto --dist loadfile "$@"
