"""Route by route, role by role, organization by organization: who gets a 403.

Every admin page, admin API route, tally page and CSV that names a campaign is walked with an
account of each role in the owner's organization, in each partner organization and in none; the
JSON tallies and admin API with each organization's token.
"""

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.settings import Settings
from tests.coalitions.support import ACCOUNTS, SLUG, Coalition, build_coalition
from tests.support import HTML, csrf_from, sign_in
from tests.web.test_admin import route_table

# Pages that are forms for a change: an editor's, like the change itself.
# Pages that are forms to change the campaign: its organizers' only.
CHANGE_FORMS = {
    "/admin/campaigns/{slug}/confirm/{action}",
    "/admin/campaigns/{slug}/duplicate",
    "/admin/campaigns/{slug}/edit",
}
PARTNER_VIEWS = {"/admin/campaigns/{slug}/tallies/partners", "/admin/campaigns/{slug}/tallies/partners.csv"}
OWNERS_READ = {"lead-organizer@example.org", "lead-viewer@example.org", "root@example.org"}
OWNERS_CHANGE = {"lead-organizer@example.org", "root@example.org"}
PARTNERS = {"a-admin@example.org", "a-viewer@example.org", "b-viewer@example.org"}


def campaign_routes(client: TestClient) -> list[tuple[str, str]]:
    app: FastAPI = client.app  # type: ignore[assignment]
    return [
        (path, method)
        for path, method in route_table(app.routes)
        if "{slug}" in path
        and path.startswith(("/admin", "/api/v1/admin", "/api/v1/campaigns/{slug}/tallies"))
    ]


def concrete(path: str, coalition: Coalition) -> str:
    values = {"{slug}": SLUG, "{kind}": "svg", "{action}": "pause", "{partner_id}": str(coalition.partner_a)}
    for name, value in values.items():
        path = path.replace(name, value)
    return path


def expected_refusal(email: str, path: str, method: str) -> bool:
    if path in PARTNER_VIEWS:
        return email not in OWNERS_READ | PARTNERS
    allowed = OWNERS_READ if method == "GET" and path not in CHANGE_FORMS else OWNERS_CHANGE
    return email not in allowed


def test_every_campaign_route_refuses_other_organizations(client: TestClient, settings: Settings) -> None:
    coalition = build_coalition(settings.database_url)
    routes = [(p, m) for p, m in campaign_routes(client) if not p.startswith("/api/")]
    assert len(routes) >= 18, routes
    seen: dict[tuple[str, str, str], int] = {}
    for email in ACCOUNTS:
        assert sign_in(client, email).status_code == 303
        csrf = csrf_from(client.get("/admin", headers=HTML).text)
        for path, method in routes:
            data: dict[str, Any] | None = None if method == "GET" else {"csrf_token": csrf}
            refused = expected_refusal(email, path, method)
            if not refused and method != "GET":
                continue  # allowed changes are tested where they are made, not blindly here
            response = client.request(
                method, concrete(path, coalition), data=data, headers=HTML, follow_redirects=False
            )
            seen[(email, method, path)] = response.status_code
            if refused:
                assert response.status_code == 403, (email, method, path, response.status_code)
            else:
                assert response.status_code in (200, 303), (email, method, path, response.status_code)
    assert client.get(f"/c/{SLUG}").status_code == 200, "no refused change went through"
    assert sum(status == 403 for status in seen.values()) >= 60


def test_tokens_are_scoped_to_their_organization(client: TestClient, settings: Settings) -> None:
    coalition = build_coalition(settings.database_url)
    api_routes = [(p, m) for p, m in campaign_routes(client) if p.startswith("/api/") and m == "GET"]
    assert len(api_routes) >= 3, api_routes
    for path, _method in api_routes:
        url = concrete(path, coalition) + ("?address=02108" if path.endswith("/preview") else "")
        for token, allowed in ((coalition.lead_token, True), (coalition.a_token, False)):
            response = client.get(url, headers={"authorization": f"Bearer {token}"})
            assert (response.status_code != 403) is allowed, (path, allowed, response.status_code)
    listed = client.get("/api/v1/admin/campaigns", headers={"authorization": f"Bearer {coalition.a_token}"})
    assert listed.json()["campaigns"] == []


def test_each_partner_sees_only_its_own_numbers(client: TestClient, settings: Settings) -> None:
    build_coalition(settings.database_url)
    for email, own, other in (
        ("a-viewer@example.org", "Ally A", "Ally B"),
        ("b-viewer@example.org", "Ally B", "Ally A"),
    ):
        sign_in(client, email)
        page = client.get(f"/admin/campaigns/{SLUG}/tallies/partners", headers=HTML)
        assert own in page.text
        assert other not in page.text
        assert "whole campaign" not in page.text
        for table in ("partners", "targets", "over-time"):
            csv = client.get(f"/admin/campaigns/{SLUG}/tallies/partners.csv", params={"table": table})
            assert other not in csv.text
        assert client.get(f"/admin/campaigns/{SLUG}/tallies", headers=HTML).status_code == 403
        assert client.get(f"/admin/campaigns/{SLUG}/tallies.csv?table=legs").status_code == 403
        listing = client.get("/admin", headers=HTML).text
        assert f"/admin/campaigns/{SLUG}/tallies/partners" in listing
        assert f'data-slug="{SLUG}"' not in listing, "a partner does not own the campaign"
    sign_in(client, "lead-organizer@example.org")
    owners = client.get(f"/admin/campaigns/{SLUG}/tallies/partners", headers=HTML).text
    assert "Ally A" in owners
    assert "Ally B" in owners
