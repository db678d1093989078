"""The lookup path below the web: ZIP codes and representatives, from a small directory in memory."""

import asyncio
from datetime import UTC, datetime

import pytest

from app.civic.locating.representatives import ensure_directory_loaded, representatives_at
from app.civic.locating.zip_codes import (
    ZipCodeLocator,
    find_zip,
    require_one_district,
    spanned_chambers,
    zip_place,
)
from app.kernel.errors import AddressNotFoundError, DirectoryEmptyError, ZipSpansDistrictsError
from tests.civic.lookup_fixtures import (
    BOSTON,
    BOSTON_ZIP,
    EMPTY_DIRECTORY,
    MA,
    MA_1,
    MA_2,
    MA_7,
    PITTSFIELD_ZIP,
    UNPLACED_ZIP,
    HeldDirectory,
    OneAnswer,
    small_directory,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_zip_place_is_found_offline_and_a_non_zip_is_none() -> None:
    place = zip_place(BOSTON_ZIP)
    assert place is not None
    assert (place.state, place.city, place.division_ids) == ("MA", "Boston", ())
    assert zip_place("00000") is None
    assert zip_place("0210") is None
    assert zip_place("02108-1234") is None  # the locator strips the +4, not zip_place


def test_find_zip_adds_the_divisions_the_tables_give() -> None:
    area = find_zip(small_directory(), zip_code=BOSTON_ZIP)
    assert area is not None
    assert area.division_ids == (MA_7,)
    location = area.location()
    assert (location.precision, location.congressional_district) == ("zip", "07")
    assert location.division_ids == (MA, MA_7)


def test_a_zip_that_spans_districts_is_refused_with_its_candidates() -> None:
    area = find_zip(small_directory(), zip_code=PITTSFIELD_ZIP)
    assert area is not None
    location = area.location()
    assert spanned_chambers(location, chambers=["us-senate", "us-house"]) == ["us-house"]
    with pytest.raises(ZipSpansDistrictsError) as refused:
        require_one_district(location, chambers=["us-house"])
    assert refused.value.details["candidates"] == [
        "MA congressional district 1",
        "MA congressional district 2",
    ]
    require_one_district(location, chambers=["us-senate"])  # the senators are certain
    assert area.shared_location().division_ids == (MA,)
    assert {MA_1, MA_2} <= set(location.division_ids)


def test_an_address_is_never_refused_for_spanning() -> None:
    require_one_district(BOSTON, chambers=["us-house"])
    assert spanned_chambers(BOSTON, chambers=["us-house"]) == []


def test_the_zip_locator_answers_zips_itself_and_hands_addresses_on() -> None:
    fallback = OneAnswer(BOSTON, asked=[])
    locator = ZipCodeLocator(HeldDirectory(small_directory()), fallback=fallback)
    by_zip = asyncio.run(locator.locate(f" {BOSTON_ZIP}-1234 "))
    assert (by_zip.precision, by_zip.division_ids) == ("zip", (MA, MA_7))
    assert asyncio.run(locator.locate("1 Ashburton Place, Boston, MA 02108")) == BOSTON
    assert fallback.asked == ["1 Ashburton Place, Boston, MA 02108"]


@pytest.mark.parametrize(
    ("zip_code", "says"), [("00000", "don't know the ZIP code"), (UNPLACED_ZIP, "can't place ZIP code")]
)
def test_the_zip_locator_says_what_it_cannot_place(zip_code: str, says: str) -> None:
    locator = ZipCodeLocator(HeldDirectory(small_directory()), fallback=OneAnswer(BOSTON, asked=[]))
    with pytest.raises(AddressNotFoundError, match=says):
        asyncio.run(locator.locate(zip_code))


def test_representatives_at_an_address_with_their_nearest_offices() -> None:
    found = asyncio.run(
        representatives_at(
            HeldDirectory(small_directory()), locator=OneAnswer(BOSTON, asked=[]), address="x", now=NOW
        )
    )
    assert [(rep.name, choice.office.city if choice else None) for rep, choice in found.representatives] == [
        ("Edward Markey", "Boston"),
        ("Elizabeth Warren", "Boston"),
        ("Ayanna Pressley", "Boston"),
    ]
    assert [seat.message for seat in found.vacancies] == [
        "We could not tell the state senate district of this address.",
        "We could not tell the state house district of this address.",
    ]


def test_representatives_at_a_spanning_zip_are_the_certain_ones_and_the_rest_are_named() -> None:
    area = find_zip(small_directory(), zip_code=PITTSFIELD_ZIP)
    assert area is not None
    locator = OneAnswer(area.location(), asked=[])
    directory = HeldDirectory(small_directory())
    found = asyncio.run(representatives_at(directory, locator=locator, address="x", now=NOW))
    assert [rep.chamber for rep, _choice in found.representatives] == ["us-senate", "us-senate"]
    assert "us-house" in {u.chamber for u in found.unsure}


def test_an_empty_directory_says_so_before_any_geocoding() -> None:
    locator = OneAnswer(BOSTON, asked=[])
    with pytest.raises(DirectoryEmptyError, match="no members of Congress"):
        asyncio.run(representatives_at(HeldDirectory(EMPTY_DIRECTORY), locator=locator, address="x"))
    assert locator.asked == []
    ensure_directory_loaded(small_directory(), chambers=["us-senate", "us-house"])
    with pytest.raises(DirectoryEmptyError, match="no state legislators"):
        ensure_directory_loaded(EMPTY_DIRECTORY, chambers=["state-upper"])
