"""The SQLite writer: a route's write transaction runs on the event loop when the lock is free, else
queued for the writer thread, never blocking the loop; on PostgreSQL in the thread pool. Whether a
transaction may wait for its turn is the `turn` its caller passes, nothing else."""

import asyncio
import gc
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import anyio
import pytest
from sqlalchemy import Engine, text

from app.storage import sqlite_writer
from app.storage.db import create_db_engine, write_connection, write_scope
from app.storage.sqlite_turns import WriteLockBusy
from app.storage.sqlite_writer import WAIT_FOR_TURN, WriteTurn, run_transaction


def notes_engine(path: Path) -> Engine:
    engine = create_db_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE note (id INTEGER PRIMARY KEY, body BLOB, thread INTEGER)")
    return engine


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = notes_engine(tmp_path / "x.db")
    yield engine
    engine.dispose()


NOTE = text("INSERT INTO note (body, thread) VALUES (:body, :thread)")


def add_note(engine: Engine, body: bytes = b"", *, turn: WriteTurn = WAIT_FOR_TURN) -> int:
    """One write transaction; returns the thread it ran on."""
    with write_connection(engine, turn=turn) as connection:
        connection.execute(NOTE, {"body": body, "thread": threading.get_ident()})
    return threading.get_ident()


def add_note_in_turn(engine: Engine, turn: WriteTurn) -> int:
    return add_note(engine, turn=turn)


def add_note_in_a_session(engine: Engine, *, turn: WriteTurn = WAIT_FOR_TURN) -> int:
    with write_scope(engine, turn=turn) as session:
        session.execute(NOTE, {"body": b"", "thread": threading.get_ident()})
    return threading.get_ident()


def notes(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        return [int(thread) for (thread,) in connection.exec_driver_sql("SELECT thread FROM note")]


def writer_threads() -> list[str]:
    return [thread.name for thread in threading.enumerate() if thread.name.startswith("sqlite-writer-")]


@pytest.mark.parametrize("write", [add_note, add_note_in_a_session])
def test_a_free_write_lock_runs_the_transaction_on_the_loop(
    engine: Engine, write: Callable[..., int]
) -> None:
    async def main() -> tuple[int, list[int]]:
        loop_thread = threading.get_ident()
        ran_on = [await run_transaction(engine, lambda turn: write(engine, turn=turn)) for _ in range(5)]
        return loop_thread, ran_on

    loop_thread, ran_on = anyio.run(main)
    assert ran_on == [loop_thread] * 5
    assert notes(engine) == [loop_thread] * 5  # committed
    assert not any(str(engine.url.database) in name for name in writer_threads())
    with engine.connect() as connection:  # the pooled connection is back to the usual settings
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000


def hold_lock_in_another_process(engine: Engine) -> Callable[[], None]:
    """Another connection of its own (as another process has) holding SQLite's write lock."""
    other = sqlite3.connect(str(engine.url.database), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")

    def let_go() -> None:
        other.execute("COMMIT")
        other.close()

    return let_go


def hold_lock_in_another_thread(engine: Engine) -> Callable[[], None]:
    """A thread of this process inside a write transaction of its own."""
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with write_scope(engine):
            inside.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    inside.wait(5)

    def let_go() -> None:
        release.set()
        holder.join(5)

    return let_go


@pytest.mark.parametrize("hold", [hold_lock_in_another_process, hold_lock_in_another_thread])
def test_a_held_lock_queues_the_work_for_the_writer_thread_and_the_loop_goes_on(
    engine: Engine, hold: Callable[[Engine], Callable[[], None]]
) -> None:
    let_go = hold(engine)

    async def main() -> tuple[int, int, int]:
        loop_thread = threading.get_ident()
        ticks = 0
        ran_on = 0

        async def request() -> None:
            nonlocal ran_on
            ran_on = await run_transaction(engine, lambda turn: add_note(engine, turn=turn))

        async with anyio.create_task_group() as group:
            group.start_soon(request)
            for _ in range(20):  # the loop is free while the transaction waits for the lock
                await anyio.sleep(0.01)
                ticks += 1
            assert ran_on == 0
            await anyio.to_thread.run_sync(let_go)
        return loop_thread, ran_on, ticks

    loop_thread, ran_on, ticks = anyio.run(main)
    assert ticks == 20
    assert ran_on != loop_thread
    assert notes(engine) == [ran_on]  # the attempt on the loop wrote nothing; the work ran once


class Overlap:
    """How many pieces of work were inside at once, at most."""

    def __init__(self) -> None:
        self.most = 0
        self._inside = 0
        self._guard = threading.Lock()

    @contextmanager
    def inside(self) -> Iterator[None]:
        with self._guard:
            self._inside += 1
            self.most = max(self.most, self._inside)
        try:
            yield
        finally:
            with self._guard:
                self._inside -= 1


def test_sqlite_transactions_never_overlap(engine: Engine) -> None:
    overlap = Overlap()

    def work(n: int, turn: WriteTurn) -> int:
        with write_connection(engine, turn=turn), overlap.inside():
            time.sleep(0.002)
        return n * 2

    let_go = hold_lock_in_another_thread(engine)  # the first few queue, the rest may run on the loop

    async def main() -> list[int]:
        results: list[int] = []

        async def one(n: int) -> None:
            await anyio.sleep(n * 0.005)
            results.append(await run_transaction(engine, lambda turn: work(n, turn)))

        async with anyio.create_task_group() as group:
            for n in range(16):
                group.start_soon(one, n)
            await anyio.sleep(0.03)
            await anyio.to_thread.run_sync(let_go)
        return sorted(results)

    assert anyio.run(main) == [n * 2 for n in range(16)]
    assert overlap.most == 1


def test_postgresql_transactions_use_the_thread_pool() -> None:
    engine = create_db_engine("postgresql+psycopg://u@127.0.0.1:1/x")  # never connected here
    overlap = Overlap()
    loop_threads: list[int] = []

    def work(n: int, turn: WriteTurn) -> int:
        assert turn is WAIT_FOR_TURN
        assert threading.get_ident() not in loop_threads
        with overlap.inside():
            time.sleep(0.05)
        return n * 2

    async def main() -> list[int]:
        loop_threads.append(threading.get_ident())
        results: list[int] = []

        async def one(n: int) -> None:
            results.append(await run_transaction(engine, lambda turn: work(n, turn)))

        async with anyio.create_task_group() as group:
            for n in range(8):
                group.start_soon(one, n)
        return sorted(results)

    assert anyio.run(main) == [n * 2 for n in range(8)]
    assert overlap.most == 8
    engine.dispose()


def test_commits_on_the_loop_leave_the_checkpoint_to_the_writer_thread(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_writer, "CHECKPOINT_EVERY", 60)
    database = Path(str(engine.url.database))
    before = database.stat().st_size
    page = b"x" * 100_000  # about 25 pages a transaction: SQLite's own checkpoint comes at 1,000

    async def main() -> tuple[int, int]:
        for _ in range(59):
            await run_transaction(engine, lambda turn: add_note(engine, page, turn=turn))
        not_yet = database.stat().st_size
        await run_transaction(engine, lambda turn: add_note(engine, page, turn=turn))
        with anyio.fail_after(10):  # then copied into the database file, off the loop
            while database.stat().st_size <= 60 * len(page):
                await anyio.sleep(0.01)
        return not_yet, database.stat().st_size

    not_yet, after = anyio.run(main)
    assert not_yet == before  # 59 commits, 1,500 pages, all still in the WAL
    assert after > 60 * len(page)
    assert len(notes(engine)) == 60


def test_an_error_in_the_transaction_reaches_the_request(engine: Engine) -> None:
    def fails(turn: WriteTurn) -> None:
        with write_connection(engine, turn=turn) as connection:
            connection.exec_driver_sql("INSERT INTO note (thread) VALUES (1)")
            raise ValueError("the call is not ours")

    with pytest.raises(ValueError, match="the call is not ours"):
        anyio.run(run_transaction, engine, fails)
    assert notes(engine) == []  # rolled back
    assert anyio.run(run_transaction, engine, lambda _turn: "the writer goes on") == "the writer goes on"


def at_the_same_time(engine: Engine, works: list[Callable[[WriteTurn], object]]) -> list[object]:
    """Each work's answer (or error), the works sent as requests arriving in the same loop turn."""

    async def main() -> list[object]:
        async def one(work: Callable[[WriteTurn], object]) -> object:
            try:
                return await run_transaction(engine, work)
            except Exception as error:  # the request's answer
                return error

        return list(await asyncio.gather(*(one(work) for work in works)))

    return anyio.run(main)


def committed_notes(engine: Engine) -> int:
    """Notes another connection sees: what was committed."""
    with sqlite3.connect(str(engine.url.database)) as other:
        return int(other.execute("SELECT count(*) FROM note").fetchone()[0])


def test_transactions_arriving_together_commit_together(engine: Engine) -> None:
    def add_and_look(turn: WriteTurn) -> int:
        add_note(engine, turn=turn)
        return committed_notes(engine)

    seen = at_the_same_time(engine, [add_and_look] * 5)
    assert seen == [0] * 5  # none was committed before the last was written: one commit for all
    assert len(notes(engine)) == 5


def test_a_failure_in_a_group_is_its_own_and_the_others_are_written_once(engine: Engine) -> None:
    def fails(turn: WriteTurn) -> None:
        with write_connection(engine, turn=turn) as connection:
            connection.execute(NOTE, {"body": b"failed", "thread": 0})
            raise ValueError("the call is not ours")

    def written_in(turn: WriteTurn) -> int:
        return add_note(engine, turn=turn)

    answers = at_the_same_time(engine, [written_in, written_in, fails, written_in])
    assert isinstance(answers[2], ValueError)
    assert all(isinstance(answer, int) for answer in answers[:2] + answers[3:])
    assert sorted(notes(engine)) == sorted(int(str(answer)) for i, answer in enumerate(answers) if i != 2)


def test_a_work_ending_the_group_transaction_itself_has_the_group_run_again(engine: Engine) -> None:
    def rolls_back(turn: WriteTurn) -> str:
        with write_connection(engine, turn=turn) as connection:
            connection.execute(NOTE, {"body": b"", "thread": 1})
            connection.rollback()
        return "done"

    answers = at_the_same_time(engine, [partial(add_note_in_turn, engine), rolls_back])
    assert answers[1] == "done"
    assert len(notes(engine)) == 1  # the first one's note, written again on the thread, once


def test_a_work_in_a_group_may_write_without_its_turn(engine: Engine) -> None:
    def without_the_turn(_turn: WriteTurn) -> int:
        return add_note(engine)  # waits for its turn: the group's writes so far are committed first

    answers = at_the_same_time(engine, [partial(add_note_in_turn, engine), without_the_turn])
    assert all(isinstance(answer, int) for answer in answers)
    assert len(notes(engine)) == 2


def test_an_at_once_turn_serves_one_write_transaction(engine: Engine) -> None:
    turn = WriteTurn.at_once()
    add_note(engine, turn=turn)
    with pytest.raises(RuntimeError, match="one write transaction"):
        add_note(engine, turn=turn)
    assert len(notes(engine)) == 1


def test_only_the_turn_passed_decides_whether_a_write_waits(engine: Engine) -> None:
    """Inside the writer's work, a write given no turn waits for its own, as anywhere else."""
    let_go = hold_lock_in_another_process(engine)

    def without_the_turn(_turn: WriteTurn) -> int:
        return add_note(engine)

    with pytest.raises(WriteLockBusy):
        add_note(engine, turn=WriteTurn.at_once())
    threading.Timer(0.2, let_go).start()
    anyio.run(run_transaction, engine, without_the_turn)  # waited on the loop, then wrote
    assert len(notes(engine)) == 1


def test_the_writer_outlives_a_request_whose_loop_has_closed(engine: Engine) -> None:
    let_go = hold_lock_in_another_thread(engine)

    async def give_up() -> None:
        with anyio.move_on_after(0.1):
            await run_transaction(engine, lambda turn: add_note(engine, turn=turn))

    anyio.run(give_up)  # this loop closes while its transaction waits on the writer thread
    let_go()

    async def next_request() -> int:
        with anyio.fail_after(5):
            return await run_transaction(engine, lambda turn: add_note(engine, turn=turn))

    anyio.run(next_request)
    deadline = time.monotonic() + 5
    while len(notes(engine)) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(notes(engine)) == 2  # the abandoned one was written too, once


def test_an_engine_written_through_is_not_kept_alive(tmp_path: Path) -> None:
    engine = notes_engine(tmp_path / "x.db")
    anyio.run(run_transaction, engine, partial(add_note_in_turn, engine))
    gone = weakref.ref(engine)
    engine.dispose()
    del engine
    gc.collect()
    assert gone() is None
