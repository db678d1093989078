"""A small directory built by hand, for lookup tests that need no database and no app."""

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from app.civic.directory.officials import OfficeContact, Representative
from app.civic.directory.view import DirectoryView
from app.civic.geography.divisions import congressional_division, state_division
from app.civic.geography.location import Location
from app.kernel.vocabulary import Chamber

MA = state_division("MA")
MA_7 = congressional_division("MA", district=7)
MA_1 = congressional_division("MA", district=1)
MA_2 = congressional_division("MA", district=2)
BOSTON_ZIP = "02108"  # one district: MA-7
PITTSFIELD_ZIP = "01201"  # two districts here: MA-1 and MA-2
UNPLACED_ZIP = "02109"  # a real ZIP the tables below do not place
BOSTON = Location(
    matched_address="1 ASHBURTON PL, BOSTON, MA, 02108",
    latitude=42.3587,
    longitude=-71.0625,
    state="MA",
    city="Boston",
    zip=BOSTON_ZIP,
    congressional_district="07",
    division_ids=(MA, MA_7),
)


def office(office_id: str, *, kind: str, city: str, latitude: float, longitude: float) -> OfficeContact:
    return OfficeContact(
        id=office_id,
        kind=kind,
        phone="+16175550100",
        address="1 Main St",
        city=city,
        state="MA" if city != "Washington" else "DC",
        zip="02108",
        latitude=latitude,
        longitude=longitude,
    )


def member(
    bioguide: str, name: str, *, chamber: Chamber, division: str, district: str = ""
) -> Representative:
    return Representative(
        id=bioguide,
        source="congress-legislators",
        name=name,
        last_name=name.rsplit(" ", 1)[1],
        title="Senator" if chamber is Chamber.US_SENATE else "Representative",
        chamber=chamber,
        party="Democrat",
        state="MA",
        district=district,
        division_id=division,
        offices=(
            office(f"{bioguide}-dc", kind="capitol", city="Washington", latitude=38.89, longitude=-77.01),
            office(f"{bioguide}-boston", kind="district", city="Boston", latitude=42.36, longitude=-71.06),
        ),
        term_start=date(2025, 1, 3),
        term_end=date(2031, 1, 3),
    )


WARREN = member("W000817", "Elizabeth Warren", chamber=Chamber.US_SENATE, division=MA)
MARKEY = member("M000133", "Edward Markey", chamber=Chamber.US_SENATE, division=MA)
PRESSLEY = member("P000617", "Ayanna Pressley", chamber=Chamber.US_HOUSE, division=MA_7, district="7")
# State legislators sit elsewhere in this directory: the addresses here have no state districts.
ELSEWHERE = f"{MA}/sldu:elsewhere"
STATE_SENATOR = member("MA-S1", "Sam Senator", chamber=Chamber.STATE_UPPER, division=ELSEWHERE, district="1")
STATE_REPRESENTATIVE = member("MA-H1", "Rae Representative", chamber=Chamber.STATE_LOWER, division=ELSEWHERE)


def small_directory() -> DirectoryView:
    return DirectoryView(
        by_division=MappingProxyType(
            {MA: (WARREN, MARKEY), MA_7: (PRESSLEY,), ELSEWHERE: (STATE_SENATOR, STATE_REPRESENTATIVE)}
        ),
        chambers=frozenset({"us-senate", "us-house", "state-upper", "state-lower"}),
        zip_divisions=MappingProxyType({BOSTON_ZIP: (MA_7,), PITTSFIELD_ZIP: (MA_1, MA_2)}),
        dated_vacancies=MappingProxyType({}),
    )


EMPTY_DIRECTORY = DirectoryView(
    by_division=MappingProxyType({}),
    chambers=frozenset(),
    zip_divisions=MappingProxyType({}),
    dated_vacancies=MappingProxyType({}),
)


@dataclass
class HeldDirectory:
    """A DirectoryReader that always has its view in memory (what a warm process has)."""

    view: DirectoryView

    def directory(self) -> DirectoryView:
        return self.view

    def directory_in_memory(self) -> DirectoryView | None:
        return self.view


@dataclass
class OneAnswer:
    """A Locator that places every address it is asked at one location, and keeps what it was asked."""

    location: Location
    asked: list[str]

    async def locate(self, address: str) -> Location:
        self.asked.append(address)
        return self.location
