"""Migrations run forwards, backwards and forwards again, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers the tables, as alembic/env.py does)
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


def declared_by_us(name: str | None, type_: str, parent_names: object) -> bool:
    """Procrastinate's tables (the job queue on PostgreSQL, migration 0009) are its own schema."""
    return not (type_ == "table" and name is not None and name.startswith("procrastinate_"))


def test_the_migrations_build_every_table_the_models_declare(any_database_url: str) -> None:
    """What Alembic's env sees (every module of app/models) and what the migrations build agree."""
    upgrade_database(any_database_url)
    engine = create_db_engine(any_database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": declared_by_us}
            )
            assert compare_metadata(context, SQLModel.metadata) == []
    finally:
        engine.dispose()
    assert {"call_session", "user", "data_version", "tally_day", "official", "campaign"} <= set(
        SQLModel.metadata.tables
    )
