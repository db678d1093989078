"""One GET to a civic-data provider, on the event loop: one retry on a transient failure, errors in
our own terms."""

from typing import Any

import httpx

from app.kernel.errors import AddressNotFoundError, GeocoderUnavailableError

# A refused key or an exhausted quota is the provider's trouble, not the address's.
_PROVIDER_TROUBLE = frozenset({401, 403, 429})


def not_found_message() -> str:
    return (
        "We couldn't find that address. Please enter a full US street address "
        "with city and state, or a ZIP code."
    )


def unreadable_answer() -> GeocoderUnavailableError:
    return GeocoderUnavailableError(
        "The address lookup service gave an answer we could not read. Please try again."
    )


def address_matches(payload: Any) -> list[dict[str, Any]]:
    """The `result.addressMatches` of a Census Geocoder answer (`geographies/*` or `locations/*`)."""
    try:
        return list(payload["result"]["addressMatches"])
    except (KeyError, TypeError) as error:
        raise unreadable_answer() from error


async def get_json(
    client: httpx.AsyncClient, *, url: str, params: dict[str, str], headers: dict[str, str] | None = None
) -> Any:
    """The decoded JSON answer; AddressNotFoundError on a 4xx about the input, else unavailable."""
    last_error: Exception | None = None
    # One URL, encoded once: httpx would otherwise parse `url`, then re-encode it with the params.
    full_url = httpx.URL(url, params=params)
    for _attempt in range(2):
        try:
            response = await client.get(full_url, headers=headers)
        except httpx.TransportError as error:
            last_error = error
            continue
        if response.status_code >= 500 or response.status_code in _PROVIDER_TROUBLE:
            last_error = httpx.HTTPStatusError("provider error", request=response.request, response=response)
            if response.status_code >= 500:
                continue
            break
        if response.status_code >= 400:
            raise AddressNotFoundError(not_found_message())
        try:
            return response.json()
        except ValueError as error:
            last_error = error
    raise GeocoderUnavailableError(
        "The address lookup service is not answering right now. Please try again in a minute."
    ) from last_error
