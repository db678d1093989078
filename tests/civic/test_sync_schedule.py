"""Scheduled syncs: daily, hourly on January 2–10 of odd years, and once per slot across processes."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from app.civic.sync.runs import sync_history
from app.civic.sync.schedule import SyncSchedule, run_scheduled_sync
from app.civic.sync.sources import FolderSource
from app.storage.db import create_db_engine
from app.storage.migrations import upgrade_database
from tests.directory_snapshots import member, write_snapshot
from tests.support import PROJECT

SCHEDULE = SyncSchedule(
    every=timedelta(hours=24), busy_every=timedelta(hours=1), busy_from=(1, 2), busy_until=(1, 10)
)
MEMBERS = ["C001098", "C001056", "C001131", "M001242"]


def quiet(_message: str) -> None:
    """Progress goes nowhere in tests."""


@pytest.mark.parametrize(
    ("moment", "interval"),
    [
        (datetime(2026, 12, 1, 12, tzinfo=UTC), timedelta(hours=24)),
        (datetime(2027, 1, 2, 4, tzinfo=UTC), timedelta(hours=24)),  # still January 1 in Eastern time
        (datetime(2027, 1, 3, 17, tzinfo=UTC), timedelta(hours=1)),
        (datetime(2027, 1, 11, 4, 59, tzinfo=UTC), timedelta(hours=1)),  # 23:59 ET on January 10
        (datetime(2027, 1, 11, 5, 0, tzinfo=UTC), timedelta(hours=24)),
        (datetime(2028, 1, 5, 12, tzinfo=UTC), timedelta(hours=24)),  # even years are ordinary
    ],
)
def test_the_schedule_is_daily_and_hourly_while_a_new_congress_takes_office(
    moment: datetime, interval: timedelta
) -> None:
    assert SCHEDULE.interval_at(moment) == interval


def test_a_slot_syncs_once_and_the_next_slot_again(migrated_url: str, tmp_path: Path) -> None:
    engine = create_db_engine(migrated_url)
    folder = write_snapshot(tmp_path / "snapshot", [member(m) for m in MEMBERS])

    def tick(now: datetime) -> bool:
        ran = run_scheduled_sync(
            engine,
            source=lambda: FolderSource(folder),
            schedule=SCHEDULE,
            max_removed_share=0.5,
            now=now,
            progress=quiet,
        )
        return ran is not None

    noon = datetime(2027, 1, 3, 17, 5, tzinfo=UTC)
    assert [tick(noon), tick(noon + timedelta(minutes=50)), tick(noon + timedelta(minutes=56))] == [
        True,
        False,
        True,
    ]
    off = SyncSchedule(every=timedelta(0), busy_every=timedelta(0), busy_from=(1, 2), busy_until=(1, 10))
    assert (
        run_scheduled_sync(
            engine,
            source=lambda: FolderSource(folder),
            schedule=off,
            max_removed_share=0.5,
            now=noon,
            progress=quiet,
        )
        is None
    )
    with Session(engine) as session:
        runs = sync_history(session)
    assert [(r.trigger, r.actor, r.status) for r in runs] == [("scheduled", "schedule", "ok")] * 2
    engine.dispose()


def test_two_processes_ticking_at_once_sync_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'two.db'}"
    upgrade_database(url)
    folder = write_snapshot(tmp_path / "snapshot", [member(m) for m in MEMBERS])
    env = {
        **os.environ,
        "SWITCHBOARD_DATABASE_URL": url,
        "SWITCHBOARD_DIRECTORY_SOURCE": str(folder),
        "SWITCHBOARD_CAMPAIGNS_DIR": str(PROJECT / "campaigns"),
    }
    command = [sys.executable, "-c", "from app.cli import main; main()", "directory", "sync", "--if-due"]
    processes = [
        subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for _ in range(2)
    ]
    outputs = sorted(p.communicate(timeout=120)[0] for p in processes)
    assert [p.returncode for p in processes] == [0, 0]
    assert sum("congress-legislators: 4 officials; 4 joined" in o for o in outputs) == 1, outputs
    assert sum("Not due" in o for o in outputs) == 1, outputs
    engine = create_db_engine(url)
    with Session(engine) as session:
        assert [(r.trigger, r.status) for r in sync_history(session)] == [("scheduled", "ok")]
    engine.dispose()
