"""This process's turn to write on SQLite: transactions that wait for it, and ones that take it only
if it is free at once.

SQLite lets one writer in at a time. In a process, writers take turns on a lock of ours first:
SQLite's own busy handler polls with sleeps of up to 100 ms, which under many concurrent webhooks
costs far more than the writes. A transaction then begins IMMEDIATE, holding SQLite's write lock
from its first statement (a deferred one that reads, then writes, cannot wait for the upgrade).

Work on an event loop must never wait. Inside `writes_without_waiting`, the first write
transaction takes both locks only if they are free at once, else raises `WriteLockBusy` before
anything is written. It runs on a connection of its own, kept out of the pool and set up once not
to wait (busy timeout 0) and not to checkpoint when it commits: copying the WAL into the database
file syncs it to disk, and `checkpoint_wal` does that elsewhere.
"""

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import Connection, Engine, PoolProxiedConnection
from sqlalchemy.pool import QueuePool
from sqlmodel import Session


class WriteLockBusy(Exception):
    """SQLite's write lock was not free at once (see `writes_without_waiting`): nothing was written."""


@dataclass
class _Writers:
    """One engine's writers in this process: their lock, and the connection that never waits."""

    lock: threading.RLock = field(default_factory=threading.RLock)
    connection_at_once: PoolProxiedConnection | None = None


_WRITERS = "_switchboard_sqlite_writers"
_writers_guard = threading.Lock()


def _writers_of(engine: Engine) -> _Writers:
    """Kept on the engine itself: the kept connection refers to the engine (through its pool), so
    in a table of engines held weakly it would keep its own key alive; on the engine, it goes with it.
    """
    writers: _Writers | None = vars(engine).get(_WRITERS)
    if writers is None:
        with _writers_guard:
            writers = vars(engine).setdefault(_WRITERS, _Writers())
    return writers


Unit = TypeVar("Unit", Session, Connection)


@contextmanager
def waiting_transaction(engine: Engine, *, open_unit: Callable[[], Unit]) -> Iterator[Unit]:
    """A session or connection, opened once this process's turn to write comes, in a transaction
    begun IMMEDIATE: committed at the end, rolled back on any error."""
    with _writers_of(engine).lock, open_unit() as unit:
        try:
            connection = unit.connection() if isinstance(unit, Session) else unit
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield unit
            unit.commit()
        except BaseException:
            unit.rollback()
            raise


@dataclass
class _NoWaiting:
    engine: Engine
    tried: bool = False


_no_waiting: ContextVar[_NoWaiting | None] = ContextVar("sqlite_writes_without_waiting", default=None)


@contextmanager
def writes_without_waiting(engine: Engine) -> Iterator[None]:
    """Inside, the first write transaction on `engine` takes its turn at once or not at all.

    For work on an event loop: when the turn is not free, `WriteLockBusy` is raised before anything
    is written, and the caller runs the work again where it may wait. A second write transaction
    inside is a mistake (RuntimeError): run again, the first would be repeated.
    """
    token = _no_waiting.set(_NoWaiting(engine))
    try:
        yield
    finally:
        _no_waiting.reset(token)


def takes_turn_at_once(engine: Engine) -> bool:
    """Whether the write transaction about to begin on `engine` is one that must not wait."""
    no_waiting = _no_waiting.get()
    if no_waiting is None or no_waiting.engine is not engine:
        return False
    if no_waiting.tried:
        raise RuntimeError("one write transaction at most runs without waiting (writes_without_waiting)")
    no_waiting.tried = True
    return True


@contextmanager
def transaction_at_once(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction begun IMMEDIATE now, or WriteLockBusy; committed at the end."""
    writers = _writers_of(engine)
    if not writers.lock.acquire(blocking=False):
        raise WriteLockBusy
    try:
        connection = Connection(engine, connection=_connection_at_once(engine, writers))
        connection.begin()  # SQLAlchemy's account of the transaction: what commits at the end
        try:
            _driver(connection.connection).execute("BEGIN IMMEDIATE")
            yield connection
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode == sqlite3.SQLITE_BUSY:
            raise WriteLockBusy from error
        raise
    finally:
        writers.lock.release()


def _connection_at_once(engine: Engine, writers: _Writers) -> PoolProxiedConnection:
    kept = writers.connection_at_once
    if kept is None or not kept.is_valid:
        kept = engine.raw_connection()
        driver = _driver(kept)
        kept.detach()  # never back in the pool with these settings; the pool may open another
        driver.execute("PRAGMA busy_timeout=0")
        driver.execute("PRAGMA wal_autocheckpoint=0")
        writers.connection_at_once = kept
    return kept


def _driver(connection: PoolProxiedConnection) -> sqlite3.Connection:
    driver: sqlite3.Connection = connection.dbapi_connection  # type: ignore[assignment]
    return driver


def pool_has_idle_connection(engine: Engine) -> bool:
    """Whether a connection can be had from `engine`'s pool now, without waiting for one."""
    pool = engine.pool
    return not isinstance(pool, QueuePool) or pool.checkedout() < pool.size()


def checkpoint_wal(engine: Engine) -> None:
    """Copy the WAL's committed pages into the database file, as a commit would by itself.

    It takes this process's turn to write, as the commit it stands in for held it: with no writer
    of ours appending meanwhile, the whole WAL is copied and the next write starts it over, instead
    of it growing for as long as writes keep coming. It waits for no reader, nor another process.
    """
    with _writers_of(engine).lock, engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
