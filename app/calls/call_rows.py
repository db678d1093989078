"""A call and its legs as the webhooks read and write them: statements built once, no unit of work.

Webhooks are the hot path of a campaign's peak (hundreds a second). The ORM's identity map and
flush cost several times the SQL they run, so a webhook reads the call's row and its legs with
prebuilt statements (app.storage.prepared) into model instances no session tracks (built as
app.storage.sqlalchemy_internals says), lets the domain code (app.calls.progress,
app.calls.outcomes) change them as usual, then writes back the columns that changed in each row
with a prebuilt UPDATE. Everything still happens in the caller's transaction.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, select, update
from sqlalchemy.orm import configure_mappers
from sqlmodel import SQLModel

from app.calls.call_records import LoadedCall
from app.models.calls import CallLeg, CallSession
from app.storage.prepared import Prepared
from app.storage.sqlalchemy_internals import instance_values, loaded_instance


def _table(model: type[SQLModel]) -> Table:
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


_CALLS = _table(CallSession)
_LEGS = _table(CallLeg)
_FIND_CALL = select(_CALLS).where(_CALLS.c.id == bindparam("call_id"))
_SELECT_CALL = Prepared(_FIND_CALL)
_SELECT_CALL_LOCKED = Prepared(_FIND_CALL.with_for_update())
_SELECT_LEGS = Prepared(
    select(_LEGS).where(_LEGS.c.session_id == bindparam("call_id")).order_by(_LEGS.c.position)
)


class _Writable:
    """A table's columns but the key, and an UPDATE per set of columns that changed in a row.

    Only changed columns are written: SQLite rewrites an index entry for every indexed column an
    UPDATE sets, changed or not, which made writing a whole call's row several times the cost of
    the few columns a webhook changes. The sets that occur are few (one per kind of change the
    domain code makes), so their statements are kept. Bind names are prefixed: a column's own
    name is reserved for the column in an UPDATE.
    """

    def __init__(self, table: Table) -> None:
        self._table = table
        self._key = next(column for column in table.c if column.primary_key)
        self.columns = tuple(column.name for column in table.c if not column.primary_key)
        self._updates: dict[tuple[str, ...], Prepared] = {}

    def values(self, item: SQLModel) -> tuple[Any, ...]:
        return instance_values(item, self.columns)

    def save(self, connection: Connection, item: SQLModel, *, read: tuple[Any, ...] | None, key: Any) -> None:
        """Write back the columns of `item`'s row that differ from what was `read` (all when None)."""
        values = self.values(item)
        if values == read:
            return
        changed = {
            name: value
            for index, (name, value) in enumerate(zip(self.columns, values, strict=True))
            if read is None or value != read[index]
        }
        self._update(tuple(changed)).run(
            connection, row_key=key, **{f"new_{name}": value for name, value in changed.items()}
        )

    def _update(self, columns: tuple[str, ...]) -> Prepared:
        statement = self._updates.get(columns)
        if statement is None:
            values: dict[str, Any] = {name: bindparam(f"new_{name}") for name in columns}
            update_row = update(self._table).where(self._key == bindparam("row_key")).values(values)
            statement = self._updates[columns] = Prepared(update_row)
        return statement


_CALL_ROW = _Writable(_CALLS)
_LEG_ROW = _Writable(_LEGS)


@dataclass
class TrackedCall:
    """A loaded call and its rows as read, to write back only what the domain code changed."""

    loaded: LoadedCall
    read: dict[int, tuple[Any, ...]]


def load_tracked_call(connection: Connection, *, call_id: str, for_update: bool) -> TrackedCall | None:
    """The call and its legs (the call's row locked on PostgreSQL when `for_update`), or None."""
    configure_mappers()  # once per process in effect: model instances need their mappers ready
    statement = _SELECT_CALL_LOCKED if for_update else _SELECT_CALL
    row = statement.first(connection, call_id=call_id)
    if row is None:
        return None
    call = loaded_instance(CallSession, row)
    legs = [loaded_instance(CallLeg, leg) for leg in _SELECT_LEGS.rows(connection, call_id=call_id)]
    read = {id(call): _CALL_ROW.values(call)} | {id(leg): _LEG_ROW.values(leg) for leg in legs}
    return TrackedCall(LoadedCall(call, legs), read)


def save_tracked_call(connection: Connection, *, tracked: TrackedCall) -> None:
    """Write back the call's row and each leg's row that differ from what was read."""
    call = tracked.loaded.call
    _CALL_ROW.save(connection, call, read=tracked.read.get(id(call)), key=call.id)
    for leg in tracked.loaded.legs:
        _LEG_ROW.save(connection, leg, read=tracked.read.get(id(leg)), key=leg.id)
