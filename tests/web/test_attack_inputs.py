"""The standing attack suite's input part: bodies and fields built to exhaust the server.

Schemathesis (test_schemathesis.py) generates from the schema; these are the crafted inputs of
issue 25 that it would not find: YAML alias and nesting bombs and NUL through the campaign PUT
(SQLite and PostgreSQL) and the admin form's check, template work bombs with /healthz answering
meanwhile, premium-rate and foreign numbers as office corrections, and Unicode digits in the
campaign page's step fields.
"""

import json
import threading
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from tests.campaigns.test_file_bombs import laughs
from tests.campaigns.test_script_limits import store_en_script
from tests.live import live_server
from tests.support import (
    HTML,
    ORGANIZER_EMAIL,
    STAFF_EMAIL,
    AppFor,
    app_settings,
    csrf_from,
    new_token,
    sign_in,
)
from tests.web.test_admin import NEW_CAMPAIGN

NUL_TITLE = NEW_CAMPAIGN.replace("title: Clean water for every school", 'title: "Clean \\0 water"')
BOMBS = {
    "billion-laughs": (laughs(8), "anchors and aliases"),
    "block-nesting": ("- " * 5000, "nested more than"),
    "key-nesting": ("? " * 3000, "nested more than"),
    "yaml-nul-escape": (NUL_TITLE, "NUL character"),
}


@pytest.fixture
def editor_api(migrated_url: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """The app on an empty, migrated database (SQLite, then PostgreSQL) and an organizer's token."""
    token = new_token(migrated_url, "organizer")
    with TestClient(create_app(app_settings(migrated_url))) as client:
        yield client, {"authorization": f"Bearer {token}"}


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_campaign_put_refuses_yaml_bombs_with_a_line(
    editor_api: tuple[TestClient, dict[str, str]], bomb: str
) -> None:
    client, auth = editor_api
    body, reason = BOMBS[bomb]
    response = client.put("/api/v1/admin/campaigns/clean-water", content=body, headers=auth)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "campaign_invalid"
    [problem, *_] = response.json()["problems"]
    assert reason in problem["reason"]
    assert problem["line"] >= 1
    assert client.get("/api/v1/admin/campaigns/clean-water", headers=auth).status_code == 404


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "application/yaml"])
def test_json_with_an_escaped_nul_is_refused_not_a_database_error(
    editor_api: tuple[TestClient, dict[str, str]], content_type: str
) -> None:
    client, auth = editor_api
    good = client.put("/api/v1/admin/campaigns/clean-water", content=NEW_CAMPAIGN, headers=auth)
    assert good.status_code == 200, good.text
    as_json = client.get("/api/v1/admin/campaigns/clean-water", headers=auth).json()["campaign"]
    body = json.dumps({**as_json, "title": "Clean\u0000Water"})
    response = client.put(
        "/api/v1/admin/campaigns/clean-water",
        content=body,
        headers={**auth, "content-type": content_type},
    )
    # A JSON body's NUL is met by the request guard first (400); any other type's by the parser.
    assert response.status_code == (400 if content_type == "application/json" else 422), response.text
    assert "NUL character" in response.text
    stored = client.get("/api/v1/admin/campaigns/clean-water", headers=auth).json()["campaign"]
    assert stored["title"] == as_json["title"], "nothing was saved"


@pytest.mark.parametrize("bomb", ["block-nesting", "key-nesting", "billion-laughs"])
def test_the_edit_forms_check_refuses_the_bombs_too(client: TestClient, accounts: str, bomb: str) -> None:
    assert sign_in(client, ORGANIZER_EMAIL).status_code == 303
    csrf = csrf_from(client.get("/admin/campaigns/new", headers=HTML).text)
    body, reason = BOMBS[bomb]
    response = client.post("/admin/campaigns/check", data={"definition": body, "csrf_token": csrf})
    assert response.status_code == 200, response.text
    assert reason in response.json()["problems"][0]["reason"]


# Allowed by main's sandbox (each range under its cap): a million texts built, seconds per render.
TEMPLATE_BOMB = (
    "{% for i in range(1000) %}{% for j in range(1000) %}{% set x = (i ~ 'x') * 2000 %}"
    "{% endfor %}{% endfor %}"
)


def test_healthz_answers_while_template_bombs_render(database_url: str, app_for: AppFor) -> None:
    """A script stored before today's checks (or one they cannot foresee) is filled in off the
    event loop and within its work budget: /healthz keeps answering while lookups are busy with it.
    On the event loop each health check waited for a whole lookup's renders, so at most one or two
    answered per lookup; off it, many do. Counted, not timed: one slow answer (a collection, a
    loaded machine) does not decide it."""
    store_en_script(database_url, "grace-no-ban", TEMPLATE_BOMB)
    started, bombs_done = threading.Event(), threading.Event()
    lookups: list[tuple[int, float]] = []
    with live_server(app_for(app_settings(database_url))) as base:

        def fire_bombs() -> None:
            with httpx.Client(base_url=base, timeout=300) as http:
                # The first lookup of a process loads what it reads into memory: not measured.
                http.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": "21550"})
                started.set()
                for n in range(4):  # a caller name each, so no render is remembered
                    params = {"address": "21550", "name": f"Bob {n}"}
                    lookup = http.get("/api/v1/campaigns/grace-no-ban/targets", params=params)
                    lookups.append((lookup.status_code, lookup.elapsed.total_seconds()))
            bombs_done.set()

        bomber = threading.Thread(target=fire_bombs)
        bomber.start()
        started.wait()
        health: list[float] = []
        with httpx.Client(base_url=base, timeout=300) as http:
            while not bombs_done.is_set():
                answer = http.get("/healthz")
                assert answer.status_code == 200
                if not bombs_done.is_set():
                    health.append(answer.elapsed.total_seconds())
        bomber.join()
    assert [status for status, _ in lookups] == [200] * 4, "each lookup answers, a note for the script"
    assert len(health) >= 3 * len(lookups), (
        "/healthz answered while scripts were filled in",
        health,
        lookups,
    )


REFUSED_OFFICE_NUMBERS = {
    "+1 900 555 0100": "premium-rate",
    "+44 20 7946 0000": "US phone numbers",
    "+1 876 632 5000": "US phone numbers",
    "+1 242 322 2000": "US phone numbers",
    "555-0100": "not a valid phone number",
}


def test_office_corrections_follow_the_one_rule_for_numbers_we_dial(
    client: TestClient, accounts: str
) -> None:
    assert sign_in(client, STAFF_EMAIL).status_code == 303
    for phone, reason in REFUSED_OFFICE_NUMBERS.items():
        csrf = csrf_from(client.get("/admin/directory", headers=HTML).text)
        refused = client.post(
            "/admin/directory/overrides",
            data={"office_id": "M000133-capitol", "phone": phone, "csrf_token": csrf},
            headers=HTML,
            follow_redirects=False,
        )
        assert refused.status_code == 422, phone
        at_field = refused.text.split('name="phone"', 1)[1].split("</p>", 1)[0]
        field, message = at_field.split('id="phone-error"')
        assert 'aria-invalid="true"' in field, "the problem is shown at the phone field"
        assert reason in message, (phone, message)
    assert "call +" not in client.get("/admin/directory", headers=HTML).text, "nothing was saved"


def test_unicode_digits_in_the_step_fields_are_the_first_step(client: TestClient) -> None:
    for page in ("/c/grace-no-ban", "/c/grace-no-ban/embed"):
        for field in ("step", "to"):
            for digits in ("²", "①②③", "¹²³", "٣", "1²"):
                response = client.post(page, data={"address": "21550", field: digits}, headers=HTML)
                assert response.status_code == 200, (page, field, digits, response.text)
