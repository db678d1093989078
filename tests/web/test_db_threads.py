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


def test_an_error_in_the_transaction_reaches_the_request(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'x.db'}")

    def fails() -> None:
        raise ValueError("the call is not ours")

    with pytest.raises(ValueError, match="the call is not ours"):
        anyio.run(run_transaction, engine, fails)
    assert anyio.run(run_transaction, engine, lambda: "the writer goes on") == "the writer goes on"
    engine.dispose()


def test_the_writer_outlives_a_request_whose_loop_has_closed(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'x.db'}")
    release = threading.Event()

    def slow() -> str:
        release.wait(5)
        return "finished after its server stopped"

    async def give_up() -> None:
        with anyio.move_on_after(0.1):
            await run_transaction(engine, slow)

    anyio.run(give_up)  # this loop closes while its transaction still runs
    release.set()

    async def next_request() -> str:
        with anyio.fail_after(5):
            return await run_transaction(engine, lambda: "next")

    assert anyio.run(next_request) == "next"
    engine.dispose()
