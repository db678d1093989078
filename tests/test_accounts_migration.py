"""Migrations run up, down and up again on SQLite and PostgreSQL, and the tables work after."""

from sqlalchemy import inspect

from app.accounts.service import add_user
from app.storage.db import create_db_engine, session_scope
from app.storage.migrations import downgrade_database, upgrade_database


def test_accounts_migration_goes_up_down_and_up(any_database_url: str) -> None:
    upgrade_database(any_database_url)
    downgrade_database(any_database_url, "0001")
    engine = create_db_engine(any_database_url)
    assert not {"user", "apitoken", "loginfailure"} & set(inspect(engine).get_table_names())
    upgrade_database(any_database_url)
    assert {"user", "apitoken", "loginfailure"} <= set(inspect(engine).get_table_names())
    with session_scope(engine) as session:
        add_user(session, email="a@example.org", password="long enough pw", role="staff")
    engine.dispose()
