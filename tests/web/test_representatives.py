"""`GET /api/v1/representatives`: every current official for an address, state and federal."""

import json
from typing import Any

import pytest
import respx
from fastapi.testclient import TestClient
from pydantic import SecretStr

from app.settings import Settings
from tests.support import CENSUS_URL, CIVIC_API_DATA, AppFor

BOSTON = "1 Ashburton Place, Boston, MA 02108"


def representatives(client: TestClient, address: str) -> Any:
    response = client.get("/api/v1/representatives", params={"address": address})
    assert response.status_code == 200, response.text
    return response.json()


def seats(body: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [(r["chamber"], r["title"], r["name"], r["district"]) for r in body["representatives"]]


def test_boston_gets_both_senators_the_representative_and_both_state_legislators(client: TestClient) -> None:
    body = representatives(client, BOSTON)
    assert body["location"]["precision"] == "address"
    assert "ocd-division/country:us/state:ma/sldu:3rd_suffolk" in body["location"]["divisions"]
    assert seats(body) == [
        ("us-senate", "Senator", "Edward J. Markey", ""),
        ("us-senate", "Senator", "Elizabeth Warren", ""),
        ("us-house", "Representative", "Ayanna Pressley", "7"),
        ("state-upper", "Senator", "Lydia Edwards", "Third Suffolk"),
        ("state-lower", "Representative", "Jay Livingstone", "8th Suffolk"),
    ]
    assert body["vacancies"] == []
    for rep in body["representatives"]:
        assert rep["office"]["phone"].startswith("+1")
        assert rep["offices"], "all offices are listed"
        assert "script" not in rep


def test_a_state_legislator_with_only_a_capitol_phone_is_labelled_so(client: TestClient) -> None:
    body = representatives(client, BOSTON)
    livingstone = body["representatives"][-1]
    assert livingstone["office"]["kind"] == "capitol"
    assert livingstone["office"]["city"] == "Boston"
    assert livingstone["office_note"] == "No local office number is listed; this is the capitol office."
    assert [o["kind"] for o in livingstone["offices"]] == ["capitol"]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        pytest.param(
            "55 Main St, Center Ossipee, NH 03814",
            [
                ("state-upper", "Senator", "Mark McConkey", "3"),
                ("state-lower", "Representative", "Bobbi Boudman", "Carroll 7"),
                ("state-lower", "Representative", "Jonathan Smith", "Carroll 5"),
            ],
            id="NH base district and its floterial",
        ),
        pytest.param(
            "203 S 4th St, Oakland, MD 21550",
            [
                ("state-upper", "Senator", "Mike McKay", "1"),
                ("state-lower", "Delegate", "Jim Hinebaugh", "1A"),
            ],
            id="MD lettered subdistrict",
        ),
        pytest.param(
            "1700 W Washington St, Phoenix, AZ 85007",
            [
                ("state-upper", "Senator", "Catherine Miranda", "11"),
                ("state-lower", "Representative", "Junelle Cavero", "11"),
                ("state-lower", "Representative", "Oscar De Los Santos", "11"),
            ],
            id="AZ two representatives per district",
        ),
        pytest.param(
            "1445 K St, Lincoln, NE 68508",
            [("state-upper", "Senator", "Danielle Conrad", "46")],
            id="NE unicameral",
        ),
        pytest.param(
            "109 State St, Montpelier, VT 05602",
            [
                ("state-upper", "Senator", "Ann Cummings", "Washington"),
                ("state-upper", "Senator", "Andrew Perchlik", "Washington"),
                ("state-upper", "Senator", "Anne Watson", "Washington"),
                ("state-lower", "Representative", "Conor Casey", "Washington-4"),
                ("state-lower", "Representative", "Kate McCann", "Washington-4"),
            ],
            id="VT multi-member districts by name",
        ),
        pytest.param(
            "1315 10th St, Sacramento, CA 95814",
            [
                ("state-upper", "Senator", "Angelique Ashby", "8"),
                ("state-lower", "Assemblymember", "Maggy Krell", "6"),
            ],
            id="CA",
        ),
    ],
)
def test_state_legislators_in_every_shape_of_district(
    client: TestClient, address: str, expected: list[tuple[str, str, str, str]]
) -> None:
    body = representatives(client, address)
    state = [s for s in seats(body) if s[0].startswith("state-")]
    assert state == expected
    federal = [s for s in seats(body) if s[0].startswith("us-")]
    assert [s[0] for s in federal] == ["us-senate", "us-senate", "us-house"]
    for rep in body["representatives"]:
        assert rep["office"] is not None, rep["name"]
        assert rep["office"]["phone"].startswith("+1")


def test_the_location_names_its_state_districts_floterials_included(client: TestClient) -> None:
    location = representatives(client, "55 Main St, Center Ossipee, NH 03814")["location"]
    assert location["state_legislative_districts"] == [
        {
            "chamber": "state-upper",
            "name": "3",
            "division_id": "ocd-division/country:us/state:nh/sldu:3",
            "seats": 1,
        },
        {
            "chamber": "state-lower",
            "name": "Carroll 5",
            "division_id": "ocd-division/country:us/state:nh/sldl:carroll_5",
            "seats": 1,
        },
        {
            "chamber": "state-lower",
            "name": "Carroll 7",
            "division_id": "ocd-division/country:us/state:nh/sldl:carroll_7",
            "seats": 1,
        },
    ]


def test_nebraska_says_it_has_no_state_house(client: TestClient) -> None:
    body = representatives(client, "1445 K St, Lincoln, NE 68508")
    assert body["vacancies"] == [
        {"chamber": "state-lower", "message": "Nebraska has a one-house legislature: no state house."}
    ]


def test_at_large_state(client: TestClient) -> None:
    body = representatives(client, "200 W 24th St, Cheyenne, WY 82002")
    assert seats(body)[:3] == [
        ("us-senate", "Senator", "John Barrasso", ""),
        ("us-senate", "Senator", "Cynthia M. Lummis", ""),
        ("us-house", "Representative", "Harriet M. Hageman", "0"),
    ]
    assert [s[0] for s in seats(body)[3:]] == ["state-upper", "state-lower"]


def test_bad_address_is_a_clear_error(client: TestClient) -> None:
    response = client.get("/api/v1/representatives", params={"address": ""})
    assert response.status_code == 422
    assert response.json()["code"] == "address_required"


def test_when_the_census_fails_the_next_provider_answers_the_page_and_api(
    settings: Settings, app_for: AppFor
) -> None:
    fallback = settings.model_copy(
        update={"locators": ["census", "geocodio"], "geocodio_api_key": SecretStr("k")}
    )
    answer = json.loads(
        (CIVIC_API_DATA / "geocodio_v1.x_geocode_fields-cd-stateleg_2025-26.json").read_text()
    )
    with respx.mock() as router, TestClient(app_for(fallback)) as client:
        router.get(f"{CENSUS_URL}/geographies/onelineaddress").respond(503)
        router.get("https://api.geocod.io/v1.9/geocode").respond(json=answer)
        body = representatives(client, "1109 N Highland St, Arlington, VA")
    names = {(r["chamber"], r["name"]) for r in body["representatives"]}
    assert ("us-house", "Donald S. Beyer, Jr.") in names
    assert ("state-upper", "Barbara Favola") in names
    assert ("state-lower", "Adele McClure") in names
