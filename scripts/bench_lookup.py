"""Benchmarks of looking people up: a state campaign's targets per second (warm location cache)
and the memory the directory takes with all 50 states' legislators loaded.

Offline: the directory comes from ../shared/data/directory and the Census Geocoder answers from
the recorded fixtures in tests/fixtures/census (through respx), so only our own work is timed.

    .venv/bin/python scripts/bench_lookup.py [--seconds 5]
"""

import argparse
import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from sqlmodel import Session, select

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from app.campaigns.store import load_campaign_dir  # noqa: E402
from app.civic.directory import representatives_for  # noqa: E402
from app.civic.directory_source import FolderSource  # noqa: E402
from app.civic.legislative_districts import districts_of, state_legislature_states  # noqa: E402
from app.civic.sync import sync_congress, sync_state_legislators, sync_zip_districts  # noqa: E402
from app.db import session_scope  # noqa: E402
from app.lookups import campaign_targets  # noqa: E402
from app.migrations import upgrade_database  # noqa: E402
from app.models import Official  # noqa: E402
from app.services import build_services  # noqa: E402
from app.settings import Settings  # noqa: E402
from tests.support import CENSUS_URL, DIRECTORY_DATA, recorded_census  # noqa: E402

STATE_ADDRESSES = (
    "1 Ashburton Place, Boston, MA 02108",
    "70 Allen St, Pittsfield, MA 01201",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to run the lookup loop")
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
