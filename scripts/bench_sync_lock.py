"""How long a directory sync keeps other writers (webhooks, placed calls) waiting for SQLite's write lock.

    .venv/bin/python scripts/bench_sync_lock.py [--from ../shared/data/directory]

On a fresh SQLite file: a first sync (every row new), then a resync of the same data (nothing
changed), each with a prober beside it, in another process, that takes the write lock as a webhook
does (BEGIN IMMEDIATE) every 10 ms and times how long it waited. Prints the sync's wall time and
the prober's longest wait.
"""

import argparse
import multiprocessing
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.civic.sync.runs import SyncRequest, run_directory_sync
from app.civic.sync.sources import FolderSource
from app.storage.db import create_db_engine
from app.storage.migrations import upgrade_database

PROBE_EVERY_SECONDS = 0.01


class LockProbe:
    """Takes and releases the write lock again and again from a process of its own (so the sync's
    Python never delays it for the GIL), timing each wait."""

    def __init__(self, path: Path) -> None:
        self._done = multiprocessing.Event()
        self._results: multiprocessing.Queue[list[float]] = multiprocessing.Queue()
        self._process = multiprocessing.Process(target=_probe, args=(path, self._done, self._results))
        self.waits: list[float] = []

    def __enter__(self) -> "LockProbe":
        self._process.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self.waits = self._results.get()
        self._process.join()


def _probe(path: Path, done: Any, results: Any) -> None:
    connection = sqlite3.connect(path, timeout=120, isolation_level=None)
    waits = []
    while not done.is_set():
        started = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        waits.append(time.perf_counter() - started)
        connection.execute("ROLLBACK")
        time.sleep(PROBE_EVERY_SECONDS)
    connection.close()
    results.put(waits)


def timed_sync(path: Path, folder: Path, label: str) -> None:
    engine = create_db_engine(f"sqlite:///{path}")
    request = SyncRequest(trigger="manual", actor="bench", max_removed_share=1.0)
    with LockProbe(path) as probe:
        started = time.perf_counter()
        run_directory_sync(engine, source=FolderSource(folder), request=request, progress=lambda _m: None)
        seconds = time.perf_counter() - started
    engine.dispose()
    longest = max(probe.waits)
    print(
        f"{label:<28} sync {seconds:6.2f} s   other writers' longest wait {longest * 1000:8.1f} ms"
        f"   ({len(probe.waits)} probes)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "directory"
    parser.add_argument("--from", dest="folder", type=Path, default=default)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "sync.db"
        upgrade_database(f"sqlite:///{path}")
        timed_sync(path, args.folder, "first sync (empty directory)")
        timed_sync(path, args.folder, "resync (nothing changed)")


if __name__ == "__main__":
    main()
