"""The constituent page in the campaign's languages: choice, memory, `lang` attributes, fallback."""

import json
import re

from fastapi.testclient import TestClient

from app.i18n.catalog import text
from tests.support import HTML, during_office_hours

BOSTON = "1 Ashburton Place, Boston, MA 02108"


def html_lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)">', html)
    assert found
    return found.group(1)


def test_the_page_offers_the_campaign_languages_in_their_own_names(client: TestClient) -> None:
    page = client.get("/c/grace-no-ban", headers=HTML)
    assert html_lang(page.text) == "en"
    assert 'href="/c/grace-no-ban?lang=es" lang="es" hreflang="es">Español</a>' in page.text
    assert "Find my legislators" in page.text
    assert "switchboard_lang" not in page.headers.get("set-cookie", "")


def test_choosing_spanish_translates_the_page_and_is_remembered(client: TestClient) -> None:
    page = client.get("/c/grace-no-ban", params={"lang": "es"}, headers=HTML)
    assert html_lang(page.text) == "es"
    assert "Buscar a mis legisladores" in page.text
    assert '<input type="hidden" name="lang" value="es">' in page.text
    cookie = page.headers["set-cookie"].lower()
    assert "switchboard_lang=es" in cookie
    assert "samesite=lax" in cookie
    again = client.get("/c/grace-no-ban", headers=HTML)
    assert html_lang(again.text) == "es"
    assert html_lang(client.get("/", headers=HTML).text) == "es"
    back = client.get("/c/grace-no-ban", params={"lang": "en"}, headers=HTML)
    assert html_lang(back.text) == "en"
    assert html_lang(client.get("/c/grace-no-ban", headers=HTML).text) == "en"


@during_office_hours()
def test_the_spanish_form_shows_spanish_scripts_marked_as_spanish(client: TestClient) -> None:
    response = client.post(
        "/c/grace-no-ban", data={"address": BOSTON, "name": "Ana", "lang": "es"}, headers=HTML
    )
    assert response.status_code == 200
    assert html_lang(response.text) == "es"
    assert '<div class="script" lang="es">' in response.text
    assert "Me llamo Ana." in response.text
    assert 'tabindex="-1">Representante Ayanna Pressley</h2>' in response.text
    assert "que le pido al/a la Representante que copatrocine" in response.text
    assert 'tabindex="-1">Senadora Elizabeth Warren</h2>' in response.text
    assert "Llamar al (617)" in response.text
    assert "Qué decir" in response.text


def test_a_language_the_campaign_lacks_falls_back_to_its_default(client: TestClient) -> None:
    page = client.get("/c/grace-no-ban", params={"lang": "fr"}, headers=HTML)
    assert html_lang(page.text) == "en"
    assert "switchboard_lang" not in page.headers.get("set-cookie", "")
    api = client.get(
        "/api/v1/campaigns/grace-no-ban/targets", params={"address": BOSTON, "lang": "fr"}
    ).json()
    assert api["language"] == "en"
    assert api["notes"] == ["This campaign has no script in 'fr'; showing 'en'."]


def test_spanish_page_speaks_spanish_about_problems_and_vacancies(client: TestClient) -> None:
    missing = client.post(
        "/c/grace-no-ban", data={"address": "1 Nowhere Lane, Atlantis, ZZ 00000", "lang": "es"}
    )
    assert missing.status_code == 404
    assert "No encontramos esa dirección" in missing.text
    vacant = client.post(
        "/c/grace-no-ban", data={"address": "39439 Paseo Padre Pkwy, Fremont, CA 94538", "lang": "es"}
    )
    assert "Un escaño (Cámara de Representantes de EE. UU.) está vacante en este momento." in vacant.text
    outside = client.get(
        "/api/v1/campaigns/ma-safe-communities/targets",
        params={"address": "200 W 24th St, Cheyenne, WY 82002", "lang": "es"},
    ).json()
    assert outside["notes"] == ["Esta campaña es para residentes de Massachusetts."]


def link_href(html: str, rel: str, hreflang: str | None = None) -> str:
    language = f' hreflang="{hreflang}"' if hreflang else ""
    found = re.search(rf'<link rel="{rel}"{language} href="([^"]+)">', html)
    assert found, (rel, hreflang)
    return found.group(1)


def test_each_language_posts_to_its_own_address_which_is_the_canonical_one(client: TestClient) -> None:
    """Search engines (and Lighthouse's canonical audit) see the page after a lookup at the address
    its canonical link names: a Spanish page posts to `?lang=es`, not to the English address."""
    base = "http://127.0.0.1:8000/c/grace-no-ban"
    for language, address in (("en", "/c/grace-no-ban"), ("es", "/c/grace-no-ban?lang=es")):
        page = client.get("/c/grace-no-ban", params={"lang": language}, headers=HTML)
        assert f'<form method="post" action="{address}#call" class="lookup"' in page.text
        posted = client.post(address, data={"address": BOSTON, "lang": language}, headers=HTML)
        assert posted.status_code == 200
        assert html_lang(posted.text) == language
        assert link_href(posted.text, "canonical") == f"http://127.0.0.1:8000{address}"
        assert link_href(posted.text, "alternate", "en") == base
        assert link_href(posted.text, "alternate", "es") == f"{base}?lang=es"
        assert link_href(posted.text, "alternate", "x-default") == base
        steps = re.findall(r'<form method="post" action="([^"]+)"', posted.text)
        assert steps
        assert set(steps) == {f"{address}#call"}
    embed = client.get("/c/grace-no-ban/embed", params={"lang": "es"}, headers=HTML)
    assert 'action="/c/grace-no-ban/embed?lang=es#call"' in embed.text
    assert 'href="/c/grace-no-ban/embed?lang=en" lang="en" hreflang="en">English</a>' in embed.text


def test_a_zip_lookup_names_the_zip_code_in_the_page_language(client: TestClient) -> None:
    spanish = client.post("/c/grace-no-ban?lang=es", data={"address": "05401", "lang": "es"}, headers=HTML)
    assert 'aria-label="Legisladores para código postal 05401"' in spanish.text
    assert "ZIP code" not in spanish.text
    english = client.post("/c/grace-no-ban", data={"address": "05401", "lang": "en"}, headers=HTML)
    assert 'aria-label="Showing legislators for ZIP code 05401"' in english.text


def test_the_page_script_gets_the_api_problems_in_the_page_language(client: TestClient) -> None:
    """calls.js shows an API error (a bad phone number for "Call me", a refused report) by its code
    in the page's language; English pages show the API's own message."""

    def call_text(language: str) -> dict[str, object]:
        page = client.get("/c/grace-no-ban", params={"lang": language}, headers=HTML)
        found = re.search(r'<script type="application/json" id="call-text">(.*?)</script>', page.text)
        assert found
        loaded: dict[str, object] = json.loads(found.group(1))
        return loaded

    problems = call_text("es")["problems"]
    assert isinstance(problems, dict)
    for code in ("phone_invalid", "phone_not_allowed", "phone_limit_reached", "report_limit_reached"):
        assert problems[code] == text("es", "problems", code)
    assert call_text("en")["problems"] == {}


def test_a_state_spanish_spells_its_own_way_is_named_so(client: TestClient) -> None:
    spanish = client.post("/c/grace-no-ban?lang=es", data={"address": "10001", "lang": "es"}, headers=HTML)
    assert "Demócrata · Nueva York" in spanish.text
    assert "· New York" not in spanish.text
