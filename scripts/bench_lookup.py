"""Warm-cache lookup throughput of the targets API, beside a bare FastAPI JSON endpoint.

Both run in the same uvicorn server, on a SQLite directory synced from ../shared/data; the Census
answer comes from a recording (the cache is warmed by the first request, so no call goes out).

    .venv/bin/python scripts/bench_lookup.py [--requests 2000] [--concurrency 8]
"""

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.main import create_app
from app.settings import Settings
from tests.conftest import prepare_database
from tests.live import live_server
from tests.support import DIRECTORY_DATA, census_fixture

TARGETS = "/api/v1/campaigns/grace-no-ban/targets?address=1+Ashburton+Place%2C+Boston%2C+MA+02108"
BARE = "/bench/bare"


def measure(base_url: str, path: str, requests: int, concurrency: int) -> tuple[float, list[float]]:
    latencies: list[float] = []

    def worker(count: int) -> None:
        with httpx.Client(base_url=base_url) as client:
            for _ in range(count):
                started = time.perf_counter()
                response = client.get(path)
                latencies.append(time.perf_counter() - started)
                response.raise_for_status()

    per_worker = requests // concurrency
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(worker, [per_worker] * concurrency))
    elapsed = time.perf_counter() - started
    return per_worker * concurrency / elapsed, latencies


def fake_census() -> tuple[FastAPI, list[int]]:
    """A loopback stand-in for the Census geocoder that counts the calls it gets."""
    census = FastAPI()
    calls: list[int] = []

    @census.get("/geographies/onelineaddress")
    def onelineaddress() -> Any:
        calls.append(1)
        return census_fixture("ma_boston")

    return census, calls


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        prepare_database(url)
        census, census_calls = fake_census()
        with live_server(census) as census_url:
            settings = Settings(
                _env_file=None,
                database_url=url,
                census_geocoder_url=census_url,
                directory_source=str(DIRECTORY_DATA),
            )
            app = create_app(settings)

            @app.get(BARE)
            def bare() -> dict[str, str]:
                return {"status": "ok"}

            with live_server(app) as base_url:
                rows = run_rounds(base_url, args.requests, args.concurrency)
    print(f"{args.requests} requests, {args.concurrency} concurrent clients, one uvicorn worker")
    for label, rate, median in rows:
        print(f"{label:<28} {rate:8.0f} req/s   median {median:6.2f} ms")
    print(f"ratio targets/bare: {rows[1][1] / rows[0][1]:.2f}")
    print(f"geocoder calls: {len(census_calls)} (1 expected: the warm-up)")


def run_rounds(base_url: str, requests: int, concurrency: int) -> list[tuple[str, float, float]]:
    httpx.get(base_url + TARGETS).raise_for_status()  # warm the location cache
    rows = []
    for label, path in (("bare FastAPI JSON", BARE), ("targets API (warm cache)", TARGETS)):
        measure(base_url, path, requests // 10, concurrency)  # warm-up
        rate, latencies = measure(base_url, path, requests, concurrency)
        rows.append((label, rate, statistics.median(latencies) * 1000))
    return rows


if __name__ == "__main__":
    main()
