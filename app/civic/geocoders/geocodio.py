"""Geocodio (API key): `geocode?q=...&fields=cd,stateleg` → coordinates, state and OCD ids."""

from typing import Any

import httpx

from app.civic.geocoders.provider_http import get_json, not_found_message, unreadable_answer
from app.civic.geography.addresses import clean_address
from app.civic.geography.divisions import congressional_division, state_division
from app.civic.geography.location import Location
from app.kernel.errors import AddressNotFoundError


class GeocodioLocator:
    def __init__(self, client: httpx.AsyncClient, *, base_url: str, api_key: str) -> None:
        self._client = client
        self._url = f"{base_url.rstrip('/')}/geocode"
        self._api_key = api_key

    async def locate(self, address: str) -> Location:
        params = {"q": clean_address(address), "fields": "cd,stateleg", "api_key": self._api_key}
        return parse_geocodio_response(await get_json(self._client, url=self._url, params=params))


def parse_geocodio_response(payload: Any) -> Location:
    """The best result's Location; current (not upcoming) state legislative districts only."""
    try:
        results = payload["results"]
    except (KeyError, TypeError) as error:
        raise unreadable_answer() from error
    usable = [r for r in results if (r.get("address_components") or {}).get("state")]
    if not usable:
        raise AddressNotFoundError(not_found_message())
    best = usable[0]
    components = best["address_components"]
    state = str(components["state"])
    fields = best.get("fields") or {}
    districts = fields.get("congressional_districts") or []
    number = int(districts[0]["district_number"]) if districts else None
    divisions = [state_division(state)]
    if number is not None:
        divisions.append(congressional_division(state, district=number))
    for chamber in ("senate", "house"):
        for district in (fields.get("state_legislative_districts") or {}).get(chamber) or []:
            if not district.get("is_upcoming_state_legislative_district") and district.get("ocd_id"):
                divisions.append(str(district["ocd_id"]))
    return Location(
        matched_address=str(best.get("formatted_address", "")),
        latitude=float(best["location"]["lat"]),
        longitude=float(best["location"]["lng"]),
        state=state,
        city=str(components.get("city", "")),
        zip=str(components.get("zip", "")),
        congressional_district=None if number is None else f"{number:02d}",
        division_ids=tuple(dict.fromkeys(divisions)),
    )
