"""Every place Switchboard reads SQLAlchemy below its documented API, gathered here, and why.

The webhooks are the hot path of a campaign's peak. Two shortcuts there need SQLAlchemy's insides:

- **Prepared statements** (app.storage.prepared) run on the DB-API cursor, skipping the 20-60 µs
  Core spends on each execution before the driver sees the SQL (SQLite itself takes 5-10 µs).
  They need the compiled statement's bind order and escaped bind names, and must know whether
  anyone watches the connection (event listeners, echo): then the statement goes through Core
  as usual, so what watches it sees it.
- **Rows into model instances no session tracks** (app.calls.call_rows): the ORM's identity map and
  flush cost several times the SQL a webhook runs, so its rows become instances built as the ORM
  builds loaded ones (no validation, no session) and are read back from their `__dict__` state.

None of this is promised across SQLAlchemy releases. TESTED_WITH names the release series these
functions were checked against; tests/test_sqlalchemy_internals.py fails when the installed
SQLAlchemy is of another series, and checks each function's behaviour, so an upgrade starts there.
"""

from typing import Any, TypeVar

from sqlalchemy import Connection
from sqlalchemy.orm.attributes import instance_dict
from sqlalchemy.orm.instrumentation import manager_of_class
from sqlalchemy.sql.compiler import Compiled, SQLCompiler

TESTED_WITH = "2.1"
Model = TypeVar("Model")


def is_observed(connection: Connection) -> bool:
    """Whether event listeners (on the connection or its engine) or echo would see a statement."""
    return bool(connection._has_events or connection.engine._has_events or connection._echo)


def binds_in_order(compiled: Compiled) -> list[str]:
    """The names of a compiled statement's bind parameters: in the SQL's order when positional."""
    assert isinstance(compiled, SQLCompiler)
    return list(compiled.positiontup or ()) if compiled.positional else list(compiled.binds)


def name_in_sql(compiled: Compiled, name: str) -> str:
    """The name a bind parameter has in the SQL (escaped when its own has characters the driver's
    paramstyle cannot carry)."""
    assert isinstance(compiled, SQLCompiler)
    return compiled.escaped_bind_names.get(name, name)


def loaded_instance(model: type[Model], values: dict[str, Any]) -> Model:
    """An instance of the mapped `model` holding `values`, built as the ORM builds a loaded one:
    no constructor (no validation), no session."""
    item: Model = manager_of_class(model).new_instance()
    instance_dict(item).update(values)
    return item


def instance_values(item: object, names: tuple[str, ...]) -> tuple[Any, ...]:
    """The values an instance holds for `names` (None where it holds none), read from its state."""
    return tuple(map(instance_dict(item).get, names))
