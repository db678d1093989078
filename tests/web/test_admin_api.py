"""The admin JSON API with bearer tokens: roles, revocation, writing and launching campaigns."""

from fastapi.testclient import TestClient
from sqlmodel import select

from app.accounts.service import revoke_token
from app.models.accounts import ApiToken
from app.storage.db import create_db_engine, session_scope
from tests.support import new_token
from tests.web.test_admin import NEW_CAMPAIGN


def auth(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


def test_tokens_are_stored_only_as_hashes(database_url: str) -> None:
    token = new_token(database_url, "staff")
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        [row] = session.exec(select(ApiToken)).all()
        assert token not in repr(row.model_dump())
        assert len(row.token_hash) == 64
    engine.dispose()


def test_staff_token_reads_every_campaign_but_changes_none(client: TestClient, database_url: str) -> None:
    token = new_token(database_url, "staff")
    listing = client.get("/api/v1/admin/campaigns", headers=auth(token))
    assert listing.status_code == 200
    assert sorted(c["slug"] for c in listing.json()["campaigns"]) == ["grace-no-ban", "ma-safe-communities"]
    one = client.get("/api/v1/admin/campaigns/grace-no-ban", headers=auth(token)).json()
    assert one["campaign"]["chamber_variables"]["us-house"]["grace_act"] == "H.R. 2146"
    assert one["yaml"].startswith("slug: grace-no-ban\n")
    refused = client.post("/api/v1/admin/campaigns/grace-no-ban/pause", headers=auth(token))
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"


def test_revoked_or_made_up_tokens_are_refused(client: TestClient, database_url: str) -> None:
    token = new_token(database_url, "organizer")
    assert client.get("/api/v1/admin/campaigns", headers=auth(token)).status_code == 200
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        [row] = session.exec(select(ApiToken)).all()
        assert row.id is not None
        revoke_token(session, token_id=row.id)
    engine.dispose()
    for header in (auth(token), auth("sb_made-up"), {"authorization": token}):
        response = client.get("/api/v1/admin/campaigns", headers=header)
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"


def test_organizer_token_writes_previews_and_launches_a_campaign(
    client: TestClient, database_url: str
) -> None:
    token = new_token(database_url, "organizer")
    put = client.put("/api/v1/admin/campaigns/clean-water", content=NEW_CAMPAIGN, headers=auth(token))
    assert put.status_code == 200
    assert put.json()["status"] == "draft"
    assert client.get("/api/v1/campaigns/clean-water/targets", params={"address": "x"}).status_code == 404
    preview = client.get(
        "/api/v1/admin/campaigns/clean-water/preview",
        params={"address": "200 W 24th St, Cheyenne, WY 82002", "lang": "es"},
        headers=auth(token),
    ).json()
    assert preview["language"] == "es"
    assert [t["chamber"] for t in preview["targets"]] == ["us-senate", "us-senate"]  # the governor is MA only
    launched = client.post("/api/v1/admin/campaigns/clean-water/launch", headers=auth(token))
    assert launched.json()["status"] == "live"
    public = client.get(
        "/api/v1/campaigns/clean-water/targets", params={"address": "1 Ashburton Place, Boston, MA 02108"}
    ).json()
    assert public["targets"][-1]["chamber"] == "custom"
    assert public["targets"][-1]["office"]["phone"] == "+16177254005"


def test_invalid_definitions_come_back_with_every_problem(client: TestClient, database_url: str) -> None:
    token = new_token(database_url, "organizer")
    bad = NEW_CAMPAIGN.replace("states: [MA]", "states: [XX]").replace("status: draft", "status: launched")
    response = client.put("/api/v1/admin/campaigns/clean-water", content=bad, headers=auth(token))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "campaign_invalid"
    fields = {p["field"]: p for p in body["problems"]}
    assert set(fields) == {"status", "targets.custom.0.states"}
    assert fields["status"]["line"] == 3
    assert "unknown state 'XX'" in fields["targets.custom.0.states"]["reason"]
    as_json = client.put(
        "/api/v1/admin/campaigns/grace-no-ban",
        json={"slug": "grace-no-ban", "title": "x", "targets": {"chambers": ["us-house"]}, "scripts": {}},
        headers=auth(token),
    )
    assert as_json.status_code == 422
    assert as_json.json()["problems"][0]["field"] == "scripts"


def test_dates_open_and_close_a_live_campaign(client: TestClient, database_url: str) -> None:
    token = new_token(database_url, "organizer")
    live = NEW_CAMPAIGN.replace("status: draft", "status: live")
    for dates, status, code in [
        ("starts_on: 2099-01-01\n", 410, "campaign_not_started"),
        ("starts_on: 2020-01-01\nends_on: 2020-12-31\n", 410, "campaign_ended"),
        ("starts_on: 2020-01-01\nends_on: 2099-12-31\n", 200, None),
    ]:
        put = client.put("/api/v1/admin/campaigns/clean-water", content=dates + live, headers=auth(token))
        assert put.status_code == 200
        answer = client.get(
            "/api/v1/campaigns/clean-water/targets", params={"address": "200 W 24th St, Cheyenne, WY 82002"}
        )
        assert answer.status_code == status
        assert answer.json().get("code") == code
    page = client.put(
        "/api/v1/admin/campaigns/clean-water", content="starts_on: 2099-01-01\n" + live, headers=auth(token)
    )
    assert page.status_code == 200
    assert (
        "This campaign opens on January 1, 2099."
        in client.get("/c/clean-water", headers={"accept": "text/html"}).text
    )
