"""The `zipcodes` package behind one safe call: ASCII five-digit ZIPs in, never a panic out.

`zipcodes` is a Rust extension; on some input it panics, and pyo3's `PanicException` derives from
`BaseException`, so no ordinary handler would see it. Only `[0-9]{5}` reaches it, and a panic all
the same is logged and treated as an unknown ZIP.
"""

import logging
import re
from dataclasses import dataclass
from typing import Any

import zipcodes

log = logging.getLogger("switchboard")
FIVE_DIGITS = re.compile(r"[0-9]{5}")


def zip_places(zip_code: str) -> list[dict[str, Any]]:
    """Every `zipcodes` entry for a five-digit ZIP; [] for anything else or when the library fails."""
    if not FIVE_DIGITS.fullmatch(zip_code):
        return []
    try:
        # zipcodes' public wrapper is untyped; its compiled core ships stubs.
        found = zipcodes.matching(zip_code)  # type: ignore[no-untyped-call]
    except (TypeError, ValueError):
        return []
    except BaseException as error:
        if type(error).__module__ != "pyo3_runtime":
            raise
        log.error("the zipcodes library failed on a five-digit ZIP: %s", type(error).__name__)
        return []
    return [dict(entry) for entry in found]


@dataclass(frozen=True)
class ZipPlace:
    """Where a five-digit ZIP is: its state, town and centroid."""

    zip: str
    state: str
    city: str
    latitude: float
    longitude: float


def place_of_zip(zip_code: str) -> ZipPlace | None:
    """The ZIP's place, offline (an active entry first); None when there is no such ZIP."""
    found = zip_places(zip_code)
    if not found:
        return None
    place = max(found, key=lambda entry: bool(entry.get("active", True)))
    return ZipPlace(
        zip=zip_code,
        state=str(place["state"]),
        city=str(place.get("city", "")),
        latitude=float(place["lat"]),
        longitude=float(place["long"]),
    )
