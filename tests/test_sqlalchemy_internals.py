"""What app.storage.sqlalchemy_internals reads of SQLAlchemy's insides still means what it meant,
on the installed SQLAlchemy: an upgrade to another release series fails here first."""

from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import bindparam, column, create_engine, event, select, table
from sqlalchemy.dialects import sqlite

from app.storage.db import create_db_engine
from app.storage.sqlalchemy_internals import (
    TESTED_WITH,
    binds_in_order,
    is_observed,
    name_in_sql,
)

PSYCOPG = create_engine("postgresql+psycopg://u@127.0.0.1:1/x").dialect  # never connected
NOTES = table("note", column("id"), column("body"), column("in"))
# Bound in one order, written in the SQL in another; one name ("in") a reserved word.
STATEMENT = select(NOTES).where(
    NOTES.c.body == bindparam("second"), NOTES.c.id == bindparam("first"), NOTES.c["in"] == bindparam("in")
)


def test_the_installed_sqlalchemy_is_of_the_series_checked() -> None:
    series = ".".join(sqlalchemy.__version__.split(".")[:2])
    assert series == TESTED_WITH, (
        f"SQLAlchemy {sqlalchemy.__version__} is installed; app/storage/sqlalchemy_internals.py was "
        f"checked against {TESTED_WITH}: check each of its functions on the new release, then TESTED_WITH"
    )


def test_a_connection_is_observed_by_listeners_on_it_or_its_engine_and_by_echo(tmp_path: Path) -> None:
    def listener(*_args: Any) -> None: ...

    quiet, listened = (create_db_engine(f"sqlite:///{tmp_path / name}") for name in ("q.db", "l.db"))
    event.listen(listened, "before_cursor_execute", listener)
    with quiet.connect() as connection, listened.connect() as other:
        assert not is_observed(connection)
        assert is_observed(other)
        event.listen(connection, "before_cursor_execute", listener)
        assert is_observed(connection)
    quiet.echo = True
    with quiet.connect() as connection:
        assert is_observed(connection)
    quiet.dispose()
    listened.dispose()


def test_binds_come_in_the_sqls_order_when_positional_and_by_name_otherwise() -> None:
    on_sqlite = STATEMENT.compile(dialect=sqlite.dialect())  # qmark: positional
    assert binds_in_order(on_sqlite) == ["second", "first", "in"]
    assert on_sqlite.string.count("?") == 3
    on_postgresql = STATEMENT.compile(dialect=PSYCOPG)  # pyformat: by name
    assert sorted(binds_in_order(on_postgresql)) == ["first", "in", "second"]
    assert all(
        f"%({name_in_sql(on_postgresql, name)})s" in on_postgresql.string for name in ["first", "second"]
    )


def test_an_escaped_bind_name_is_the_one_in_the_sql() -> None:
    odd = select(NOTES).where(NOTES.c.id == bindparam("a name(with) odd%chars"))
    compiled = odd.compile(dialect=PSYCOPG)
    (name,) = binds_in_order(compiled)
    assert name_in_sql(compiled, name) != name
    assert f"%({name_in_sql(compiled, name)})s" in compiled.string
