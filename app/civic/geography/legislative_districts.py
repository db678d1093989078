"""State legislative districts: Open States' district names and seats, and Census codes → OCD ids.

The `openstates-metadata` package lists every state's districts (name, Open Civic Data id, seats).
Census GEOIDs map to those ids by "strip leading zeros, lower-case" in most states; Massachusetts,
New Hampshire and Vermont go by district name. Idaho elects two seats (A and B) from each
Census House district. New Hampshire's floterial districts have no Census polygon: a resident of
a base district is also represented by its floterial (app/civic/geography/data/nh_floterials.csv).
"""

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import openstates_metadata
import us

from app.civic.geography.location import CensusDistrict
from app.kernel.vocabulary import Chamber

FLOTERIALS_FILE = Path(__file__).parent / "data" / "nh_floterials.csv"
# Census layer → Open States chamber(s); Nebraska's unicameral "legislature" uses sldu ids.
LAYER_CHAMBERS = {"sldu": ("upper", "legislature"), "sldl": ("lower",)}
CHAMBER_OF_TYPE = {
    "upper": Chamber.STATE_UPPER,
    "legislature": Chamber.STATE_UPPER,
    "unicameral": Chamber.STATE_UPPER,
    "lower": Chamber.STATE_LOWER,
}
_BY_NAME_STATES = frozenset({"MA", "NH", "VT"})
_SPLIT_SEAT_STATES = {"ID": ("a", "b")}
_ORDINAL_WORDS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
_ORDINAL_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}
_ORDINALS = {
    word: f"{n}{'th' if 10 < n < 14 else _ORDINAL_SUFFIXES.get(n % 10, 'th')}"
    for n, word in enumerate(_ORDINAL_WORDS, start=1)
}
_NOISE_WORDS = frozenset({"district", "districts", "senatorial", "state", "house", "senate", "and"})


@dataclass(frozen=True)
class LegislativeDistrict:
    """One district of a state legislature as Open States knows it."""

    state: str
    chamber: Chamber  # a state chamber
    name: str
    division_id: str
    seats: int
    title: str


def state_legislature_states() -> list[str]:
    """USPS codes of the 50 states (DC's council and the territories are out of scope)."""
    return sorted(str(s.abbr) for s in us.STATES)


@cache
def districts_of(state: str) -> tuple[LegislativeDistrict, ...]:
    """Every legislative district of a state, upper then lower; empty for an unknown state."""
    metadata = openstates_metadata.lookup(abbr=state.lower())
    if metadata is None:
        return ()
    return tuple(
        LegislativeDistrict(
            state=state.upper(),
            chamber=CHAMBER_OF_TYPE[chamber.chamber_type],
            name=district.name,
            division_id=district.division_id,
            seats=district.num_seats,
            title=district.title_override or chamber.title,
        )
        for chamber in metadata.chambers
        for district in chamber.districts
    )


@cache
def _by_division() -> dict[str, LegislativeDistrict]:
    return {d.division_id: d for state in state_legislature_states() for d in districts_of(state)}


def is_unicameral(state: str) -> bool:
    """Nebraska: one house, whose members sit for `sldu` districts."""
    return bool(districts_of(state)) and not any(
        d.chamber == Chamber.STATE_LOWER for d in districts_of(state)
    )


def district_by_division(division_id: str) -> LegislativeDistrict | None:
    return _by_division().get(division_id)


def districts_at(division_ids: Iterable[str]) -> list[LegislativeDistrict]:
    """The state legislative districts among a location's divisions (floterials included)."""
    return [d for d in map(district_by_division, division_ids) if d is not None]


def find_district(*, state: str, role_type: str, name: str) -> LegislativeDistrict | None:
    """The district an Open States role names (`type` upper|lower|legislature, `district` name)."""
    chamber = CHAMBER_OF_TYPE.get(role_type, "")
    return _by_name(state.upper()).get((chamber, _name_key(name)))


@cache
def _by_name(state: str) -> dict[tuple[str, str], LegislativeDistrict]:
    return {(d.chamber, _name_key(d.name)): d for d in districts_of(state)}


def division_ids_for(*, state: str, layer: str, district: CensusDistrict) -> tuple[str, ...]:
    """The OCD ids of the directory districts a Census district (layer sldu|sldl) stands for."""
    known = {d.division_id: d for d in districts_of(state)}
    chambers = {CHAMBER_OF_TYPE[t] for t in LAYER_CHAMBERS[layer]}
    if state in _BY_NAME_STATES:
        ids = _ids_by_name(state, chambers, district.name)
    else:
        ids = _ids_by_code(state, layer, district.geoid[2:])
    found = tuple(i for i in ids if i in known and known[i].chamber in chambers)
    if not found:
        return ()
    return found + floterials_over(district.geoid) if layer == "sldl" else found


def legislative_division_ids(
    *, state: str, upper: Sequence[CensusDistrict], lower: Sequence[CensusDistrict]
) -> list[str]:
    """The OCD ids of every legislative district the Census placed a point in, without repeats."""
    found: list[str] = []
    for layer, districts in (("sldu", upper), ("sldl", lower)):
        for district in districts:
            found += [
                i for i in division_ids_for(state=state, layer=layer, district=district) if i not in found
            ]
    return found


def _ids_by_code(state: str, layer: str, code: str) -> Iterator[str]:
    base = f"{_state_prefix(state)}/{layer}:{code.lstrip('0').lower() or '0'}"
    suffixes = _SPLIT_SEAT_STATES.get(state) if layer == "sldl" else None
    if suffixes:
        yield from (base + s for s in suffixes)
    else:
        yield base


def _ids_by_name(state: str, chambers: set[Chamber], name: str) -> Iterator[str]:
    for chamber in sorted(chambers):
        found = _by_name(state).get((chamber, _name_key(name)))
        if found is not None:
            yield found.division_id


def _state_prefix(state: str) -> str:
    return f"ocd-division/country:us/state:{state.lower()}"


def _name_key(name: str) -> str:
    """ "Eighth Suffolk District", "8th Suffolk" and "State House District Belknap 08" compare equal."""
    words = re.sub(r"[-,&]", " ", name.lower().replace("south east", "southeast")).split()
    kept = [_ORDINALS.get(w, w.lstrip("0") if w.isdigit() else w) for w in words if w not in _NOISE_WORDS]
    return " ".join(kept)


@cache
def _floterials() -> dict[str, tuple[str, ...]]:
    """Census GEOID of a base district → the OCD ids of the floterials over it."""
    over: dict[str, list[str]] = {}
    with FLOTERIALS_FILE.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            for geoid in row["base_geoids"].split():
                over.setdefault(geoid, []).append(row["ocd_id"])
    return {geoid: tuple(ids) for geoid, ids in over.items()}


def floterials_over(geoid: str) -> tuple[str, ...]:
    return _floterials().get(geoid, ())


def floterial_division_ids() -> frozenset[str]:
    return frozenset(i for ids in _floterials().values() for i in ids)
