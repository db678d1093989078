"""Benchmarks of looking people up, measuring the server (wrk), not a Python client.

1. Warm: the same address over and over (location cache warm), wrk with 32 connections against
   one `uvicorn` process on SQLite, the bare FastAPI JSON endpoint of the same server in the same
   run, and the ratio lookup / bare.
2. Cold: a new address on every request against a loopback geocoder that answers after 300 ms,
   256 connections: successful lookups per second, and every other answer counted (a 503
   `geocoder_busy` counts as an error here).
3. The memory the whole directory takes in memory (the read model every process keeps).

Offline: the directory comes from ../shared/data/directory; the geocoder is a loopback fake
(tests/fakes/slow_geocoder.py) in a process of its own. Needs `wrk` (Debian package).

    .venv/bin/python scripts/bench_lookup.py [--seconds 10] [--cold-only | --warm-only] [--database FILE]
"""

import argparse
import gc
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
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
from app.main import create_app  # noqa: E402
from app.settings import Settings  # noqa: E402
from app.storage.db import create_db_engine, session_scope  # noqa: E402
from app.storage.migrations import upgrade_database  # noqa: E402
from tests.fakes.slow_geocoder import SlowGeocoder  # noqa: E402
from tests.support import DIRECTORY_DATA  # noqa: E402

BARE = "/bench/bare"
WARM = "/api/v1/campaigns/grace-no-ban/targets?address=1+Ashburton+Place%2C+Boston%2C+MA+02108"
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
    parser.add_argument("--serve", nargs=2, metavar=("DATABASE_URL", "PORT"), help=argparse.SUPPRESS)
    parser.add_argument("--geocoder", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return
    if args.geocoder:
        uvicorn.run(SlowGeocoder(delay_seconds=0.3).app(), port=args.geocoder, log_level="warning")
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.db"
        database_url = f"sqlite:///{database}"
        if args.database:
            shutil.copyfile(args.database, database)
            upgrade_database(database_url)
        else:
            prepare(database_url)
        measure_directory_memory(database_url)
        with geocoder_process() as geocoder_url, server_process(database_url, geocoder_url) as base:
            if not args.cold_only:
                measure_warm(base, args.seconds)
            if not args.warm_only:
                measure_cold(base, args.seconds)


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


def serve(database_url: str, port: int) -> None:
    """The server under test: the real app on one uvicorn process, plus a bare JSON endpoint."""
    app = create_app(Settings(database_url=database_url))

    @app.get(BARE)
    async def bare() -> dict[str, str]:
        return {"status": "ok"}

    uvicorn.run(app, port=port, log_level="warning", access_log=False)


class geocoder_process:
    def __enter__(self) -> str:
        port = free_port()
        command = [sys.executable, __file__, "--geocoder", str(port)]
        self.process = subprocess.Popen(command)  # noqa: S603 (this script, as the fake geocoder)
        url = f"http://127.0.0.1:{port}"
        wait_until_up(f"{url}/docs")
        return url

    def __exit__(self, *_exc: object) -> None:
        self.process.terminate()
        self.process.wait()


class server_process:
    def __init__(self, database_url: str, geocoder_url: str) -> None:
        self.database_url = database_url
        self.geocoder_url = geocoder_url

    def __enter__(self) -> str:
        port = free_port()
        env = {
            **os.environ,
            "SWITCHBOARD_CENSUS_GEOCODER_URL": self.geocoder_url,
            "SWITCHBOARD_CENSUS_VINTAGE": "ACS2025_Current",
            # No scheduled directory sync in the measured server (one started in the 10 minutes
            # after hh:23 would run the tick it missed).
            "SWITCHBOARD_DIRECTORY_SYNC_EVERY_HOURS": "0",
        }
        command = [sys.executable, __file__, "--serve", self.database_url, str(port)]
        self.process = subprocess.Popen(command, env=env)  # noqa: S603 (this script, as the server)
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url + BARE)
        return url

    def __exit__(self, *_exc: object) -> None:
        rss = Path(f"/proc/{self.process.pid}/status").read_text()
        found = re.search(r"VmRSS:\s+(\d+) kB", rss)
        if found:
            print(f"server process RSS at the end: {int(found.group(1)) / 1024:.0f} MB")
        self.process.terminate()
        self.process.wait()


def measure_warm(base: str, seconds: int) -> None:
    httpx.get(base + WARM, timeout=60).raise_for_status()  # builds the read models, fills the cache
    rows = [
        (label, wrk(base + path, connections=32, seconds=seconds))
        for label, path in (
            ("bare FastAPI JSON", BARE),
            ("targets, warm (same address)", WARM),
        )
    ]
    print(f"warm, wrk 32 connections, {seconds} s each, one uvicorn process:")
    for label, result in rows:
        print(
            f"  {label:<30} {result['rate']:8.0f} req/s   p99 {result['p99']:7.2f} ms   "
            f"errors {result['errors']}"
        )
    print(f"  ratio targets / bare: {rows[1][1]['rate'] / rows[0][1]['rate']:.2f} (goal >= 0.5)")


def measure_cold(base: str, seconds: int) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(COLD_LUA)
        script.flush()
        bare = wrk(base + BARE, connections=256, seconds=seconds)
        result = wrk(base + "/", connections=256, seconds=seconds, script=script.name)
    ok = result["requests"] - result["errors"]
    print(
        f"cold, new address every request, geocoder answers after 300 ms, wrk 256 connections, {seconds} s:"
    )
    print(f"  bare FastAPI JSON, 256 connections: {bare['rate']:.0f} req/s")
    print(
        f"  successful lookups: {ok / seconds:.0f}/s (goal >= 400); errors (non-2xx, timeouts, socket): "
        f"{result['errors']}; p99 {result['p99']:.0f} ms"
    )


def wrk(url: str, *, connections: int, seconds: int, script: str | None = None) -> dict[str, float]:
    command = ["wrk", "--latency", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "p99": _milliseconds(re.search(r"99%\s+([\d.]+)(us|ms|s)", output)),
        "requests": requests,
        "errors": errors,
    }


def _milliseconds(found: re.Match[str] | None) -> float:
    if found is None:
        return float("nan")
    value, unit = float(found.group(1)), found.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 300  # a loaded machine imports slowly
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


if __name__ == "__main__":
    main()
