"""The `switchboard` commands for accounts, tokens, export and preview, run in-process."""

from collections.abc import Iterator

import pytest
import respx
from fastapi.testclient import TestClient
from sqlmodel import select
from typer.testing import CliRunner

from app.accounts.service import LoginLimits, sign_in, token_principal
from app.campaigns.editing import set_campaign_status
from app.campaigns.files import load_campaign_file, parse_campaign_yaml
from app.cli import cli
from app.models.accounts import User
from app.settings import Settings, get_settings
from app.storage.db import create_db_engine, session_scope
from tests.support import CENSUS_URL, DIRECTORY_DATA, HTML, PASSWORDS, PROJECT, AppFor, add_accounts
from tests.support import sign_in as sign_in_page

LIMITS = LoginLimits.from_settings(Settings(_env_file=None))


@pytest.fixture
def run(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A CLI runner whose settings point at the test database (through the environment)."""
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", database_url)
    monkeypatch.setenv("SWITCHBOARD_CENSUS_GEOCODER_URL", CENSUS_URL)
    monkeypatch.setenv("SWITCHBOARD_CENSUS_VINTAGE", "ACS2025_Current")
    monkeypatch.setenv("SWITCHBOARD_DIRECTORY_SOURCE", str(DIRECTORY_DATA))
    monkeypatch.delenv("SWITCHBOARD_NEW_PASSWORD", raising=False)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_users_add_takes_the_password_from_the_environment(
    run: CliRunner, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SWITCHBOARD_NEW_PASSWORD", "scripted passphrase")
    result = run.invoke(cli, ["users", "add", "Ana@Example.org", "--role", "organizer"])
    assert result.exit_code == 0, result.output
    assert "Added ana@example.org (organizer)." in result.output
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        [user] = session.exec(select(User)).all()
        assert user.password_hash.startswith("$argon2id$")
        assert "scripted" not in user.password_hash
    signed = sign_in(
        engine,
        email="ana@example.org",
        password="scripted passphrase",
        client="t",
        limits=LIMITS,
        passwords=PASSWORDS,
    )
    assert signed is not None
    assert signed.role == "organizer"
    engine.dispose()


def test_users_add_prompts_twice_and_refuses_duplicates_and_unknown_roles(run: CliRunner) -> None:
    prompted = run.invoke(
        cli, ["users", "add", "sam@example.org", "--role", "staff"], input="typed pass 1\n" * 2
    )
    assert prompted.exit_code == 0, prompted.output
    again = run.invoke(
        cli, ["users", "add", "sam@example.org", "--role", "staff"], input="typed pass 1\n" * 2
    )
    assert again.exit_code == 1
    assert "There is already an account for sam@example.org." in again.output
    boss = run.invoke(cli, ["users", "add", "x@example.org", "--role", "boss"], input="typed pass 1\n" * 2)
    assert boss.exit_code == 1
    assert "Unknown role 'boss'" in boss.output
    short = run.invoke(cli, ["users", "add", "y@example.org", "--role", "staff"], input="short\n" * 2)
    assert "at least 10 characters" in short.output


def test_tokens_create_prints_the_token_last_and_revoke_stops_it(run: CliRunner, database_url: str) -> None:
    result = run.invoke(cli, ["tokens", "create", "--role", "staff", "--name", "dashboard"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("sb_")
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        principal = token_principal(session, token=token)
        assert principal is not None
        assert principal.role == "staff"
    listed = run.invoke(cli, ["tokens", "list"])
    assert "dashboard" in listed.output
    assert token not in listed.output
    assert run.invoke(cli, ["tokens", "revoke", str(principal.id)]).exit_code == 0
    with session_scope(engine) as session:
        assert token_principal(session, token=token) is None
    engine.dispose()
    assert run.invoke(cli, ["tokens", "revoke", "999"]).exit_code == 1


def test_export_writes_the_campaign_file_back(run: CliRunner) -> None:
    result = run.invoke(cli, ["campaigns", "export", "grace-no-ban"])
    assert result.exit_code == 0
    original = load_campaign_file(PROJECT / "campaigns" / "grace-no-ban.yaml")
    assert parse_campaign_yaml(result.output, name="exported") == original
    assert result.output == (PROJECT / "campaigns" / "grace-no-ban.yaml").read_text(encoding="utf-8"), (
        "the file as loaded, comments and all"
    )
    missing = run.invoke(cli, ["campaigns", "export", "nope"])
    assert missing.exit_code == 1
    assert "There is no campaign called 'nope'." in missing.output


def test_preview_shows_every_target_with_its_script(run: CliRunner, census: respx.Router) -> None:
    result = run.invoke(
        cli,
        [
            "campaigns",
            "preview",
            "grace-no-ban",
            "--address",
            "70 Allen St, Pittsfield, MA 01201",
            "--lang",
            "es",
            "--name",
            "Ana",
        ],
    )
    assert result.exit_code == 0, result.output
    for name in ("Elizabeth Warren", "Edward J. Markey", "Richard E. Neal"):
        assert name in result.output
    assert "| Hola. ¿Puedo hablar" in result.output
    assert "Me llamo Ana." in result.output


def test_campaigns_load_keeps_campaigns_changed_in_the_admin(run: CliRunner, database_url: str) -> None:
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        set_campaign_status(session, slug="grace-no-ban", status="paused")
    result = run.invoke(cli, ["campaigns", "load", str(PROJECT / "campaigns")])
    assert "kept grace-no-ban: changed in the admin pages" in result.output
    forced = run.invoke(cli, ["campaigns", "load", str(PROJECT / "campaigns"), "--replace-edited"])
    assert "loaded grace-no-ban" in forced.output
    engine.dispose()


def test_removing_an_account_signs_its_sessions_out(
    run: CliRunner,
    settings: Settings,
    census: respx.Router,
    app_for: AppFor,
) -> None:
    add_accounts(settings.database_url)
    with TestClient(app_for(settings)) as client:
        sign_in_page(client, "staff@example.org")
        assert client.get("/admin", headers=HTML).status_code == 200
        listed = run.invoke(cli, ["users", "list"])
        assert "staff@example.org\tstaff" in listed.output
        assert run.invoke(cli, ["users", "remove", "Staff@Example.org"]).exit_code == 0
        assert client.get("/admin", headers=HTML, follow_redirects=False).status_code == 303
    missing = run.invoke(cli, ["users", "remove", "staff@example.org"])
    assert missing.exit_code == 1
    assert "There is no account for staff@example.org." in missing.output
