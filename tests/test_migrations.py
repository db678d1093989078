"""Migrations run forwards, backwards and forwards again, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel, select

import app.models  # noqa: F401  (registers the tables, as alembic/env.py does)
from app.accounts.service import add_user
from app.models.directory import ZipDivision
from app.storage.db import create_db_engine, session_scope
from app.storage.migrations import downgrade_database, upgrade_database
from tests.support import PASSWORDS

TABLES = {
    "user",
    "apitoken",
    "loginfailure",
    "zipdivision",
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
    """The one up-down-up run (others repeated it); the tables work after."""
    upgrade_database(any_database_url)
    assert table_names(any_database_url) >= TABLES
    downgrade_database(any_database_url, "base")
    assert not TABLES & table_names(any_database_url)
    upgrade_database(any_database_url)
    assert table_names(any_database_url) >= TABLES
    engine = create_db_engine(any_database_url)
    try:
        with session_scope(engine) as session:
            add_user(
                session, email="a@example.org", password="long enough pw", role="staff", passwords=PASSWORDS
            )
            assert session.exec(select(ZipDivision)).all() == []
    finally:
        engine.dispose()


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


def test_counters_by_outcome_become_columns_and_back(any_database_url: str) -> None:
    """0014 turns a row per outcome into a column per outcome, keeping every count; downgrading undoes it."""
    upgrade_database(any_database_url, "0013_tally_call_day")
    engine = create_db_engine(any_database_url)
    rows = [("contact", 3, 3), ("voicemail", 2, 2), ("wrong-number", 1, 1), ("pending", 4, 0)]
    try:
        with engine.begin() as connection:
            for outcome, legs, connected in rows:
                connection.execute(
                    text(
                        "INSERT INTO tally_target_total (campaign, target_id, target_name, chamber, state,"
                        " district, outcome, legs, connected) VALUES ('grace', 'W000817', 'Elizabeth Warren',"
                        " 'us-senate', 'MA', '', :outcome, :legs, :connected)"
                    ),
                    {"outcome": outcome, "legs": legs, "connected": connected},
                )
                connection.execute(
                    text(
                        "INSERT INTO tally_day (campaign, day, chamber, language, method, outcome, legs,"
                        " connected) VALUES ('grace', '2026-11-30', 'us-senate', 'en', 'bridged', :outcome,"
                        " :legs, :connected)"
                    ),
                    {"outcome": outcome, "legs": legs, "connected": connected},
                )
        upgrade_database(any_database_url)
        with engine.connect() as connection:
            total = connection.execute(
                text(
                    "SELECT target_name, connected, contact, voicemail, wrong_number, pending, unavailable"
                    " FROM tally_target_total WHERE campaign = 'grace' AND target_id = 'W000817'"
                )
            ).one()
            day = connection.execute(text("SELECT connected, contact, pending FROM tally_day")).all()
        assert tuple(total) == ("Elizabeth Warren", 6, 3, 2, 1, 4, 0)
        assert [tuple(row) for row in day] == [(6, 3, 4)]
        downgrade_database(any_database_url, "0013_tally_call_day")
        with engine.connect() as connection:
            back = connection.execute(
                text("SELECT outcome, legs, connected FROM tally_target_total ORDER BY outcome")
            ).all()
        assert {outcome: legs for outcome, legs, _connected in back} == {o: n for o, n, _c in rows}
        assert sum(connected for _outcome, _legs, connected in back) == 6
    finally:
        engine.dispose()
