"""Every place Switchboard reads SQLAlchemy below its documented API, gathered here, and why.

The webhooks are the hot path of a campaign's peak. One shortcut there needs SQLAlchemy's insides:
**prepared statements** (app.storage.prepared) run on the DB-API cursor, skipping the 20-60 µs
Core spends on each execution before the driver sees the SQL (SQLite itself takes 5-10 µs). They
need the compiled statement's bind order and escaped bind names, and must know whether anyone
watches the connection (event listeners, echo): then the statement goes through Core as usual, so
what watches it sees it.

None of this is promised across SQLAlchemy releases. TESTED_WITH names the release series these
functions were checked against; tests/test_sqlalchemy_internals.py fails when the installed
SQLAlchemy is of another series, and checks each function's behaviour, so an upgrade starts there.
"""

from sqlalchemy import Connection
from sqlalchemy.sql.compiler import Compiled, SQLCompiler

TESTED_WITH = "2.1"


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
