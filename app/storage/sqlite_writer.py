"""The SQLite writer: how a write transaction gets this process's turn to write, and where a route's runs.

SQLite lets one writer in at a time. In a process, writers take turns on a lock of ours first:
SQLite's own busy handler polls with sleeps of up to 100 ms, which under many concurrent webhooks
costs far more than the writes. A transaction then begins IMMEDIATE, holding SQLite's write lock
from its first statement (a deferred one that reads, then writes, cannot wait for the upgrade).

How a transaction gets its turn is a parameter its caller passes, a `WriteTurn`:

- `WAIT_FOR_TURN` (the default of `app.storage.db.write_scope` and `write_connection`): it waits
  for the lock, as work in a thread (CLI, jobs, thread-pool routes) may.
- `WriteTurn.at_once()`: work on the event loop must never wait. Its one transaction takes both
  locks only if they are free at once, else raises `WriteLockBusy` before anything is written. It
  runs on a connection of its own, kept out of the pool and set up once not to wait (busy timeout
  0) and not to checkpoint when it commits: copying the WAL into the database file syncs it to
  disk, and `checkpoint_wal` does that on the writer thread instead.

`run_transaction` chooses the turn for a route's transaction and hands it to the work: a webhook's
transaction takes a few hundred microseconds of CPU with no I/O but the local file, so on SQLite
it runs right on the event loop when the lock is free at once, with no thread hand-over (whose GIL
switches cost more than the transaction itself). When the lock is held (by another thread of this
process, another process, or a pool with no connection to spare) the work runs again, waiting for
its turn, on one writer thread per engine, which runs queued transactions back to back while the
loop goes on answering requests. Commits on the loop leave the WAL checkpoint to that thread, every
CHECKPOINT_EVERY of them; writes on the loop wait for it to finish (the loop itself does not). On
PostgreSQL, transactions use the usual thread pool, as many at once as it has threads.

Group commit: the route transactions that reach the loop in the same turn of it (a peak's webhooks
arrive many to a turn) run one after another in one SQLite transaction (`Group`), and their
requests are answered once it has committed. A commit appends every page the transaction changed to
the WAL (checksummed, written), and begins and commits cost SQLAlchemy's bookkeeping too: shared by
the group, they cost a first webhook about a fifth of what they did one transaction each (measured
with scripts/bench_webhooks.py, docs/performance.md). A group is all or nothing: when one work
fails after taking its turn, the group's transaction rolls back, that request gets its error, and
the works before it (answered nothing yet) run again, each in a transaction of its own, on the
writer thread; the works after it start a new group transaction.
"""

import asyncio
import contextlib
import contextvars
import logging
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import partial
from typing import Any, TypeVar

import anyio
from sqlalchemy import Connection, Engine
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

from app.storage.serial_worker import SerialWorker, settle
from app.storage.sqlite_turns import WriteLockBusy, turns_of
from app.storage.write_group import Group, Queued

logger = logging.getLogger(__name__)
T = TypeVar("T")
Unit = TypeVar("Unit", Session, Connection)
# Transactions committed on the event loop between two checkpoints (a webhook adds about 7 WAL pages;
# SQLite's own checkpoint comes after 1,000).
CHECKPOINT_EVERY = 100


class WriteTurn:
    """How a SQLite write transaction gets this process's turn to write (ignored on PostgreSQL)."""

    def __init__(self, *, at_once: bool, group: "Group | None" = None) -> None:
        self._at_once = at_once
        self._group = group
        self._taken = False

    @classmethod
    def at_once(cls) -> "WriteTurn":
        """A turn for one transaction on the event loop: taken now, or `WriteLockBusy`."""
        return cls(at_once=True)

    @property
    def taken(self) -> bool:
        return self._taken

    def take(self) -> bool:
        """Whether the transaction beginning now must take its turn at once.

        An at-once turn serves one transaction: a second is a mistake (RuntimeError), since when the
        second finds the lock busy the work runs again, waiting, and the first would be repeated.
        """
        if not self._at_once:
            return False
        if self._taken:
            raise RuntimeError("an at-once WriteTurn serves one write transaction at most")
        self._taken = True
        return True


WAIT_FOR_TURN = WriteTurn(at_once=False)


@contextmanager
def write_session(engine: Engine, *, turn: WriteTurn) -> Iterator[Session]:
    """A session in a SQLite write transaction begun IMMEDIATE, its turn taken as `turn` says;
    committed at the end, rolled back on any error."""
    if turn.take():
        with (
            _at_once(engine, turn) as connection,
            Session(bind=connection, join_transaction_mode="rollback_only") as session,
        ):
            yield session
            session.commit()  # flushes; the connection's transaction commits as it closes
    else:
        with _waiting_transaction(engine, open_unit=lambda: Session(engine)) as session:
            yield session


def write_connection(engine: Engine, *, turn: WriteTurn) -> AbstractContextManager[Connection]:
    """`write_session` without a unit of work: a connection in the write transaction."""
    if turn.take():
        return _at_once(engine, turn)
    return _waiting_transaction(engine, open_unit=engine.connect)


@contextmanager
def _waiting_transaction(engine: Engine, *, open_unit: Callable[[], Unit]) -> Iterator[Unit]:
    turns = turns_of(engine)
    group = turns.open_group
    if group is not None and group.between_works_on_this_thread():
        # A work of the group writes without its turn: what the group wrote so far is committed
        # first, as it would have been without the group, rather than this wait for SQLite's lock.
        group.commit()
    with turns.lock, open_unit() as unit:
        try:
            connection = unit.connection() if isinstance(unit, Session) else unit
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield unit
            unit.commit()
        except BaseException:
            unit.rollback()
            raise


def _at_once(engine: Engine, turn: WriteTurn) -> AbstractContextManager[Connection]:
    """The transaction a taken at-once turn writes in: its group's, or a group of its own."""
    group = turn._group
    return _transaction_at_once(engine) if group is None else group.joined()


@contextmanager
def _transaction_at_once(engine: Engine) -> Iterator[Connection]:
    group = Group(engine)
    with group.joined() as connection:
        yield connection
    group.commit()


def _pool_has_idle_connection(engine: Engine) -> bool:
    pool = engine.pool
    return not isinstance(pool, QueuePool) or pool.checkedout() < pool.size()


def checkpoint_wal(engine: Engine) -> None:
    """Copy the WAL's committed pages into the database file, as a commit would by itself.

    It takes this process's turn to write, as the commit it stands in for held it: with no writer
    of ours appending meanwhile, the whole WAL is copied and the next write starts it over, instead
    of it growing for as long as writes keep coming. It waits for no reader, nor another process.
    """
    with turns_of(engine).lock, engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


async def run_transaction(engine: Engine, work: Callable[[WriteTurn], T]) -> T:
    """`work(turn)`, one short write transaction and nothing else (no network, no sleeping), opened
    with the `turn` it is given: on SQLite on the loop or the engine's writer thread (see above),
    else in a worker thread."""
    if engine.dialect.name != "sqlite":
        return await anyio.to_thread.run_sync(work, WAIT_FOR_TURN)
    return await _writer(engine).run(engine, work)


class SqliteWriter:
    """One engine's route transactions: in groups on the loop when the lock is free, else in its thread."""

    def __init__(self, name: str) -> None:
        # No reference to the engine: this lives as long as the engine does (see `_writer`).
        self._thread = SerialWorker(name)
        self._since_checkpoint = 0
        self._checkpoint: asyncio.Future[None] | None = None
        # Per loop, the transactions waiting for the group that runs at its next turn.
        self._queued: dict[asyncio.AbstractEventLoop, list[Queued]] = {}

    async def run(self, engine: Engine, work: Callable[[WriteTurn], T]) -> T:
        checkpoint = self._checkpoint
        loop = asyncio.get_running_loop()
        if checkpoint is not None and checkpoint.get_loop() is loop:
            await asyncio.wait([checkpoint])  # it holds this process's turn to write meanwhile
        if not _pool_has_idle_connection(engine):
            return await self._thread.run(partial(work, WAIT_FOR_TURN))
        future: asyncio.Future[T] = loop.create_future()
        queued = self._queued.get(loop)
        if queued is None:
            queued = self._queued[loop] = []
            loop.call_soon(self._run_group, engine, loop)
        queued.append(Queued(work, contextvars.copy_context(), future))
        # A cancelled request does not cancel its transaction: it runs with its group, and is dropped.
        return await asyncio.shield(future)

    def _run_group(self, engine: Engine, loop: asyncio.AbstractEventLoop) -> None:
        """Run the queued transactions in one group, then answer each (see the module's docstring)."""
        group = Group(engine)
        for queued in self._queued.pop(loop):
            group.current = queued
            try:
                queued.result = queued.context.run(queued.work, WriteTurn(at_once=True, group=group))
            except WriteLockBusy:  # nothing of it written: it runs again on the thread, waiting its turn
                if queued not in group.lost:
                    group.lost.append(queued)
                continue
            except BaseException as error:
                queued.error = error
            if not group.intact:  # the work ended the group's transaction itself: redo them all
                group.rollback()
            if queued in group.pending or queued in group.committed:
                continue  # answered once its writes are committed
            if queued in group.lost:
                if queued.error is None:
                    continue
                group.lost.remove(queued)  # it failed inside the group: its error is its answer
            settle(queued.future, queued.result, queued.error)
        group.current = None
        with contextlib.suppress(Exception):  # a failed commit is the pending works' answer
            group.commit()
        if group.committed:
            self._committed_on_loop(engine)
        for queued in group.committed:
            settle(queued.future, queued.result, queued.error)
        for queued in group.lost:
            self._to_thread(queued)

    def _to_thread(self, queued: Queued) -> None:
        """Run the work again in a transaction of its own on the writer thread, waiting for its turn."""
        done = self._thread.submit(partial(queued.context.run, queued.work, WAIT_FOR_TURN))
        done.add_done_callback(partial(_pass_on, queued.future))

    def _committed_on_loop(self, engine: Engine) -> None:
        self._since_checkpoint += 1
        if self._since_checkpoint >= CHECKPOINT_EVERY and self._checkpoint is None:
            self._since_checkpoint = 0
            self._checkpoint = self._thread.submit(partial(checkpoint_wal, engine))
            self._checkpoint.add_done_callback(self._checkpointed)

    def _checkpointed(self, checkpoint: "asyncio.Future[None]") -> None:
        self._checkpoint = None
        if not checkpoint.cancelled() and checkpoint.exception() is not None:
            logger.warning("WAL checkpoint failed", exc_info=checkpoint.exception())


def _pass_on(future: "asyncio.Future[Any]", done: "asyncio.Future[Any]") -> None:
    if done.cancelled():
        future.cancel()
    else:
        settle(future, None if done.exception() else done.result(), done.exception())


_writers: "weakref.WeakKeyDictionary[Engine, SqliteWriter]" = weakref.WeakKeyDictionary()
_writers_guard = threading.Lock()


def _writer(engine: Engine) -> SqliteWriter:
    with _writers_guard:
        writer = _writers.get(engine)
        if writer is None:
            writer = _writers[engine] = SqliteWriter(f"sqlite-writer-{engine.url.database}")
        return writer
