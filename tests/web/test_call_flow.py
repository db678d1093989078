"""The step-by-step call as the server renders it: steps without JavaScript, forms that never
dead-end, words in the page's language, portraits, the counter, link previews and framing."""

import re

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.campaigns.store import get_campaign, save_campaign
from app.models.calls import CallLeg
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope

BOSTON = "1 Ashburton Place, Boston, MA 02108"
HTML = {"Accept": "text/html"}


def shown_step(html: str) -> str:
    """The "n of N" line of the one card not hidden."""
    card = r'<article class="target card"[^>]*data-step="(\d+)"[^>]*aria-labelledby="[^"]+">'
    found = re.findall(card, html)
    assert len(found) == 1, found
    return str(found[0])


def test_the_lookup_shows_the_first_target_only_and_the_form_collapses(client: TestClient) -> None:
    page = client.post("/c/grace-no-ban", data={"address": BOSTON, "name": "Ana"}, headers=HTML)
    assert page.status_code == 200
    assert shown_step(page.text) == "1"
    assert "1 of 3" in page.text
    assert "Calling as Ana near Boston, MA" in page.text
    assert 'action="/c/grace-no-ban#call"' in page.text
    assert "Next: Senator Elizabeth Warren" in page.text
    assert "Democrat · Massachusetts" in page.text
    assert "Democrat · Massachusetts · District 7" in page.text


def test_without_javascript_each_button_posts_the_next_step_and_records_the_outcome(
    client: TestClient, settings: Settings
) -> None:
    first = client.post("/c/grace-no-ban", data={"address": BOSTON}, headers=HTML)
    token = re.search(r'name="token" value="([A-Za-z0-9_-]+)"', first.text)
    assert token is not None
    # The signed lookup the page was rendered with: a report names a target it showed.
    lookup = re.search(r'name="lookup" value="([^"]+)"', first.text)
    assert lookup is not None
    second = client.post(
        "/c/grace-no-ban",
        data={
            "address": BOSTON,
            "token": token.group(1),
            "lookup": lookup.group(1),
            "step": "2",
            "target_id": "M000133",
            "outcome": "contact",
        },
        headers=HTML,
    )
    assert shown_step(second.text) == "2"
    assert "Recorded: Spoke to staff." in second.text
    engine = create_db_engine(settings.database_url)
    with Session(engine) as session:
        legs = session.exec(select(CallLeg)).all()
    engine.dispose()
    assert [(leg.target_id, leg.outcome) for leg in legs] == [("M000133", "contact")]
    jumped = client.post("/c/grace-no-ban", data={"address": BOSTON, "step": "2", "to": "3"}, headers=HTML)
    assert shown_step(jumped.text) == "3"
    done = client.post("/c/grace-no-ban", data={"address": BOSTON, "to": "4"}, headers=HTML)
    assert 'id="thanks"' in done.text
    assert '<article class="card done" id="step-4" data-step="4" aria-labelledby="thanks">' in done.text
    assert "mailto:?subject=" in done.text


def test_the_thank_you_step_lists_whom_the_visitor_called_with_what_they_reported(
    client: TestClient,
) -> None:
    # Without JavaScript each form carries the outcomes reported so far; the last one comes with the
    # post. What comes back from the browser is only shown for the page's own targets and outcomes.
    done = client.post(
        "/c/grace-no-ban",
        data={
            "address": BOSTON,
            "to": "4",
            "called": "M000133=contact W000817=<b>hi</b> X000000=contact P000617=voicemail",
            "target_id": "P000617",
            "outcome": "unavailable",
        },
        headers=HTML,
    )
    called = re.findall(r'<span class="who">([^<]+)</span>: <span class="outcome">([^<]+)</span>', done.text)
    assert called == [
        ("Senator Edward J. Markey", "Spoke to staff"),
        ("Senator Elizabeth Warren", "no outcome recorded"),
        ("Representative Ayanna Pressley", "No answer"),
    ]
    assert "<b>hi</b>" not in done.text
    assert 'name="called" value="M000133=contact P000617=unavailable"' in done.text


def test_too_long_input_is_shown_beside_its_field_with_what_was_typed(client: TestClient) -> None:
    name = "N" * 150
    page = client.post("/c/grace-no-ban", data={"address": BOSTON, "name": name, "lang": "es"}, headers=HTML)
    assert page.status_code == 422
    assert f'value="{name}"' in page.text
    assert f'value="{BOSTON}"' in page.text
    assert 'id="name-problem">Es demasiado largo: use como máximo 100 caracteres, por favor.</p>' in page.text
    assert 'aria-describedby="name-problem"' in page.text
    long_address = client.post("/c/grace-no-ban", data={"address": "A" * 301, "lang": "en"}, headers=HTML)
    assert long_address.status_code == 422
    too_long = 'id="address-problem">This is too long: please use at most 300 characters.</p>'
    assert too_long in long_address.text
    # The limits are applied by calls.js, which says so as they are reached; without JavaScript
    # no `maxlength` cuts a field silently (the server says it is too long, as here).
    assert 'data-limit="300"' in long_address.text
    assert 'data-limit="100"' in long_address.text
    assert "maxlength" not in long_address.text


def test_a_zip_spanning_house_districts_still_shows_the_senators(client: TestClient) -> None:
    page = client.post("/c/grace-no-ban", data={"address": "02108"}, headers=HTML)
    assert page.status_code == 200
    assert page.text.count('<article class="target card"') == 2
    assert "Senator Edward J. Markey" in page.text
    assert "covers more than one US House district" in page.text
    api = client.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": "02108"})
    assert api.status_code == 409


def test_spanish_page_translates_title_parties_districts_and_office_notes(client: TestClient) -> None:
    page = client.post("/c/ma-safe-communities", data={"address": "01003", "lang": "es"}, headers=HTML)
    assert page.status_code == 200
    assert "<h1>Aprueben la Ley de Comunidades Seguras en Massachusetts</h1>" in page.text
    assert "Demócrata" in page.text
    assert "Democratic" not in page.text
    assert "Oficina del distrito" in page.text
    assert " office" not in page.text
    assert "· MA</p>" not in page.text
    federal = client.post("/c/grace-no-ban", data={"address": BOSTON, "lang": "es"}, headers=HTML)
    assert "Demócrata · Massachusetts · Distrito 7" in federal.text
    assert "Apoye a las personas refugiadas" in federal.text


def test_an_office_with_no_city_is_a_district_office_without_a_bare_state(client: TestClient) -> None:
    page = client.post("/c/ma-safe-communities", data={"address": "01003"}, headers=HTML)
    assert page.status_code == 200
    assert '<p class="office">District office</p>' in page.text
    assert " office · MA" not in page.text


def test_portraits_come_from_the_template_or_open_states_without_the_referrer(client: TestClient) -> None:
    federal = client.post("/c/grace-no-ban", data={"address": BOSTON}, headers=HTML)
    assert 'src="https://unitedstates.github.io/images/congress/225x275/M000133.jpg"' in federal.text
    assert 'referrerpolicy="no-referrer"' in federal.text
    assert 'loading="lazy"' in federal.text
    assert '<span class="avatar" aria-hidden="true"><span>EM</span>' in federal.text
    state = client.post("/c/ma-safe-communities", data={"address": "01003"}, headers=HTML)
    assert 'src="https://malegislature.gov/Legislators/Profile/170/JMC0.jpg"' in state.text


def test_the_counter_invites_the_first_calls_below_its_threshold(
    client: TestClient, settings: Settings
) -> None:
    page = client.get("/c/grace-no-ban", headers=HTML)
    assert "Be one of the first to call." in page.text
    assert "calls made" not in page.text
    engine = create_db_engine(settings.database_url)
    with session_scope(engine) as session:
        campaign = get_campaign(session, slug="grace-no-ban")
        save_campaign(session, spec=campaign.model_copy(update={"counter_threshold": 0}), source="admin")
    engine.dispose()
    assert "0 calls made" in client.get("/c/grace-no-ban", headers=HTML).text


def test_link_previews_per_language_and_a_favicon(client: TestClient) -> None:
    english = client.get("/c/grace-no-ban", headers=HTML).text
    title = "Stand with refugees: the GRACE Act and the NO BAN Act"
    assert f'<meta property="og:title" content="{title}">' in english
    assert '<meta name="description" content="Two pro-refugee bills have been introduced' in english
    assert '<meta name="twitter:card" content="summary_large_image">' in english
    assert '<meta property="og:image" content="http://127.0.0.1:8000/static/share.png">' in english
    spanish = client.get("/c/grace-no-ban?lang=es", headers=HTML).text
    assert '<meta property="og:title" content="Apoye a las personas refugiadas' in spanish
    assert '<meta property="og:url" content="http://127.0.0.1:8000/c/grace-no-ban?lang=es">' in spanish
    assert '<meta property="og:locale" content="es_US">' in spanish
    assert 'rel="icon" href="/static/favicon.svg?v=' in english
    assert client.get("/static/favicon.svg").status_code == 200
    spanish_url = "http://127.0.0.1:8000/c/grace-no-ban?lang=es"
    assert f'<link rel="alternate" hreflang="es" href="{spanish_url}">' in english
    assert client.get("/static/share.png").headers["content-type"] == "image/png"


def test_only_the_embed_page_may_be_framed_and_only_by_the_campaigns_sites(
    client: TestClient, settings: Settings
) -> None:
    page = client.get("/c/grace-no-ban", headers=HTML)
    # The rest of the policy (app.web.middleware.security_headers) comes first; framing is decided here.
    assert page.headers["content-security-policy"].endswith("; frame-ancestors 'none'")
    assert page.headers["x-frame-options"] == "DENY"
    assert client.get("/api/v1/campaigns").headers["x-frame-options"] == "DENY"
    embed = client.get("/c/grace-no-ban/embed", headers=HTML)
    assert embed.headers["content-security-policy"].endswith("; frame-ancestors 'self'")
    assert "x-frame-options" not in embed.headers
    assert 'action="/c/grace-no-ban/embed#call"' in embed.text
    assert '<body class="embed">' in embed.text
    engine = create_db_engine(settings.database_url)
    with session_scope(engine) as session:
        campaign = get_campaign(session, slug="grace-no-ban")
        update = {"embed_origins": ["https://partner.example.org", "http://localhost:8080"]}
        save_campaign(session, spec=campaign.model_copy(update=update), source="admin")
    engine.dispose()
    allowed = client.post("/c/grace-no-ban/embed", data={"address": BOSTON}, headers=HTML)
    assert allowed.headers["content-security-policy"].endswith(
        "; frame-ancestors 'self' https://partner.example.org http://localhost:8080"
    )
    assert "1 of 3" in allowed.text
    script = client.get("/embed.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert "switchboard:height" in script.text


def test_static_files_are_versioned_cached_and_compressed(client: TestClient) -> None:
    page = client.get("/c/grace-no-ban", headers=HTML).text
    css = re.search(r'href="(/static/switchboard\.css\?v=[0-9a-f]{12})"', page)
    assert css is not None
    response = client.get(css.group(1), headers={"Accept-Encoding": "gzip"})
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-encoding"] == "gzip"
    assert client.get("/static/switchboard.css").headers["cache-control"] == "public, max-age=300"
