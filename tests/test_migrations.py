"""Migrations run forwards, backwards and forwards again, on SQLite and PostgreSQL."""

from sqlalchemy import inspect

from app.db import create_db_engine
from app.migrations import downgrade_database, upgrade_database

TABLES = {
    "official",
    "office",
    "campaign",
    "tally_hour",
    "tally_day",
    "tally_target_day",
    "tally_call_hour",
    "tally_caller",
    "tally_target",
    "tally_target_total",
    "tally_call_day",
}


def table_names(url: str) -> set[str]:
    engine = create_db_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(any_database_url: str) -> None:
    upgrade_database(any_database_url)
    assert table_names(any_database_url) >= TABLES
    downgrade_database(any_database_url, "base")
    assert not TABLES & table_names(any_database_url)
    upgrade_database(any_database_url)
    assert table_names(any_database_url) >= TABLES
