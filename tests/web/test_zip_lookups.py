"""ZIP-only input: located offline; one district shows targets, several ask for the street address."""

import pytest
import respx
from fastapi.testclient import TestClient

from app.civic.directory.view import DirectoryView
from app.civic.locating.zip_codes import find_zip, undecided_chambers
from app.kernel.errors import ZipSpansDistrictsError
from app.kernel.vocabulary import CHAMBERS


def test_a_zip_in_one_district_of_every_chamber_gets_its_representatives(client: TestClient) -> None:
    response = client.get("/api/v1/representatives", params={"address": "21550"})
    assert response.status_code == 200
    body = response.json()
    assert body["location"]["precision"] == "zip"
    assert body["location"]["state"] == "MD"
    assert body["location"]["city"] == "Oakland"
    assert body["location"]["congressional_district"] == "06"
    names = [(r["chamber"], r["name"]) for r in body["representatives"]]
    assert ("us-house", "April McClain Delaney") in names
    assert ("state-lower", "Jim Hinebaugh") in names
    assert (body["street_address_needed"], body["notes"]) == ([], [])


def test_a_zip_in_one_district_of_every_chamber_lists_every_chamber(client: TestClient) -> None:
    body = client.get("/api/v1/representatives", params={"address": "01060"}).json()
    assert {r["chamber"] for r in body["representatives"]} == set(CHAMBERS)
    assert (body["street_address_needed"], body["notes"]) == ([], [])


def test_a_zip_spanning_state_districts_answers_with_the_members_every_chamber_is_sure_of(
    client: TestClient,
) -> None:
    # 05401 (Burlington, VT): Vermont's Representative is at large; the ZIP spans state districts.
    response = client.get("/api/v1/representatives", params={"address": "05401"})
    assert response.status_code == 200
    body = response.json()
    assert [(r["chamber"], r["name"]) for r in body["representatives"]] == [
        ("us-senate", "Bernard Sanders"),
        ("us-senate", "Peter Welch"),
        ("us-house", "Becca Balint"),
    ]
    needed = {entry["chamber"]: entry for entry in body["street_address_needed"]}
    assert list(needed) == ["state-upper", "state-lower"]
    assert needed["state-upper"]["districts"] == ["Chittenden Central", "Chittenden Southeast"]
    assert "VT state house district Chittenden-13" in needed["state-lower"]["candidates"]
    assert body["notes"][0] == (
        "ZIP code 05401 covers more than one state senate district (Chittenden Central, Chittenden "
        "Southeast). Enter a street address to find your state senate members too."
    )
    assert body["vacancies"] == []


def test_a_zip_spanning_congressional_districts_names_them_and_keeps_the_senators(client: TestClient) -> None:
    body = client.get("/api/v1/representatives", params={"address": "02108"}).json()
    assert [(r["chamber"], r["name"]) for r in body["representatives"]] == [
        ("us-senate", "Edward J. Markey"),
        ("us-senate", "Elizabeth Warren"),
        ("state-upper", "Lydia Edwards"),
    ]
    assert {e["chamber"]: e["candidates"] for e in body["street_address_needed"]} == {
        "us-house": ["MA congressional district 7", "MA congressional district 8"],
        "state-lower": ["MA state house district 3rd Suffolk", "MA state house district 8th Suffolk"],
    }
    assert "more than one US House district (MA-7, MA-8)" in body["notes"][0]


def test_a_zip_that_decides_no_chamber_asked_about_asks_for_the_street_address(
    directory: DirectoryView,
) -> None:
    area = find_zip(directory, zip_code="02108")
    assert area is not None
    location = area.location()
    assert [u.chamber for u in undecided_chambers(location, chambers=CHAMBERS)] == ["us-house", "state-lower"]
    with pytest.raises(ZipSpansDistrictsError) as refused:
        undecided_chambers(location, chambers=["us-house", "state-lower"])
    assert "MA state house district 8th Suffolk" in refused.value.details["candidates"]  # type: ignore[operator]


def test_a_campaign_only_needs_the_chambers_it_targets_to_be_decided(client: TestClient) -> None:
    # 03814 lies in one district of each chamber; its state house seats include a floterial.
    response = client.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": "03814"})
    assert response.status_code == 200
    body = response.json()
    assert body["location"]["precision"] == "zip"
    assert [t["name"] for t in body["targets"]][-1] == "Chris Pappas"


def test_a_zip_outside_the_campaign_state_gets_the_note_not_an_error(client: TestClient) -> None:
    response = client.get("/api/v1/campaigns/ma-safe-communities/targets", params={"address": "82001"})
    assert response.status_code == 200
    assert response.json()["notes"] == ["This campaign is for Massachusetts residents."]


def test_an_unknown_zip_is_a_clear_error(client: TestClient) -> None:
    response = client.get("/api/v1/representatives", params={"address": "00000"})
    assert response.status_code == 404
    assert response.json()["code"] == "address_not_found"


def test_zip_lookups_need_no_geocoder(client: TestClient, census: respx.Router) -> None:
    client.get("/api/v1/representatives", params={"address": "21550"})
    assert census.calls.call_count == 0


def test_the_page_shows_the_decided_chambers_and_asks_the_address_for_the_rest(
    client: TestClient,
) -> None:
    # 02108 lies in one state senate district and two state house districts.
    page = client.post("/c/ma-safe-communities", data={"address": "02108"})
    assert page.status_code == 200
    assert page.text.count('<article class="target card"') == 1
    assert 'data-chamber="state-upper"' in page.text
    assert "covers more than one state house district" in page.text


def test_zip_plus_four_is_a_zip(client: TestClient) -> None:
    body = client.get("/api/v1/representatives", params={"address": "21550-1234"}).json()
    assert body["location"]["precision"] == "zip"
    assert body["location"]["zip"] == "21550"


def test_a_zip_with_no_districts_asks_for_the_street_address(client: TestClient) -> None:
    # 68509 is Lincoln's PO-box ZIP: the package knows it, no district table lists it.
    response = client.get("/api/v1/representatives", params={"address": "68509"})
    assert response.status_code == 404
    assert "Please enter your street address" in response.json()["detail"]
