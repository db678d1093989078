"""Open Civic Data division ids for states, territories and congressional districts."""

import re
from collections.abc import Iterable

import us

COUNTRY = "ocd-division/country:us"
# Places with a non-voting member of the House (delegate or resident commissioner) and no senators.
DELEGATE_PLACES = frozenset({"DC", "PR", "GU", "VI", "AS", "MP"})
# States with a single, at-large House seat in the 119th Congress.
AT_LARGE_STATES = frozenset({"AK", "DE", "ND", "SD", "VT", "WY"})


def state_division(state: str) -> str:
    """`ocd-division/country:us/state:ma`; DC is a district and the rest territories in OCD."""
    code = state.lower()
    if state == "DC":
        return f"{COUNTRY}/district:dc"
    if state in DELEGATE_PLACES:
        return f"{COUNTRY}/territory:{code}"
    return f"{COUNTRY}/state:{code}"


def congressional_division(state: str, *, district: int) -> str:
    """A House seat's division: `.../cd:7`; at-large seats and delegates sit for the whole state."""
    if district == 0 or state in DELEGATE_PLACES:
        return state_division(state)
    return f"{state_division(state)}/cd:{district}"


def state_from_fips(fips: str) -> str | None:
    found = us.states.lookup(fips.zfill(2))
    return str(found.abbr) if found is not None else None


def state_name(state: str) -> str:
    found = us.states.lookup(state)
    return str(found.name) if found is not None else state


_CD = re.compile(r"/cd:(\d+)$")


def house_code_of(state: str, *, division_ids: Iterable[str]) -> str | None:
    """The two-digit House district the divisions name ("00" at large); None when not exactly one."""
    codes = {m.group(1).zfill(2) for m in map(_CD.search, division_ids) if m}
    if len(codes) == 1:
        return codes.pop()
    return "00" if not codes and state in AT_LARGE_STATES else None
