"""Calls through each partner's link count for that partner: page, API, unknown and paused codes."""

import re
from datetime import UTC, datetime
from types import SimpleNamespace

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.calls.lookup_tokens import issue_lookup_token, read_lookup_token
from app.calls.reports import SelfReport, record_self_reported_outcome
from app.campaigns.attribution import attribute_visit
from app.campaigns.partners import update_partner
from app.campaigns.targeting import TargetList
from app.models.calls import CallSession
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from app.tallies import TallyFilter, campaign_tallies
from app.tallies.by_partner import PartnerTallies, partner_tallies
from tests.coalitions.support import SLUG, build_coalition
from tests.support import HTML, app_settings

BOSTON = "1 Ashburton Place, Boston, MA 02108"
LOOKUP = re.compile(r'name="lookup" value="([^"]+)"')


def read_partner_tallies(database_url: str, only: int | None = None) -> PartnerTallies:
    engine = create_db_engine(database_url)
    with Session(engine) as session:
        result = partner_tallies(session, slug=SLUG, only=only)
    engine.dispose()
    return result


def report(client: TestClient, *, lookup: str, token: str, target: str, outcome: str = "contact") -> None:
    body = {"token": token, "target_id": target, "lookup": lookup, "outcome": outcome}
    response = client.post(f"/api/v1/campaigns/{SLUG}/outcomes", json=body)
    assert response.status_code == 200, response.text


def test_calls_through_each_partners_link_count_for_that_partner(
    client: TestClient, settings: Settings
) -> None:
    coalition = build_coalition(settings.database_url)
    # Ally A's link, without JavaScript: the page's forms carry the code, the lookup signs it.
    page = client.get(f"/c/{SLUG}?p=ally-a", headers=HTML)
    assert page.status_code == 200
    assert f'action="/c/{SLUG}?p=ally-a#call"' in page.text
    looked_up = client.post(f"/c/{SLUG}?p=ally-a", data={"address": BOSTON}, headers=HTML)
    lookup_a = LOOKUP.search(looked_up.text)
    assert lookup_a is not None
    secret = settings.secret_key.get_secret_value()
    assert read_lookup_token(lookup_a.group(1), secret=secret).partner_id == coalition.partner_a
    report(client, lookup=lookup_a.group(1), token="browser-of-ana-0001", target="W000817")
    report(
        client, lookup=lookup_a.group(1), token="browser-of-ana-0001", target="M000133", outcome="voicemail"
    )
    # Ally B's embed (utm_source names its code), through the JSON API like calls.js.
    answer = client.get(
        f"/api/v1/campaigns/{SLUG}/targets", params={"address": BOSTON, "p": "ally-b", "src": "newsletter"}
    )
    lookup_b = answer.json()["lookup"]
    report(client, lookup=lookup_b, token="browser-of-ben-0002", target="W000817")
    # Nobody's link: the campaign counts it, no partner does.
    plain = client.get(f"/api/v1/campaigns/{SLUG}/targets", params={"address": BOSTON}).json()["lookup"]
    report(client, lookup=plain, token="browser-of-cy-00003", target="W000817")

    everyone = read_partner_tallies(settings.database_url)
    by_name = {line.name: line for line in everyone.partners}
    assert (by_name["Ally A"].calls, by_name["Ally A"].legs.calls) == (1, 2)
    assert by_name["Ally A"].legs.outcomes["voicemail"] == 1
    assert (by_name["Ally B"].calls, by_name["Ally B"].legs.calls) == (1, 1)
    assert [(line.name, line.source) for line in everyone.lines] == [("Ally A", ""), ("Ally B", "newsletter")]
    assert everyone.campaign_calls == 3, "the campaign's own count includes everyone, once"
    only_a = read_partner_tallies(settings.database_url, only=coalition.partner_a)
    assert [line.name for line in only_a.partners] == ["Ally A"]
    assert {t.partner for t in only_a.targets} == {"Ally A"}


def test_unknown_and_paused_codes_show_the_page_and_count_for_no_one(
    client: TestClient, settings: Settings
) -> None:
    coalition = build_coalition(settings.database_url)
    engine = create_db_engine(settings.database_url)
    with session_scope(engine) as session:
        update_partner(session, slug=SLUG, partner_id=coalition.partner_b, status="paused")
    for code in ("ally-b", "no-such-partner", "<script>", "x" * 40):
        page = client.get(f"/c/{SLUG}", params={"p": code}, headers=HTML)
        assert page.status_code == 200
        assert "p=" not in re.search(r'<form method="post" action="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    lookup = client.get(
        f"/api/v1/campaigns/{SLUG}/targets", params={"address": BOSTON, "p": "ally-b"}
    ).json()["lookup"]
    report(client, lookup=lookup, token="browser-of-dee-0004", target="W000817")
    with Session(engine) as session:
        call = session.exec(select(CallSession)).one()
    engine.dispose()
    assert (call.partner_id, call.source) == (None, "")
    assert read_partner_tallies(settings.database_url).lines == []


def test_the_co_branding_line_shows_only_when_the_owner_turns_it_on(
    client: TestClient, settings: Settings
) -> None:
    coalition = build_coalition(settings.database_url)
    assert "with Ally A" not in client.get(f"/c/{SLUG}?p=ally-a", headers=HTML).text
    engine = create_db_engine(settings.database_url)
    with session_scope(engine) as session:
        update_partner(session, slug=SLUG, partner_id=coalition.partner_a, cobrand=True)
    engine.dispose()
    assert '<p class="cobrand">with Ally A</p>' in client.get(f"/c/{SLUG}?p=ally-a", headers=HTML).text
    assert '<p class="cobrand">con Ally A</p>' in client.get(f"/c/{SLUG}?p=ally-a&lang=es", headers=HTML).text


def test_attribution_survives_into_the_counters_on_each_backend(synced_url: str) -> None:
    """Three organizations, one campaign, two partners, on SQLite and PostgreSQL."""
    any_database_url = synced_url
    coalition = build_coalition(any_database_url)
    settings = app_settings(any_database_url)
    secret = settings.secret_key.get_secret_value()
    engine = create_db_engine(any_database_url)
    with Session(engine) as session:
        for n, (code, extra) in enumerate(
            [("ally-a", {}), ("ally-a", {"utm_campaign": "x"}), ("ally-b", {})]
        ):
            attribution = attribute_visit(
                session, slug=SLUG, params={"ref": code, "utm_source": "mail", **extra}
            )
            token = issue_lookup_token(
                secret=secret, targets=_shown(SLUG, ["W000817"]), attribution=attribution
            )
            visit = SelfReport(SLUG, f"browser-token-{n:08d}", token, "W000817", "contact")
            record_self_reported_outcome(engine, settings=settings, report=visit)
        whole = campaign_tallies(session, slug=SLUG, filters=TallyFilter(), now=datetime.now(UTC))
    tallies = read_partner_tallies(any_database_url)
    engine.dispose()
    assert whole.headline.calls_started == 3
    by_source = {(line.partner_id, line.source): line.calls for line in tallies.lines}
    assert by_source == {
        (coalition.partner_a, "mail"): 1,
        (coalition.partner_a, "mail/x"): 1,
        (coalition.partner_b, "mail"): 1,
    }
    assert {t.partner: t.legs.outcomes["contact"] for t in tallies.targets} == {"Ally A": 2, "Ally B": 1}


def _shown(slug: str, target_ids: list[str]) -> TargetList:
    """A stand-in for an answered lookup: the token only reads the campaign's slug, the ids and the
    numbers shown (none here)."""
    shown = SimpleNamespace(office=SimpleNamespace(phone=""))
    targets = [SimpleNamespace(representative=SimpleNamespace(id=i), choice=shown) for i in target_ids]
    return SimpleNamespace(campaign=SimpleNamespace(slug=slug), targets=targets)  # type: ignore[return-value]
