"""Group commit: write transactions run one after another on the event loop in one SQLite transaction.

Why and how the group is used: app.storage.sqlite_writer.
"""

import asyncio
import contextvars
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, RootTransaction

from app.storage.sqlite_turns import WriteLockBusy, connection_at_once, driver, turns_of

if TYPE_CHECKING:
    from app.storage.sqlite_writer import WriteTurn


@dataclass(eq=False)
class Queued:
    """A route's transaction waiting for its group, and what became of it."""

    work: Callable[["WriteTurn"], Any]
    context: contextvars.Context
    future: "asyncio.Future[Any]"
    result: Any = None
    error: BaseException | None = None


class Group:
    """At-once write transactions run one after another on this thread in one SQLite transaction.

    The transaction begins (IMMEDIATE, this process's turn taken without waiting) when the first
    work joins, and ends with `commit`, or with `rollback` as soon as a work fails inside it. The
    works that joined the open transaction are `pending`; a commit makes them `committed`, a
    rollback `lost` (what they wrote is gone, and nobody was answered: they may run again).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._turns = turns_of(engine)
        self._thread = threading.get_ident()
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None
        self._inside = False
        self.current: Queued | None = None
        self.pending: list[Queued] = []
        self.committed: list[Queued] = []
        self.lost: list[Queued] = []

    @contextmanager
    def joined(self) -> Iterator[Connection]:
        """The group's connection, in its transaction, for the current work; an error inside rolls
        the whole group back."""
        connection = self._connection or self._begin()
        if self.current is not None:
            self.pending.append(self.current)
        self._inside = True
        try:
            yield connection
        except BaseException as error:
            self.rollback()
            if isinstance(error, sqlite3.OperationalError) and error.sqlite_errorcode == sqlite3.SQLITE_BUSY:
                raise WriteLockBusy from error
            raise
        finally:
            self._inside = False

    def _begin(self) -> Connection:
        turns = self._turns
        if not turns.lock.acquire(blocking=False):
            raise WriteLockBusy
        try:
            connection = Connection(self._engine, connection=connection_at_once(self._engine, turns))
            # SQLAlchemy's account of the transaction: what commits at the end
            transaction = connection.begin()
            try:
                driver(connection.connection).execute("BEGIN IMMEDIATE")
            except BaseException:
                connection.rollback()
                raise
        except BaseException as error:
            turns.lock.release()
            if isinstance(error, sqlite3.OperationalError) and error.sqlite_errorcode == sqlite3.SQLITE_BUSY:
                raise WriteLockBusy from error
            raise
        self._connection, self._transaction, turns.open_group = connection, transaction, self
        return connection

    @property
    def intact(self) -> bool:
        """Whether the open transaction, if any, still holds what its works wrote (none ended it)."""
        connection, transaction = self._connection, self._transaction
        if connection is None or transaction is None:
            return True
        return connection.get_transaction() is transaction and transaction.is_active

    def between_works_on_this_thread(self) -> bool:
        return self._connection is not None and not self._inside and threading.get_ident() == self._thread

    def commit(self) -> None:
        """Commit the open transaction, if any. If the commit fails, the pending works get its error."""
        connection = self._connection
        if connection is None:
            return
        try:
            connection.commit()
        except BaseException as error:
            for queued in self.pending:
                queued.error = error
            self.rollback()
            raise
        self.committed += self.pending
        self.pending = []
        self._close()

    def rollback(self) -> None:
        """Roll back the open transaction, if any: the pending works wrote nothing."""
        connection = self._connection
        if connection is None:
            return
        try:
            connection.rollback()
        finally:
            self.lost += self.pending
            self.pending = []
            self._close()

    def _close(self) -> None:
        self._connection = self._transaction = None
        self._turns.open_group = None
        self._turns.lock.release()
