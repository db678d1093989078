"""Benchmarks of looking people up, measuring the server (wrk), not a Python client.

The server is `switchboard serve` as shipped (one process, SQLite, uvloop + httptools). The floor
is a bare FastAPI app (scripts/bare_app.py) in a uvicorn process of its own, measured in the same
run: the ratio ours / bare says what our middleware, routing and lookup cost.

1. Warm: the same address over and over (location cache warm), wrk 1 thread, 32 connections, for
   a federal campaign (grace-no-ban) and a state one (ma-safe-communities); rates, p99 and the
   ratio to the bare app (goal: >= 0.5 with p99 < 20 ms), and each server's CPU time per request,
   which a busy machine barely moves (the figure to compare when the cores are shared).
2. Cold: a new address on every request, 256 connections, against each of two loopback geocoders
   that answer after 300 ms: the async fake (tests/fakes/slow_geocoder.py) and a plain threaded
   Python HTTP server (scripts/threaded_geocoder.py), the harder one. Successful lookups per
   second (goal: >= 400) and every other answer counted (a 503 `geocoder_busy` is an error here).
3. The memory the directory read model holds, and the server's RSS at the end.

Offline: the directory comes from ../shared/data/directory. Needs `wrk` (Debian package). Run it
alone on the machine: a test suite or another benchmark beside it makes the figures noise.

    .venv/bin/python scripts/bench_lookup.py [--seconds 10] [--cold-only | --warm-only] [--database FILE]
"""

import argparse
import gc
import shutil
import sys
import tempfile
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from sqlmodel import Session

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from app.campaigns.store import load_campaign_dir  # noqa: E402
from app.civic.directory.view import load_directory_view  # noqa: E402
from app.civic.sync.datasets import sync_congress, sync_state_legislators  # noqa: E402
from app.civic.sync.sources import FolderSource  # noqa: E402
from app.civic.sync.zip_tables import sync_zip_districts  # noqa: E402
from app.storage.db import create_db_engine, session_scope  # noqa: E402
from app.storage.migrations import upgrade_database  # noqa: E402
from scripts.bench_support import (  # noqa: E402
    bare_server,
    free_port,
    machine_line,
    rss_mb,
    running,
    switchboard_server,
    wrk,
)
from tests.fakes.slow_geocoder import SlowGeocoder  # noqa: E402
from tests.support import DIRECTORY_DATA  # noqa: E402

BOSTON = "address=1+Ashburton+Place%2C+Boston%2C+MA+02108"
WARM = {
    "federal (grace-no-ban)": f"/api/v1/campaigns/grace-no-ban/targets?{BOSTON}",
    "state (ma-safe-communities)": f"/api/v1/campaigns/ma-safe-communities/targets?{BOSTON}",
}
# Every request a new street number (per wrk thread, so threads never share an address).
COLD_LUA = """
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
function init(args) n = 0 end
function request()
  n = n + 1
  local path = "/api/v1/campaigns/grace-no-ban/targets?address=" .. id .. "0" .. n ..
    "+Ashburton+Place%2C+Boston%2C+MA+02108"
  return wrk.format("GET", path)
end
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="how long each wrk run lasts")
    parser.add_argument("--warm-only", action="store_true")
    parser.add_argument("--cold-only", action="store_true")
    parser.add_argument(
        "--database", type=Path, help="a copy of this synced SQLite file is used instead of syncing anew"
    )
    parser.add_argument("--geocoder", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.geocoder:
        uvicorn.run(SlowGeocoder(delay_seconds=0.3).app(), port=args.geocoder, log_level="warning")
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    print(machine_line(), "at the start")
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.db"
        database_url = f"sqlite:///{database}"
        if args.database:
            shutil.copyfile(args.database, database)
            upgrade_database(database_url)
        else:
            prepare(database_url)
        measure_directory_memory(database_url)
        with bare_server() as bare:
            if not args.cold_only:
                with geocoder("async") as geocoder_url, ours(database_url, geocoder_url) as (base, pid):
                    measure_warm((base, pid), bare, args.seconds)
                    print(f"server process RSS after the warm runs: {rss_mb(pid):.0f} MB")
            if not args.warm_only:
                for kind in ("async", "threaded"):
                    with geocoder(kind) as geocoder_url, ours(database_url, geocoder_url) as (base, pid):
                        measure_cold((base, pid), bare, args.seconds, geocoder_kind=kind)
                        print(f"server process RSS after the cold run: {rss_mb(pid):.0f} MB")
    print(machine_line(), "at the end")


def prepare(database_url: str) -> None:
    upgrade_database(database_url)
    engine = create_db_engine(database_url)
    source = FolderSource(DIRECTORY_DATA)
    for sync in (sync_congress, sync_state_legislators, sync_zip_districts):
        with session_scope(engine) as session:
            sync(session, source=source, progress=lambda _m: None)
    with session_scope(engine) as session:
        load_campaign_dir(session, directory=PROJECT / "campaigns")
    engine.dispose()


def measure_directory_memory(database_url: str) -> None:
    """Python heap held by the directory read model: every official, office and ZIP's divisions."""
    engine = create_db_engine(database_url)
    gc.collect()
    tracemalloc.start()
    with Session(engine) as session:
        directory = load_directory_view(session)
    gc.collect()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    offices = sum(len(r.offices) for reps in directory.by_division.values() for r in reps)
    print(
        f"directory read model: {directory.official_count} officials, {offices} offices, "
        f"{len(directory.zip_divisions)} ZIP codes: {held / 1e6:.1f} MB held ({peak / 1e6:.1f} MB peak "
        "while loading)"
    )
    engine.dispose()


@contextmanager
def geocoder(kind: str) -> Iterator[str]:
    """A loopback Census stand-in answering after 300 ms: "async" (FastAPI) or "threaded" (http.server)."""
    port = free_port()
    if kind == "async":
        command = [sys.executable, __file__, "--geocoder", str(port)]
    else:
        command = [sys.executable, str(PROJECT / "scripts" / "threaded_geocoder.py"), str(port), "0.3"]
    url = f"http://127.0.0.1:{port}"
    with running(command, ready_url=f"{url}/geographies/onelineaddress?address=warm"):
        yield url


@contextmanager
def ours(database_url: str, geocoder_url: str) -> Iterator[tuple[str, int]]:
    env = {
        "SWITCHBOARD_DATABASE_URL": database_url,
        "SWITCHBOARD_CENSUS_GEOCODER_URL": geocoder_url,
        "SWITCHBOARD_CENSUS_VINTAGE": "ACS2025_Current",
        # No scheduled directory sync in the measured server (one started in the 10 minutes
        # after hh:23 would run the tick it missed).
        "SWITCHBOARD_DIRECTORY_SYNC_EVERY_HOURS": "0",
        "SWITCHBOARD_DIRECTORY_SYNC_BUSY_EVERY_HOURS": "0",
    }
    with switchboard_server(env) as server:
        yield server


def measure_warm(ours: tuple[str, int], bare: tuple[str, int], seconds: int) -> None:
    (base, pid), (bare_url, bare_pid) = ours, bare
    for path in WARM.values():
        httpx.get(base + path, timeout=60).raise_for_status()  # fills the location cache
        wrk(base + path, connections=32, seconds=1)  # the answer caches
    wrk(bare_url + "/", connections=32, seconds=2)
    floor = wrk(bare_url + "/", connections=32, seconds=seconds, pid=bare_pid)
    print(f"warm, wrk 1 thread, 32 connections, {seconds} s each; `switchboard serve`, one process:")
    print(
        f"  {'bare FastAPI app (own process)':<36} {floor.rate:8.0f} req/s   p99 {floor.p99_ms:7.2f} ms   "
        f"CPU {floor.cpu_us:5.0f} µs/request"
    )
    for label, path in WARM.items():
        result = wrk(base + path, connections=32, seconds=seconds, pid=pid)
        print(
            f"  {'lookup, ' + label:<36} {result.rate:8.0f} req/s   p99 {result.p99_ms:7.2f} ms   "
            f"CPU {result.cpu_us:5.0f} µs/request   errors {result.errors}\n"
            f"  {'':<36} ratio to bare {result.rate / floor.rate:.2f} (goal: 0.5, p99 < 20 ms); "
            f"CPU per request: bare's ÷ ours {floor.cpu_us / result.cpu_us:.2f}"
        )


def measure_cold(ours: tuple[str, int], bare: tuple[str, int], seconds: int, *, geocoder_kind: str) -> None:
    (base, pid), bare_url = ours, bare[0]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(COLD_LUA)
        script.flush()
        floor = wrk(bare_url + "/", connections=256, seconds=seconds)
        result = wrk(
            base + "/", connections=256, seconds=seconds, threads=2, script=Path(script.name), pid=pid
        )
    ok = result.requests - result.errors
    print(
        f"cold, new address every request, {geocoder_kind} geocoder answering after 300 ms, "
        f"wrk 256 connections, {seconds} s:"
    )
    print(f"  bare FastAPI app, 256 connections: {floor.rate:.0f} req/s")
    print(
        f"  successful lookups: {ok / seconds:.0f}/s (goal >= 400); errors (non-2xx, timeouts, socket): "
        f"{result.errors}; p99 {result.p99_ms:.0f} ms; server CPU {result.cpu_us:.0f} µs/request"
    )


if __name__ == "__main__":
    main()
