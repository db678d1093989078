"""Open States `people.geo` (API key): the legislators, and so the divisions, of a point.

people.geo needs coordinates: the address is first placed by the Census Geocoder's lighter
`locations/onelineaddress` endpoint (no district layers), then Open States names the divisions
of the legislators who represent that point (state legislators and members of Congress).
"""

import re
from typing import Any

import httpx

from app.civic.geocoders.provider_http import address_matches, get_json, not_found_message, unreadable_answer
from app.civic.geography.addresses import clean_address
from app.civic.geography.divisions import house_code_of, state_division
from app.civic.geography.location import Location
from app.kernel.errors import AddressNotFoundError

_STATE_IN_DIVISION = re.compile(r"^ocd-division/country:us/state:([a-z]{2})(?:/|$)")


class OpenStatesLocator:
    def __init__(
        self, client: httpx.AsyncClient, *, base_url: str, api_key: str, census_url: str, benchmark: str
    ) -> None:
        self._client = client
        self._url = f"{base_url.rstrip('/')}/people.geo"
        self._api_key = api_key
        self._census_url = f"{census_url.rstrip('/')}/locations/onelineaddress"
        self._benchmark = benchmark

    async def locate(self, address: str) -> Location:
        params = {"address": clean_address(address), "benchmark": self._benchmark, "format": "json"}
        point = parse_locations_response(await get_json(self._client, url=self._census_url, params=params))
        people = await get_json(
            self._client,
            url=self._url,
            params={"lat": str(point.latitude), "lng": str(point.longitude)},
            headers={"X-API-KEY": self._api_key},
        )
        return with_people_divisions(point, payload=people)


def parse_locations_response(payload: Any) -> Location:
    """The point of a Census `locations/*` answer (no districts yet)."""
    matches = address_matches(payload)
    if not matches:
        raise AddressNotFoundError(not_found_message())
    match = matches[0]
    components = match.get("addressComponents") or {}
    state = str(components.get("state", ""))
    return Location(
        matched_address=str(match.get("matchedAddress", "")),
        latitude=float(match["coordinates"]["y"]),
        longitude=float(match["coordinates"]["x"]),
        state=state,
        city=str(components.get("city", "")).title(),
        zip=str(components.get("zip", "")),
    )


def with_people_divisions(point: Location, *, payload: Any) -> Location:
    """The point with the divisions of the people.geo `results` (their `current_role.division_id`)."""
    try:
        roles = [person["current_role"] for person in payload["results"]]
    except (KeyError, TypeError) as error:
        raise unreadable_answer() from error
    divisions = [str(role["division_id"]) for role in roles if role.get("division_id")]
    states = [m.group(1).upper() for m in map(_STATE_IN_DIVISION.match, divisions) if m]
    state = states[0] if states else point.state
    if not state:
        raise AddressNotFoundError(not_found_message())
    return Location(
        matched_address=point.matched_address,
        latitude=point.latitude,
        longitude=point.longitude,
        state=state,
        city=point.city,
        zip=point.zip,
        congressional_district=house_code_of(state, division_ids=divisions),
        division_ids=tuple(dict.fromkeys([state_division(state), *divisions])),
    )
