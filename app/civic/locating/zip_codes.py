"""ZIP-only input: a five-digit ZIP located offline, never guessing a district it does not decide.

The `zipcodes` package gives the ZIP's state, town and centroid; the ZIP → district tables that
`directory sync` imports (ZCTA → congressional district, state legislative district → ZCTAs) give
its districts. A ZIP may overlap several districts of one chamber: lookups then answer with the
chambers it does decide and name the others (`undecided_chambers`), asking for the street address for
those; a ZIP that decides none of the chambers asked about is refused (`require_one_district`).
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from app.civic.directory.seats import chamber_label, message
from app.civic.directory.view import DirectoryReader, DirectoryView, current_directory
from app.civic.geography.addresses import ascii_digits
from app.civic.geography.divisions import (
    congressional_division,
    house_code_of,
    state_division,
    state_from_fips,
)
from app.civic.geography.legislative_districts import (
    district_by_division,
    division_ids_for,
    floterial_division_ids,
)
from app.civic.geography.location import CensusDistrict, Location
from app.civic.geography.zip_places import place_of_zip
from app.civic.locating.locate import Locator
from app.i18n.languages import DEFAULT_LANGUAGE
from app.kernel.errors import AddressNotFoundError, ZipSpansDistrictsError
from app.kernel.vocabulary import Chamber

ZIP_ONLY = re.compile(r"^([0-9]{5})(?:-[0-9]{4})?$")
_LAYERS = {"upper": "sldu", "lower": "sldl"}
_CHAMBER_WORDS: dict[str, str] = {Chamber.STATE_UPPER: "state senate", Chamber.STATE_LOWER: "state house"}


def congress_zip_rows(table: str) -> Iterator[tuple[str, str, str]]:
    """(zip, division id, state) from the ZCTA → 119th-Congress district CSV."""
    for row in csv.DictReader(io.StringIO(table)):
        state = row["state_abbr"]
        yield row["zcta"], congressional_division(state, district=int(row["cd"])), state


def state_legislative_zip_rows(table: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(zip, division id, state) from the state legislative district → ZCTAs table."""
    for fips, entry in table["states"].items():
        state = state_from_fips(fips)
        if state is None:
            continue
        for chamber, districts in entry["chambers"].items():
            layer = _LAYERS[chamber]
            for code, district in districts["districts"].items():
                census = CensusDistrict(geoid=fips + code.zfill(3), code=code.zfill(3), name=district["name"])
                for division in division_ids_for(state=state, layer=layer, district=census):
                    for zip_code in district["zips"]:
                        yield zip_code, division, state


@dataclass(frozen=True)
class ZipArea:
    """A five-digit ZIP: its place (the `zipcodes` package) and the divisions the imported tables give it."""

    zip: str
    state: str
    city: str
    latitude: float
    longitude: float
    # Every division the ZIP overlaps, from the ZIP tables; empty when the tables do not know it.
    division_ids: tuple[str, ...] = ()

    def location(self) -> Location:
        """Every district the ZIP overlaps (`require_one_district` refuses the ambiguous ones)."""
        return self._location(self.division_ids)

    def shared_location(self) -> Location:
        """Only the districts every resident of the ZIP shares: a chamber the ZIP splits is left out."""
        whole = self.location()
        split = {c for c in Chamber if c.by_district and len(_districts_in(whole, c)) > 1}
        return self._location(tuple(d for d in self.division_ids if _chamber_of(d) not in split))

    def _location(self, divisions: tuple[str, ...]) -> Location:
        return Location(
            matched_address=f"ZIP code {self.zip}",
            latitude=self.latitude,
            longitude=self.longitude,
            state=self.state,
            city=self.city,
            zip=self.zip,
            congressional_district=house_code_of(self.state, division_ids=divisions),
            division_ids=tuple(dict.fromkeys((state_division(self.state), *divisions))),
            precision="zip",
        )


def zip_place(zip_code: str) -> ZipArea | None:
    """Where a five-digit ZIP is (state, town, centroid), offline; None when there is no such ZIP."""
    place = place_of_zip(zip_code)
    if place is None:
        return None
    return ZipArea(
        zip=zip_code, state=place.state, city=place.city, latitude=place.latitude, longitude=place.longitude
    )


def find_zip(directory: DirectoryView, *, zip_code: str) -> ZipArea | None:
    """The ZIP's place with every division the imported tables give it; None when there is no such ZIP."""
    place = zip_place(zip_code)
    if place is None:
        return None
    return replace(place, division_ids=directory.divisions_of_zip(zip_code))


class ZipCodeLocator:
    """Answers five-digit ZIPs from the imported tables; hands anything else to `fallback`."""

    def __init__(self, directory: DirectoryReader, *, fallback: Locator) -> None:
        self._directory = directory
        self._fallback = fallback

    async def locate(self, address: str) -> Location:
        found = ZIP_ONLY.match(ascii_digits(address).strip())
        if found is None:
            return await self._fallback.locate(address)
        zip_code = found.group(1)
        area = find_zip(await current_directory(self._directory), zip_code=zip_code)
        if area is None:
            raise AddressNotFoundError(
                f"We don't know the ZIP code {zip_code}. Please enter your full street address."
            )
        if not area.division_ids:
            raise AddressNotFoundError(
                f"We can't place ZIP code {zip_code} in districts (it may be a PO box or business ZIP). "
                "Please enter your street address."
            )
        return area.location()


def require_one_district(location: Location, *, chambers: Iterable[str]) -> None:
    """For a ZIP-only location: refuse when, for a chamber asked about, the ZIP spans several districts."""
    spanned = [d for chamber in chambers for d in _spanned_in(location, chamber)]
    if spanned:
        raise ZipSpansDistrictsError(
            f"ZIP code {location.zip} spans several districts. Please enter your street address "
            "so we can find your legislators.",
            details={
                "candidates": [_label(d) for d in spanned],
                "districts": [{"chamber": c, "state": s, "district": n} for c, s, n in spanned],
            },
        )


@dataclass(frozen=True)
class UnsureChamber:
    """A chamber whose district a ZIP code alone does not decide: the districts the ZIP overlaps,
    and the note that asks for a street address to find its members."""

    chamber: str
    state: str
    districts: tuple[str, ...]
    message: str

    @property
    def candidates(self) -> list[str]:
        """The districts as a 409's `candidates` name them ("VT state senate district Chittenden Central")."""
        return [_label((self.chamber, self.state, name)) for name in self.districts]


def undecided_chambers(
    location: Location, *, chambers: Sequence[str], language: str = DEFAULT_LANGUAGE
) -> list[UnsureChamber]:
    """For a ZIP-only location: the chambers of `chambers` it leaves undecided (their members need
    a street address), as long as it decides at least one; ZipSpansDistrictsError when it decides none."""
    spanned = spanned_chambers(location, chambers=chambers)
    unsure = [_unsure(location, chamber, language) for chamber in spanned]
    if unsure and len(unsure) == len(chambers):
        require_one_district(location, chambers=chambers)
    return unsure


def _unsure(location: Location, chamber: str, language: str) -> UnsureChamber:
    names = tuple(name for _chamber, _state, name in _spanned_in(location, chamber))
    if chamber == Chamber.US_HOUSE:
        shown = [f"{location.state}-{name.lstrip('0') or name}" for name in names]
    else:
        shown = list(names)
    note = message(
        language,
        key="zip_spans_chamber",
        zip=location.zip,
        chamber=chamber_label(language, chamber=chamber),
        districts=", ".join(shown),
    )
    return UnsureChamber(chamber=chamber, state=location.state, districts=names, message=note)


def spanned_chambers(location: Location, *, chambers: Iterable[str]) -> list[str]:
    """The chambers of `chambers` whose district a ZIP-only location cannot decide."""
    return [chamber for chamber in chambers if _spanned_in(location, chamber)]


def _spanned_in(location: Location, chamber: str) -> list[tuple[str, str, str]]:
    """(chamber, state, district name) of each district of `chamber` a ZIP-only location overlaps."""
    if location.precision != "zip":
        return []
    found = _districts_in(location, chamber)
    return found if len(found) > 1 else []


def _districts_in(location: Location, chamber: str) -> list[tuple[str, str, str]]:
    if chamber == Chamber.US_HOUSE:
        return [
            (chamber, d.split("state:")[1][:2].upper(), d.rsplit(":", 1)[1])
            for d in location.division_ids
            if "/cd:" in d
        ]
    floterials = floterial_division_ids()
    found = []
    for division in location.division_ids:
        district = district_by_division(division)
        if district is not None and district.chamber == chamber and division not in floterials:
            found.append((chamber, district.state, district.name))
    return found


def _label(district: tuple[str, str, str]) -> str:
    chamber, state, name = district
    if chamber == Chamber.US_HOUSE:
        return f"{state} congressional district {name}"
    return f"{state} {_CHAMBER_WORDS[chamber]} district {name}"


def _chamber_of(division: str) -> str | None:
    if "/cd:" in division:
        return Chamber.US_HOUSE
    district = district_by_division(division)
    return district.chamber if district is not None else None
