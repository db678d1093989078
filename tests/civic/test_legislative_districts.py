"""Census state legislative districts → Open Civic Data ids, proven over the whole 2024 Gazetteer."""

import csv
from collections import Counter

import pytest

from app.civic.geography.legislative_districts import (
    districts_of,
    division_ids_for,
    find_district,
    floterial_division_ids,
    floterials_over,
    is_unicameral,
    state_legislature_states,
)
from app.civic.geography.location import CensusDistrict
from tests.support import SHARED_DATA

GAZETTEER = SHARED_DATA / "districts" / "census-gazetteer-2024"
MAINE_TRIBAL_SEATS = {
    "ocd-division/country:us/state:me/sldl:houlton-band",
    "ocd-division/country:us/state:me/sldl:passamaquoddy-tribe",
}


def gazetteer_districts() -> list[tuple[str, str, CensusDistrict]]:
    """Every real district of the 50 states (water areas "ZZZ" aside) as (state, layer, district)."""
    states = set(state_legislature_states())
    found = []
    for layer in ("sldu", "sldl"):
        with (GAZETTEER / f"2024_Gaz_{layer}_national.txt").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row["USPS"] in states and not row["GEOID"].endswith("ZZZ"):
                    code = row["GEOID"][2:]
                    found.append((row["USPS"], layer, CensusDistrict(row["GEOID"], code, row["NAME"])))
    return found


def own_districts(state: str, ids: tuple[str, ...]) -> list[str]:
    """The district a Census district stands for, without the NH floterials layered over it."""
    return [i for i in ids if i not in floterial_division_ids()]


def test_every_census_district_maps_to_exactly_one_directory_district() -> None:
    districts = gazetteer_districts()
    assert len(districts) == 6775
    problems = []
    for state, layer, district in districts:
        ids = own_districts(state, division_ids_for(state=state, layer=layer, district=district))
        # Idaho elects seats A and B of each House district from the same Census district.
        expected = 2 if (state, layer) == ("ID", "sldl") else 1
        if len(ids) != expected:
            problems.append((district.geoid, district.name, ids))
    assert problems == []


def test_every_directory_district_is_reached() -> None:
    reached: set[str] = set()
    for state, layer, district in gazetteer_districts():
        reached.update(division_ids_for(state=state, layer=layer, district=district))
    every = {d.division_id for state in state_legislature_states() for d in districts_of(state)}
    assert len(every) > 6800
    assert every - reached == MAINE_TRIBAL_SEATS
    assert floterial_division_ids() <= reached


def test_massachusetts_goes_by_name() -> None:
    senate = CensusDistrict("25D01", "D01", "Berkshire-Hampden-Franklin-Hampshire District")
    house = CensusDistrict("25130", "130", "8th Suffolk District")
    assert division_ids_for(state="MA", layer="sldu", district=senate) == (
        "ocd-division/country:us/state:ma/sldu:berkshire_hampden_franklin_and_hampshire",
    )
    assert division_ids_for(state="MA", layer="sldl", district=house) == (
        "ocd-division/country:us/state:ma/sldl:8th_suffolk",
    )


def test_a_new_hampshire_base_district_also_reaches_its_floterial() -> None:
    base = CensusDistrict("33003", "003", "State House District Belknap 03")
    assert division_ids_for(state="NH", layer="sldl", district=base) == (
        "ocd-division/country:us/state:nh/sldl:belknap_3",
        "ocd-division/country:us/state:nh/sldl:belknap_8",
    )
    assert floterials_over("33001") == ()


def test_the_floterial_table_has_39_rows_over_real_base_districts() -> None:
    assert len(floterial_division_ids()) == 39
    nh = {d.division_id: d for d in districts_of("NH")}
    assert floterial_division_ids() <= set(nh)


@pytest.mark.parametrize(
    ("state", "geoid", "name", "expected"),
    [
        ("MD", "2401A", "State Legislative Subdistrict 1A", "ocd-division/country:us/state:md/sldl:1a"),
        (
            "VT",
            "50A-R",
            "Addison-Rutland State House District",
            "ocd-division/country:us/state:vt/sldl:addison-rutland",
        ),
        ("CA", "06020", "Assembly District 20", "ocd-division/country:us/state:ca/sldl:20"),
    ],
)
def test_lower_house_codes(state: str, geoid: str, name: str, expected: str) -> None:
    district = CensusDistrict(geoid, geoid[2:], name)
    assert division_ids_for(state=state, layer="sldl", district=district) == (expected,)


def test_nebraska_is_unicameral_and_its_senators_sit_for_sldu_districts() -> None:
    assert is_unicameral("NE")
    assert not is_unicameral("MA")
    found = find_district(state="NE", role_type="legislature", name="13")
    assert found is not None
    assert found.division_id == "ocd-division/country:us/state:ne/sldu:13"
    assert found.chamber == "state-upper"


def test_seat_counts_come_from_open_states_metadata() -> None:
    seats = Counter({d.chamber: 0 for d in districts_of("AZ")})
    for district in districts_of("AZ"):
        seats[district.chamber] += district.seats
    assert seats == {"state-upper": 30, "state-lower": 60}


def test_a_new_hampshire_senate_district_has_no_floterial() -> None:
    senate = CensusDistrict("33003", "003", "State Senate District 3")
    assert division_ids_for(state="NH", layer="sldu", district=senate) == (
        "ocd-division/country:us/state:nh/sldu:3",
    )
