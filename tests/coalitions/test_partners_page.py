"""The owner's partners page: an invite link a partner's admin accepts, pausing a link, a number."""

import html
import re

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.accounts.organizations import add_organization
from app.accounts.service import add_user
from app.campaigns.partners import partners_of
from app.settings import Settings
from app.storage.db import create_db_engine, session_scope
from tests.coalitions.support import SLUG, build_coalition
from tests.support import HTML, PASSWORD, PASSWORDS, csrf_from, sign_in


def test_an_invite_link_makes_the_accepting_admins_organization_a_partner(
    client: TestClient, settings: Settings
) -> None:
    build_coalition(settings.database_url)
    engine = create_db_engine(settings.database_url)
    with session_scope(engine) as session:
        ally_c = add_organization(session, name="Ally C").id
        add_user(
            session,
            email="c-admin@example.org",
            password=PASSWORD,
            role="organizer",
            organization="Ally C",
            organization_role="admin",
            passwords=PASSWORDS,
        )
    sign_in(client, "lead-organizer@example.org")
    csrf = csrf_from(client.get(f"/admin/campaigns/{SLUG}/partners", headers=HTML).text)
    page = client.post(f"/admin/campaigns/{SLUG}/partners/invite", data={"csrf_token": csrf}, headers=HTML)
    link = re.search(
        r'id="invite-link" class="copy-source" readonly value="[^"]*(/admin/invites/[^"]+)"', page.text
    )
    assert link is not None
    sign_in(client, "c-admin@example.org")
    form = client.get(link.group(1), headers=HTML)
    assert "Ally C" in form.text
    accepted = client.post(
        link.group(1),
        data={"csrf_token": csrf_from(form.text), "organization_id": str(ally_c)},
        headers=HTML,
        follow_redirects=False,
    )
    assert accepted.headers["location"] == f"/admin/campaigns/{SLUG}/tallies/partners"
    assert "Ally C" in client.get(accepted.headers["location"], headers=HTML).text
    twice = client.post(
        link.group(1), data={"csrf_token": csrf_from(form.text), "organization_id": str(ally_c)}, headers=HTML
    )
    assert twice.status_code == 422
    with Session(engine) as session:
        partner = next(p for p in partners_of(session, slug=SLUG) if p.name == "Ally C")
    engine.dispose()
    assert (partner.status, partner.code) == ("active", "ally-c")


def test_the_owner_pauses_a_link_and_gives_a_partner_its_own_number(
    client: TestClient, settings: Settings
) -> None:
    coalition = build_coalition(settings.database_url)
    sign_in(client, "lead-organizer@example.org")
    csrf = csrf_from(client.get(f"/admin/campaigns/{SLUG}/partners", headers=HTML).text)
    url = f"/admin/campaigns/{SLUG}/partners/{coalition.partner_a}"
    assert (
        client.post(
            url, data={"csrf_token": csrf, "status": "paused"}, headers=HTML, follow_redirects=False
        ).status_code
        == 303
    )
    assert (
        client.post(
            url,
            data={"csrf_token": csrf, "callin_number": "(617) 555-0177"},
            headers=HTML,
            follow_redirects=False,
        ).status_code
        == 303
    )
    bad = client.post(url, data={"csrf_token": csrf, "callin_number": "12"}, headers=HTML)
    assert bad.status_code == 422
    assert "US phone number" in bad.text
    page = client.get(f"/admin/campaigns/{SLUG}/partners", headers=HTML).text
    assert "+16175550177" in page
    assert "Resume link" in page
    assert f"/c/{SLUG}?p=ally-b" in page
    assert 'data-partner="ally-b"' in html.unescape(page)


def test_the_public_leaderboard_shows_only_when_the_owner_chooses(
    client: TestClient, settings: Settings
) -> None:
    coalition = build_coalition(settings.database_url)
    assert client.get(f"/c/{SLUG}/partners", headers=HTML).status_code == 404
    sign_in(client, "a-admin@example.org")
    csrf = csrf_from(client.get("/admin", headers=HTML).text)
    refused = client.post(
        f"/admin/campaigns/{SLUG}/partners/leaderboard", data={"csrf_token": csrf, "shown": "on"}
    )
    assert refused.status_code == 403, "a partner does not decide for the owner"
    sign_in(client, "lead-organizer@example.org")
    csrf = csrf_from(client.get(f"/admin/campaigns/{SLUG}/partners", headers=HTML).text)
    client.post(f"/admin/campaigns/{SLUG}/partners/leaderboard", data={"csrf_token": csrf, "shown": "on"})
    client.post(
        f"/admin/campaigns/{SLUG}/partners/{coalition.partner_b}",
        data={"csrf_token": csrf, "status": "paused"},
    )
    page = client.get(f"/c/{SLUG}/partners", headers=HTML)
    assert page.status_code == 200
    assert "Calls by partner organization" in page.text
    assert "Ally A" in page.text
    assert "Ally B" not in page.text, "a paused partner is not ranked"
    assert "Llamadas por organización aliada" in client.get(f"/c/{SLUG}/partners?lang=es", headers=HTML).text
