"""The time zone of a place: from its ZIP code where the `zipcodes` package knows it, else its state's.

A state that spans zones (Tennessee, Kentucky, the Dakotas, ...) is decided by the ZIP; the state's
zone (the one its capital keeps, from the `us` package) is the fallback when no ZIP is known.
"""

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import us

from app.civic.geography.zip_places import zip_places

EASTERN = ZoneInfo("America/New_York")


@lru_cache(maxsize=4096)
def zone_of(*, state: str, zip_code: str = "") -> ZoneInfo:
    """The zone of a ZIP in `state` (its first five digits), else the state's capital's; else Eastern."""
    for entry in zip_places(zip_code[:5]):
        name = str(entry.get("timezone") or "")
        if name and str(entry.get("state", "")).upper() == state.upper():
            zone = _zone(name)
            if zone is not None:
                return zone
    found = us.states.lookup(state.upper()) if state else None
    capital_zone = getattr(found, "capital_tz", None) if found else None
    return (_zone(capital_zone) if capital_zone else None) or EASTERN


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
