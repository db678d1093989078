"""The US Census Geocoder (no key): one-line address → coordinates, state and districts.

Layer names change with the vintage ("119th Congressional Districts", "2024 State Legislative
Districts - Upper"), so they are matched by pattern; layers that failed carry only a `status`.
"""

import re
from collections.abc import Callable
from typing import Any

import httpx

from app.civic.geocoders.provider_http import address_matches, get_json, not_found_message
from app.civic.geography.addresses import clean_address
from app.civic.geography.divisions import congressional_division, state_division, state_from_fips
from app.civic.geography.legislative_districts import legislative_division_ids
from app.civic.geography.location import CensusDistrict, Location
from app.kernel.errors import (
    AddressAmbiguousError,
    AddressNotFoundError,
)

_CONGRESS_LAYER = re.compile(r"^(\d+)(?:st|nd|rd|th) Congressional Districts?$", re.I)
_UPPER_LAYER = re.compile(r"State Legislative Districts? - Upper", re.I)
_LOWER_LAYER = re.compile(r"State Legislative Districts? - Lower", re.I)
_UNDEFINED_CODES = frozenset({"ZZ", "ZZZ", ""})


class CensusGeocoder:
    """Locator backed by `geographies/onelineaddress`; one retry on a transient failure."""

    def __init__(
        self, client: httpx.AsyncClient, *, base_url: str, benchmark: str, vintage: Callable[[], str]
    ) -> None:
        self._client = client
        self._base_url = base_url.rstrip("/")
        self._benchmark = benchmark
        self._vintage = vintage

    async def locate(self, address: str) -> Location:
        text = clean_address(address)
        params = {
            "address": text,
            "benchmark": self._benchmark,
            "vintage": self._vintage(),
            "layers": "all",
            "format": "json",
        }
        payload = await self._get("geographies/onelineaddress", params)
        return parse_geographies_response(payload)

    async def _get(self, path: str, params: dict[str, str]) -> Any:
        return await get_json(self._client, url=f"{self._base_url}/{path}", params=params)


def parse_geographies_response(payload: Any) -> Location:
    """A Location from a `geographies/*address` answer; refuses no match and split matches."""
    matches = address_matches(payload)
    locations = [loc for loc in (_parse_match(m) for m in matches) if loc is not None]
    if not locations:
        raise AddressNotFoundError(not_found_message())
    districts = {(loc.state, loc.congressional_district) for loc in locations}
    if len(districts) > 1:
        raise AddressAmbiguousError(
            "That address matches several places. Please add the city, state and ZIP code.",
            details={"candidates": [loc.matched_address for loc in locations]},
        )
    return locations[0]


def _parse_match(match: dict[str, Any]) -> Location | None:
    geographies: dict[str, list[dict[str, Any]]] = match.get("geographies") or {}
    state = _state_of(geographies, match)
    coordinates = match.get("coordinates") or {}
    if state is None or "x" not in coordinates:
        return None
    congress, cd_code = _congressional_district(geographies)
    components = match.get("addressComponents") or {}
    divisions = [state_division(state)]
    if cd_code is not None and cd_code.isascii() and cd_code.isdigit():
        house = congressional_division(state, district=int(cd_code) if cd_code != "98" else 0)
        if house not in divisions:
            divisions.append(house)
    upper = _legislative_districts(geographies, _UPPER_LAYER, "SLDU")
    lower = _legislative_districts(geographies, _LOWER_LAYER, "SLDL")
    divisions += legislative_division_ids(state=state, upper=upper, lower=lower)
    return Location(
        matched_address=str(match.get("matchedAddress", "")),
        latitude=float(coordinates["y"]),
        longitude=float(coordinates["x"]),
        state=state,
        city=str(components.get("city", "")).title(),
        zip=str(components.get("zip", "")),
        congressional_district=cd_code,
        congress=congress,
        state_upper=upper,
        state_lower=lower,
        division_ids=tuple(divisions),
    )


def _entries(geographies: dict[str, list[dict[str, Any]]], name: str) -> list[dict[str, Any]]:
    return [e for e in geographies.get(name) or [] if "status" not in e]


def _state_of(geographies: dict[str, list[dict[str, Any]]], match: dict[str, Any]) -> str | None:
    for entry in _entries(geographies, "States"):
        if entry.get("STUSAB"):
            return str(entry["STUSAB"])
        if entry.get("STATE"):
            return state_from_fips(str(entry["STATE"]))
    components = match.get("addressComponents") or {}
    return str(components["state"]) if components.get("state") else None


def _congressional_district(
    geographies: dict[str, list[dict[str, Any]]],
) -> tuple[int | None, str | None]:
    for layer, entries in geographies.items():
        found = _CONGRESS_LAYER.match(layer)
        usable = [e for e in entries or [] if "status" not in e]
        if not found or not usable:
            continue
        congress = int(found.group(1))
        entry = usable[0]
        code = entry.get(f"CD{congress}") or str(entry.get("GEOID", ""))[2:]
        code = str(code)
        return congress, (None if code in _UNDEFINED_CODES else code)
    return None, None


def _legislative_districts(
    geographies: dict[str, list[dict[str, Any]]], pattern: re.Pattern[str], field: str
) -> tuple[CensusDistrict, ...]:
    found: list[CensusDistrict] = []
    for layer, entries in geographies.items():
        if not pattern.search(layer):
            continue
        for entry in entries or []:
            code = str(entry.get(field, ""))
            if "status" in entry or code in _UNDEFINED_CODES:
                continue
            found.append(
                CensusDistrict(geoid=str(entry["GEOID"]), code=code, name=str(entry.get("NAME", "")))
            )
    return tuple(found)
