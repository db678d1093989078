"""Benchmarks of looking people up.

1. Warm-cache throughput of the targets API over HTTP (one uvicorn worker), for the federal and the
   state seed campaign, beside a bare FastAPI JSON endpoint in the same server, and the ratio.
2. A state campaign's lookups per second in-process (warm location cache).
3. The memory the directory takes with all 50 states' legislators loaded.

Offline: the directory comes from ../shared/data/directory; the Census Geocoder answers from the
recorded fixtures in tests/fixtures/census (a loopback stand-in for HTTP, respx in-process).

    .venv/bin/python scripts/bench_lookup.py [--seconds 5] [--requests 2000] [--concurrency 8]
"""

import argparse
import gc
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlmodel import Session, select

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from app.campaigns.lookups import campaign_targets  # noqa: E402
from app.campaigns.store import load_campaign_dir  # noqa: E402
from app.civic.directory import representatives_for  # noqa: E402
from app.civic.directory_source import FolderSource  # noqa: E402
from app.civic.legislative_districts import districts_of, state_legislature_states  # noqa: E402
from app.civic.sync import sync_congress, sync_state_legislators, sync_zip_districts  # noqa: E402
from app.container import build_services  # noqa: E402
from app.db import session_scope  # noqa: E402
from app.main import create_app  # noqa: E402
from app.migrations import upgrade_database  # noqa: E402
from app.models import Official  # noqa: E402
from app.settings import Settings  # noqa: E402
from tests.live import live_server  # noqa: E402
from tests.support import CENSUS_URL, DIRECTORY_DATA, census_fixture, recorded_census  # noqa: E402

STATE_ADDRESSES = (
    "1 Ashburton Place, Boston, MA 02108",
    "70 Allen St, Pittsfield, MA 01201",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to run the lookup loop")
    parser.add_argument("--requests", type=int, default=2000, help="HTTP requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent HTTP clients")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.db"
        settings = Settings(
            _env_file=None,
            database_url=f"sqlite:///{database}",
            census_geocoder_url=CENSUS_URL,
            census_vintage="ACS2025_Current",
        )
        load_directory(settings)
        print(f"directory database on disk: {database.stat().st_size / 1e6:.1f} MB")
        measure_http(settings, args.requests, args.concurrency)
        measure_directory_memory(settings)
        measure_state_campaign(settings, args.seconds)


def load_directory(settings: Settings) -> None:
    upgrade_database(settings.database_url)
    services = build_services(settings)
    source = FolderSource(DIRECTORY_DATA)
    started = time.perf_counter()
    with session_scope(services.engine) as session:
        sync_congress(session, source, progress=lambda _m: None)
    with session_scope(services.engine) as session:
        report = sync_state_legislators(session, source, progress=lambda _m: None)
    synced = time.perf_counter()
    with session_scope(services.engine) as session:
        sync_zip_districts(session, source, progress=lambda _m: None)
        load_campaign_dir(session, PROJECT / "campaigns")
    print(
        f"directory sync: {report.total} state legislators in {synced - started:.1f} s; ZIP tables in "
        f"{time.perf_counter() - synced:.1f} s"
    )
    services.close()


TARGETS = "/api/v1/campaigns/{slug}/targets?address=1+Ashburton+Place%2C+Boston%2C+MA+02108"
BARE = "/bench/bare"


def measure_http(settings: Settings, requests: int, concurrency: int) -> None:
    """Warm-cache targets API over HTTP beside a bare JSON endpoint served by the same app."""
    census, census_calls = fake_census()
    with live_server(census) as census_url:
        app = create_app(settings.model_copy(update={"census_geocoder_url": census_url}))

        @app.get(BARE)
        def bare() -> dict[str, str]:
            return {"status": "ok"}

        with live_server(app) as base_url:
            rows = []
            for label, path in (
                ("bare FastAPI JSON", BARE),
                ("targets grace-no-ban", TARGETS.format(slug="grace-no-ban")),
                ("targets ma-safe-communities", TARGETS.format(slug="ma-safe-communities")),
            ):
                measure_rate(base_url, path, requests // 10, concurrency)  # warm-up and warm cache
                rate, latencies = measure_rate(base_url, path, requests, concurrency)
                rows.append((label, rate, statistics.median(latencies) * 1000))
    print(f"HTTP, {requests} requests each, {concurrency} concurrent clients, one uvicorn worker:")
    for label, rate, median in rows:
        ratio = rate / rows[0][1]
        print(f"  {label:<30} {rate:8.0f} req/s   median {median:6.2f} ms   ratio to bare {ratio:.2f}")
    print(f"  geocoder calls: {len(census_calls)} (1 expected: the first lookup, then the cache answers)")


def fake_census() -> tuple[FastAPI, list[int]]:
    """A loopback stand-in for the Census geocoder that counts the calls it gets."""
    census = FastAPI()
    calls: list[int] = []

    @census.get("/geographies/onelineaddress")
    def onelineaddress() -> Any:
        calls.append(1)
        return census_fixture("ma_boston")

    return census, calls


def measure_rate(base_url: str, path: str, requests: int, concurrency: int) -> tuple[float, list[float]]:
    latencies: list[float] = []

    def worker(count: int) -> None:
        with httpx.Client(base_url=base_url) as client:
            for _ in range(count):
                started = time.perf_counter()
                client.get(path).raise_for_status()
                latencies.append(time.perf_counter() - started)

    per_worker = max(1, requests // concurrency)
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(worker, [per_worker] * concurrency))
    return per_worker * concurrency / (time.perf_counter() - started), latencies


def measure_directory_memory(settings: Settings) -> None:
    """Python heap held by every official and office of all states as domain objects, plus metadata."""
    services = build_services(settings)
    gc.collect()
    tracemalloc.start()
    districts = [d for state in state_legislature_states() for d in districts_of(state)]
    with Session(services.engine) as session:
        divisions = list(set(session.exec(select(Official.division_id)).all()))
        every = [
            rep
            for start in range(0, len(divisions), 500)
            for rep in representatives_for(
                session,
                division_ids=divisions[start : start + 500],
                chambers=("us-senate", "us-house", "state-upper", "state-lower"),
            )
        ]
    gc.collect()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    offices = sum(len(r.offices) for r in every)
    print(
        f"directory in memory (all states): {len(every)} officials, {offices} offices, "
        f"{len(districts)} districts: {held / 1e6:.1f} MB held ({peak / 1e6:.1f} MB peak while loading)"
    )
    print(f"process max RSS so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    services.close()


def measure_state_campaign(settings: Settings, seconds: float) -> None:
    """`ma-safe-communities` targets per second once every address is in the location cache."""
    services = build_services(settings)
    with recorded_census() as census, Session(services.engine) as session:
        for address in STATE_ADDRESSES:
            campaign_targets(session, services.locator, slug="ma-safe-communities", address=address)
        calls_before = census.calls.call_count
        done = 0
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            result = campaign_targets(
                session, services.locator, slug="ma-safe-communities", address=STATE_ADDRESSES[done % 2]
            )
            assert len(result.targets) == 2
            done += 1
        elapsed = time.perf_counter() - started
        assert census.calls.call_count == calls_before, "warm cache: no geocoder call"
    print(
        f"state campaign lookups (ma-safe-communities, warm cache, one process): "
        f"{done / elapsed:.0f}/s ({1000 * elapsed / done:.2f} ms each)"
    )
    services.close()


if __name__ == "__main__":
    main()
