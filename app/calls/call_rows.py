"""A call and its legs as the webhooks read and write them: statements built once, no unit of work.

Webhooks are the hot path of a campaign's peak (hundreds a second). The ORM's identity map and
flush cost several times the SQL they run, so a webhook reads the call's row and its legs with
prebuilt statements (app.prepared) into model instances no session tracks, lets the domain code
(app.calls.progress, app.calls.outcomes) change them as usual, then writes back each row that
changed with one prebuilt UPDATE. Everything still happens in the caller's transaction.
"""

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, bindparam, select, update
from sqlalchemy.orm import configure_mappers
from sqlalchemy.orm.attributes import instance_dict
from sqlalchemy.orm.instrumentation import manager_of_class
from sqlmodel import SQLModel

from app.calls.call_records import LoadedCall
from app.models.calls import CallLeg, CallSession
from app.prepared import Prepared

Model = TypeVar("Model", bound=SQLModel)


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


def _update_row(table: Table) -> Prepared:
    """UPDATE every column but the key (bind names are prefixed: a column's own name is reserved)."""
    key = next(column for column in table.c if column.primary_key)
    values: dict[str, Any] = {
        column.name: bindparam(f"new_{column.name}") for column in table.c if not column.primary_key
    }
    return Prepared(update(table).where(key == bindparam("row_key")).values(values))


_UPDATE_CALL = _update_row(_CALLS)
_UPDATE_LEG = _update_row(_LEGS)


@dataclass
class TrackedCall:
    """A loaded call and its rows as read, to write back only what the domain code changed."""

    loaded: LoadedCall
    read: dict[int, dict[str, Any]]


def load_tracked_call(connection: Connection, *, call_id: str, for_update: bool) -> TrackedCall | None:
    """The call and its legs (the call's row locked on PostgreSQL when `for_update`), or None."""
    configure_mappers()  # once per process in effect: model instances need their mappers ready
    statement = _SELECT_CALL_LOCKED if for_update else _SELECT_CALL
    row = statement.first(connection, call_id=call_id)
    if row is None:
        return None
    call = _instance(CallSession, row)
    legs = [_instance(CallLeg, leg) for leg in _SELECT_LEGS.rows(connection, call_id=call_id)]
    read = {id(item): dict(instance_dict(item)) for item in (call, *legs)}
    return TrackedCall(LoadedCall(call, legs), read)


def save_tracked_call(connection: Connection, *, tracked: TrackedCall) -> None:
    """Write back the call's row and each leg's row that differ from what was read."""
    call = tracked.loaded.call
    _save(connection, _UPDATE_CALL, _CALLS, call, tracked.read.get(id(call)), key=call.id)
    for leg in tracked.loaded.legs:
        _save(connection, _UPDATE_LEG, _LEGS, leg, tracked.read.get(id(leg)), key=leg.id)


def _save(
    connection: Connection,
    statement: Prepared,
    table: Table,
    item: SQLModel,
    read: dict[str, Any] | None,
    *,
    key: Any,
) -> None:
    values = instance_dict(item)
    columns = [column.name for column in table.c if not column.primary_key]
    if read is not None and all(values.get(name) == read.get(name) for name in columns):
        return
    statement.run(connection, row_key=key, **{f"new_{name}": values.get(name) for name in columns})


def _instance(model: type[Model], row: dict[str, Any]) -> Model:
    """A model instance holding `row`'s values, built the way the ORM builds loaded ones (no validation)."""
    item: Model = manager_of_class(model).new_instance()
    instance_dict(item).update(row)
    return item
