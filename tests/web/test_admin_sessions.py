"""Admin sessions live on the server: logout, a password change or removal ends them (issue 13, 4)."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select, update
from typer.testing import CliRunner

from app.cli import cli
from app.kernel.clock import utcnow
from app.models.accounts import AdminSession
from app.settings import Settings, get_settings
from app.storage.db import create_db_engine, session_scope
from tests.support import HTML, ORGANIZER_EMAIL, STAFF_EMAIL, AppFor, csrf_from, sign_in

COOKIE = "switchboard_session"


def _pause(client: TestClient) -> int:
    csrf = csrf_from(client.get("/admin", headers=HTML).text)
    response = client.post(
        "/admin/campaigns/grace-no-ban/pause", data={"csrf_token": csrf}, headers=HTML, follow_redirects=False
    )
    return int(response.status_code)


def test_a_cookie_saved_before_logout_opens_nothing_after(
    client: TestClient,
    accounts: str,
    settings: Settings,
    app_for: AppFor,
) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    saved = client.cookies[COOKIE]
    csrf = csrf_from(client.get("/admin", headers=HTML).text)
    assert client.post("/admin/logout", data={"csrf_token": csrf}, headers=HTML).status_code == 200
    with TestClient(app_for(settings)) as thief:
        thief.cookies.set(COOKIE, saved)
        assert thief.get("/admin", headers=HTML, follow_redirects=False).status_code == 303
        page = thief.get("/admin/login", headers=HTML)
        pause = thief.post(
            "/admin/campaigns/grace-no-ban/pause", data={"csrf_token": csrf_from(page.text)}, headers=HTML
        )
        assert pause.status_code in (200, 303)
        assert "/admin/login" in str(pause.url)
    assert client.get("/c/grace-no-ban").status_code == 200, "the campaign is still live"


def test_the_cookie_holds_no_account_id_and_the_database_no_session_key(
    client: TestClient, accounts: str
) -> None:
    sign_in(client, STAFF_EMAIL)
    engine = create_db_engine(accounts)
    with session_scope(engine) as session:
        [key_hash] = session.exec(select(AdminSession.key_hash)).all()
    engine.dispose()
    assert len(key_hash) == 64
    assert key_hash not in client.cookies[COOKIE]


def test_a_session_past_its_lifetime_is_over(client: TestClient, accounts: str) -> None:
    # The server's expiry holds even for a cookie kept (or replayed) beyond its Max-Age.
    assert sign_in(client, ORGANIZER_EMAIL).status_code == 303
    assert client.get("/admin", headers=HTML).status_code == 200
    engine = create_db_engine(accounts)
    with session_scope(engine) as session:
        session.exec(update(AdminSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    engine.dispose()
    assert client.get("/admin", headers=HTML, follow_redirects=False).status_code == 303


def test_a_password_change_signs_the_account_out_everywhere(
    client: TestClient, accounts: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    assert _pause(client) == 303
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", accounts)
    monkeypatch.setenv("SWITCHBOARD_NEW_PASSWORD", "a brand new passphrase")
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["users", "password", ORGANIZER_EMAIL])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "its sessions have ended" in result.output
    assert client.get("/admin", headers=HTML, follow_redirects=False).status_code == 303
    assert sign_in(client, ORGANIZER_EMAIL).status_code == 401, "the old password no longer works"
    assert sign_in(client, ORGANIZER_EMAIL, "a brand new passphrase").status_code == 303


def test_a_short_new_password_is_refused(accounts: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", accounts)
    monkeypatch.setenv("SWITCHBOARD_NEW_PASSWORD", "short")
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["users", "password", ORGANIZER_EMAIL])
    get_settings.cache_clear()
    assert result.exit_code == 1
    assert "at least 10 characters" in result.output


def test_routes_that_use_no_session_neither_read_nor_renew_its_cookie(
    client: TestClient, accounts: str
) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    lookup = "/api/v1/campaigns/grace-no-ban/targets?address=1+Ashburton+Place%2C+Boston%2C+MA+02108"
    for path in (lookup, "/api/v1/campaigns", "/healthz"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "set-cookie" not in response.headers, path
        assert "cookie" not in response.headers.get("vary", "").lower(), path
    admin = client.get("/admin", headers=HTML)
    assert admin.status_code == 200, "the cookie still signs in where a session is used"
    assert "cookie" in admin.headers["vary"].lower()


def test_a_forged_session_cookie_is_no_session(settings: Settings, accounts: str, app_for: AppFor) -> None:
    with TestClient(app_for(settings)) as client:
        client.cookies.set(COOKIE, "eyJzaWQiOiAiYWJjIn0=.forged.signature")
        assert client.get("/api/v1/campaigns").status_code == 200
        assert client.get("/admin", headers=HTML, follow_redirects=False).status_code == 303
