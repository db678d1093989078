"""Organizations from the command line, and the migration that gives existing data a home."""

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from app.cli import cli
from app.settings import get_settings
from app.storage.db import create_db_engine
from app.storage.migrations import downgrade_database, upgrade_database
from tests.support import PASSWORD


@pytest.fixture
def run(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", database_url)
    monkeypatch.setenv("SWITCHBOARD_NEW_PASSWORD", PASSWORD)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_an_instance_admin_builds_a_coalition_from_the_command_line(run: CliRunner) -> None:
    for args in (
        ["orgs", "add", "Lead Coalition"],
        ["orgs", "add", "Ally A"],
        ["users", "add", "ana@example.org", "--role", "organizer", "--org", "Lead Coalition"],
        ["users", "add", "ben@example.org", "--role", "staff", "--org", "Ally A", "--org-role", "admin"],
        ["orgs", "own", "Lead Coalition", "grace-no-ban"],
        ["orgs", "partner", "grace-no-ban", "Ally A", "--code", "ally-a"],
    ):
        result = run.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
    assert "/c/grace-no-ban?p=ally-a" in result.output
    assert run.invoke(cli, ["orgs", "members", "Ally A"]).output == "ben@example.org\tadmin\n"
    assert run.invoke(cli, ["orgs", "partners", "grace-no-ban"]).output == "ally-a\tactive\tAlly A\n"
    listed = run.invoke(cli, ["orgs", "list"]).output
    assert "Lead Coalition" in listed
    assert "Ally A" in listed
    again = run.invoke(cli, ["orgs", "add", "ally a"])
    assert again.exit_code == 1
    assert "already an organization" in again.output
    wrong = run.invoke(cli, ["orgs", "join", "Ally A", "ana@example.org", "--role", "owner"])
    assert wrong.exit_code == 1


def test_existing_accounts_tokens_and_campaigns_go_to_the_default_organization(any_database_url: str) -> None:
    upgrade_database(any_database_url, "0025_committees")
    engine = create_db_engine(any_database_url)
    with engine.begin() as connection:
        for email, role in (("ana@example.org", "organizer"), ("sam@example.org", "staff")):
            connection.execute(
                text(
                    'INSERT INTO "user" (email, password_hash, role, created_at)'
                    " VALUES (:email, 'x', :role, CURRENT_TIMESTAMP)"
                ),
                {"email": email, "role": role},
            )
        connection.execute(
            text(
                "INSERT INTO apitoken (name, role, token_hash, created_at)"
                " VALUES ('ci', 'staff', 'abc', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO campaign (slug, title, status, source, spec, updated_at)"
                " VALUES ('old', 'Old', 'live', 'file', '{}', CURRENT_TIMESTAMP)"
            )
        )
    upgrade_database(any_database_url)
    with engine.connect() as connection:
        organizations = connection.execute(text("SELECT id, name FROM organization")).all()
        roles = connection.execute(
            text(
                'SELECT u.email, m.role FROM membership m JOIN "user" u ON u.id = m.user_id ORDER BY u.email'
            )
        ).all()
        owners = connection.execute(
            text("SELECT organization_id FROM campaign UNION ALL SELECT organization_id FROM apitoken")
        ).all()
    assert [name for _id, name in organizations] == ["Default organization"]
    assert [tuple(row) for row in roles] == [("ana@example.org", "organizer"), ("sam@example.org", "viewer")]
    assert {row[0] for row in owners} == {organizations[0][0]}
    downgrade_database(any_database_url, "0025_committees")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM campaign")).scalar_one() == 1
    engine.dispose()
