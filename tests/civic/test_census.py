"""The Census geocoder provider: requests it makes, answers it reads (recorded and current)."""

from datetime import UTC, datetime

import httpx
import pytest
import respx

from app.civic.directory.status import lookup_vintage
from app.civic.geocoders.census import CensusGeocoder, parse_geographies_response
from app.kernel.errors import AddressAmbiguousError, AddressNotFoundError, GeocoderUnavailableError
from tests.support import CENSUS_URL, async_client, census_fixture, legacy_recording, located


def geocoder(client: httpx.AsyncClient) -> CensusGeocoder:
    return CensusGeocoder(
        client, base_url=CENSUS_URL, benchmark="Public_AR_Current", vintage=lambda: "ACS2025_Current"
    )


def test_request_asks_for_layers_vintage_and_benchmark() -> None:
    with respx.mock() as router, async_client() as client:
        route = router.get(f"{CENSUS_URL}/geographies/onelineaddress").respond(
            json=census_fixture("ma_boston")
        )
        located(geocoder(client), "1 Ashburton Place,  Boston, MA 02108")
    params = route.calls.last.request.url.params
    assert params["layers"] == "all"
    assert params["vintage"] == "ACS2025_Current"
    assert params["benchmark"] == "Public_AR_Current"
    assert params["format"] == "json"
    assert params["address"] == "1 Ashburton Place, Boston, MA 02108"


def test_current_format_answer() -> None:
    location = parse_geographies_response(census_fixture("ma_boston"))
    assert location.state == "MA"
    assert location.congressional_district == "07"
    assert location.congress == 119
    assert location.city == "Boston"
    assert location.zip == "02108"
    assert location.latitude == pytest.approx(42.358894)
    assert location.division_ids == (
        "ocd-division/country:us/state:ma",
        "ocd-division/country:us/state:ma/cd:7",
        "ocd-division/country:us/state:ma/sldu:3rd_suffolk",
        "ocd-division/country:us/state:ma/sldl:8th_suffolk",
    )
    assert [d.geoid for d in location.state_upper] == ["25D25"]
    assert [d.geoid for d in location.state_lower] == ["25130"]


def test_at_large_and_delegate_codes_map_to_the_state() -> None:
    wyoming = parse_geographies_response(census_fixture("wy_cheyenne"))
    assert wyoming.congressional_district == "00"
    assert wyoming.division_ids[0] == "ocd-division/country:us/state:wy"
    assert not any("/cd:" in division for division in wyoming.division_ids)
    dc = parse_geographies_response(census_fixture("dc_capitol"))
    assert dc.congressional_district == "98"
    assert dc.division_ids == ("ocd-division/country:us/district:dc",)


def test_recorded_legacy_answer_with_failed_layers() -> None:
    """The ~2017 recording: the congressional layer failed (`status` only), States still answered."""
    location = parse_geographies_response(legacy_recording("onelineaddress"))
    assert location.state == "DC"
    assert location.matched_address == "1600 PENNSYLVANIA AVE NW, WASHINGTON, DC, 20502"
    assert location.congressional_district is None
    assert location.state_upper == ()


def test_recorded_legacy_address_answer_without_district_layers() -> None:
    location = parse_geographies_response(legacy_recording("address-geographies"))
    assert location.state == "DC"
    assert location.longitude == pytest.approx(-77.03535)


def test_layer_names_are_matched_by_pattern() -> None:
    answer = census_fixture("ma_boston")
    geographies = answer["result"]["addressMatches"][0]["geographies"]
    layer = geographies.pop("119th Congressional Districts")
    layer[0]["CD120"] = layer[0].pop("CD119")
    geographies["120th Congressional Districts"] = layer
    geographies["2026 State Legislative Districts - Upper"] = geographies.pop(
        "2024 State Legislative Districts - Upper"
    )
    location = parse_geographies_response(answer)
    assert (location.congress, location.congressional_district) == (120, "07")
    assert [d.name for d in location.state_upper] == ["Third Suffolk District"]


def test_no_match_and_split_matches() -> None:
    with pytest.raises(AddressNotFoundError):
        parse_geographies_response(census_fixture("no_match"))
    with pytest.raises(AddressAmbiguousError) as raised:
        parse_geographies_response(census_fixture("ambiguous"))
    assert len(raised.value.details["candidates"]) == 2  # type: ignore[arg-type]


def test_unreadable_answer_is_unavailable_not_a_crash() -> None:
    with pytest.raises(GeocoderUnavailableError):
        parse_geographies_response({"errors": ["benchmark not found"]})


def test_a_4xx_answer_means_the_address_could_not_be_used() -> None:
    with respx.mock() as router, async_client() as client:
        router.get(f"{CENSUS_URL}/geographies/onelineaddress").respond(400, json={"errors": ["bad address"]})
        with pytest.raises(AddressNotFoundError):
            located(geocoder(client), "1 Main St")


@pytest.mark.parametrize(
    ("moment", "directory_congress", "vintage"),
    [
        (datetime(2026, 11, 23, tzinfo=UTC), None, "ACS2025_Current"),
        (datetime(2027, 1, 3, 16, 59, 59, tzinfo=UTC), 119, "ACS2025_Current"),
        (datetime(2027, 1, 3, 17, 0, tzinfo=UTC), None, "Current_Current"),
        (datetime(2027, 1, 3, 17, 0, tzinfo=UTC), 120, "Current_Current"),
        # The 120th took office but the directory still holds the 119th's members.
        (datetime(2027, 1, 3, 17, 0, tzinfo=UTC), 119, "ACS2025_Current"),
        (datetime(2028, 6, 1, tzinfo=UTC), 120, "Current_Current"),
    ],
)
def test_vintage_follows_the_congress_in_office_and_then_the_directory(
    moment: datetime, directory_congress: int | None, vintage: str
) -> None:
    assert lookup_vintage(configured="", directory_congress=directory_congress, now=moment) == vintage


def test_vintage_setting_overrides_the_date_and_the_directory() -> None:
    moment = datetime(2027, 2, 1, tzinfo=UTC)
    assert lookup_vintage(configured="Census2020_Current", directory_congress=119, now=moment) == (
        "Census2020_Current"
    )
