"""Each civic-data provider against recorded (or documented-format) answers, and the fallback chain."""

import json
from typing import Any

import httpx
import pytest
import respx
from pydantic import ValidationError

from app.civic.geocoders.census import CensusGeocoder
from app.civic.geocoders.geocodio import GeocodioLocator
from app.civic.geocoders.google_civic import GoogleCivicLocator
from app.civic.geocoders.openstates_geo import OpenStatesLocator, parse_locations_response
from app.civic.locating.locate import FallbackLocator
from app.kernel.errors import AddressNotFoundError, GeocoderUnavailableError
from app.settings import Settings
from tests.support import (
    CENSUS_URL,
    CIVIC_API_DATA,
    FIXTURES,
    async_client,
    census_fixture,
    legacy_recording,
    located,
)

GEOCODIO_URL = "https://api.geocod.io/v1.9"
OPENSTATES_URL = "https://v3.openstates.org"
GOOGLE_URL = "https://www.googleapis.com/civicinfo/v2"
ARLINGTON = "1109 N Highland St, Arlington, VA"


def recording(name: str) -> Any:
    return json.loads((CIVIC_API_DATA / name).read_text())


def geocodio(http: httpx.AsyncClient) -> GeocodioLocator:
    return GeocodioLocator(http, base_url=GEOCODIO_URL, api_key="test-key")


def census(http: httpx.AsyncClient) -> CensusGeocoder:
    return CensusGeocoder(
        http, base_url=CENSUS_URL, benchmark="Public_AR_Current", vintage=lambda: "ACS2025_Current"
    )


def chain(http: httpx.AsyncClient) -> FallbackLocator:
    return FallbackLocator([("census", census(http)), ("geocodio", geocodio(http))])


def test_geocodio_gives_the_point_and_every_district() -> None:
    answer = recording("geocodio_v1.x_geocode_fields-cd-stateleg_2025-26.json")
    with respx.mock() as router, async_client() as http:
        route = router.get(f"{GEOCODIO_URL}/geocode").respond(json=answer)
        location = located(geocodio(http), ARLINGTON)
    params = route.calls.last.request.url.params
    assert (params["q"], params["fields"], params["api_key"]) == (ARLINGTON, "cd,stateleg", "test-key")
    assert (location.state, location.congressional_district, location.zip) == ("VA", "08", "22201")
    assert location.division_ids == (
        "ocd-division/country:us/state:va",
        "ocd-division/country:us/state:va/cd:8",
        "ocd-division/country:us/state:va/sldu:40",
        "ocd-division/country:us/state:va/sldl:2",
    )
    assert location.latitude == pytest.approx(38.886672)


def test_geocodio_state_legislative_only_answer_has_no_house_district() -> None:
    answer = recording("geocodio_v1.x_geocode_fields-stateleg_2025-26.json")
    with respx.mock() as router, async_client() as http:
        router.get(f"{GEOCODIO_URL}/geocode").respond(json=answer)
        location = located(geocodio(http), ARLINGTON)
    assert location.congressional_district is None
    assert "ocd-division/country:us/state:va/sldl:2" in location.division_ids


def test_geocodio_with_no_result_is_not_found() -> None:
    with respx.mock() as router, async_client() as http:
        router.get(f"{GEOCODIO_URL}/geocode").respond(json={"input": {}, "results": []})
        with pytest.raises(AddressNotFoundError):
            located(geocodio(http), "1 Nowhere Lane, Atlantis")


def test_a_refused_key_is_the_providers_trouble_not_the_address() -> None:
    with respx.mock() as router, async_client() as http:
        route = router.get(f"{GEOCODIO_URL}/geocode").respond(403, json={"error": "Invalid API key"})
        with pytest.raises(GeocoderUnavailableError):
            located(geocodio(http), ARLINGTON)
    assert route.call_count == 1, "a refused key is not retried"


def test_open_states_places_the_address_then_asks_people_geo() -> None:
    point = census_fixture("ne_lincoln")
    for match in point["result"]["addressMatches"]:
        del match["geographies"]
    people = recording("openstates-v3_people.geo_ne_2022.json")
    with respx.mock() as router, async_client() as http:
        router.get(f"{CENSUS_URL}/locations/onelineaddress").respond(json=point)
        geo = router.get(f"{OPENSTATES_URL}/people.geo").respond(json=people)
        locator = OpenStatesLocator(
            http,
            base_url=OPENSTATES_URL,
            api_key="os-key",
            census_url=CENSUS_URL,
            benchmark="Public_AR_Current",
        )
        location = located(locator, "1445 K St, Lincoln, NE 68508")
    request = geo.calls.last.request
    assert request.headers["X-API-KEY"] == "os-key"
    assert (request.url.params["lat"], request.url.params["lng"]) == ("40.807898", "-96.699607")
    assert (location.state, location.congressional_district) == ("NE", "01")
    assert location.division_ids == (
        "ocd-division/country:us/state:ne",
        "ocd-division/country:us/state:ne/sldu:29",
        "ocd-division/country:us/state:ne/cd:1",
    )


def test_census_locations_recording_gives_a_point() -> None:
    location = parse_locations_response(legacy_recording("address-locations"))
    assert (location.state, location.city) == ("DC", "Washington")
    assert location.latitude == pytest.approx(38.898754)


def test_google_divisions_by_address() -> None:
    answer = json.loads((FIXTURES / "google" / "divisions_boston.json").read_text())
    with respx.mock() as router, async_client() as http:
        route = router.get(f"{GOOGLE_URL}/divisionsByAddress").respond(json=answer)
        location = located(
            GoogleCivicLocator(http, base_url=GOOGLE_URL, api_key="g-key"), "1 Ashburton Place, Boston"
        )
    assert route.calls.last.request.url.params["key"] == "g-key"
    assert (location.state, location.congressional_district, location.city) == ("MA", "07", "Boston")
    assert "ocd-division/country:us/state:ma/sldu:3rd_suffolk" in location.division_ids
    assert "ocd-division/country:us/state:ma/sldl:8th_suffolk" in location.division_ids
    assert location.latitude == pytest.approx(42.3576, abs=0.01)


def test_the_next_provider_answers_when_the_first_fails() -> None:
    answer = recording("geocodio_v1.x_geocode_fields-cd-stateleg_2025-26.json")
    with respx.mock() as router, async_client() as http:
        failing = router.get(f"{CENSUS_URL}/geographies/onelineaddress").mock(
            side_effect=httpx.ReadTimeout("slow")
        )
        router.get(f"{GEOCODIO_URL}/geocode").respond(json=answer)
        location = located(
            FallbackLocator([("census", census(http)), ("geocodio", geocodio(http))]), ARLINGTON
        )
    assert failing.call_count == 2
    assert location.state == "VA"


def test_an_address_not_found_is_believed_not_passed_on() -> None:
    with respx.mock(assert_all_called=False) as router, async_client() as http:
        router.get(f"{CENSUS_URL}/geographies/onelineaddress").respond(json=census_fixture("no_match"))
        second = router.get(f"{GEOCODIO_URL}/geocode")
        with pytest.raises(AddressNotFoundError):
            located(
                FallbackLocator([("census", census(http)), ("geocodio", geocodio(http))]), "1 Nowhere Lane"
            )
    assert second.call_count == 0


def test_when_every_provider_fails_the_error_says_so() -> None:
    with respx.mock() as router, async_client() as http:
        router.get(f"{CENSUS_URL}/geographies/onelineaddress").respond(503)
        router.get(f"{GEOCODIO_URL}/geocode").respond(500)
        with pytest.raises(GeocoderUnavailableError):
            located(chain(http), ARLINGTON)


def test_settings_take_a_comma_separated_list_and_need_each_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWITCHBOARD_LOCATORS", "census, geocodio")
    monkeypatch.setenv("SWITCHBOARD_GEOCODIO_API_KEY", "k")
    assert Settings(_env_file=None).locators == ["census", "geocodio"]
    monkeypatch.setenv("SWITCHBOARD_LOCATORS", '["geocodio"]')
    assert Settings(_env_file=None).locators == ["geocodio"]
    with pytest.raises(ValidationError, match="SWITCHBOARD_GOOGLE_CIVIC_API_KEY"):
        Settings(_env_file=None, locators=["census", "google"])
    with pytest.raises(ValidationError):
        Settings(_env_file=None, locators=["mapquest"])
