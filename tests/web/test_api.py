"""The JSON API against a real SQLite directory and recorded Census answers."""

from typing import Any

import httpx
import pytest
import respx
from fastapi.testclient import TestClient

from app.settings import Settings
from tests.support import CENSUS_URL, AppFor, census_fixture

BOSTON = "1 Ashburton Place, Boston, MA 02108"


def targets(client: TestClient, address: str, **params: str) -> Any:
    return client.get("/api/v1/campaigns/grace-no-ban/targets", params={"address": address, **params})


def by_name(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["name"]: t for t in body["targets"]}


def test_massachusetts_address_gets_both_senators_and_the_representative(client: TestClient) -> None:
    response = targets(client, BOSTON, name="Ana Souza")
    assert response.status_code == 200
    body = response.json()
    assert body["campaign"] == "grace-no-ban"
    assert body["location"]["state"] == "MA"
    assert body["location"]["congressional_district"] == "07"
    assert body["location"]["matched_address"] == "1 ASHBURTON PL, BOSTON, MA, 02108"
    found = by_name(body)
    assert set(found) == {"Elizabeth Warren", "Edward J. Markey", "Ayanna Pressley"}
    assert [t["chamber"] for t in body["targets"]] == ["us-senate", "us-senate", "us-house"]
    for target in body["targets"]:
        office = target["office"]
        assert office["kind"] == "district"
        assert office["phone"].startswith("+1")
        assert office["display_phone"].startswith("(")
        assert target["state"] == "MA"
    assert found["Ayanna Pressley"]["title"] == "Representative"
    assert found["Ayanna Pressley"]["district"] == "7"
    assert found["Elizabeth Warren"]["title"] == "Senator"


def test_scripts_name_the_caller_the_target_and_that_chambers_bills(client: TestClient) -> None:
    found = by_name(targets(client, BOSTON, name="Ana Souza").json())
    house = found["Ayanna Pressley"]["script"]
    senate = found["Elizabeth Warren"]["script"]
    assert "My name is Ana Souza." in house
    assert "H.R. 2146" in house
    assert "H.R. 2214" in house
    assert "S.1088" not in house
    assert "before the House that I am asking the Representative to co-sponsor" in house
    assert "S.1088" in senate
    assert "S.1123" in senate
    assert "H.R. 2146" not in senate
    assert "before the Senate that I am asking the Senator to co-sponsor" in senate


def test_without_a_name_the_script_leaves_a_clear_blank(client: TestClient) -> None:
    script = by_name(targets(client, BOSTON).json())["Edward J. Markey"]["script"]
    assert "My name is [your name]." in script


def test_the_nearest_district_office_is_chosen(client: TestClient) -> None:
    boston = by_name(targets(client, BOSTON).json())
    pittsfield = by_name(targets(client, "70 Allen St, Pittsfield, MA 01201").json())
    assert boston["Elizabeth Warren"]["office"]["city"] == "Boston"
    assert pittsfield["Elizabeth Warren"]["office"]["city"] == "Springfield"
    assert pittsfield["Richard E. Neal"]["office"]["city"] == "Pittsfield"


def test_spanish_script(client: TestClient) -> None:
    body = targets(client, BOSTON, lang="es", name="Ana").json()
    assert body["language"] == "es"
    assert "Me llamo Ana." in by_name(body)["Ayanna Pressley"]["script"]


def test_unknown_language_falls_back_with_a_note(client: TestClient) -> None:
    body = targets(client, BOSTON, lang="fr").json()
    assert body["language"] == "en"
    assert any("'fr'" in note for note in body["notes"])


def test_at_large_state(client: TestClient) -> None:
    body = targets(client, "200 W 24th St, Cheyenne, WY 82002").json()
    assert body["location"]["congressional_district"] == "00"
    found = by_name(body)
    assert set(found) == {"John Barrasso", "Cynthia M. Lummis", "Harriet M. Hageman"}
    assert found["Harriet M. Hageman"]["district"] == "0"


def test_dc_has_a_delegate_and_no_senators(client: TestClient) -> None:
    body = targets(client, "1350 Pennsylvania Ave NW, Washington, DC 20004").json()
    assert [(t["name"], t["title"]) for t in body["targets"]] == [("Eleanor Holmes Norton", "Delegate")]
    assert body["vacancies"] == []


def test_a_vacant_seat_is_said_and_the_others_still_shown(client: TestClient) -> None:
    body = targets(client, "39439 Paseo Padre Pkwy, Fremont, CA 94538").json()
    assert {t["chamber"] for t in body["targets"]} == {"us-senate"}
    assert body["vacancies"] == [
        {"chamber": "us-house", "message": "This US House seat is vacant right now."}
    ]


@pytest.mark.parametrize(
    ("address", "status", "code"),
    [
        ("", 422, "address_required"),
        ("   ", 422, "address_required"),
        ("24 Sussex Drive, Ottawa, ON K1M 1M4, Canada", 422, "address_not_us"),
        ("1 Nowhere Lane, Atlantis, ZZ 00000", 404, "address_not_found"),
        ("100 Main St, Springfield", 409, "address_ambiguous"),
    ],
)
def test_bad_addresses_get_a_clear_error(client: TestClient, address: str, status: int, code: str) -> None:
    response = targets(client, address)
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code
    assert body["detail"]


def test_ambiguous_address_lists_the_candidates(client: TestClient) -> None:
    body = targets(client, "100 Main St, Springfield").json()
    assert body["candidates"] == [
        "100 MAIN ST, SPRINGFIELD, MA, 01103",
        "100 MAIN ST, SPRINGFIELD, IL, 62702",
    ]


def test_missing_address_parameter_is_a_422_with_a_code(client: TestClient) -> None:
    response = client.get("/api/v1/campaigns/grace-no-ban/targets")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"


def test_unknown_campaign(client: TestClient) -> None:
    response = client.get("/api/v1/campaigns/no-such-thing/targets", params={"address": BOSTON})
    assert response.status_code == 404
    assert response.json()["code"] == "campaign_not_found"


@pytest.mark.parametrize(
    "failure",
    [httpx.Response(503), httpx.Response(500, text="<html>oops</html>"), httpx.ReadTimeout("slow")],
)
def test_geocoder_failures_are_a_503(
    settings: Settings, failure: httpx.Response | Exception, app_for: AppFor
) -> None:
    with respx.mock() as router, TestClient(app_for(settings)) as client:
        route = router.get(f"{CENSUS_URL}/geographies/onelineaddress").mock(side_effect=[failure, failure])
        response = targets(client, BOSTON)
    assert response.status_code == 503
    assert response.json()["code"] == "geocoder_unavailable"
    assert route.call_count == 2, "one retry, then give up"


def test_geocoder_that_recovers_on_the_retry(settings: Settings, app_for: AppFor) -> None:
    with respx.mock() as router, TestClient(app_for(settings)) as client:
        router.get(f"{CENSUS_URL}/geographies/onelineaddress").mock(
            side_effect=[httpx.ConnectError("refused"), httpx.Response(200, json=census_fixture("ma_boston"))]
        )
        assert targets(client, BOSTON).status_code == 200


def test_repeat_lookups_are_answered_from_the_cache(client: TestClient, census: respx.Router) -> None:
    first = targets(client, BOSTON).json()
    second = targets(client, "1 ashburton place,  Boston, MA 02108.").json()
    assert first["targets"] == second["targets"]
    assert census.calls.call_count == 1


def test_campaign_list(client: TestClient) -> None:
    campaigns = client.get("/api/v1/campaigns").json()["campaigns"]
    grace = next(c for c in campaigns if c["slug"] == "grace-no-ban")
    assert grace["chambers"] == ["us-senate", "us-house"]
    assert set(grace["languages"]) == {"en", "es"}


def test_openapi_documents_the_targets_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/campaigns/{slug}/targets" in paths
    assert "/api/v1/campaigns" in paths


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["officials"] > 500
