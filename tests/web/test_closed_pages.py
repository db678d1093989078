"""A campaign a constituent cannot use (paused, ended, not yet open, unknown) says so in their
language, on the page and in the embed; the JSON API keeps its code and English message."""

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from app.campaigns.store import get_campaign, save_campaign
from app.storage.db import create_db_engine, session_scope
from tests.support import HTML

SPANISH_TITLE = "Apoye a las personas refugiadas: la Ley GRACE y la Ley NO BAN"
ENGLISH_WORDS = ("This campaign", "See all campaigns", "Sorry", "open-source call campaigns", "Campaign")


def change_campaign(database_url: str, **changes: object) -> None:
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        campaign = get_campaign(session, slug="grace-no-ban")
        save_campaign(session, spec=campaign.model_copy(update=changes), source="admin")
    engine.dispose()


def body_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html.split("<body", 1)[1])


@pytest.mark.parametrize(
    ("changes", "code", "spanish", "english"),
    [
        (
            {"status": "paused"},
            "campaign_paused",
            "Esta campaña está en pausa. Vuelva pronto, por favor.",
            "This campaign is paused. Please check back soon.",
        ),
        (
            {"status": "ended"},
            "campaign_ended",
            "Esta campaña ha terminado. ¡Gracias!",
            "This campaign has ended. Thank you!",
        ),
        (
            {"starts_on": date(2099, 1, 1)},
            "campaign_not_started",
            "Esta campaña abre el 1 de enero de 2099. Vuelva ese día, por favor.",
            "This campaign opens on January 1, 2099. Please come back then.",
        ),
    ],
    ids=["paused", "ended", "not-started"],
)
def test_a_closed_campaign_says_so_in_the_visitors_language(
    client: TestClient, database_url: str, changes: dict[str, object], code: str, spanish: str, english: str
) -> None:
    change_campaign(database_url, embed_origins=["https://partner.example"], **changes)
    for path in ("/c/grace-no-ban", "/c/grace-no-ban/embed"):
        page = client.get(path, params={"lang": "es"}, headers=HTML)
        assert page.status_code == 410
        assert '<html lang="es">' in page.text
        assert f"<h1>{SPANISH_TITLE}</h1>" in page.text
        assert f'data-code="{code}">{spanish}</p>' in page.text
        assert "Ver todas las campañas" in page.text
        assert not [word for word in ENGLISH_WORDS if word in body_text(page.text)], page.text
        assert page.headers["cache-control"] == "no-cache"
    framed = client.get("/c/grace-no-ban/embed", params={"lang": "es"}, headers=HTML)
    assert framed.headers["content-security-policy"].endswith(
        "frame-ancestors 'self' https://partner.example"
    )
    unframed = client.get("/c/grace-no-ban", params={"lang": "es"}, headers=HTML)
    assert unframed.headers["x-frame-options"] == "DENY"
    # A Spanish form sent after the campaign closed answers in Spanish too.
    posted = client.post("/c/grace-no-ban?lang=es", data={"address": "02108", "lang": "es"}, headers=HTML)
    assert posted.status_code == 410
    assert spanish in posted.text
    english_page = client.get("/c/grace-no-ban", params={"lang": "en"}, headers=HTML)
    assert '<html lang="en">' in english_page.text
    assert english in english_page.text
    api = client.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": "02108", "lang": "es"})
    assert api.status_code == 410
    assert api.json()["code"] == code
    assert api.json()["detail"].startswith("This campaign")


def test_an_unknown_campaign_or_a_draft_is_not_found_in_the_visitors_language(
    client: TestClient, database_url: str
) -> None:
    change_campaign(database_url, status="draft")
    for path in ("/c/nope", "/c/nope/embed", "/c/grace-no-ban"):
        page = client.get(path, params={"lang": "es"}, headers=HTML)
        assert page.status_code == 404
        assert '<html lang="es">' in page.text
        assert "<h1>No encontramos esta campaña</h1>" in page.text
        assert "No hay ninguna campaña en esta dirección." in page.text
        assert not [word for word in ENGLISH_WORDS if word in body_text(page.text)], page.text
        assert SPANISH_TITLE not in page.text
    english = client.get("/c/nope", headers=HTML)
    assert "<h1>Campaign not found</h1>" in english.text
    assert "There is no campaign called &#39;nope&#39;." in english.text
    api = client.get("/api/v1/campaigns/nope/targets", params={"address": "02108", "lang": "es"})
    assert api.json()["code"] == "campaign_not_found"
    assert api.json()["detail"] == "There is no campaign called 'nope'."


def test_other_problems_follow_the_remembered_language(client: TestClient) -> None:
    client.get("/c/grace-no-ban", params={"lang": "es"}, headers=HTML)
    missing = client.get("/no-such-page", headers=HTML)
    assert missing.status_code == 404
    assert '<html lang="es">' in missing.text
    assert "<h1>Lo sentimos</h1>" in missing.text
    assert "No encontramos esta página." in missing.text
    too_long = client.get("/c/grace-no-ban", params={"lang": "e" * 13}, headers=HTML)
    assert too_long.status_code == 422
    assert "No pudimos leer algo de lo que escribió." in too_long.text
    assert client.get("/no-such-page").json()["detail"] == "Page not found."
