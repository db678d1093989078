"""ZIP code → where the caller is, for call-in callers who can only type digits.

`ZipLocator` is the interface. `ZipcodesLocator` knows each ZIP's state and centre from the
`zipcodes` package (offline data, so a webhook never waits on a network) but not its districts;
`DirectoryZipLocator` adds the congressional districts from the ZIP → district table that
`directory sync` imports: when a ZIP lies in exactly one district the caller reaches their
representative too.
"""

import re
from dataclasses import dataclass, replace
from typing import Protocol

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.civic.divisions import house_code_of
from app.civic.zip_places import zip_places
from app.models import ZipDivision

ZIP_PATTERN = re.compile(r"^[0-9]{5}$")


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
        found = [z for z in zip_places(zip_code) if z.get("active", True)]
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


class DirectoryZipLocator:
    """The ZIP's place from `zipcodes`, its House districts from the imported ZIP table."""

    def __init__(self, engine: Engine, places: ZipLocator | None = None) -> None:
        self._engine = engine
        self._places = places or ZipcodesLocator()

    def locate_zip(self, zip_code: str) -> ZipArea | None:
        area = self._places.locate_zip(zip_code)
        if area is None:
            return None
        with Session(self._engine) as session:
            divisions = session.exec(
                select(ZipDivision.division_id).where(
                    ZipDivision.zip == zip_code, col(ZipDivision.division_id).contains("/cd:")
                )
            ).all()
        codes = sorted({int(d.rsplit(":", 1)[1]) for d in divisions})
        if not codes and house_code_of(area.state, []) == "00":
            codes = [0]
        return replace(area, congressional_districts=tuple(codes))
