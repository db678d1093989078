"""Google Civic Information `divisionsByAddress` (API key): an address → its OCD division ids.

The answer names divisions but gives no coordinates; the ZIP's centroid (from `zipcodes`) stands
in for the point when choosing the nearest office.
"""

import re
from typing import Any

import httpx

from app.civic.geocoders.provider_http import get_json, not_found_message, unreadable_answer
from app.civic.geography.addresses import clean_address
from app.civic.geography.divisions import house_code_of, state_division
from app.civic.geography.location import Location
from app.civic.geography.zip_places import place_of_zip
from app.kernel.errors import AddressNotFoundError

_STATE_DIVISION = re.compile(r"^ocd-division/country:us/(?:state|district|territory):([a-z]{2})$")


class GoogleCivicLocator:
    def __init__(self, client: httpx.AsyncClient, *, base_url: str, api_key: str) -> None:
        self._client = client
        self._url = f"{base_url.rstrip('/')}/divisionsByAddress"
        self._api_key = api_key

    async def locate(self, address: str) -> Location:
        params = {"address": clean_address(address), "key": self._api_key}
        return parse_divisions_response(await get_json(self._client, url=self._url, params=params))


def parse_divisions_response(payload: Any) -> Location:
    try:
        divisions: dict[str, Any] = payload.get("divisions") or {}
        normalized: dict[str, str] = payload.get("normalizedInput") or {}
    except AttributeError as error:
        raise unreadable_answer() from error
    states = [m.group(1).upper() for m in map(_STATE_DIVISION.match, divisions) if m]
    place = place_of_zip(normalized.get("zip", "")[:5])
    if not states or place is None:
        raise AddressNotFoundError(not_found_message())
    state = states[0]
    prefix = state_division(state)
    ids = [prefix, *sorted(d for d in divisions if d.startswith(prefix + "/"))]
    return Location(
        matched_address=", ".join(
            v for v in (normalized.get("line1"), normalized.get("city"), state, normalized.get("zip")) if v
        ),
        latitude=place.latitude,
        longitude=place.longitude,
        state=state,
        city=normalized.get("city", ""),
        zip=normalized.get("zip", ""),
        congressional_district=house_code_of(state, division_ids=ids),
        division_ids=tuple(ids),
    )
