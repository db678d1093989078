"""A route's transaction runs off the event loop; on SQLite never two at once in one process."""

import threading
import time
from pathlib import Path

import anyio
import pytest

from app.db import create_db_engine
from app.web.db_threads import run_transaction


@pytest.mark.parametrize(("backend", "most"), [("sqlite", 1), ("postgresql", 8)])
def test_sqlite_transactions_take_turns(tmp_path: Path, backend: str, most: int) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}" if backend == "sqlite" else "postgresql+psycopg://u@127.0.0.1:1/x"
    engine = create_db_engine(url)  # PostgreSQL: the engine is never connected here
    lock = threading.Lock()
    running: list[int] = []
    overlap = [0]
    loop_thread = threading.get_ident()

    def work(n: int) -> int:
        assert threading.get_ident() != loop_thread
        with lock:
            running.append(n)
            overlap[0] = max(overlap[0], len(running))
        time.sleep(0.05)
        with lock:
            running.remove(n)
        return n * 2

    async def main() -> list[int]:
        results: list[int] = []

        async def one(n: int) -> None:
            results.append(await run_transaction(engine, work, n))

        async with anyio.create_task_group() as group:
            for n in range(8):
                group.start_soon(one, n)
        return sorted(results)

    assert anyio.run(main) == [n * 2 for n in range(8)]
    assert overlap[0] == most
    engine.dispose()
