"""The database engine and sessions. SQLite gets WAL, a busy timeout and foreign keys.

Two styles of unit of work meet here, on purpose:

- **One session per request (or CLI command)**, `session_scope`: routes that only read or write
  the database take `SessionDep` (app/web/deps.py), CLI commands `unit_of_work` (app/cli/work.py);
  it commits when the handler returns and rolls back on any error. Domain functions given a
  `Session` never commit.
- **An engine and short transactions of their own**, `write_scope`: code that talks to Twilio
  between database writes (placing calls, webhooks, reconcile, outcome reports) takes the
  `Engine`. It records, then acts, then records again, each step committed on its own, so
  no transaction or SQLite write lock is held across a network call and nothing is lost if the
  process dies in between. Such routes take `services.engine`, never `SessionDep`.
"""

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.storage import sqlite_writer
from app.storage.sqlite_writer import WAIT_FOR_TURN, WriteTurn, write_session

SQLITE_BUSY_TIMEOUT_MS = 10_000
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
    if url.database and url.database != ":memory:":
        # WAL is a property of the file: set it once here, not on every new connection, where
        # the switch has to wait for the database lock whenever a writer holds it.
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
    return engine


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
def write_scope(engine: Engine, *, turn: WriteTurn = WAIT_FOR_TURN) -> Iterator[Session]:
    """A short unit of work that writes: on SQLite it takes this process's turn to write up front.

    A deferred SQLite transaction that reads then writes cannot wait for the lock upgrade and
    fails with "database is locked" under contention; BEGIN IMMEDIATE waits for it instead, or,
    given an at-once `turn` (work on an event loop, see app.storage.sqlite_writer), does not wait
    at all. Never do network I/O inside one.
    """
    if engine.dialect.name != "sqlite":
        with session_scope(engine) as session:
            yield session
    else:
        with write_session(engine, turn=turn) as session:
            yield session


def write_connection(
    engine: Engine, *, turn: WriteTurn = WAIT_FOR_TURN
) -> AbstractContextManager[Connection]:
    """`write_scope` without a unit of work: a connection in a write transaction, committed at the end.

    For the hottest writes (Twilio's webhooks), which run prebuilt statements and open an ORM
    session on this connection only where they need one. It hands over the context manager of
    the transaction itself rather than wrapping it in one more.
    """
    if engine.dialect.name != "sqlite":
        return engine.begin()
    return sqlite_writer.write_connection(engine, turn=turn)
