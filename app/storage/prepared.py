"""Hot statements run on the connection's DBAPI cursor: compiled once per dialect, typed by their columns.

Core spends 20-60 µs on each execution before the driver sees the SQL (cache lookup, execution
context, result metadata); SQLite itself takes 5-10 µs for a webhook's lookups by key. A
`Prepared` statement keeps, per dialect, its SQL, the order of its parameters and the type
processors of its binds and result columns, and runs in the connection's current transaction.

When the engine or connection has event listeners (tests, tracing) or echoes SQL, the statement
runs through `Connection.execute` as any other, so they see it as before. What this reads of
SQLAlchemy's insides is in app.storage.sqlalchemy_internals.
"""

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.selectable import Select
from sqlalchemy.types import TypeEngine

from app.storage.sqlalchemy_internals import binds_in_order, is_observed, name_in_sql

Processor = Callable[[Any], Any] | None
Statement = Select[Any] | UpdateBase


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positional: bool
    # (name the SQL uses, name the caller passes, bind processor), in the SQL's order when positional
    binds: tuple[tuple[str, str, Processor], ...]
    # (position, result processor) of the columns that have one
    processed: tuple[tuple[int, Callable[[Any], Any]], ...]

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        if self.positional:
            return tuple(
                [
                    values[name] if process is None else process(values[name])
                    for _, name, process in self.binds
                ]
            )
        return {
            sql_name: values[name] if process is None else process(values[name])
            for sql_name, name, process in self.binds
        }

    def row(self, raw: Any) -> tuple[Any, ...]:
        if not self.processed:
            return tuple(raw)
        row = list(raw)
        for position, process in self.processed:
            value = row[position]
            if value is not None:  # every processor kept reads NULL as None (`_result_processor`)
                row[position] = process(value)
        return tuple(row)


class Prepared:
    """One statement whose parameters are all `bindparam`s, given by name at each execution."""

    def __init__(self, statement: Statement) -> None:
        self._statement = statement
        self._compiled: weakref.WeakKeyDictionary[Dialect, _Compiled] = weakref.WeakKeyDictionary()
        # The dialect last run on and its compiled form: one comparison instead of a weak-keyed lookup.
        self._last: tuple[weakref.ref[Dialect], _Compiled] | None = None

    def rows(self, connection: Connection, **values: Any) -> list[tuple[Any, ...]]:
        """Every row the statement returns: its columns' values in the statement's order, typed as
        Core types them."""
        if is_observed(connection):
            return [tuple(row) for row in connection.execute(self._statement, values)]
        compiled = self._for(connection.dialect)
        cursor = _executed(connection, compiled, values)
        try:
            return [compiled.row(raw) for raw in cursor.fetchall()]
        finally:
            cursor.close()

    def first(self, connection: Connection, **values: Any) -> tuple[Any, ...] | None:
        """The first row the statement returns (any others are not read), or None."""
        if is_observed(connection):
            row = connection.execute(self._statement, values).first()
            return None if row is None else tuple(row)
        compiled = self._for(connection.dialect)
        cursor = _executed(connection, compiled, values)
        try:
            raw = cursor.fetchone()
        finally:
            cursor.close()
        return None if raw is None else compiled.row(raw)

    def run(self, connection: Connection, **values: Any) -> None:
        """Execute a statement that returns no rows."""
        if is_observed(connection):
            connection.execute(self._statement, values)
            return
        _executed(connection, self._for(connection.dialect), values).close()

    def _for(self, dialect: Dialect) -> _Compiled:
        last = self._last
        if last is not None and last[0]() is dialect:
            return last[1]
        compiled = self._compiled.get(dialect)
        if compiled is None:
            compiled = self._compiled[dialect] = _compile(self._statement, dialect)
        self._last = (weakref.ref(dialect), compiled)
        return compiled


def _executed(connection: Connection, compiled: _Compiled, values: Mapping[str, Any]) -> Any:
    """A DBAPI cursor that ran the statement (the caller closes it).

    A driver error is raised as Core raises it (IntegrityError, OperationalError, ...), and a
    lost connection is invalidated, as Core does.
    """
    dialect = connection.dialect
    parameters = compiled.parameters(values)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(compiled.sql, parameters)
    except dialect.loaded_dbapi.Error as error:
        cursor.close()
        lost = dialect.is_disconnect(error, connection.connection, None)
        if lost:
            connection.invalidate(error)
        raise DBAPIError.instance(
            compiled.sql,
            parameters,
            error,
            dialect.loaded_dbapi.Error,
            hide_parameters=connection.engine.hide_parameters,
            connection_invalidated=lost,
            dialect=dialect,
        ) from error
    except BaseException:
        cursor.close()
        raise
    return cursor


def _compile(statement: Statement, dialect: Dialect) -> _Compiled:
    compiled = statement.compile(dialect=dialect)
    binds = compiled.binds
    columns: list[ColumnElement[Any]] = (
        list(statement.selected_columns) if isinstance(statement, Select) else []
    )
    return _Compiled(
        sql=compiled.string,
        positional=compiled.positional,
        binds=tuple(
            (
                name_in_sql(compiled, name),
                binds[name].key,
                binds[name].type.dialect_impl(dialect).bind_processor(dialect),
            )
            for name in binds_in_order(compiled)
        ),
        processed=tuple(
            (position, process)
            for position, column in enumerate(columns)
            if (process := _result_processor(column.type, dialect)) is not None
        ),
    )


def _result_processor(type_: TypeEngine[Any], dialect: Dialect) -> Processor:
    """The type's result processor, which `_Compiled.row` does not call for NULL: a webhook's rows
    are mostly NULL dates, and a date's processor is three Python calls deep. A type whose processor
    makes something else of NULL is refused here (none is read by a prepared statement)."""
    process = type_.dialect_impl(dialect).result_processor(dialect, None)
    if process is not None and process(None) is not None:
        raise TypeError(f"{type_!r} reads NULL as {process(None)!r}: not for a prepared statement")
    return process
