"""Prepared statements read and write exactly what Core does, in the caller's transaction."""

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import bindparam, event, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.models.calls import WebhookReceipt
from app.storage.db import create_db_engine, write_connection
from app.storage.prepared import Prepared

RECEIPTS = WebhookReceipt.__table__  # type: ignore[attr-defined]
INSERT = Prepared(
    insert(RECEIPTS).values(token=bindparam("key"), response=bindparam("body"), created_at=bindparam("at"))
)
SELECT = Prepared(select(RECEIPTS).where(RECEIPTS.c.token == bindparam("key")))
UPDATE = Prepared(
    update(RECEIPTS).where(RECEIPTS.c.token == bindparam("key")).values(response=bindparam("body"))
)
MOMENT = datetime(2026, 3, 1, 12, 30, 15, 250_000, tzinfo=UTC)


def test_rows_come_back_typed_as_core_reads_them(migrated_url: str) -> None:
    engine = create_db_engine(migrated_url)
    with write_connection(engine) as connection:
        INSERT.run(connection, key="k1", body="<Response/>", at=MOMENT)
        UPDATE.run(connection, key="k1", body="<Response><Hangup/></Response>")
        prepared = SELECT.first(connection, key="k1")
        core = connection.execute(select(RECEIPTS).where(RECEIPTS.c.token == "k1")).one()
    assert prepared == tuple(core)
    assert prepared == ("k1", "<Response><Hangup/></Response>", MOMENT)
    with write_connection(engine) as connection:
        assert SELECT.first(connection, key="missing") is None
        assert SELECT.rows(connection, key="k1") == [prepared]
    engine.dispose()


def test_writes_belong_to_the_callers_transaction(migrated_url: str) -> None:
    engine = create_db_engine(migrated_url)
    try:
        with write_connection(engine) as connection:
            INSERT.run(connection, key="gone", body="", at=MOMENT)
            raise RuntimeError("the webhook failed")
    except RuntimeError:
        pass
    with engine.connect() as connection:
        assert SELECT.first(connection, key="gone") is None
    engine.dispose()


def test_event_listeners_still_see_every_statement(migrated_url: str) -> None:
    engine = create_db_engine(migrated_url)
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement.split()[0].upper())

    event.listen(engine, "before_cursor_execute", record)
    with write_connection(engine) as connection:
        INSERT.run(connection, key="k2", body="<Response/>", at=MOMENT)
        row = SELECT.first(connection, key="k2")
    assert row is not None
    assert row[2] == MOMENT
    assert seen[-2:] == ["INSERT", "SELECT"]
    engine.dispose()


def test_a_driver_error_is_raised_as_core_raises_it(migrated_url: str) -> None:
    engine = create_db_engine(migrated_url)
    with write_connection(engine) as connection:
        INSERT.run(connection, key="once", body="", at=MOMENT)

    def insert_another_then_once_again() -> None:
        with write_connection(engine) as connection:
            INSERT.run(connection, key="another", body="", at=MOMENT)
            INSERT.run(connection, key="once", body="", at=MOMENT)

    with pytest.raises(IntegrityError):
        insert_another_then_once_again()
    with engine.connect() as connection:
        assert [row[0] for row in SELECT.rows(connection, key="once")] == ["once"]
        assert SELECT.first(connection, key="another") is None
    engine.dispose()
