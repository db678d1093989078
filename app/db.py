"""The database engine and sessions. SQLite gets WAL, a busy timeout and foreign keys.

Two styles of unit of work meet here, on purpose:

- **One session per request (or CLI command)**, `session_scope`: routes that only read or write
  the database take `SessionDep` (app/web/deps.py), CLI commands `unit_of_work` (app/cli/work.py);
  it commits when the handler returns and rolls back on any error. Domain functions given a
  `Session` never commit.
- **An engine and short transactions of their own**, `write_scope`: code that talks to Twilio
  between database writes (placing calls, webhooks, reconcile, outcome reports) takes the
  `Engine`. It records, then acts, then records (DESIGN 8), each step committed on its own, so
  no transaction or SQLite write lock is held across a network call and nothing is lost if the
  process dies in between. Such routes take `services.engine`, never `SessionDep`.
"""

import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

SQLITE_BUSY_TIMEOUT_MS = 10_000
# SQLite's own default: a commit that leaves more WAL pages than this copies them into the file.
SQLITE_WAL_AUTOCHECKPOINT_PAGES = 1000
# Marks a pooled connection whose automatic checkpoint was turned off for one transaction.
_AUTOCHECKPOINT_OFF = "switchboard.wal_autocheckpoint_off"
# As many connections as the web server has worker threads: SQLite connections are cheap, and
# opening one per request under load costs more than the request.
SQLITE_POOL_SIZE = 40


def create_db_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 10},
        pool_size=SQLITE_POOL_SIZE,
        max_overflow=0,
    )
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "checkin", _checked_in)
    if url.database and url.database != ":memory:":
        # WAL is a property of the file: set it once here, not on every new connection, where
        # the switch has to wait for the database lock whenever a writer holds it.
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    return engine


def _checked_in(dbapi_connection: Any, record: Any) -> None:
    if dbapi_connection is not None and record.info.pop(_AUTOCHECKPOINT_OFF, False):
        dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={SQLITE_WAL_AUTOCHECKPOINT_PAGES}")


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def write_scope(engine: Engine) -> Iterator[Session]:
    """A short unit of work that writes: on SQLite it takes the write lock up front.

    A deferred SQLite transaction that reads then writes cannot wait for the lock upgrade and
    fails with "database is locked" under contention; BEGIN IMMEDIATE waits (busy_timeout) instead.
    Never do network I/O inside one.
    """
    if engine.dialect.name != "sqlite":
        with session_scope(engine) as session:
            yield session
        return
    with _sqlite_write_transaction(engine, open_unit=lambda: Session(engine)) as session:
        yield session


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """`write_scope` without a unit of work: a connection in a write transaction, committed at the end.

    For the hottest writes (Twilio's webhooks), which run prebuilt statements and open an ORM
    session on this connection only where they need one.
    """
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            yield connection
        return
    with _sqlite_write_transaction(engine, open_unit=engine.connect) as connection:
        yield connection


class WriteLockBusy(Exception):
    """SQLite's write lock was not free at once (see `writes_without_waiting`): nothing was written."""


@dataclass
class _NoWaiting:
    engine: Engine
    tried: bool = False


_no_waiting: ContextVar[_NoWaiting | None] = ContextVar("sqlite_writes_without_waiting", default=None)


@contextmanager
def writes_without_waiting(engine: Engine) -> Iterator[None]:
    """Inside, the first SQLite write transaction on `engine` neither waits nor checkpoints.

    For work on an event loop, which must never block: that transaction begins only if the write
    lock (this process's and SQLite's own) is free at once, else it raises `WriteLockBusy` before
    anything is written, and the caller runs the work again where it may wait. Its commit leaves
    the WAL checkpoint, which syncs the file to disk, to `checkpoint_wal` run elsewhere. A second
    write transaction inside is a mistake (RuntimeError): run again, the first would be repeated.
    """
    token = _no_waiting.set(_NoWaiting(engine))
    try:
        yield
    finally:
        _no_waiting.reset(token)


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
    with _sqlite_writer_lock(engine), engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


Unit = TypeVar("Unit", Session, Connection)


@contextmanager
def _sqlite_write_transaction(engine: Engine, *, open_unit: Callable[[], Unit]) -> Iterator[Unit]:
    """A session or connection, opened once this process's turn to write comes, in a transaction
    begun IMMEDIATE: committed at the end, rolled back on any error.

    One writer at a time per process waits here, in line: SQLite's own busy handler polls with
    sleeps of up to 100 ms, which under many concurrent webhooks costs far more than the writes.
    """
    no_waiting = _no_waiting.get()
    at_once = no_waiting is not None and no_waiting.engine is engine
    if no_waiting is not None and at_once:
        if no_waiting.tried:
            raise RuntimeError("one write transaction at most runs without waiting (writes_without_waiting)")
        no_waiting.tried = True
    lock = _sqlite_writer_lock(engine)
    if not lock.acquire(blocking=not at_once):
        raise WriteLockBusy
    try:
        with open_unit() as unit:
            connection = unit.connection() if isinstance(unit, Session) else unit
            try:
                if at_once:
                    _begin_at_once(connection)
                else:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                yield unit
                unit.commit()
            except BaseException:
                unit.rollback()
                raise
    finally:
        lock.release()


def _begin_at_once(connection: Connection) -> None:
    """BEGIN IMMEDIATE without SQLite's busy wait, on a connection whose commit will not checkpoint.

    The checkpoint is turned back on when the connection returns to the pool (`_checked_in`),
    after the commit, which with a session is where the connection goes back.
    """
    driver = _driver(connection)
    driver.execute("PRAGMA wal_autocheckpoint=0")
    connection.connection.info[_AUTOCHECKPOINT_OFF] = True
    driver.execute("PRAGMA busy_timeout=0")
    if not connection.in_transaction():
        connection.begin()  # SQLAlchemy's own account of it: what commits at the end
    try:
        driver.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode == sqlite3.SQLITE_BUSY:
            raise WriteLockBusy from error
        raise
    finally:
        driver.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def _driver(connection: Connection) -> sqlite3.Connection:
    driver: sqlite3.Connection = connection.connection.driver_connection  # type: ignore[assignment]
    return driver


_writer_locks: "weakref.WeakKeyDictionary[Engine, threading.RLock]" = weakref.WeakKeyDictionary()
_writer_locks_guard = threading.Lock()


def _sqlite_writer_lock(engine: Engine) -> threading.RLock:
    with _writer_locks_guard:
        lock = _writer_locks.get(engine)
        if lock is None:
            lock = _writer_locks[engine] = threading.RLock()
        return lock
