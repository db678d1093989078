"""ZIP code → where the caller is, for call-in callers who can only type digits.

`ZipLocator` is the interface; `ZipcodesLocator` knows each ZIP's state and centre from the
`zipcodes` package (offline data, so a webhook never waits on a network) but not its districts.
A locator with a ZIP → congressional district table (issue 3) can replace it: when it reports
exactly one district the caller is connected to their representative too.
"""

import re
from dataclasses import dataclass
from typing import Protocol

import zipcodes

ZIP_PATTERN = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class ZipArea:
    zip: str
    state: str
    latitude: float
    longitude: float
    city: str = ""
    # Every congressional district the ZIP overlaps (0 at large); empty when unknown.
    congressional_districts: tuple[int, ...] = ()

    @property
    def district_is_certain(self) -> bool:
        return len(self.congressional_districts) == 1


class ZipLocator(Protocol):
    def locate_zip(self, zip_code: str) -> ZipArea | None:
        """The area of a five-digit ZIP, or None when there is no such ZIP."""
        ...


class ZipcodesLocator:
    def locate_zip(self, zip_code: str) -> ZipArea | None:
        if not ZIP_PATTERN.match(zip_code):
            return None
        # zipcodes' public wrapper is untyped; its compiled core ships stubs.
        found = [z for z in zipcodes.matching(zip_code) if z.get("active", True)]  # type: ignore[no-untyped-call]
        if not found:
            return None
        entry = found[0]
        return ZipArea(
            zip=zip_code,
            state=str(entry["state"]),
            latitude=float(entry["lat"]),
            longitude=float(entry["long"]),
            city=str(entry.get("city", "")),
        )
