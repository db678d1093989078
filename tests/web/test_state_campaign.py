"""The Massachusetts Safe Communities Act campaign: state legislators, both bills, MA only."""

from typing import Any

from fastapi.testclient import TestClient

BOSTON = "1 Ashburton Place, Boston, MA 02108"
SLUG = "ma-safe-communities"


def targets(client: TestClient, address: str, **params: str) -> Any:
    response = client.get(f"/api/v1/campaigns/{SLUG}/targets", params={"address": address, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_boston_calls_the_state_senator_then_the_state_representative(client: TestClient) -> None:
    body = targets(client, BOSTON, name="Ana Souza")
    assert [(t["chamber"], t["name"]) for t in body["targets"]] == [
        ("state-upper", "Lydia Edwards"),
        ("state-lower", "Jay Livingstone"),
    ]
    assert body["vacancies"] == []
    for target in body["targets"]:
        assert target["office"]["phone"].startswith("+1617722")
        assert target["office_note"] == "No local office number is listed; this is the capitol office."


def test_both_bills_are_named_whichever_chamber_is_called(client: TestClient) -> None:
    senator, representative = targets(client, BOSTON, name="Ana Souza")["targets"]
    for target in (senator, representative):
        assert "S.1401" in target["script"]
        assert "H.3573" in target["script"]
        assert "My name is Ana Souza." in target["script"]
        assert "I live in Boston." in target["script"]
    assert "I’m a constituent of Senator Edwards" in senator["script"]
    assert "Can I count on the Senator’s support?" in senator["script"]
    assert "I’m calling to ask Representative Jay Livingstone to support" in representative["script"]


def test_spanish_script(client: TestClient) -> None:
    senator = targets(client, BOSTON, lang="es", name="Ana")["targets"][0]
    assert "Me llamo Ana." in senator["script"]
    assert "la senadora o el senador Edwards" in senator["script"]
    assert "S.1401" in senator["script"]
    assert "H.3573" in senator["script"]


def test_an_address_outside_massachusetts_gets_a_note_and_no_targets(client: TestClient) -> None:
    body = targets(client, "1315 10th St, Sacramento, CA 95814")
    assert body["targets"] == []
    assert body["vacancies"] == []
    assert body["notes"] == ["This campaign is for Massachusetts residents."]


def test_the_page_shows_the_state_legislators_and_the_capitol_label(client: TestClient) -> None:
    page = client.post(f"/c/{SLUG}", data={"address": BOSTON, "name": "Ana"})
    assert page.status_code == 200
    assert "Senator Lydia Edwards" in page.text
    assert "Representative Jay Livingstone" in page.text
    assert "this is the capitol office" in page.text
    assert "S.1401" in page.text


def test_the_page_tells_people_outside_massachusetts(client: TestClient) -> None:
    page = client.post(f"/c/{SLUG}", data={"address": "1445 K St, Lincoln, NE 68508"})
    assert page.status_code == 200
    assert "This campaign is for Massachusetts residents." in page.text
    assert 'class="target"' not in page.text
