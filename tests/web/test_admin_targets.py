"""The builder's pickers: the directory searched (officials, committees) and a CSV list checked;
and a committee campaign's cards, on the page and in the API, in English and Spanish."""

from fastapi.testclient import TestClient

from app.campaigns.files import load_campaign_file
from app.campaigns.store import save_campaign
from app.storage.db import create_db_engine, session_scope
from tests.support import FIXTURES, HTML, ORGANIZER_EMAIL, STAFF_EMAIL, csrf_from, new_token, sign_in

SEARCH = "/admin/api/directory/search"


def bearer(database_url: str, role: str = "staff") -> dict[str, str]:
    return {"authorization": f"Bearer {new_token(database_url, role)}"}


def test_a_committees_members_leadership_first(client: TestClient, database_url: str) -> None:
    found = client.get(
        SEARCH, params={"committee": "SSJU", "limit": 100}, headers=bearer(database_url)
    ).json()
    members = found["officials"]
    assert len(members) == 22
    assert [(m["name"], m["role"]) for m in members[:2]] == [
        ("Chuck Grassley", "chair"),
        ("Richard J. Durbin", "ranking-member"),
    ]
    assert found["committee"]["name"] == "Senate Committee on the Judiciary"
    assert found["committee"]["leaders"][0] == {
        "official_id": "G000386",
        "name": "Chuck Grassley",
        "role": "chair",
    }
    assert found["committees"] == []


def test_committees_and_officials_by_name_state_chamber_and_party(
    client: TestClient, database_url: str
) -> None:
    headers = bearer(database_url)
    congress = client.get(SEARCH, params={"q": "judiciary", "state": "US"}, headers=headers).json()
    assert {"HSJU", "SSJU"} <= {c["id"] for c in congress["committees"]}
    massachusetts = client.get(SEARCH, params={"q": "judiciary", "state": "MA"}, headers=headers).json()
    assert [c["name"] for c in massachusetts["committees"]] == ["Joint Judiciary Committee"]
    assert massachusetts["committees"][0]["chamber"] is None
    senators = client.get(
        SEARCH, params={"q": "warren", "chamber": "us-senate", "party": "democratic"}, headers=headers
    ).json()
    assert [(o["id"], o["state"]) for o in senators["officials"]] == [("W000817", "MA")]
    assert client.get(SEARCH, params={"chamber": "senate"}, headers=headers).status_code == 422


def test_the_search_needs_a_staff_account(client: TestClient, accounts: str) -> None:
    senators = {"q": "warren", "chamber": "us-senate"}
    assert client.get(SEARCH, params=senators).status_code == 401
    assert sign_in(client, STAFF_EMAIL).status_code == 303
    assert client.get(SEARCH, params=senators).json()["officials"][0]["id"] == "W000817"


def test_a_csv_list_is_checked_row_by_row(client: TestClient, accounts: str) -> None:
    sign_in(client, ORGANIZER_EMAIL)
    csrf = csrf_from(client.get("/admin", headers=HTML).text)
    csv = "name,title,phone,state\nMaura Healey,Governor,(617) 725-4005,MA\nPat Bad,Clerk,12,MA\n"
    refused = client.post("/admin/api/people/check", data={"csrf_token": csrf, "csv": csv})
    assert refused.status_code == 422
    assert refused.json()["rows"][0]["row"] == 3
    assert "row 3: the phone 12 is not a US office number" in refused.json()["detail"]
    skipped = client.post(
        "/admin/api/people/check", data={"csrf_token": csrf, "csv": csv, "skip_invalid": "true"}
    )
    assert skipped.status_code == 200
    assert skipped.json()["people"] == [
        {"name": "Maura Healey", "title": "Governor", "phone": "+16177254005", "state": "MA"}
    ]
    assert [s["row"] for s in skipped.json()["skipped"]] == [3]
    assert client.post("/admin/api/people/check", data={"csv": csv}).status_code == 403


def test_staff_may_not_check_lists(client: TestClient, accounts: str) -> None:
    sign_in(client, STAFF_EMAIL)
    csrf = csrf_from(client.get("/admin", headers=HTML).text)
    assert (
        client.post("/admin/api/people/check", data={"csrf_token": csrf, "csv": "a,b,c"}).status_code == 403
    )


def test_the_cards_say_the_seat_on_the_committee(client: TestClient, database_url: str) -> None:
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        save_campaign(
            session, spec=load_campaign_file(FIXTURES / "campaigns" / "judiciary-committee.yaml"), source="t"
        )
    engine.dispose()
    english = client.get("/api/v1/campaigns/judiciary-committee/targets", params={"address": "05401"}).json()
    assert [t["name"] for t in english["targets"][:2]] == ["Peter Welch", "Chuck Grassley"]
    assert english["targets"][0]["committee"] == {
        "id": "SSJU",
        "name": "Senate Committee on the Judiciary",
        "role": "member",
        "label": "Member, Senate Committee on the Judiciary",
    }
    spanish = client.get(
        "/api/v1/campaigns/judiciary-committee/targets", params={"address": "01060", "lang": "es"}
    ).json()
    assert spanish["targets"][0]["committee"]["label"] == "Presidente, Senate Committee on the Judiciary"
    page = client.post("/c/judiciary-committee", data={"address": "05401", "lang": "en"}, headers=HTML)
    assert '<p class="seat">Member, Senate Committee on the Judiciary</p>' in page.text
    assert '<p class="seat">Chair, Senate Committee on the Judiciary</p>' in page.text


def test_a_call_to_a_committee_member_is_reported_and_counted(client: TestClient, database_url: str) -> None:
    spec = load_campaign_file(FIXTURES / "campaigns" / "judiciary-committee.yaml")
    people = [{"name": "Phil Scott", "title": "Governor", "phone": "802-828-3333", "state": "VT"}]
    spec = spec.model_validate(
        {**spec.model_dump(), "targets": {**spec.targets.model_dump(), "people": people, "max_targets": 3}}
    )
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        save_campaign(session, spec=spec, source="t")
    engine.dispose()
    shown = client.get("/api/v1/campaigns/judiciary-committee/targets", params={"address": "05401"}).json()
    assert [(t["id"], t["chamber"]) for t in shown["targets"]] == [
        ("W000800", "us-senate"),
        ("G000386", "us-senate"),
        ("D000563", "us-senate"),
    ]
    spec = spec.model_validate(
        {**spec.model_dump(), "targets": {**spec.targets.model_dump(), "max_targets": None}}
    )
    engine = create_db_engine(database_url)
    with session_scope(engine) as session:
        save_campaign(session, spec=spec, source="t")
    engine.dispose()
    shown = client.get("/api/v1/campaigns/judiciary-committee/targets", params={"address": "05401"}).json()
    assert (shown["targets"][-1]["id"], shown["targets"][-1]["chamber"]) == ("people-0", "custom")
    url = "/api/v1/campaigns/judiciary-committee/outcomes"
    body = {"token": "browser-token-0123456789", "lookup": shown["lookup"], "outcome": "contact"}
    reported = client.post(url, json={**body, "target_id": "G000386"})
    assert reported.status_code == 200, reported.text
    # A list row is reported like a custom target: not from the page (no office of the directory).
    assert client.post(url, json={**body, "target_id": "people-0"}).json()["code"] == "no_targets"
    tallies = client.get("/api/v1/campaigns/judiciary-committee/tallies", headers=bearer(database_url)).json()
    assert {t["id"]: t["contacts"] for t in tallies["targets"]} == {"G000386": 1}
