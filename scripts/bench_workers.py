"""Warm lookups with `switchboard serve --workers 2` against `--workers 1`, driven by wrk.

For each worker count: `serve --no-setup --workers N` on a prepared SQLite database (the embedded
default), the Census geocoder a loopback stand-in answering from the recordings; wrk warms every
process's location cache, then measures the targets API (a warm lookup) and /healthz (the bare
endpoint) in the same run. Prints requests/s, the ratio of 2 workers to 1, and the core count.

    .venv/bin/python scripts/bench_workers.py [--seconds 10] [--connections 32]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from app.campaigns.store import load_campaign_dir  # noqa: E402
from app.civic.sync.datasets import sync_congress  # noqa: E402
from app.civic.sync.sources import FolderSource  # noqa: E402
from app.storage.db import create_db_engine, session_scope  # noqa: E402
from app.storage.migrations import upgrade_database  # noqa: E402
from tests.fakes.census_server import CensusServer  # noqa: E402
from tests.live import free_port  # noqa: E402
from tests.support import DIRECTORY_DATA  # noqa: E402

TARGETS = "/api/v1/campaigns/grace-no-ban/targets?address=1+Ashburton+Place%2C+Boston%2C+MA+02108"
SWITCHBOARD = str(Path(sys.executable).parent / "switchboard")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per measurement")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder, CensusServer() as census:
        database = f"sqlite:///{Path(folder) / 'bench.db'}"
        prepare(database)
        results = {workers: measure(database, census.base_url, workers, args) for workers in (1, 2)}
    for workers, (lookups, bare) in results.items():
        print(f"--workers {workers}: warm lookups {lookups:8.0f} req/s   bare /healthz {bare:8.0f} req/s")
    one, two = results[1][0], results[2][0]
    print(f"warm lookups, 2 workers / 1 worker: {two / one:.2f}x (goal 1.6x on two cores)")
    print(f"bare endpoint, 2 workers / 1 worker: {results[2][1] / results[1][1]:.2f}x")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def prepare(database: str) -> None:
    """Migrated, with the members of Congress and the shipped campaigns (a federal campaign is measured)."""
    upgrade_database(database)
    engine = create_db_engine(database)
    with session_scope(engine) as session:
        sync_congress(session, source=FolderSource(DIRECTORY_DATA), progress=lambda _msg: None)
        load_campaign_dir(session, directory=PROJECT / "campaigns")
    engine.dispose()


def measure(database: str, census_url: str, workers: int, args: argparse.Namespace) -> tuple[float, float]:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")},
        "SWITCHBOARD_DATABASE_URL": database,
        "SWITCHBOARD_CENSUS_GEOCODER_URL": census_url,
        "SWITCHBOARD_CENSUS_VINTAGE": "ACS2025_Current",
    }
    command = [SWITCHBOARD, "serve", "--no-setup", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(  # noqa: S603
        command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base)
        wrk(base + TARGETS, seconds=3, connections=args.connections)  # warms every process's cache
        lookups = wrk(base + TARGETS, seconds=args.seconds, connections=args.connections)
        bare = wrk(base + "/healthz", seconds=args.seconds, connections=args.connections)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return lookups, bare


def wait_for(base: str) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit(f"{base} did not start")


def wrk(url: str, *, seconds: int, connections: int) -> float:
    output = subprocess.run(  # noqa: S603
        ["/usr/bin/wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not found or "Non-2xx" in output:
        raise SystemExit(f"wrk failed on {url}:\n{output}")
    return float(found.group(1))


if __name__ == "__main__":
    main()
