"""This process's turns to write to one SQLite database: a lock of ours, and the connection that never waits.

In a process, SQLite writers take turns on a lock of ours first (app.storage.sqlite_writer says
why). The transactions run on the event loop share one connection kept out of the pool, set once
not to wait for SQLite's lock and not to checkpoint (app.storage.write_group).
"""

import sqlite3
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Engine, PoolProxiedConnection

if TYPE_CHECKING:
    from app.storage.write_group import Group


class WriteLockBusy(Exception):
    """SQLite's write lock was not free at once (see `WriteTurn.at_once`): nothing was written."""


@dataclass
class Turns:
    """One engine's writers in this process: their lock, and the connection that never waits."""

    lock: threading.RLock = field(default_factory=threading.RLock)
    connection_at_once: PoolProxiedConnection | None = None
    # The group transaction open on the loop, if any (it holds `lock` meanwhile).
    open_group: "Group | None" = None


_TURNS = "_switchboard_sqlite_writers"
_turns_guard = threading.Lock()


def turns_of(engine: Engine) -> Turns:
    """Kept on the engine itself: the kept connection refers to the engine (through its pool), so
    in a table of engines held weakly it would keep its own key alive; on the engine, it goes with it.
    """
    turns: Turns | None = vars(engine).get(_TURNS)
    if turns is None:
        with _turns_guard:
            turns = vars(engine).setdefault(_TURNS, Turns())
    return turns


def connection_at_once(engine: Engine, turns: Turns) -> PoolProxiedConnection:
    """The connection this process's transactions on the loop write with, opened once."""
    kept = turns.connection_at_once
    if kept is None or not kept.is_valid:
        kept = engine.raw_connection()
        settings = driver(kept)
        kept.detach()  # never back in the pool with these settings; the pool may open another
        settings.execute("PRAGMA busy_timeout=0")
        settings.execute("PRAGMA wal_autocheckpoint=0")
        turns.connection_at_once = kept
    return kept


def driver(connection: PoolProxiedConnection) -> sqlite3.Connection:
    """The sqlite3 connection under a pooled one."""
    sqlite: sqlite3.Connection = connection.dbapi_connection  # type: ignore[assignment]
    return sqlite
