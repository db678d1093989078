"""A directory sync beside calls: SQLite's one write lock is free while the sync reads its sources.

Reading the state legislators' files takes seconds (and longer on a loaded machine). Were the write
lock held meanwhile, every webhook and placed call would wait for it, then fail once SQLite's busy
timeout ran out: this is what a scheduled sync did to calls in progress.
"""

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, make_url
from sqlmodel import Session

from app.civic.sync.datasets import PEOPLE_DATASET
from app.civic.sync.runs import SyncRequest, run_directory_sync, sync_history
from app.civic.sync.sources import FolderSource
from app.storage.db import create_db_engine
from tests.directory_snapshots import snapshot_as_prepared
from tests.support import DIRECTORY_DATA

WAIT_SECONDS = 120


class PausingSource:
    """The shared snapshot, pausing in the middle of the state legislators' files until resumed."""

    def __init__(self, root: Path) -> None:
        self._folder = FolderSource(root)
        self.description = self._folder.description
        self.reading = threading.Event()
        self.resume = threading.Event()

    def read_bytes(self, dataset: str, *, name: str) -> bytes:
        return self._folder.read_bytes(dataset, name=name)

    def read_json(self, dataset: str, *, name: str) -> Any:
        return self._folder.read_json(dataset, name=name)

    def iter_files(self, dataset: str, *, pattern: str) -> Iterator[tuple[str, bytes]]:
        for count, item in enumerate(self._folder.iter_files(dataset, pattern=pattern)):
            if dataset == PEOPLE_DATASET and count == 100:
                self.reading.set()
                assert self.resume.wait(WAIT_SECONDS)
            yield item

    def prefetch(self) -> None:
        self._folder.prefetch()


def test_calls_write_at_once_while_a_sync_reads_its_sources(database_url: str) -> None:
    engine = create_db_engine(database_url)
    source = PausingSource(DIRECTORY_DATA)
    outcome: list[object] = []

    def sync() -> None:
        request = SyncRequest(trigger="scheduled", actor="schedule", max_removed_share=0.5, slot="24h:1")
        try:
            outcome.append(run_directory_sync(engine, source=source, request=request, progress=print))
        except Exception as error:  # handed to the test below
            outcome.append(error)
        finally:
            source.reading.set()

    syncing = threading.Thread(target=sync)
    syncing.start()
    try:
        assert source.reading.wait(WAIT_SECONDS)
        # As a webhook on the event loop takes it: at once, or not at all (busy timeout 0).
        other = sqlite3.connect(str(make_url(database_url).database), timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE data_version SET version = version WHERE kind = 'campaigns'")
        other.execute("COMMIT")
        other.close()
    finally:
        source.resume.set()
        syncing.join(WAIT_SECONDS)
    [result] = outcome
    assert isinstance(result, list), result
    with Session(engine) as session:
        assert sync_history(session)[0].status == "ok"
    engine.dispose()


def test_a_resync_of_an_unchanged_directory_leaves_its_rows_alone(database_url: str, tmp_path: Path) -> None:
    """Nothing is deleted and inserted again: the offices' and ZIP pairs' rowids stay as they were,
    and the directory's version stays put (no process rebuilds its read model for nothing)."""
    engine = create_db_engine(database_url)
    request = SyncRequest(trigger="manual", actor="cli:tester", max_removed_share=0.5)
    before = _rows(engine)
    source = FolderSource(snapshot_as_prepared(tmp_path))
    reports = run_directory_sync(engine, source=source, request=request, progress=print)
    changes = [{kind: n for kind, n in r.counts().items() if n and kind != "skipped"} for r in reports]
    assert changes == [{}, {}, {}, {}, {}]
    assert _rows(engine) == before
    engine.dispose()


def _rows(engine: Engine) -> list[list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        return [
            [tuple(row) for row in connection.exec_driver_sql(sql)]
            for sql in (
                "SELECT rowid, * FROM office ORDER BY id",
                "SELECT rowid, * FROM zipdivision ORDER BY zip, division_id",
                "SELECT * FROM official ORDER BY id",
                "SELECT rowid, * FROM vacancy ORDER BY id",
                "SELECT * FROM data_version WHERE kind = 'directory'",
            )
        ]
