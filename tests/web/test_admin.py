"""The admin pages: sign-in, roles, CSRF, the campaign editor, preview, launch and pause."""

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.settings import Settings
from tests.support import (
    HTML,
    ORGANIZER_EMAIL,
    PASSWORD,
    PROJECT,
    STAFF_EMAIL,
    AppFor,
    csrf_from,
    new_token,
    sign_in,
)

DOORS = {("/admin/login", "GET"), ("/admin/login", "POST")}
NEW_CAMPAIGN = """\
slug: clean-water
title: Clean water for every school
status: draft
description: |
  Ask your **state senator** to fund <script>alert(1)</script> lead testing.
targets:
  chambers: [us-senate]
  custom:
    - name: Governor Maura Healey
      title: Governor
      phone: "617-725-4005"
      states: [MA]
variables:
  bill: S. 42
scripts:
  en:
    text: My name is {{ caller.name }}. Please ask {{ target.title }} {{ target.name }} to support {{ bill }}.
  es:
    text: Me llamo {{ caller.name }}. Por favor apoye {{ bill }}, {{ target.title }} {{ target.name }}.
"""


def route_table(routes: Iterable[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every (path, method) the app answers, through included routers (FastAPI ≥ 0.16x nests them)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield from (
                (prefix + route.path, method) for method in sorted((route.methods or set()) - {"HEAD"})
            )
        elif hasattr(route, "original_router"):
            yield from route_table(route.original_router.routes, prefix + route.include_context.prefix)


def admin_routes(client: TestClient) -> list[tuple[str, str]]:
    app: FastAPI = client.app  # type: ignore[assignment]
    return [(p, m) for p, m in route_table(app.routes) if p.startswith(("/admin", "/api/v1/admin"))]


def concrete(path: str) -> str:
    return path.replace("{slug}", "grace-no-ban")


def test_every_admin_route_refuses_anonymous_requests(client: TestClient) -> None:
    routes = admin_routes(client)
    assert len(routes) >= 15  # the walk really saw the admin pages and the admin API
    for path, method in routes:
        if (path, method) in DOORS:
            continue
        for headers in (HTML, {"accept": "application/json"}):
            response = client.request(method, concrete(path), headers=headers, follow_redirects=False)
            if response.status_code == 303:
                assert headers is HTML
                assert response.headers["location"].startswith("/admin/login"), (method, path)
            else:
                assert response.status_code == 401, (method, path, response.status_code)
                assert response.json()["code"] == "not_authenticated"
    assert client.get("/c/grace-no-ban").status_code == 200  # nothing changed: still live


def test_api_tokens_open_no_admin_pages_and_cookies_open_no_admin_api(
    client: TestClient, accounts: str
) -> None:
    token = new_token(accounts, "organizer")
    bearer = {"authorization": f"Bearer {token}", **HTML}
    assert client.get("/admin", headers=bearer, follow_redirects=False).status_code == 303
    assert sign_in(client, ORGANIZER_EMAIL).status_code == 303
    assert client.get("/api/v1/admin/campaigns").status_code == 401


def test_no_route_that_changes_campaigns_accepts_staff(client: TestClient, accounts: str) -> None:
    sign_in(client, STAFF_EMAIL)
    csrf = csrf_from(client.get("/admin", headers=HTML).text)
    staff_token = {"authorization": f"Bearer {new_token(accounts, 'staff')}"}
    # Staff may correct directory offices (/admin/directory); campaigns are the organizers'.
    changing = [
        (p, m)
        for p, m in admin_routes(client)
        if m != "GET" and (p, m) not in DOORS and not p.startswith("/admin/directory")
    ]
    changing.append(("/admin/campaigns/new", "GET"))
    assert len(changing) >= 8
    for path, method in changing:
        if path == "/admin/logout":
            continue
        headers = staff_token if path.startswith("/api/") else HTML
        data = None if path.startswith("/api/") else {"csrf_token": csrf, "definition": NEW_CAMPAIGN}
        response = client.request(method, concrete(path), headers=headers, data=data)
        assert response.status_code == 403, (method, path, response.status_code)
    assert client.get("/c/grace-no-ban").status_code == 200
    assert client.get("/admin/campaigns/clean-water", headers=HTML).status_code == 404


def test_staff_read_but_may_not_change_campaigns(client: TestClient, accounts: str) -> None:
    assert sign_in(client, STAFF_EMAIL).status_code == 303
    listing = client.get("/admin", headers=HTML)
    assert listing.status_code == 200
    assert "grace-no-ban" in listing.text
    assert "Launch" not in listing.text
    assert "Pause" not in listing.text
    csrf = csrf_from(listing.text)
    pause = client.post("/admin/campaigns/grace-no-ban/pause", data={"csrf_token": csrf}, headers=HTML)
    assert pause.status_code == 403
    assert client.get("/admin/campaigns/new", headers=HTML).status_code == 403
    assert client.get("/c/grace-no-ban").status_code == 200


def test_sign_in_sets_a_signed_httponly_samesite_cookie(client: TestClient, accounts: str) -> None:
    response = sign_in(client, ORGANIZER_EMAIL)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin"
    cookie = response.headers["set-cookie"].lower()
    assert "switchboard_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert client.get("/admin", headers=HTML).status_code == 200
    client.cookies.set("switchboard_session", "forged")
    assert client.get("/admin", headers=HTML, follow_redirects=False).status_code == 303


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: TestClient, accounts: str
) -> None:
    for email in (ORGANIZER_EMAIL, "nobody@example.org"):
        response = sign_in(client, email, "not the password")
        assert response.status_code == 401
        assert "do not match an account" in response.text


def test_failed_sign_ins_are_limited_across_app_instances(
    client: TestClient,
    accounts: str,
    settings: Settings,
    app_for: AppFor,
) -> None:
    for _ in range(settings.login_max_failures_per_email):
        assert sign_in(client, ORGANIZER_EMAIL, "guess").status_code == 401
    refused = sign_in(client, ORGANIZER_EMAIL)
    assert refused.status_code == 429
    assert "Too many failed sign-ins" in refused.text
    with TestClient(app_for(settings)) as other_process:
        assert sign_in(other_process, ORGANIZER_EMAIL).status_code == 429
        assert sign_in(other_process, STAFF_EMAIL).status_code == 303


def test_forms_without_the_csrf_token_change_nothing(client: TestClient, accounts: str) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    for token in ("", "wrong"):
        response = client.post(
            "/admin/campaigns/grace-no-ban/pause", data={"csrf_token": token}, headers=HTML
        )
        assert response.status_code == 403
        assert "expired" in response.text
    assert client.get("/c/grace-no-ban").status_code == 200
    login_page = client.get("/admin/login", headers=HTML)
    assert login_page.status_code == 200
    forged_login = client.post("/admin/login", data={"email": ORGANIZER_EMAIL, "password": PASSWORD})
    assert forged_login.status_code == 403


def test_sign_in_never_redirects_outside_the_admin(client: TestClient, accounts: str) -> None:
    page = client.get("/admin/login", params={"next": "https://evil.example/"}, headers=HTML)
    assert "https://evil.example" not in page.text
    response = client.post(
        "/admin/login",
        data={
            "email": ORGANIZER_EMAIL,
            "password": PASSWORD,
            "csrf_token": csrf_from(page.text),
            "next": "//evil.example/admin",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/admin"


def test_organizer_creates_previews_launches_and_pauses_a_campaign(client: TestClient, accounts: str) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    form = client.get("/admin/campaigns/new", headers=HTML)
    csrf = csrf_from(form.text)
    broken = NEW_CAMPAIGN.replace("{{ bill }}.", "{{ bil }}.")
    rejected = client.post(
        "/admin/campaigns/new/advanced", data={"definition": broken, "csrf_token": csrf}, headers=HTML
    )
    assert rejected.status_code == 422
    assert "line 17" in rejected.text
    assert "unknown placeholder(s) for us-senate: bil" in rejected.text
    assert client.get("/c/clean-water").status_code == 404

    saved = client.post(
        "/admin/campaigns/new/advanced",
        data={"definition": NEW_CAMPAIGN, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert saved.headers["location"] == "/admin/campaigns/clean-water/preview?saved=1"
    assert client.get("/c/clean-water", headers=HTML).status_code == 404  # a draft
    preview = client.get(
        "/admin/campaigns/clean-water/preview",
        params={"address": "1 Ashburton Place, Boston, MA 02108", "name": "Ana"},
        headers=HTML,
    )
    assert preview.status_code == 200
    assert "Senator Elizabeth Warren" in preview.text
    assert "Governor Governor Maura Healey" in preview.text
    assert "(617) 725-4005" in preview.text
    assert "My name is Ana. Please ask Senator Elizabeth Warren to support S. 42." in preview.text

    launched = client.post("/admin/campaigns/clean-water/launch", data={"csrf_token": csrf}, headers=HTML)
    assert launched.status_code == 200
    assert 'status-live">live' in launched.text
    public = client.get("/c/clean-water", headers=HTML)
    assert public.status_code == 200
    assert "<strong>state senator</strong>" in public.text
    assert "<script>alert(1)</script>" not in public.text

    client.post("/admin/campaigns/clean-water/pause", data={"csrf_token": csrf}, headers=HTML)
    paused = client.get("/c/clean-water", headers=HTML)
    assert paused.status_code == 410
    assert "This campaign is paused" in paused.text


def test_slug_taken_or_changed_is_refused(client: TestClient, accounts: str) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    csrf = csrf_from(client.get("/admin/campaigns/new", headers=HTML).text)
    taken = NEW_CAMPAIGN.replace("slug: clean-water", "slug: grace-no-ban")
    response = client.post(
        "/admin/campaigns/new/advanced", data={"definition": taken, "csrf_token": csrf}, headers=HTML
    )
    assert response.status_code == 422
    assert "There is already a campaign called" in response.text
    renamed = client.post(
        "/admin/campaigns/grace-no-ban", data={"definition": NEW_CAMPAIGN, "csrf_token": csrf}, headers=HTML
    )
    assert renamed.status_code == 422
    assert "The slug cannot change" in renamed.text


def test_edit_page_shows_the_definition_and_saves_changes(client: TestClient, accounts: str) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    page = client.get("/admin/campaigns/grace-no-ban", headers=HTML)
    # The file as written, comments and all.
    assert "grace_act: &#34;H.R. 2146&#34;" in page.text
    assert "# Campaign 1: the GRACE Act and the NO BAN Act" in page.text
    definition = (PROJECT / "campaigns" / "grace-no-ban.yaml").read_text().replace("H.R. 2146", "H.R. 9999")
    saved = client.post(
        "/admin/campaigns/grace-no-ban",
        data={"definition": definition, "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert "H.R. 9999" in client.get("/admin/campaigns/grace-no-ban", headers=HTML).text


def test_live_validation_lists_problems_without_saving(client: TestClient, accounts: str) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    csrf = csrf_from(client.get("/admin/campaigns/new", headers=HTML).text)
    bad = NEW_CAMPAIGN.replace("chambers: [us-senate]", "chambers: [us-senate, city-council]")
    answer = client.post("/admin/campaigns/check", data={"definition": bad, "csrf_token": csrf}).json()
    assert answer["valid"] is False
    [problem] = answer["problems"]
    assert problem["line"] == 7
    assert problem["field"] == "targets.chambers.1"
    assert "us-senate" in problem["reason"]
    good = client.post("/admin/campaigns/check", data={"definition": NEW_CAMPAIGN, "csrf_token": csrf}).json()
    assert good == {"valid": True, "problems": []}
    assert client.get("/admin/campaigns/clean-water", headers=HTML).status_code == 404


@pytest.mark.parametrize("path", ["/admin/campaigns/new", "/admin"])
def test_sign_out_ends_the_session(client: TestClient, accounts: str, path: str) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    page = client.get(path, headers=HTML)
    client.post("/admin/logout", data={"csrf_token": csrf_from(page.text)})
    assert client.get(path, headers=HTML, follow_redirects=False).status_code == 303


def test_launching_a_campaign_without_a_default_language_script_is_refused(
    client: TestClient, accounts: str, tmp_path: Path
) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    csrf = csrf_from(client.get("/admin/campaigns/new", headers=HTML).text)
    spanish_only = NEW_CAMPAIGN.replace("  en:\n    text: My name", "  pt:\n    text: My name")
    client.post("/admin/campaigns/new/advanced", data={"definition": spanish_only, "csrf_token": csrf})
    refused = client.post("/admin/campaigns/clean-water/launch", data={"csrf_token": csrf}, headers=HTML)
    assert refused.status_code == 422
    assert "no script in the default language &#39;en&#39; (a live campaign needs one)" in refused.text
    assert client.get("/c/clean-water", headers=HTML).status_code == 404
