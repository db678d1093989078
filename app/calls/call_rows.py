"""A call and its legs as the webhooks read and write them: plain records, statements built once.

Webhooks are the hot path of a campaign's peak (hundreds a second). A webhook reads the call's row
and its legs with prebuilt statements (app.storage.prepared) into plain records, one slot per
column (app.models.call_fields says what the domain code may read of them), lets the domain code
(app.calls.progress, app.calls.outcomes) change them as usual, then writes back the columns that
changed in each row with a prebuilt UPDATE. Everything happens in the caller's transaction.

Model instances cost a first webhook about a seventh of its time here: SQLAlchemy's
instrumentation runs on every attribute read and set, and the identity map and flush of a session
on top would cost several times the SQL (measured with scripts/bench_webhooks.py and callgrind,
docs/performance.md).
"""

from dataclasses import dataclass, make_dataclass
from operator import attrgetter
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, select, update
from sqlmodel import SQLModel

from app.calls.call_records import LoadedCall
from app.models.call_fields import CallFields, LegFields
from app.models.calls import CallLeg, CallSession
from app.storage.prepared import Prepared


def _table(model: type[SQLModel]) -> Table:
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


class _Rows:
    """One table's rows as plain records: read from the statement's values, written back by column.

    Only changed columns are written: SQLite rewrites an index entry for every indexed column an
    UPDATE sets, changed or not, which made writing a whole call's row several times the cost of
    the few columns a webhook changes. The sets that occur are few (one per kind of change the
    domain code makes), so their statements are kept. Bind names are prefixed: a column's own
    name is reserved for the column in an UPDATE.
    """

    def __init__(self, table: Table, record: str) -> None:
        self._table = table
        self.columns = tuple(column.name for column in table.c)
        # Slots, no __eq__: a record is one row as read, compared by identity.
        self.record = make_dataclass(record, self.columns, slots=True, eq=False)
        self.values = attrgetter(*self.columns)
        self._key_at = next(index for index, column in enumerate(table.c) if column.primary_key)
        self._key = table.c[self.columns[self._key_at]]
        self._updates: dict[tuple[str, ...], Prepared] = {}

    def save(self, connection: Connection, record: object, *, read: tuple[Any, ...]) -> None:
        """Write back the columns of `record` that differ from what was `read`."""
        values = self.values(record)
        if values == read:
            return
        changed = {
            f"new_{name}": value
            for name, value, before in zip(self.columns, values, read, strict=True)
            if value != before
        }
        self._update(tuple(changed)).run(connection, row_key=read[self._key_at], **changed)

    def _update(self, binds: tuple[str, ...]) -> Prepared:
        statement = self._updates.get(binds)
        if statement is None:
            values: dict[str, Any] = {bind.removeprefix("new_"): bindparam(bind) for bind in binds}
            update_row = update(self._table).where(self._key == bindparam("row_key")).values(values)
            statement = self._updates[binds] = Prepared(update_row)
        return statement


_CALLS = _Rows(_table(CallSession), "CallRecord")
_LEGS = _Rows(_table(CallLeg), "LegRecord")
_FIND_CALL = select(_CALLS._table).where(_CALLS._table.c.id == bindparam("call_id"))
_SELECT_CALL = Prepared(_FIND_CALL)
_SELECT_CALL_LOCKED = Prepared(_FIND_CALL.with_for_update())
_SELECT_LEGS = Prepared(
    select(_LEGS._table)
    .where(_LEGS._table.c.session_id == bindparam("call_id"))
    .order_by(_LEGS._table.c.position)
)


@dataclass
class TrackedCall:
    """A loaded call, and each of its rows as read, to write back only what the domain code changed."""

    loaded: LoadedCall
    read: list[tuple[Any, ...]]


def load_tracked_call(connection: Connection, *, call_id: str, for_update: bool) -> TrackedCall | None:
    """The call and its legs (the call's row locked on PostgreSQL when `for_update`), or None."""
    row = (_SELECT_CALL_LOCKED if for_update else _SELECT_CALL).first(connection, call_id=call_id)
    if row is None:
        return None
    legs = _SELECT_LEGS.rows(connection, call_id=call_id)
    call = cast(CallFields, _CALLS.record(*row))
    loaded = LoadedCall(call, [cast(LegFields, _LEGS.record(*leg)) for leg in legs])
    return TrackedCall(loaded, [row, *legs])


def save_tracked_call(connection: Connection, *, tracked: TrackedCall) -> None:
    """Write back the call's row and each leg's row that differ from what was read."""
    call_read, *legs_read = tracked.read
    _CALLS.save(connection, tracked.loaded.call, read=call_read)
    for leg, read in zip(tracked.loaded.legs, legs_read, strict=True):
        _LEGS.save(connection, leg, read=read)
